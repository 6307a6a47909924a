/**
 * The multiplexed channel as a lesson shows it: the /virtproxy view's streams and wait-for graph,
 * drawn from the lesson's run; wide pictures scroll inside their own box on a phone.
 */
import { ExplainBox, type Explanation } from '../../kit/Widgets';
import { Streams } from '../../virtproxy/Streams';
import { WaitGraph } from '../../virtproxy/WaitGraph';
import type { VpRun } from './vp-run';
import './vp-lesson.css';
import { StageWatch, usePickedHere } from '../stage-view';

export function VpStage({
  run,
  position,
  parts,
  watch,
}: {
  run: VpRun;
  position: number;
  parts: readonly ('streams' | 'graph')[];
  watch: string;
}) {
  const [explain, onExplain] = usePickedHere<Explanation>(position);
  const g = run.graph();
  const cycleAgents = new Set((g.cycle ?? []).map((e) => e.from));
  return (
    <div className="vp-stage" data-testid="vp-stage">
      <StageWatch text={watch} />
      {parts.includes('streams') && (
        <div className="vp-stage-scroll">
          <Streams model={run.model} tick={position} edges={g.edges} cycleAgents={cycleAgents} onExplain={onExplain} />
        </div>
      )}
      {parts.includes('graph') && (
        <div className="vp-stage-scroll">
          <WaitGraph model={run.model} tick={position} edges={g.edges} cycle={g.cycle} onExplain={onExplain} />
        </div>
      )}
      {explain && <ExplainBox explanation={explain} onClear={() => onExplain(null)} placeholder="" />}
    </div>
  );
}
