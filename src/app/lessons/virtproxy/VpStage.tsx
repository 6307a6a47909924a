/**
 * The multiplexed channel as a lesson shows it: the /virtproxy view's streams and wait-for graph,
 * drawn from the lesson's run; wide pictures scroll inside their own box on a phone.
 */
import { useState } from 'react';
import { ExplainBox, type Explanation } from '../../kit/Widgets';
import { Streams } from '../../virtproxy/Streams';
import { WaitGraph } from '../../virtproxy/WaitGraph';
import type { VpRun } from './vp-run';
import './vp-lesson.css';

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
  const [explain, setExplain] = useState<{ at: number; e: Explanation } | null>(null);
  const onExplain = (e: Explanation) => setExplain({ at: position, e });
  const g = run.graph();
  const cycleAgents = new Set((g.cycle ?? []).map((e) => e.from));
  return (
    <div className="vp-stage" data-testid="vp-stage">
      <p className="vp-stage-watch">
        <b>Watch:</b> {watch}
      </p>
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
      {explain && explain.at === position && (
        <ExplainBox explanation={explain.e} onClear={() => setExplain(null)} placeholder="" />
      )}
    </div>
  );
}
