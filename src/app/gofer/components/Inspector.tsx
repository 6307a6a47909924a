/** Explains the selected RPC, dentry or reference cell; empty, it says what can be clicked. */
import { DEFAULT_COLUMNS, WALK_CASES, type CountColumn } from '../../../model/gofer/index';
import { explainDentry, explainRef, explainRpc, type Explanation, type GoferSelection } from '../explain';
import type { GoferRun } from '../run';
import { ExplainPanel } from '../../kit/ExplainPanel';
import type { DesignId } from '../../../model/gofer/index';

function explainSelection(
  run: GoferRun,
  focus: DesignId,
  sel: GoferSelection,
  measured: CountColumn | null,
): Explanation | null {
  if (sel.kind === 'rpc') {
    const col = run.columns.find((c) => c.design === sel.design);
    const ev = col?.timeline.events.find((e) => e.rpc?.seq === sel.seq);
    return ev?.rpc && col ? explainRpc(ev.rpc, `${col.label}, ${col.mode} mode`) : null;
  }
  if (sel.kind === 'dentry') {
    const st = run.column(focus).timeline.sim.state;
    return explainDentry(sel.path, st.run.cache.dentries[sel.path] ?? null, st.run.remote.nodes[sel.path] ?? null);
  }
  const wc = WALK_CASES.find((w) => w.id === sel.caseId);
  const col = [...DEFAULT_COLUMNS, ...(measured ? [measured] : [])].find((c) => c.id === sel.column);
  if (!wc || !col) return null;
  return explainRef(wc.title, wc.description, col.label, col.id, wc.id, col.countFor(wc));
}

export function GoferInspector({
  run,
  focus,
  selection,
  measured,
  onClear,
}: {
  run: GoferRun;
  focus: DesignId;
  selection: GoferSelection | null;
  measured: CountColumn | null;
  onClear: () => void;
}) {
  return (
    <ExplainPanel
      explanation={selection ? explainSelection(run, focus, selection, measured) : null}
      onClear={onClear}
      monoTitle
      testId="gf-inspector"
      empty="Click an RPC arrow, a dentry or a cell of the reference table to see what it is and why it happens."
    />
  );
}
