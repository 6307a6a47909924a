/**
 * npm run live — watch a real device's rings, live, in the browser.
 * Serves the site and, on the same origin, /live/trace.jsonl: a Ringside trace streamed line
 * by line while a real session runs (the model's driver on a memfd, driving
 * qemu-storage-daemon over vhost-user, or the native echo device), header first. Open the
 * printed URL: the response is marked `Ringside-Stream: live`, so the replay view indexes
 * the stream as it arrives, every step received so far is navigable, and "Follow live"
 * keeps the view on the newest step until the session ends.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseArgs } from 'node:util';
import { LIVE_STREAM_HEADER } from '../app/replay/protocol.ts';

const HELP = `Ringside live — stream a real device session to the page.

Usage: npm run live -- [--device blk|native] [--requests N] [--batch N] [--queue-size Q]
                       [--features event_idx,indirect] [--pace MS] [--port P]

  --device     blk: qemu-storage-daemon's vhost-user-blk (null-co), started here (default)
               native: the native C echo device thread
  --requests   requests in the session (default 400)
  --batch      requests per batch (default 8)
  --pace       pause between batches, ms, so people can watch (default 150)
  --port       port of the local server (default 4180; loopback only)

Each load of /replay?trace=/live/trace.jsonl starts a new session. The page follows it
live (the newest step as events arrive; L or the Follow live switch toggles that) and
every step received so far can be replayed while the session runs.

/live/trace.jsonl?hold=10,20 holds that session after batches 10 and 20 (counted from 0)
until /live/release is requested once for each hold: a test that needs the session still
arriving says when it may go on, instead of racing the pace.`;

const { values: v } = parseArgs({
  options: {
    device: { type: 'string', default: 'blk' },
    requests: { type: 'string', default: '400' },
    batch: { type: 'string', default: '8' },
    'queue-size': { type: 'string', default: '64' },
    features: { type: 'string', default: 'event_idx' },
    pace: { type: 'string', default: '150' },
    port: { type: 'string' },
    seed: { type: 'string', default: '1' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (v.help) {
  process.stdout.write(`${HELP}\n`);
  process.exit(0);
}
const num = (name: string, x: string | undefined) => {
  if (!x || !/^\d+$/.test(x)) {
    process.stderr.write(`live: --${name} must be a whole number\n`);
    process.exit(2);
  }
  return Number(x);
};
if (v.device !== 'blk' && v.device !== 'native') {
  process.stderr.write('live: --device must be blk or native\n');
  process.exit(2);
}
const names = v
  .features!.split(',')
  .map((x) => x.trim())
  .filter((x) => x && x !== 'none');
const features = { eventIdx: names.includes('event_idx'), indirect: names.includes('indirect') };

if (!existsSync('dist/index.html')) {
  const b = spawnSync('node_modules/.bin/vite', ['build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (b.status !== 0) process.exit(1);
}
const { runLiveSession } = await import('../../native-bridge/src/vhost-user/live-session.ts');
// @ts-expect-error plain ESM script without types
const { startServer } = await import('../../scripts/static-server.mjs');

/**
 * Holds: requests of /live/release so far, and the sessions waiting for one. A session's k-th
 * hold goes on once `released` reaches the count it started with plus k, so a release asked for
 * before the session got there is not lost.
 */
let released = 0;
const waiting = new Set<() => void>();

function release(req: IncomingMessage, res: ServerResponse): boolean {
  if (!req.url?.startsWith('/live/release')) return false;
  released++;
  for (const wake of [...waiting]) wake();
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(`released ${released}\n`);
  return true;
}

/** The hold of a session opened with ?hold=a,b,…: after those batches, wait for the next release. */
function holdFor(url: string, signal: AbortSignal): ((batch: number) => Promise<void>) | undefined {
  const at = new URL(url, 'http://x').searchParams.get('hold');
  if (!at) return undefined;
  const batches = new Set(at.split(',').map(Number));
  const base = released;
  let holds = 0;
  return (batch) => {
    if (!batches.has(batch)) return Promise.resolve();
    const need = base + ++holds;
    process.stderr.write(`live: session held after batch ${batch} until /live/release\n`);
    return new Promise<void>((resolve) => {
      const wake = () => {
        if (released < need && !signal.aborted) return;
        waiting.delete(wake);
        resolve();
      };
      waiting.add(wake);
      signal.addEventListener('abort', wake);
      wake();
    });
  };
}

function events(req: IncomingMessage, res: ServerResponse): boolean {
  if (release(req, res)) return true;
  if (!req.url?.startsWith('/live/trace.jsonl')) return false;
  res.writeHead(200, {
    'Content-Type': 'application/x-ndjson; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'Cross-Origin-Resource-Policy': 'same-origin',
    // Tells the page the trace is still being written: show each prefix, follow the newest step.
    [LIVE_STREAM_HEADER]: 'live',
  });
  const ac = new AbortController();
  req.on('close', () => ac.abort());
  const send = (line: string) => {
    if (!res.writableEnded) res.write(`${line}\n`);
  };
  process.stderr.write(`live: session started for ${req.socket.remoteAddress}\n`);
  runLiveSession({
    device: v.device as 'blk' | 'native',
    requests: num('requests', v.requests),
    batch: num('batch', v.batch),
    queueSize: num('queue-size', v['queue-size']),
    features,
    seed: num('seed', v.seed),
    paceMs: num('pace', v.pace),
    hold: holdFor(req.url, ac.signal),
    onLine: send,
    signal: ac.signal,
  })
    .then((r) => {
      process.stderr.write(`live: session ended, ${r.completed} requests${r.error ? `, ${r.error.message}` : ''}\n`);
    })
    .catch((e: Error) => {
      // the trace simply ends; the reason is in this log (a trace line would not be one)
      process.stderr.write(`live: session failed: ${e.message}\n`);
    })
    .finally(() => res.end());
  return true;
}

const server = await startServer(num('port', v.port ?? '4180'), '127.0.0.1', events, {
  // A port the user named is kept or refused; the default moves on to the next free one.
  fallback: v.port === undefined,
  envName: '--port',
}).catch((e: Error) => {
  process.stderr.write(`live: ${e.message}\n`);
  process.exit(1);
});
const { port } = server.address();
process.stdout.write(`Ringside live: open http://127.0.0.1:${port}/replay?trace=/live/trace.jsonl  (Ctrl+C to stop)\n`);
