/**
 * npm run sim -- --scenario NAME --seed N [options]
 * Runs one scenario headless and prints its summary; can write the event log (JSON lines)
 * and a binary image of guest memory. Same arguments, same bytes out.
 */
import { createWriteStream, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { packedConfigFor } from '../model/packed/from-scenario';
import { PackedSim } from '../model/packed/sim';
import { type RunConfig, Simulation, SIM_VERSION } from '../model/vqsim/engine';
import { SCENARIOS } from '../model/vqsim/scenarios';
import { formatSummary, summarize } from '../model/vqsim/summary';
import { traceLines } from '../model/trace/format';
import { simulationHeader } from '../model/trace/from-simulation';
import { isRingError } from '../model/virtio/errors';

const HELP = `Ringside simulator — run a virtqueue scenario deterministically.

Usage: npm run sim -- --scenario NAME --seed N [options]

Options:
  --scenario NAME       which scenario to run (see the list below)
  --seed N              the run's seed, 0..4294967295 (default 1); same seed, same run
  --queue-size Q        queue size, a power of two from 1 to 32768 (default: the scenario's)
  --features LIST       comma-separated ring features to turn on: event_idx, indirect
                        (use "none" for neither; default: the scenario's)
  --requests N          how many requests the workload generates (default: the scenario's)
  --base-index I        where the 16-bit ring indices start, 0..65535 (default: the
                        scenario's; e.g. 65534 to see the wrap after two requests)
  --single-descriptor   make every request one descriptor (one buffer) instead of a chain
  --ring split|packed   which virtqueue (default split). packed runs the scenario's shape on
                        the packed ring (virtio 1.1): queue size (any, 1..32768), features,
                        requests, buffers per request, driver batches, device flush batches and
                        ordering; it is step-based, so no virtual time, and its buffer sizes
                        are its own. Hostile scenarios have no packed form.
  --steps K             stop after K steps (default: run to the end)
  --trace FILE          write the event log as JSON lines (header line first)
  --dump-memory FILE    write the final guest memory image (raw bytes) and print its map
  --json                print the summary as JSON instead of text
  --list                list the scenarios with their descriptions
  -h, --help            show this help

Trace header fields: format, version, source, scenario, seed, queues (size, layout,
memory map), features, versions (sim ${SIM_VERSION}), interventions. Each further line is one
event: step, time (virtual ns), actor, kind, text, data, writes, inFlight, free.`;

// `npm run sim … | head`: a reader that stops early is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

function fail(msg: string): never {
  process.stderr.write(`sim: ${msg}\nTry --help.\n`);
  process.exit(2);
}

/** What `f` returns, or the usage failure with its message. */
function orFail<T>(f: () => T, hint = ''): T {
  try {
    return f();
  } catch (e) {
    return fail(`${(e as Error).message}${hint}`);
  }
}

async function main(): Promise<void> {
  const args = orFail(
    () =>
      parseArgs({
        options: {
          scenario: { type: 'string' },
          seed: { type: 'string', default: '1' },
          'queue-size': { type: 'string' },
          features: { type: 'string' },
          requests: { type: 'string' },
          'base-index': { type: 'string' },
          'single-descriptor': { type: 'boolean', default: false },
          ring: { type: 'string', default: 'split' },
          steps: { type: 'string' },
          trace: { type: 'string' },
          'dump-memory': { type: 'string' },
          json: { type: 'boolean', default: false },
          list: { type: 'boolean', default: false },
          help: { type: 'boolean', short: 'h', default: false },
        },
        strict: true,
      }).values,
  );
  if (args.help) {
    process.stdout.write(`${HELP}\n\nScenarios: ${SCENARIOS.map((s) => s.name).join(', ')}\n`);
    return;
  }
  if (args.list) {
    for (const s of SCENARIOS) process.stdout.write(`${s.name}\n  ${s.title}. ${s.description}\n\n`);
    return;
  }
  if (!args.scenario) fail('--scenario is required');
  const int = (name: string, v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v)) fail(`--${name} must be a whole number, got "${v}"`);
    return Number(v);
  };
  let features: { eventIdx: boolean; indirect: boolean } | undefined;
  if (args.features !== undefined) {
    const names = args.features
      .split(',')
      .map((x) => x.trim().toLowerCase())
      .filter((x) => x && x !== 'none');
    for (const n of names)
      if (n !== 'event_idx' && n !== 'indirect') fail(`unknown feature "${n}" (known: event_idx, indirect)`);
    features = { eventIdx: names.includes('event_idx'), indirect: names.includes('indirect') };
  }
  if (args.ring !== 'split' && args.ring !== 'packed') fail(`--ring must be split or packed, got "${args.ring}"`);
  // One run configuration, whichever ring runs it.
  const config: RunConfig = {
    scenario: args.scenario,
    seed: int('seed', args.seed)!,
    queueSize: int('queue-size', args['queue-size']),
    features,
    requests: int('requests', args.requests),
    baseIndex: int('base-index', args['base-index']),
    singleDescriptor: args['single-descriptor'],
  };
  if (args.ring === 'packed') {
    await runPacked(args, config);
    return;
  }
  let sim: Simulation;
  try {
    sim = new Simulation(config);
  } catch (e) {
    fail(isRingError(e) ? `${e.message}: ${e.explanation}` : (e as Error).message);
  }
  sim.run(int('steps', args.steps) ?? Infinity);
  const summary = summarize(sim.log);
  if (args.json)
    process.stdout.write(
      `${JSON.stringify(
        {
          scenario: sim.config.scenario,
          seed: sim.config.seed,
          queueSize: sim.config.queueSize,
          features: sim.config.features,
          baseIndex: sim.config.baseIndex,
          singleDescriptor: sim.config.singleDescriptor,
          done: sim.done,
          ...summary,
        },
        null,
        2,
      )}\n`,
    );
  else {
    const f = sim.config.features;
    process.stdout.write(`scenario         ${sim.config.scenario} — ${sim.scenario.title}\n`);
    process.stdout.write(
      `seed             ${sim.config.seed}; queue size ${sim.config.queueSize}; EVENT_IDX ${f.eventIdx ? 'on' : 'off'}; INDIRECT_DESC ${f.indirect ? 'on' : 'off'}\n` +
        `indices          start at ${sim.config.baseIndex}; ${sim.config.singleDescriptor ? 'one descriptor per request' : "the scenario's request chains"}\n`,
    );
    process.stdout.write(`${formatSummary(summary)}\n`);
    if (!sim.done) process.stdout.write(`stopped          after --steps ${sim.log.length}; the run was not finished\n`);
  }
  if (args.trace) {
    const out = createWriteStream(args.trace);
    for (const line of traceLines(simulationHeader(sim), sim.log)) {
      if (!out.write(`${line}\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    process.stderr.write(`trace: ${sim.log.length + 1} lines written to ${args.trace}\n`);
  }
  if (args['dump-memory']) {
    writeFileSync(args['dump-memory'], sim.vq.mem.image());
    const l = sim.vq.layout;
    const m = sim.vq.map;
    const hex = (n: number) => `0x${n.toString(16).padStart(6, '0')}`;
    process.stderr.write(
      `${[
        `memory: ${m.total} bytes written to ${args['dump-memory']} (guest physical address 0 = file offset 0)`,
        `  descriptor table  ${hex(l.desc)}  ${16 * l.queueSize} bytes (16 per descriptor: addr u64, len u32, flags u16, next u16)`,
        `  available ring    ${hex(l.avail)}  ${6 + 2 * l.queueSize} bytes (flags, idx, ring[${l.queueSize}], used_event)`,
        `  used ring         ${hex(l.used)}  ${6 + 8 * l.queueSize} bytes (flags, idx, ring[${l.queueSize}] of {id u32, len u32}, avail_event)`,
        `  indirect tables   ${hex(m.tables.base)}  ${m.tables.size} bytes`,
        `  data buffers      ${hex(m.buffers.base)}  ${m.buffers.size} bytes`,
      ].join('\n')}\n`,
    );
  }
}

/** `--ring packed`: the scenario's shape on the packed ring, summarised from its event log. */
async function runPacked(
  args: { steps?: string; trace?: string; json: boolean; 'dump-memory'?: string },
  config: RunConfig,
): Promise<void> {
  if (args.trace) fail('--trace writes split-ring traces only; a packed run cannot be written as a trace yet');
  let sim: PackedSim;
  try {
    sim = new PackedSim(packedConfigFor(config));
  } catch (e) {
    fail((e as Error).message);
  }
  const steps = args.steps === undefined ? Number.POSITIVE_INFINITY : Number(args.steps);
  if (!Number.isInteger(steps) && steps !== Number.POSITIVE_INFINITY)
    fail(`--steps must be a whole number, got "${args.steps}"`);
  sim.run(steps === Number.POSITIVE_INFINITY ? undefined : steps);
  const count = (k: string) => sim.log.filter((e) => e.kind === k).length;
  const laps = sim.log.filter((e) => e.kind === 'add' && e.data.availWrapFrom !== e.data.availWrapTo).length;
  const c = sim.config;
  const per = (n: number) => (sim.completed ? n / sim.completed : 0);
  const summary = {
    ring: 'packed',
    scenario: config.scenario,
    seed: c.seed,
    queueSize: c.queueSize,
    features: c.features,
    done: sim.done,
    stalled: sim.stalled,
    error: sim.error,
    steps: sim.log.length,
    requests: { completed: sim.completed, rejected: sim.rejected, of: c.requests },
    kicks: { sent: count('kick'), suppressed: count('kick-suppressed') },
    interrupts: { sent: count('interrupt'), suppressed: count('interrupt-suppressed') },
    perRequest: { kicks: per(count('kick')), interrupts: per(count('interrupt')) },
    driverLaps: laps,
  };
  if (args.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else {
    const on = (b: boolean) => (b ? 'on' : 'off');
    process.stdout.write(
      [
        `ring             packed (virtio 1.1), scenario ${config.scenario}'s shape`,
        `seed             ${c.seed}; queue size ${c.queueSize}; EVENT_IDX ${on(c.features.eventIdx)}; INDIRECT_DESC ${on(c.features.indirect)}`,
        `steps            ${summary.steps}${sim.done ? '' : ' (stopped by --steps; the run was not finished)'}`,
        `requests         ${sim.completed} completed, ${sim.rejected} refused, of ${c.requests}`,
        `kicks            ${summary.kicks.sent} sent, ${summary.kicks.suppressed} suppressed`,
        `interrupts       ${summary.interrupts.sent} sent, ${summary.interrupts.suppressed} suppressed`,
        `per request      ${summary.perRequest.kicks.toFixed(2)} kicks, ${summary.perRequest.interrupts.toFixed(2)} interrupts`,
        `driver laps      ${laps} (the avail wrap counter flipped ${laps === 1 ? 'once' : `${laps} times`})`,
        ...(sim.stalled
          ? ['stalled          nothing could happen any more with work left: a notification was lost']
          : []),
        ...(sim.error ? [`error            ${sim.error.message}`] : []),
        '', // the output ends with a newline
      ].join('\n'),
    );
  }
  if (args['dump-memory']) {
    const image = sim.q.mem.image();
    writeFileSync(args['dump-memory'], image);
    const l = sim.q.layout;
    const hex = (n: number) => `0x${n.toString(16).padStart(6, '0')}`;
    process.stderr.write(
      `${[
        `memory: ${image.length} bytes written to ${args['dump-memory']} (guest physical address 0 = file offset 0)`,
        `  descriptor ring   ${hex(l.desc)}  ${16 * l.queueSize} bytes (16 per descriptor: addr u64, len u32, id u16, flags u16)`,
        `  driver event area ${hex(l.driverEvent)}  4 bytes (off_wrap u16, flags u16)`,
        `  device event area ${hex(l.deviceEvent)}  4 bytes (off_wrap u16, flags u16)`,
      ].join('\n')}\n`,
    );
  }
}

main().catch((e) => {
  process.stderr.write(`sim: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
