/**
 * The million-event Ringside trace that the trace benchmarks, the UI benchmark and the
 * replay e2e test all load: the simulator's out-of-order scenario (seed 1, QS 64) run for
 * exactly `events` steps, written once to .out/ (untracked; 1M events is about 350 MB and
 * takes a while to write) and reused while the simulator's output stays the same.
 * Node only.
 */
import { createWriteStream, existsSync, mkdirSync, renameSync } from 'node:fs';
import { once } from 'node:events';
import { SIM_VERSION, Simulation } from '../model/vqsim/engine';
import { traceLines } from '../model/trace/format';
import { simulationHeader } from '../model/trace/from-simulation';

/** Bump when the generator below changes what it writes (with SIM_VERSION, it names the file). */
const GENERATOR = 2;

export async function millionEventTrace(
  events = 1_000_000,
  onGenerate: (file: string) => void = (f) =>
    process.stdout.write(`generating ${events.toLocaleString('en')} events into ${f} …\n`),
): Promise<string> {
  // The name says what made the file, so a file from an older generator or simulator is never reused.
  const file = `.out/trace-${events}-sim${SIM_VERSION}-gen${GENERATOR}.jsonl`;
  if (existsSync(file)) return file;
  onGenerate(file);
  mkdirSync('.out', { recursive: true });
  // About 8 events per request: enough requests that the run lasts all `events` steps.
  const sim = new Simulation({
    scenario: 'out-of-order',
    seed: 1,
    queueSize: 64,
    requests: Math.ceil(events / 8),
    checkInvariants: false,
  });
  sim.run(events);
  if (sim.log.length !== events) throw new Error(`the generator made ${sim.log.length} events, not ${events}`);
  // Written under another name and renamed when complete, so an interrupted run never leaves a short file to reuse.
  const partial = `${file}.partial`;
  const out = createWriteStream(partial);
  for (const line of traceLines(simulationHeader(sim), sim.log)) if (!out.write(`${line}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  renameSync(partial, file);
  return file;
}
