/**
 * What the gofer-walk steps share: the run they build, the knobs (interop mode, client design),
 * and the "how many RPCs" check.
 */
import type { ReactNode } from 'react';
import type { DesignId, InteropMode } from '../../../../model/gofer/index';
import { encodeGoferUrl } from '../../../gofer/spec';
import { WalkRun } from '../../gofer/walk-run';
import type { Choice, Knob, StepState } from '../../types';

export type S = StepState<WalkRun>;

export const DESIGN_NAME: Record<DesignId, string> = {
  vfs1: 'VFS1 over 9P',
  'vfs2-9p': 'VFS2 over 9P',
  lisafs: 'VFS2 over lisafs',
};

export const run = (scenario: string, design: DesignId, mode: InteropMode) =>
  new WalkRun({ design, mode, source: { scenario } });

export function walkFullView() {
  return ({ run: r }: S) =>
    'scenario' in r.spec.source
      ? {
          href: `/gofer${encodeGoferUrl({ scenario: r.spec.source.scenario, mode: r.spec.mode, focus: r.spec.design }, 0)}`,
          label: 'Open this scenario in the path-walk view',
        }
      : { href: '/gofer', label: 'Open the path-walk view' };
}

export const counts = (...n: number[]): Choice[] => n.map((x) => ({ id: String(x), label: String(x) }));

/** A count question about item `i`: the right count is among the choices whatever the knob. */
export function countCheck(i: (r: WalkRun) => number, offered: number[], why: (s: S) => ReactNode) {
  return {
    prompt: ({ run: r }: S) => {
      const it = r.script[i(r)];
      return (
        <p>How many round trips to the gofer will {it.type === 'op' ? `${it.op}("${it.path}")` : 'this'} take here?</p>
      );
    },
    choices: ({ run: r }: S) => counts(...[...new Set([...offered, r.rpcCount(i(r))])].sort((a, b) => a - b)),
    answer: ({ run: r }: S) => String(r.rpcCount(i(r))),
    why,
    reveal: ({ run: r }: S) => r.lastRpc(i(r)),
  };
}

export const modeKnob = (initial: InteropMode): Knob => ({
  id: 'mode',
  label: 'Interop mode',
  help: 'How far the client may trust its cache: Exclusive (the sandbox owns the files), Writethrough, Shared.',
  options: [
    { value: 'exclusive', label: 'Exclusive' },
    { value: 'writethrough', label: 'Writethrough' },
    { value: 'shared', label: 'Shared' },
  ],
  initial,
});

// ---- 4. The seed's case: a replaced file, three clients ------------------------------------

export const designKnob = (ids: DesignId[], initial: DesignId): Knob => ({
  id: 'design',
  label: 'Client',
  help: 'Which gVisor gofer client runs the walk: VFS1 and VFS2 speak 9P; lisafs is the protocol that replaced it.',
  options: ids.map((d) => ({ value: d, label: DESIGN_NAME[d] })),
  initial,
});
