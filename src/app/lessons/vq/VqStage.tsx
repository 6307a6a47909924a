/**
 * The virtqueue as a lesson shows it: the same ring, descriptor-table, driver, device and
 * eventfd views as the full virtqueue page, drawn from the lesson's own run, with only the parts
 * the step needs and one thing highlighted. Clicking a part moves the highlight to it.
 */
import { DescriptorTable } from '../../rings/DescriptorTable';
import { errorFocus } from '../../virtqueue/run-facts';
import type { Selection } from '../../rings/selection';
import { useReducedMotion } from '../../hooks';
import type { VqRun } from './vq-run';
import { usePickedHere } from '../stage-view';
import { QueueStage, useQueueView } from '../../rings/QueueStage';

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
  // The position says the (mutable) simulation moved.
  const derived = useQueueView(sim, position);
  const current = run.eventAt(position);
  const errorDesc = current?.kind === 'error' ? errorFocus(current.error, sim.config.queueSize) : null;
  const has = (p: VqPart) => parts.includes(p);
  const duration = reduced ? 0 : 240;
  return (
    <div className="vq-stage" data-testid="vq-stage">
      {(has('sides') || has('avail') || has('used') || has('fds')) && (
        <QueueStage
          sim={sim}
          tick={position}
          view={derived}
          current={current}
          selection={selection}
          onSelect={onSelect}
          duration={duration}
          parts={{ sides: has('sides'), avail: has('avail'), used: has('used'), fds: has('fds') }}
        />
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
