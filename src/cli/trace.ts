/**
 * npm run trace -- summary FILE | convert IN OUT
 * Summaries and conversions for Ringside traces and imported QEMU trace logs alike.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { open } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { fileChunks } from '../trace/files.node.ts';
import { importQemuTrace } from '../trace/qemu/import';
import { qemuToTimeline } from '../trace/qemu/to-timeline';
import { readRingsideTrace } from '../trace/ringside/read';
import { ringsideToTimeline } from '../trace/ringside/to-timeline';
import { formatSummary, summarizeTimeline } from '../trace/summary';
import { chromeTraceJsonChunks } from '../trace/chrome-export';
import { TraceError } from '../trace/errors';
import { traceLines } from '../model/trace/format';
import type { Timeline } from '../trace/model';

const HELP = `Ringside traces — summarise and convert.

Usage:
  npm run trace -- summary FILE [--format auto|ringside|qemu] [--skip-bad-lines] [--json]
  npm run trace -- convert IN OUT [--to chrome|ringside] [--format …] [--skip-bad-lines]

Formats read:
  ringside   Ringside's JSON-lines trace (docs/trace-format.md), written by
             \`npm run sim -- --trace\`, the native bridge and the real-device front-end.
  qemu       QEMU's trace log (log backend), with or without pid@sec.usec: prefixes:
             virtqueue_*, virtio_queue_notify, virtio_notify*, virtio_blk_* and others.
  auto       (default) a first line starting with "{" is ringside, anything else qemu.

Formats written by convert:
  chrome     Chrome trace-event JSON for Perfetto (ui.perfetto.dev) and chrome://tracing:
             requests as slices, kicks and interrupts as instants, in-flight as a counter.
  ringside   a Ringside trace, re-validated (only from a Ringside trace).

Bad lines stop the read with the line number and what was expected; --skip-bad-lines
leaves them out and reports how many there were.`;

function fail(msg: string, code = 2): never {
  process.stderr.write(`trace: ${msg}\n`);
  process.exit(code);
}

/** What `f` returns, or the usage failure with its message. */
function orFail<T>(f: () => T, hint = ''): T {
  try {
    return f();
  } catch (e) {
    return fail(`${(e as Error).message}${hint}`);
  }
}

async function detect(path: string): Promise<'ringside' | 'qemu'> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(4096);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const head = buf.subarray(0, bytesRead).toString('utf8').trimStart();
    return head.startsWith('{') ? 'ringside' : 'qemu';
  } finally {
    await fh.close();
  }
}

async function load(
  path: string,
  format: string,
  skip: boolean,
): Promise<{ timeline: Timeline; note: string; ringside?: Awaited<ReturnType<typeof readRingsideTrace>> }> {
  const fmt = format === 'auto' ? await detect(path) : format;
  const { chunks, totalBytes } = await fileChunks(path);
  let last = 0;
  const onProgress = (p: { bytesRead: number; totalBytes?: number }) => {
    if (!process.stderr.isTTY || !p.totalBytes) return;
    const pct = Math.floor((100 * p.bytesRead) / p.totalBytes);
    if (pct !== last) process.stderr.write(`\rreading ${pct}%`);
    last = pct;
  };
  const opts = { totalBytes, onProgress, onBadLine: skip ? ('skip' as const) : ('stop' as const) };
  if (fmt === 'ringside') {
    const t = await readRingsideTrace(chunks, opts);
    if (process.stderr.isTTY) process.stderr.write('\r');
    return {
      timeline: ringsideToTimeline(t.header, t.events),
      note: `Ringside trace v${t.header.version} from ${t.header.source}${t.header.scenario ? `, scenario ${t.header.scenario}, seed ${t.header.seed}` : ''}; ${t.events.length} events${t.badLines.count ? `; ${t.badLines.count} bad lines skipped (first: ${t.badLines.samples[0]?.message})` : ''}`,
      ringside: t,
    };
  }
  if (fmt === 'qemu') {
    const t = await importQemuTrace(chunks, opts);
    if (process.stderr.isTTY) process.stderr.write('\r');
    const badNote = t.badLines ? `; ${t.badLines} bad lines skipped` : '';
    return { timeline: qemuToTimeline(t), note: `QEMU trace log${badNote}` };
  }
  fail(`unknown --format "${format}" (auto, ringside or qemu)`);
}

async function main(): Promise<void> {
  const parsed = orFail(
    () =>
      parseArgs({
        allowPositionals: true,
        options: {
          format: { type: 'string', default: 'auto' },
          to: { type: 'string', default: 'chrome' },
          'skip-bad-lines': { type: 'boolean', default: false },
          json: { type: 'boolean', default: false },
          help: { type: 'boolean', short: 'h', default: false },
        },
      }),
    '\nTry --help.',
  );
  const {
    values: v,
    positionals: [cmd, a, b],
  } = parsed;
  if (v.help || !cmd) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  if (cmd === 'summary') {
    if (!a) fail('summary needs a FILE');
    const { timeline, note } = await load(a, v.format!, v['skip-bad-lines']!);
    const s = summarizeTimeline(timeline);
    if (v.json) process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
    else process.stdout.write(`${note}\n\n${formatSummary(s)}\n`);
    return;
  }
  if (cmd === 'convert') {
    if (!a || !b) fail('convert needs IN and OUT');
    const loaded = await load(a, v.format!, v['skip-bad-lines']!);
    const out = createWriteStream(b);
    let chunks: Iterable<string>;
    if (v.to === 'chrome') chunks = chromeTraceJsonChunks(loaded.timeline);
    else if (v.to === 'ringside') {
      if (!loaded.ringside)
        fail('--to ringside needs a Ringside trace as input: a QEMU log has no ring-level events to write');
      chunks = [...traceLines(loaded.ringside.header, loaded.ringside.events)].map((l) => `${l}\n`);
    } else fail(`unknown --to "${v.to}" (chrome or ringside)`);
    for (const c of chunks) if (!out.write(c)) await once(out, 'drain');
    out.end();
    await once(out, 'finish');
    process.stderr.write(`wrote ${b} (${v.to}): ${loaded.note}\n`);
    return;
  }
  fail(`unknown command "${cmd}" (summary or convert). Try --help.`);
}

main().catch((e) => {
  if (e instanceof TraceError) fail(e.message, 1);
  if ((e as NodeJS.ErrnoException).code === 'ENOENT') fail(`no such file: ${(e as NodeJS.ErrnoException).path}`, 1);
  process.stderr.write(`trace: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
