/**
 * How a trace's events read in the replay's event list (one row each) and in its detail panel (field, value
 * pairs), for each format: a Ringside trace from its JSON lines, a QEMU log from the timeline rebuilt from it.
 * The session reads the lines; this module only turns them into words.
 */
import type { Timeline } from '../../trace/model';
import { ACTOR_CODES, type RingsideTraceIndex } from '../../trace/replay/ringside-index';
import type { EventRow, TraceInfo } from './protocol';
import { UNIT_WORD } from './units';

function plain(v: unknown): string {
  if (typeof v === 'string') return v;
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s;
}

/** Row i of a Ringside trace, from its line's bytes. */
export function ringsideRow(ix: RingsideTraceIndex, i: number, line: Uint8Array, dec: TextDecoder): EventRow {
  let words = '';
  try {
    const e = JSON.parse(dec.decode(line)) as { text?: unknown };
    words = typeof e.text === 'string' ? e.text : '';
  } catch {
    words = '';
  }
  return {
    step: i,
    time: ix.time[i],
    kind: ix.kindOf(i),
    actor: ACTOR_CODES[ix.actor[i]] ?? '?',
    text: words,
  };
}

/** The detail fields of a Ringside event, from its raw line. */
export function ringsideDetailFields(raw: string): [string, string][] {
  const fields: [string, string][] = [];
  try {
    const e = JSON.parse(raw) as Record<string, unknown>;
    for (const k of ['step', 'time', 'actor', 'kind', 'text', 'inFlight', 'free'])
      if (k in e) fields.push([k, plain(e[k])]);
    if (e.data && typeof e.data === 'object')
      for (const [k, v] of Object.entries(e.data)) fields.push([`data.${k}`, plain(v)]);
    if (e.error) fields.push(['error', plain(e.error)]);
    if (Array.isArray(e.writes))
      fields.push([
        'writes',
        `${e.writes.length} (${e.writes.filter((w) => Array.isArray(w) && w.length === 2).length} exact ring writes)`,
      ]);
  } catch {
    fields.push(['line', 'not JSON (skipped when loading)']);
  }
  return fields;
}

/** Row i of a QEMU log, from the timeline rebuilt from it. */
export function timelineRow(info: TraceInfo, timeline: Timeline, i: number): EventRow {
  const steps = info.steps;
  const k = steps.kindNames[steps.kind[i]];
  const lane = info.lanes[steps.lane[i]];
  const ref = steps.ref[i];
  let text: string;
  if (k === 'pop' || k === 'complete' || k === 'dropped') {
    const s = timeline.spans[ref];
    text = `${k === 'pop' ? 'Device pops' : k === 'complete' ? 'Device completes' : 'Dropped:'} ${s.name ?? `request ${s.id}`}${k === 'pop' && typeof s.args?.pop_line === 'number' ? ` (log line ${s.args.pop_line})` : ''}`;
  } else {
    const m = timeline.instants[ref];
    text = `${k === 'kick' ? 'Guest kicks the queue' : k === 'interrupt' ? 'Device interrupts the guest' : m.kind}${typeof m.args?.line === 'number' ? ` (log line ${m.args.line})` : ''}`;
  }
  return { step: i, time: steps.time[i], kind: k, actor: lane ? `${lane.device} ${lane.queue}` : '', text };
}

/** The detail fields of a QEMU log's event i (`row` is its event-list row). */
export function timelineDetailFields(
  info: TraceInfo,
  timeline: Timeline,
  row: EventRow,
  i: number,
): [string, string][] {
  const fields: [string, string][] = [
    ['time', `${row.time} ${UNIT_WORD[info.timeUnit]}`],
    ['kind', row.kind],
    ['queue', row.actor],
  ];
  const k = info.steps.kindNames[info.steps.kind[i]];
  const ref = info.steps.ref[i];
  if (k === 'pop' || k === 'complete' || k === 'dropped') {
    const s = timeline.spans[ref];
    fields.push(['request', `${s.name ?? s.id}`]);
    fields.push(['popped at', `${s.start}`]);
    if (s.end !== undefined) fields.push([s.outcome === 'dropped' ? 'dropped at' : 'completed at', `${s.end}`]);
    if (s.kick !== undefined) fields.push(['kick', `${s.kick}`]);
    if (s.interrupt !== undefined) fields.push(['interrupt', `${s.interrupt}`]);
    for (const [a, v] of Object.entries(s.args ?? {})) fields.push([a, String(v)]);
  } else {
    const m = timeline.instants[ref];
    for (const [a, v] of Object.entries(m.args ?? {})) fields.push([a, String(v)]);
  }
  return fields;
}
