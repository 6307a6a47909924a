/**
 * The virtqueue as a lesson shows it: the same ring, descriptor-table, driver, device and
 * eventfd views as the full virtqueue page, drawn from the lesson's own run, with only the parts
 * the step needs and one thing highlighted. Clicking a part moves the highlight to it.
 */
import { useMemo } from 'react';
import { DescriptorTable } from '../../rings/DescriptorTable';
import { RingPair } from '../../rings/RingPair';
import { DevicePanel, DriverPanel, EventFds } from '../../rings/Sides';
import { availSlots, readPointers, usedSlots } from '../../rings/ring-state';
import { computeOwners } from '../../rings/owners';
import { errorFocus } from '../../virtqueue/run-facts';
import type { Selection } from '../../rings/selection';
import { useReducedMotion } from '../../hooks';
import type { VqRun } from './vq-run';
import { usePickedHere } from '../stage-view';

export type VqPart = 'sides' | 'avail' | 'used' | 'fds' | 'table';

interface Props {
  run: VqRun;
  position: number;
  parts: readonly VqPart[];
  /** What the step wants the reader to look at. */
  highlight?: Selection | null;
}

export function VqStage({ run, position, parts, highlight = null }: Props) {
  const sim = run.sim;
  const reduced = useReducedMotion();
  const [picked, onSelect] = usePickedHere<Selection>(position);
  const selection = picked ?? highlight;
  const derived = useMemo(() => {
    const owners = computeOwners(sim.vq);
    const pointers = readPointers(sim.vq, sim.config.features.eventIdx);
    return { owners, pointers, avail: availSlots(sim.vq, pointers), used: usedSlots(sim.vq, pointers) };
    // position: the Simulation is mutable; the position says it moved
    // biome-ignore lint/correctness/useExhaustiveDependencies: see above
  }, [sim, position]);
  const current = run.eventAt(position);
  const errorDesc = current?.kind === 'error' ? errorFocus(current.error, sim.config.queueSize) : null;
  const has = (p: VqPart) => parts.includes(p);
  const duration = reduced ? 0 : 240;
  return (
    <div className="vq-stage" data-testid="vq-stage">
      {(has('sides') || has('avail') || has('used') || has('fds')) && (
        <section className="stage panel" aria-label="Driver, rings and device">
          {has('sides') && (
            <DriverPanel
              sim={sim}
              tick={position}
              pointers={derived.pointers}
              selection={selection}
              onSelect={onSelect}
            />
          )}
          <div className="rings">
            <RingPair
              pointers={derived.pointers}
              avail={derived.avail}
              used={derived.used}
              owners={derived.owners}
              selection={selection}
              onSelect={onSelect}
              duration={duration}
              show={{ avail: has('avail'), used: has('used') }}
            />
            {has('fds') && (
              <EventFds sim={sim} tick={position} current={current} selection={selection} onSelect={onSelect} />
            )}
          </div>
          {has('sides') && (
            <DevicePanel
              sim={sim}
              tick={position}
              pointers={derived.pointers}
              selection={selection}
              onSelect={onSelect}
            />
          )}
        </section>
      )}
      {has('table') && (
        <DescriptorTable
          sim={sim}
          tick={position}
          owners={derived.owners}
          selection={selection}
          onSelect={onSelect}
          errorDesc={errorDesc}
          name="Descriptor table of this step's run"
        />
      )}
    </div>
  );
}
