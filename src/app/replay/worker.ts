/// <reference lib="webworker" />
/**
 * The replay worker: parses one trace off the main thread and keeps its index, answering
 * the page's questions about a step. One worker per open trace; the page cancels a load
 * by terminating it, which no parser can outlast.
 */
import { blobChunks, byteChunks } from '../../trace/byte-sources';
import { TraceError } from '../../trace/errors';
import {
  LIVE_STREAM_HEADER,
  type FromWorker,
  type Progress,
  type SourceSpec,
  type ToWorker,
  type TraceInfo,
} from './protocol';
import { laneBuffers } from '../../trace/replay/lanes';
import { stepBuffers } from '../../trace/replay/steps';
import { ReceivedBytes } from './received-bytes';
import { describeFailure } from './load-failure';
import { ReplaySession, type ByteSource } from './session';

declare const self: DedicatedWorkerGlobalScope;

let session: ReplaySession | null = null;
/** Aborts the fetch of a live stream when the page asks to stop reading it. */
const stopper = new AbortController();

function post(msg: FromWorker): void {
  self.postMessage(msg);
}

async function blobBytes(blob: Blob, a: number, b: number): Promise<Uint8Array> {
  return new Uint8Array(await blob.slice(a, b).arrayBuffer());
}

/**
 * A File is read straight from disk (once through, then by slices); a URL streams once and
 * is kept for the rest — as the chunks received while it arrives (a live stream is navigable
 * meanwhile), then as a Blob, which a second open() would read.
 */
async function openSource(spec: SourceSpec): Promise<ByteSource> {
  if (spec.kind === 'file') {
    const f = spec.file;
    return { name: f.name, totalBytes: f.size, open: () => blobChunks(f).chunks, slice: (a, b) => blobBytes(f, a, b) };
  }
  const res = await fetch(spec.url, { signal: stopper.signal });
  const path = new URL(spec.url).pathname;
  if (res.status === 404) throw new TraceError(`The trace ${path} was not found on the server (HTTP 404).`);
  if (!res.ok || !res.body)
    throw new TraceError(`The server refused ${path}: HTTP ${res.status} ${res.statusText}`.trim());
  const length = Number(res.headers.get('content-length'));
  const body = res.body;
  const received = new ReceivedBytes();
  let blob: Blob | null = null;
  const name = decodeURIComponent(new URL(spec.url).pathname.split('/').pop() || spec.url);
  return {
    name,
    totalBytes: Number.isFinite(length) && length > 0 ? length : null,
    live: res.headers.get(LIVE_STREAM_HEADER)?.trim().toLowerCase() === 'live',
    open() {
      if (blob) return blobChunks(blob).chunks;
      const src = byteChunks(body as ReadableStream<Uint8Array>);
      return (async function* () {
        try {
          for await (const c of src) {
            received.push(c);
            yield c;
          }
        } finally {
          // Ended, failed or stopped: what arrived is all there will be.
          blob = received.intoBlob();
        }
      })();
    },
    slice(a, b) {
      return blob ? blobBytes(blob, a, b) : Promise.resolve(received.slice(a, b));
    },
  };
}

/** The info and its arrays, copied and transferred (the worker keeps its own). */
function postInfo(type: 'prefix' | 'loaded', info: TraceInfo): void {
  const copy = forTransfer(info);
  // Transferred, not copied: a million steps cloned on arrival would block the page
  // for a long task. The worker keeps its own arrays, so it sends fresh copies.
  self.postMessage({ type, info: copy } satisfies FromWorker, [...laneBuffers(copy.lanes), ...stepBuffers(copy.steps)]);
}

function forTransfer(info: TraceInfo): TraceInfo {
  const s = info.steps;
  return {
    ...info,
    lanes: info.lanes.map((l) => ({
      ...l,
      spanStart: l.spanStart.slice(),
      spanEnd: l.spanEnd.slice(),
      spanOutcome: l.spanOutcome.slice(),
      spanRow: l.spanRow.slice(),
      kicks: l.kicks.slice(),
      interrupts: l.interrupts.slice(),
      errors: l.errors.slice(),
      inFlightTime: l.inFlightTime.slice(),
      inFlightValue: l.inFlightValue.slice(),
    })),
    steps: {
      ...s,
      time: s.time.slice(),
      kind: s.kind.slice(),
      lane: s.lane.slice(),
      ref: s.ref.slice(),
      actor: s.actor?.slice(),
      head: s.head?.slice(),
      request: s.request?.slice(),
    },
  };
}

self.onmessage = async (ev: MessageEvent<ToWorker>) => {
  const msg = ev.data;
  if (msg.type === 'load') {
    let last = 0;
    const onProgress = (p: Progress) => {
      const now = performance.now();
      if (now - last < 50 && p.phase === 'reading') return;
      last = now;
      post({ type: 'progress', progress: p });
    };
    try {
      const follow = {
        // From the first prefix on, the page may ask for states within it.
        onPrefix: (s: ReplaySession) => {
          session = s;
          postInfo('prefix', s.info);
        },
        stop: stopper.signal,
      };
      session = await ReplaySession.load(await openSource(msg.source), msg.options, onProgress, follow);
      postInfo('loaded', session.info);
    } catch (e) {
      session = null;
      const f = describeFailure(e);
      post({ type: 'failed', message: f.message, line: f.line });
    }
    return;
  }
  if (msg.type === 'stop') {
    stopper.abort();
    return;
  }
  if (!session) {
    post({ type: 'error', id: msg.id, message: 'no trace is loaded' });
    return;
  }
  try {
    if (msg.type === 'state') {
      const state = await session.state(msg.position, msg.rowsFrom, msg.rowsTo);
      const transfer = state.ring ? [state.ring.memory.buffer as ArrayBuffer] : [];
      self.postMessage({ type: 'state', id: msg.id, state } satisfies FromWorker, transfer);
    } else if (msg.type === 'export') {
      post({ type: 'export', id: msg.id, blob: session.exportChrome() });
    }
  } catch (e) {
    post({ type: 'error', id: msg.id, message: e instanceof Error ? e.message : String(e) });
  }
};
