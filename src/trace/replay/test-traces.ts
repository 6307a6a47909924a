/**
 * Ringside traces made by the simulator, for the replay view's node tests: the run, its
 * trace text, and the index built from that text exactly as the page builds it.
 */
import { Simulation, type RunConfig } from '../../model/vqsim/engine';
import { traceLines } from '../../model/trace/format';
import { simulationHeader } from '../../model/trace/from-simulation';
import { memoryChunks } from '../byte-sources';
import { RingsideTraceIndex } from '../replay/ringside-index';

export function simTrace(config: RunConfig): { sim: Simulation; text: string } {
  const sim = new Simulation(config).run();
  const text = `${[...traceLines(simulationHeader(sim), sim.log)].join('\n')}\n`;
  return { sim, text };
}

export async function indexOf(text: string, chunk = 4096): Promise<RingsideTraceIndex> {
  return RingsideTraceIndex.build(memoryChunks(text, chunk));
}
