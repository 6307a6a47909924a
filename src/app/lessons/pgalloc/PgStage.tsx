/**
 * The restore as a lesson shows it: the /pgalloc view's memory strip, operation slots, priority
 * deque and threads, drawn from the lesson's own run, with only the parts the step needs and the
 * range or reads to watch outlined. Clicking a part explains it in a box below, as in the view.
 */
import { ExplainBox, type Explanation } from '../../kit/Widgets';
import { OpSlots, PriorityDeque, Threads } from '../../pgalloc/LoaderPanels';
import { MemoryStrip } from '../../pgalloc/MemoryStrip';
import { NowCard } from '../../pgalloc/NowCard';
import type { ReadOp } from '../../../model/pgalloc';
import type { PgRun } from './pg-run';
import './pg-lesson.css';
import { StageWatch, usePickedHere } from '../stage-view';

export type PgPart = 'now' | 'strip' | 'slots' | 'deque' | 'threads';

interface Props {
  run: PgRun;
  position: number;
  parts: readonly PgPart[];
  /** Memory to outline on the strip. */
  mark?: { memPage: number; pages: number } | null;
  /** Reads to outline in the slots. */
  marked?: (op: ReadOp) => boolean;
  /** One line saying what to watch. */
  watch?: string;
}

export function PgStage({ run, position, parts, mark = null, marked, watch }: Props) {
  const [explain, onExplain] = usePickedHere<Explanation>(position);
  const has = (p: PgPart) => parts.includes(p);
  const model = run.model;
  return (
    <div className="pg-stage" data-testid="pg-stage">
      <StageWatch text={watch} />
      {has('now') && <NowCard model={model} event={run.eventAt(position)} savedBytes={run.savedBytes} />}
      {has('strip') && <MemoryStrip model={model} tick={position} onExplain={onExplain} mark={mark} />}
      {(has('slots') || has('deque') || has('threads')) && (
        <div className="pg-stage-row">
          {has('slots') && <OpSlots model={model} tick={position} onExplain={onExplain} marked={marked} />}
          {has('deque') && <PriorityDeque model={model} tick={position} onExplain={onExplain} />}
          {has('threads') && <Threads model={model} tick={position} onExplain={onExplain} />}
        </div>
      )}
      {explain && <ExplainBox explanation={explain} onClear={() => onExplain(null)} placeholder="" />}
    </div>
  );
}
