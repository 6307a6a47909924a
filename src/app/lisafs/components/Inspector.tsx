/** Explains whatever is selected, with its live fields; empty, it says how to use it. */
import type { PoolState } from '../../../model/lisafs/index';
import { ExplainPanel } from '../../kit/ExplainPanel';
import { explain, type PoolSelection } from '../explain';

export function PoolInspector({
  state,
  selection,
  onClear,
}: {
  state: Readonly<PoolState>;
  selection: PoolSelection | null;
  onClear: () => void;
}) {
  return (
    <ExplainPanel
      explanation={selection ? explain(state, selection) : null}
      onClear={onClear}
      testId="lz-inspector"
      empty="Click a caller, a channel, its state word or window, the stack, the socket or the watchdog to see what it is and why it is in this state."
    />
  );
}
