/**
 * Summarise a QEMU trace log and optionally export it for Perfetto:
 *   npx tsx src/trace/cli.node.ts trace.log [--skip-bad-lines] [--chrome out.json]
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { chromeTraceJsonChunks } from './chrome-export';
import { TraceError } from './errors';
import { fileChunks } from './files.node.ts'; // explicit extension: bare '.node' reads as a native addon
import { importQemuTrace } from './qemu/import';
import { qemuToTimeline } from './qemu/to-timeline';
import { formatSummary, summarizeTimeline } from './summary';

async function main(argv: string[]): Promise<number> {
  const args = [...argv];
  const skip = args.includes('--skip-bad-lines');
  const ci = args.indexOf('--chrome');
  const chromeOut = ci >= 0 ? args[ci + 1] : undefined;
  const file = args.find((a, i) => !a.startsWith('--') && (ci < 0 || i !== ci + 1));
  if (!file || (ci >= 0 && !chromeOut)) {
    process.stderr.write('usage: cli.node.ts <trace.log> [--skip-bad-lines] [--chrome out.json]\n');
    return 2;
  }
  const { chunks, totalBytes } = await fileChunks(file);
  const trace = await importQemuTrace(chunks, { totalBytes, onBadLine: skip ? 'skip' : 'stop' });
  const tl = qemuToTimeline(trace);
  process.stdout.write(formatSummary(summarizeTimeline(tl)));
  for (const q of trace.queues) {
    process.stdout.write(
      `\n${q.device ?? 'unknown device'} ${q.label}: ${q.emptyKicks} kick(s) popped nothing, ` +
        `${q.kicklessRequests} request(s) had no kick of their own, ${q.unsignalled} completion(s) had no interrupt`,
    );
  }
  process.stdout.write(`\nTime base: ${trace.timeBase}; ${trace.events} events on ${trace.lines} lines\n`);
  if (trace.badLines)
    process.stdout.write(`\nSkipped ${trace.badLines} bad line(s), e.g. ${trace.badLineSamples[0]?.message}\n`);
  for (const w of trace.warnings)
    process.stdout.write(`warning (${w.count}×, first at line ${w.firstLine}): ${w.message}\n`);
  if (chromeOut) {
    const out = createWriteStream(chromeOut);
    for (const chunk of chromeTraceJsonChunks(tl)) if (!out.write(chunk)) await once(out, 'drain');
    out.end();
    await once(out, 'finish');
    process.stdout.write(`\nWrote ${chromeOut} (open in https://ui.perfetto.dev)\n`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${e instanceof TraceError ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
