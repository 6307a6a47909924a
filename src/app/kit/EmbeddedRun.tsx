/**
 * An embedded run on a page: the kit's transport bound to the run's own player, and whatever the
 * page draws for the run at the current position. Several can share a page; each has its own
 * store, position and play loop, and its transport is named after it.
 */
import { type ReactNode, useEffect, useMemo } from 'react';
import { useStore } from 'zustand';
import type { Seekable } from '../../model/sim/steppable';
import type { EmbeddedRun as Embedded } from './embedded-run';
import { startPlayLoop } from './player';
import { STEP_TRANSPORT, Transport, type Mark } from './Transport';

interface Props<R extends Seekable> {
  embedded: Embedded<R>;
  /** The transport's accessible name, e.g. "Playback of this step's run". */
  name: string;
  /** Words for the run's own position (read out by the slider). */
  describe(position: number): string;
  /** Draw the run at its own position. `tick` changes on every move. */
  children(position: number, tick: number): ReactNode;
  marks?: readonly Mark[];
}

export function EmbeddedRun<R extends Seekable>({ embedded: e, name, describe, children, marks }: Props<R>) {
  const rel = useStore(e.player, (s) => s.position);
  const tick = useStore(e.player, (s) => s.tick);
  useEffect(() => startPlayLoop(e.player), [e.player]);
  const describeRel = useMemo(() => (p: number) => describe(e.absolute(p)), [describe, e]);
  return (
    <div className="embedded-run">
      {children(e.absolute(rel), tick)}
      <Transport
        store={e.player}
        flavor={STEP_TRANSPORT}
        describe={describeRel}
        timeAt={() => null}
        marks={marks}
        name={name}
        compact
      />
    </div>
  );
}
