/**
 * npm run compare -- --scenario NAME --seed N [options]
 * Runs a scenario's requests with the model's driver against the in-process model device
 * and against the native device thread (real memfd memory, real eventfds), captures both
 * as traces, and reports whether they agree — or the first divergence.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runBatches, type BatchRunResult } from '../model/compare/batch-runner';
import { compareRuns } from '../model/compare/compare';
import { ModelDevicePort } from '../model/compare/model-port';
import { createQueue, type QueueConfig } from '../model/virtio/queue';
import { findScenario, scenarioNames } from '../model/vqsim/scenarios';
import { TRACE_FORMAT, TRACE_VERSION, traceLines, type TraceHeader } from '../model/trace/format';
import { SIM_VERSION } from '../model/vqsim/engine';
import { PRNG_VERSION } from '../model/sim/prng';

const HELP = `Ringside compare — the model against a real device.

Usage: npm run compare -- --scenario NAME [--seed N] [options]

  --scenario NAME     a scenario (npm run sim -- --list); its requests are sent in batches
  --seed N            seed of the workload (default 1)
  --device DEVICE     what to compare the model with:
                        native  the native C device thread (echo job; default)
                        blk     qemu-storage-daemon's vhost-user-blk (null-co; --backend file for a file disk)
                        fs      virtiofsd's vhost-user-fs: FUSE path walks next to the gofer model's counts
  --ring split|packed the ring layout (default split). packed: against the native C packed device,
                      byte for byte; with blk or fs it reads the daemon's GET_FEATURES and, as
                      neither offers VIRTIO_F_RING_PACKED, says so and exits 1 (packed with native:
                      --requests is the number of quiescent points, default 300)
  --backend null|file blk only: the daemon's disk (default null)
  --features LIST     event_idx, indirect (comma-separated, or none; default: the scenario's)
  --queue-size Q      queue size (default: the scenario's)
  --requests N        number of requests (default: the scenario's)
  --batch N           requests per batch (default: the scenario's driver batch)
  --trace-dir DIR     write model.jsonl and real.jsonl (Ringside traces) there
  --json              print the report as JSON

Both runs use the same driver code and workload. The driver's own writes must agree
exactly; device writes must agree where the spec fixes them (used ids, lengths, data).
Notification-suppression fields and completion order are reported as "allowed".`;

function fail(msg: string): never {
  process.stderr.write(`compare: ${msg}\nTry --help.\n`);
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

function header(
  source: string,
  scenario: string,
  seed: number,
  cfg: QueueConfig,
  layout: ReturnType<typeof createQueue>['layout'],
  map: ReturnType<typeof createQueue>['map'],
): TraceHeader {
  return {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    source,
    scenario,
    seed,
    queues: [{ device: source, index: 0, size: cfg.queueSize, layout, memory: map }],
    features: cfg.features,
    versions: { sim: SIM_VERSION, prng: PRNG_VERSION },
    interventions: [],
  };
}

async function main(): Promise<void> {
  const v = orFail(
    () =>
      parseArgs({
        options: {
          scenario: { type: 'string' },
          seed: { type: 'string', default: '1' },
          device: { type: 'string', default: 'native' },
          features: { type: 'string' },
          'queue-size': { type: 'string' },
          requests: { type: 'string' },
          batch: { type: 'string' },
          'trace-dir': { type: 'string' },
          backend: { type: 'string', default: 'null' },
          ring: { type: 'string', default: 'split' },
          json: { type: 'boolean', default: false },
          help: { type: 'boolean', short: 'h', default: false },
        },
      }).values,
  );
  if (v.help) return void process.stdout.write(`${HELP}\n`);
  // A missing traces folder is made rather than failing after the whole run has been done.
  if (typeof v['trace-dir'] === 'string') mkdirSync(v['trace-dir'], { recursive: true });
  if (v.ring !== 'split' && v.ring !== 'packed') fail(`unknown --ring "${v.ring}" (split or packed)`);
  if (v.ring === 'packed' && (v.device === 'blk' || v.device === 'fs')) {
    const packed = await packedModule();
    const r = await packed.packedDaemonReport(v.device);
    process.stdout.write(`${r.text}\n`);
    process.exitCode = r.ok ? 0 : 1;
    return;
  }
  if (v.device === 'blk' || v.device === 'fs') return realDevice(v);
  if (!v.scenario) fail('--scenario is required');
  const s = findScenario(v.scenario);
  if (!s)
    fail(
      `unknown scenario "${v.scenario}"; known: ${scenarioNames()
        .filter((n) => !n.startsWith('hostile'))
        .join(', ')}`,
    );
  if (s.hostile) fail('hostile scenarios break the queue on purpose; compare runs the clean ones');
  if (v.device !== 'native') fail(`unknown --device "${v.device}" (native, blk or fs)`);
  const num = (name: string, x: string | undefined) => {
    if (x === undefined) return undefined;
    if (!/^\d+$/.test(x)) fail(`--${name} must be a whole number`);
    return Number(x);
  };
  let features = s.defaults.features;
  if (v.features !== undefined) {
    const names = v.features
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x && x !== 'none');
    for (const n of names) if (n !== 'event_idx' && n !== 'indirect') fail(`unknown feature "${n}"`);
    features = { eventIdx: names.includes('event_idx'), indirect: names.includes('indirect') };
  }
  const cfg: QueueConfig = {
    queueSize: num('queue-size', v['queue-size']) ?? s.defaults.queueSize,
    features,
    driver: { segmentSize: s.driver.segmentSize },
    // The scenario's starting index (wrap-around starts at 65530, so both sides cross 65535 → 0).
    baseIndex: s.defaults.baseIndex ?? 0,
  };
  const seed = num('seed', v.seed)!;
  if (v.ring === 'packed') {
    const packed = await packedModule();
    const r = packed.packedNativeReport({
      queueSize: cfg.queueSize,
      features,
      seed,
      rounds: num('requests', v.requests) ?? 300,
    });
    process.stdout.write(`${r.text}\n`);
    process.exitCode = r.ok ? 0 : 1;
    return;
  }
  const opts = { scenario: s.name, seed, requests: num('requests', v.requests), batch: num('batch', v.batch) };

  let native: typeof import('../../native-bridge/src/native-port.ts');
  try {
    native = await import('../../native-bridge/src/native-port.ts');
  } catch (e) {
    fail(`the native bridge is not available: ${(e as Error).message}. Run \`npm test\` once (it builds the addon).`);
  }
  const mq = orFail(() => createQueue(cfg));
  const model = await runBatches(mq, new ModelDevicePort(mq), opts);
  const nq = native.createNativeQueue(cfg, 'echo');
  let real: BatchRunResult;
  let stats: ReturnType<typeof nq.close>;
  try {
    real = await runBatches(nq.vq, nq.port, opts);
  } finally {
    stats = nq.close();
  }
  const report = compareRuns(model, real, mq.layout, mq.map);
  if (v['trace-dir']) {
    for (const [name, events, src] of [
      ['model', model.events, 'model'],
      ['real', real.events, 'native-device'],
    ] as const) {
      const lines = [...traceLines(header(src, s.name, seed, cfg, mq.layout, mq.map), events)];
      writeFileSync(`${v['trace-dir']}/${name}.jsonl`, `${lines.join('\n')}\n`);
    }
  }
  if (v.json) {
    process.stdout.write(
      `${JSON.stringify(
        {
          scenario: s.name,
          seed,
          features,
          queueSize: cfg.queueSize,
          baseIndex: cfg.baseIndex,
          ...report,
          nativeStats: stats.stats,
          modelError: model.error,
          realError: real.error,
        },
        null,
        2,
      )}\n`,
    );
  } else {
    const out: string[] = [];
    out.push(
      `scenario ${s.name}, seed ${seed}, queue size ${cfg.queueSize}, EVENT_IDX ${features.eventIdx ? 'on' : 'off'}, INDIRECT_DESC ${features.indirect ? 'on' : 'off'}${cfg.baseIndex ? `, indices from ${cfg.baseIndex} (they wrap at 65535)` : ''}`,
    );
    out.push(
      `model device:  ${model.completed} requests in ${model.quiescent.length} batches${model.error ? `; stopped: ${model.error.message}` : ''}`,
    );
    out.push(
      `native device: ${real.completed} requests in ${real.quiescent.length} batches${real.error ? `; stopped: ${real.error.message}` : ''}`,
    );
    out.push('');
    if (report.identical)
      out.push(
        'IDENTICAL: every driver decision, used entry and byte of ring and buffer memory agrees at every quiescent point.',
      );
    else {
      const d = report.firstDivergence!;
      out.push(
        `FIRST DIVERGENCE at ${d.where}${d.batch !== null ? ` (batch ${d.batch})` : ''}${d.event !== null ? ` (event ${d.event})` : ''}:`,
      );
      out.push(`  model: ${d.model}`);
      out.push(`  real:  ${d.real}`);
      out.push(`  ${d.note}`);
    }
    const n = report.notifications;
    const row = (label: string, a: number, b: number) =>
      `  ${label.padEnd(22)}${String(a).padStart(6)}   ${String(b).padStart(6)}`;
    out.push('');
    out.push(`notifications              model     real`);
    out.push(row('kicks sent', n.model.kicksSent, n.real.kicksSent));
    out.push(row('kicks suppressed', n.model.kicksSuppressed, n.real.kicksSuppressed));
    out.push(row('device wake-ups', n.model.deviceWakeups, n.real.deviceWakeups));
    out.push(row('interrupts signalled', n.model.interruptsSignalled, n.real.interruptsSignalled));
    out.push(row('interrupts suppressed', n.model.interruptsSuppressed, n.real.interruptsSuppressed));
    out.push(row('driver wake-ups', n.model.driverWakeups, n.real.driverWakeups));
    out.push(
      '  (the model device answers at the kick, so its driver never has to sleep; the real one runs on its own thread)',
    );
    if (report.allowed.length > 0) {
      out.push('');
      out.push(`allowed differences (${report.allowed.length}), e.g.:`);
      for (const a of report.allowed.slice(0, 5))
        out.push(`  ${a.where}: model ${a.model} / real ${a.real} — ${a.note}`);
    }
    process.stdout.write(`${out.join('\n')}\n`);
  }
  process.exitCode = report.identical ? 0 : 1;
}

/** The packed comparison lives beside the C packed device; loaded only when asked for. */
async function packedModule(): Promise<typeof import('../../native-bridge/src/packed/cli.ts')> {
  try {
    return await import('../../native-bridge/src/packed/cli.ts');
  } catch (e) {
    fail(`the native bridge is not available: ${(e as Error).message}. Run \`npm test\` once (it builds the addon).`);
  }
}

/** --device blk|fs: real vhost-user daemons started here on Unix sockets in a temp dir. */
async function realDevice(v: Record<string, string | boolean | undefined>): Promise<void> {
  const num = (name: string, x: unknown, dflt: number) => {
    if (x === undefined) return dflt;
    if (typeof x !== 'string' || !/^\d+$/.test(x)) fail(`--${name} must be a whole number`);
    return Number(x);
  };
  let features = { eventIdx: true, indirect: false };
  if (typeof v.features === 'string') {
    const names = v.features
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x && x !== 'none');
    for (const n of names) if (n !== 'event_idx' && n !== 'indirect') fail(`unknown feature "${n}"`);
    features = { eventIdx: names.includes('event_idx'), indirect: names.includes('indirect') };
  }
  let vu: typeof import('../../native-bridge/src/vhost-user/compare-devices.ts');
  try {
    vu = await import('../../native-bridge/src/vhost-user/compare-devices.ts');
  } catch (e) {
    fail(
      `the native bridge is not available: ${(e as Error).message}. Run \`npm test\` once (it builds the addon and installs qemu-system-common).`,
    );
  }
  if (v.device === 'blk') {
    if (v.backend !== 'null' && v.backend !== 'file') fail('--backend must be null or file');
    const c = await vu.compareBlk({
      backend: v.backend,
      features,
      queueSize: num('queue-size', v['queue-size'], 64),
      requests: num('requests', v.requests, 160),
      batch: num('batch', v.batch, 16),
      seed: num('seed', v.seed, 1),
    });
    if (typeof v['trace-dir'] === 'string') {
      writeFileSync(`${v['trace-dir']}/model.jsonl`, `${c.traces.model.join('\n')}\n`);
      writeFileSync(`${v['trace-dir']}/real.jsonl`, `${c.traces.real.join('\n')}\n`);
    }
    if (v.json) process.stdout.write(`${JSON.stringify({ ...c, traces: undefined }, null, 2)}\n`);
    else process.stdout.write(`${vu.formatBlkComparison(c)}\n`);
    // AND of every check it printed: the rings, the backing file, errors, completions.
    process.exitCode = vu.blkAgrees(c) ? 0 : 1;
    return;
  }
  const f = await vu.compareFs({ features });
  if (typeof v['trace-dir'] === 'string')
    for (const [id, lines] of Object.entries(f.traces))
      writeFileSync(`${v['trace-dir']}/fuse-${id}.jsonl`, `${lines.join('\n')}\n`);
  // Every case must have been measured on the real daemon; a case without a count fails the run.
  const unmeasured = f.table.rows.filter((r) => !r.counts[r.counts.length - 1]).map((r) => r.title);
  process.exitCode = unmeasured.length ? 1 : 0;
  if (v.json) {
    process.stdout.write(`${JSON.stringify({ counts: f.counts, table: f.table, unmeasured }, null, 2)}\n`);
    return;
  }
  const cols = f.table.columns;
  const out = [`FUSE requests for real path walks (virtiofsd, cache=none) next to the gofer model's RPC counts`, ''];
  out.push(['case'.padEnd(34), ...cols.map((c) => c.id.slice(0, 16).padStart(17))].join(''));
  for (const r of f.table.rows)
    out.push([r.title.slice(0, 33).padEnd(34), ...r.counts.map((c) => String(c?.count ?? '—').padStart(17))].join(''));
  out.push('');
  for (const c of cols) out.push(`  ${c.id}: ${c.label}`);
  out.push('', 'The last column is measured on the real daemon; the others are the model of each design.');
  out.push(
    unmeasured.length
      ? `NOT MEASURED on virtiofsd (${unmeasured.length} of ${f.table.rows.length}): ${unmeasured.join('; ')}`
      : `MEASURED: all ${f.table.rows.length} cases on the real daemon.`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((e) => {
  process.stderr.write(`compare: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
