/**
 * One split queue as the virtqueue view draws it: driver, both rings, the eventfds and the device,
 * read from the simulation at one position. The full view shows every part; a lesson step shows
 * the parts it talks about. One place, so the lesson picture is the view's picture.
 */
import { useMemo } from 'react';
import type { Simulation } from '../../model/vqsim/engine';
import type { SimEvent } from '../../model/vqsim/events';
import { computeOwners, type OwnerMap } from './owners';
import { availSlots, readPointers, type RingPointers, type RingSlots, usedSlots } from './ring-state';
import { RingPair } from './RingPair';
import type { Selection } from './selection';
import { DevicePanel, DriverPanel, EventFds } from './Sides';

/** What the ring views read from the queue at one position. */
export interface QueueView {
  owners: OwnerMap;
  pointers: RingPointers;
  avail: RingSlots;
  used: RingSlots;
}

/** The queue's view, recomputed when `tick` says the (mutable) simulation moved; null without one. */
export function useQueueView(sim: Simulation, tick: number): QueueView;
export function useQueueView(sim: Simulation | null, tick: number): QueueView | null;
export function useQueueView(sim: Simulation | null, tick: number): QueueView | null {
  // biome-ignore lint/correctness/useExhaustiveDependencies: the Simulation is mutable; tick says it moved
  return useMemo(() => {
    if (!sim) return null;
    const pointers = readPointers(sim.vq, sim.config.features.eventIdx);
    return {
      owners: computeOwners(sim.vq),
      pointers,
      avail: availSlots(sim.vq, pointers),
      used: usedSlots(sim.vq, pointers),
    };
  }, [sim, tick]);
}

export interface QueueStageParts {
  sides: boolean;
  avail: boolean;
  used: boolean;
  fds: boolean;
}

const ALL: QueueStageParts = { sides: true, avail: true, used: true, fds: true };

interface Props {
  sim: Simulation;
  tick: number;
  view: QueueView;
  /** The event that led to this position (the eventfds light up for kicks and calls). */
  current: SimEvent | null;
  selection: Selection | null;
  onSelect: (s: Selection | null) => void;
  duration: number;
  wrapped?: { avail: string | null; used: string | null };
  parts?: QueueStageParts;
}

export function QueueStage({ sim, tick, view, current, selection, onSelect, duration, wrapped, parts = ALL }: Props) {
  const side = { sim, tick, pointers: view.pointers, selection, onSelect };
  return (
    <section className="stage panel" aria-label="Driver, rings and device">
      {parts.sides && <DriverPanel {...side} />}
      <div className="rings">
        <RingPair
          pointers={view.pointers}
          avail={view.avail}
          used={view.used}
          owners={view.owners}
          selection={selection}
          onSelect={onSelect}
          duration={duration}
          wrapped={wrapped}
          show={{ avail: parts.avail, used: parts.used }}
        />
        {parts.fds && <EventFds sim={sim} tick={tick} current={current} selection={selection} onSelect={onSelect} />}
      </div>
      {parts.sides && <DevicePanel {...side} />}
    </section>
  );
}
