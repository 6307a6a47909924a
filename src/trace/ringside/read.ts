/**
 * Streaming reader for Ringside's own JSON-lines traces (format in docs/trace-format.md).
 * The header is checked first: another format or a newer version is refused with a clear
 * message. Each event line is checked for the fields views rely on; a bad line gives its
 * number and what was expected, and the caller chooses to stop or to skip and count.
 * Trace text is data only: nothing is ever evaluated or rendered as HTML.
 */
import { TRACE_FORMAT, TRACE_VERSION, type TraceHeader } from '../../model/trace/format';
import type { SimEvent } from '../../model/vqsim/events';
import { TraceParseError, excerpt } from '../errors';
import { readLineBatches, type LineReaderOptions } from '../line-reader';

export interface RingsideReadOptions extends LineReaderOptions {
  /** 'stop' (default): the first bad line throws; 'skip': bad lines are counted and left out. */
  onBadLine?: 'stop' | 'skip';
  /** Called with each batch of events as it is parsed (for incremental views). */
  onEvents?: (events: SimEvent[]) => void;
  /** Keep at most this many bad-line samples. */
  maxBadLineSamples?: number;
}

export interface RingsideTrace {
  header: TraceHeader;
  events: SimEvent[];
  badLines: { count: number; samples: TraceParseError[] };
  lines: number;
}

const KINDS = new Set([
  'start',
  'arrive',
  'add',
  'add-wait',
  'reject',
  'kick',
  'kick-suppressed',
  'device-wake',
  'pop',
  'device-idle',
  'complete',
  'flush',
  'driver-wake',
  'reclaim',
  'recycle',
  'driver-idle',
  'corrupt',
  'intervention',
  'error',
]);
const ACTORS = new Set(['driver', 'device', 'workload', 'hostile', 'user']);

function parseJson(text: string, line: number, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new TraceParseError(line, what, excerpt(text));
  }
}

/** What a field held, shown once (strings without extra quotes). */
function shown(v: unknown): string {
  return excerpt(typeof v === 'string' ? v : (JSON.stringify(v) ?? 'nothing'));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function parseHeader(text: string, line = 1): TraceHeader {
  const h = parseJson(text, line, `a JSON header line {"format":"${TRACE_FORMAT}",…}`);
  if (!isObject(h) || h.format !== TRACE_FORMAT) {
    throw new TraceParseError(
      line,
      `a header with "format": "${TRACE_FORMAT}" (is this a QEMU log? use --format qemu)`,
      excerpt(text),
    );
  }
  if (typeof h.version !== 'number' || !Number.isInteger(h.version) || h.version < 1) {
    throw new TraceParseError(line, 'a whole-number "version"', excerpt(String(h.version)));
  }
  if (h.version > TRACE_VERSION) {
    throw new TraceParseError(
      line,
      `trace format version ${TRACE_VERSION} or older (this file is version ${h.version}, written by a newer Ringside: please update)`,
      `version ${h.version}`,
    );
  }
  if (!Array.isArray(h.queues) || !isObject(h.features)) {
    throw new TraceParseError(line, 'header fields "queues" (array) and "features" (object)', excerpt(text));
  }
  return h as unknown as TraceHeader;
}

export function parseEvent(text: string, line: number): SimEvent {
  const e = parseJson(text, line, 'one JSON event object per line');
  if (!isObject(e)) throw new TraceParseError(line, 'a JSON object', excerpt(text));
  const num = (k: string) => {
    const v = e[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > Number.MAX_SAFE_INTEGER) {
      throw new TraceParseError(line, `"${k}": a non-negative number`, shown(v));
    }
  };
  num('step');
  num('time');
  num('inFlight');
  num('free');
  if (typeof e.kind !== 'string' || !KINDS.has(e.kind))
    throw new TraceParseError(line, `"kind": one of ${[...KINDS].join(', ')}`, shown(e.kind));
  if (typeof e.actor !== 'string' || !ACTORS.has(e.actor))
    throw new TraceParseError(line, `"actor": one of ${[...ACTORS].join(', ')}`, shown(e.actor));
  if (typeof e.text !== 'string') throw new TraceParseError(line, '"text": a string', shown(e.text));
  if (!isObject(e.data)) throw new TraceParseError(line, '"data": an object', shown(e.data));
  if (!Array.isArray(e.writes)) throw new TraceParseError(line, '"writes": an array', shown(e.writes));
  return e as unknown as SimEvent;
}

export async function readRingsideTrace(
  source: AsyncIterable<Uint8Array>,
  options: RingsideReadOptions = {},
): Promise<RingsideTrace> {
  let header: TraceHeader | null = null;
  const events: SimEvent[] = [];
  const bad: RingsideTrace['badLines'] = { count: 0, samples: [] };
  const maxSamples = options.maxBadLineSamples ?? 20;
  let lines = 0;
  for await (const batch of readLineBatches(source, options)) {
    const fresh: SimEvent[] = [];
    for (let i = 0; i < batch.lines.length; i++) {
      const n = batch.firstLine + i;
      const text = batch.lines[i];
      lines = n;
      if (header === null) {
        if (text.trim() === '') continue;
        header = parseHeader(text, n); // a bad header always stops: nothing after it can be read
        continue;
      }
      if (text.trim() === '') continue;
      try {
        fresh.push(parseEvent(text, n));
      } catch (err) {
        if (!(err instanceof TraceParseError) || options.onBadLine !== 'skip') throw err;
        bad.count++;
        if (bad.samples.length < maxSamples) bad.samples.push(err);
      }
    }
    for (const ev of fresh) events.push(ev);
    if (fresh.length > 0) options.onEvents?.(fresh);
  }
  if (header === null)
    throw new TraceParseError(Math.max(1, lines), `a header line {"format":"${TRACE_FORMAT}",…}`, 'an empty file');
  return { header, events, badLines: bad, lines };
}
