/**
 * The first step at which two open traces differ. Two Ringside traces are compared by the
 * data layer's firstDivergence (kind, actor, head, request; time ignored) on the columns
 * the page already holds; anything else (a QEMU log on either side) by step kind and queue.
 */
import { firstDivergence, type FirstDivergence } from '../../trace/replay/diverge';
import type { RingsideTraceIndex } from '../../trace/replay/ringside-index';
import type { StepTable } from '../../trace/replay/steps';

export type Divergence = FirstDivergence;

/** The members of RingsideTraceIndex that firstDivergence reads, backed by a step table. */
function asIndex(s: StepTable): RingsideTraceIndex {
  const view = {
    count: s.time.length,
    kind: s.kind,
    actor: s.actor,
    head: s.head,
    request: s.request,
    kindOf: (i: number) => s.kindNames[s.kind[i]],
  };
  // firstDivergence only reads these members; the class's private fields make TypeScript
  // treat it nominally, hence the cast (see the report: it could take a column interface).
  return view as unknown as RingsideTraceIndex;
}

export function stepsDivergence(a: StepTable, b: StepTable): Divergence | null {
  if (a.actor && b.actor && a.head && b.head && a.request && b.request) {
    const d = firstDivergence(asIndex(a), asIndex(b));
    if (d && d.field === 'actor')
      return {
        ...d,
        left: a.actorNames?.[Number(d.left)] ?? d.left,
        right: b.actorNames?.[Number(d.right)] ?? d.right,
      };
    return d;
  }
  const n = Math.min(a.time.length, b.time.length);
  for (let i = 0; i < n; i++) {
    const ka = a.kindNames[a.kind[i]];
    const kb = b.kindNames[b.kind[i]];
    if (ka !== kb) return { index: i, field: 'kind', left: ka, right: kb };
  }
  if (a.time.length !== b.time.length)
    return { index: n, field: 'length', left: `${a.time.length} steps`, right: `${b.time.length} steps` };
  return null;
}
