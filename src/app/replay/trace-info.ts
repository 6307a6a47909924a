/**
 * What the replay page is told about a loaded trace (TraceInfo) and what the session answers from (the private
 * state tracker, the timeline), built for each format: a QEMU log once it is read whole, a Ringside trace for the
 * events indexed so far.
 */
import { ring } from '../../model/virtio/layout';
import type { Timeline } from '../../trace/model';
import { qemuToTimeline } from '../../trace/qemu/to-timeline';
import type { QemuTrace } from '../../trace/qemu/types';
import { ACTOR_CODES, KIND_CODES, type RingsideTraceIndex } from '../../trace/replay/ringside-index';
import { summarizeTimeline } from '../../trace/summary';
import { columnsTimeline } from '../../trace/replay/column-timeline';
import { timelineLanes } from '../../trace/replay/lanes';
import type { PrivateStateTracker } from '../../trace/replay/private-state';
import type { LiveState, Progress, TraceInfo } from './protocol';
import type { RingFacts } from './ring-facts';
import { qemuSteps, type StepTable } from '../../trace/replay/steps';

/** What the session tells the page and answers with, for the events indexed so far. */
export interface Snapshot {
  info: TraceInfo;
  tracker: PrivateStateTracker | null;
  timeline: Timeline;
}

/** One load's reading state: when it started, bytes so far, progress reports. */
export interface Reading {
  t0: number;
  bytes: number;
  report(phase: Progress['phase'], events: number): void;
}

const MARKED = new Set(['error', 'corrupt', 'intervention']);

/** What the page is told about a QEMU log read whole, and its timeline (a QEMU log has no ring memory). */
export function qemuSnapshot(name: string, r: Reading, trace: QemuTrace): Snapshot {
  const tl = qemuToTimeline(trace);
  const lanes = timelineLanes(tl);
  const laneIdx = new Map(lanes.map((l, i) => [`${l.device}\u0000${l.queue}`, i]));
  const steps = qemuSteps(tl, (d, q) => laneIdx.get(`${d}\u0000${q}`) ?? 0);
  const info: TraceInfo = {
    name,
    format: 'qemu',
    bytes: r.bytes,
    timeUnit: tl.timeUnit,
    header: null,
    summary: summarizeTimeline(tl),
    limitations: tl.limitations ?? [],
    badLines: { count: trace.badLines, samples: trace.badLineSamples.map((b) => `line ${b.line}: ${b.message}`) },
    lanes,
    steps,
    markers: [],
    ringside: null,
    loadMs: performance.now() - r.t0,
    retainedBytes: 0,
    live: null,
  };
  return { info, tracker: null, timeline: tl };
}

export /**
 * What the page is told about a Ringside trace's first `index.count` events, and the state
 * tracker that answers for them. Every part is a function of those events only, so a live
 * prefix gets exactly what the complete trace gives for the same steps.
 */
function ringsideSnapshot(
  name: string,
  r: Reading,
  index: RingsideTraceIndex,
  facts: RingFacts,
  tracker: PrivateStateTracker | null,
  live: LiveState | null,
): Snapshot {
  const n = index.count;
  const q = index.header.queues[0];
  const tl = columnsTimeline(index.header, index, facts.flushes);
  const kinds = index.kind;
  const markers: TraceInfo['markers'] = [];
  for (let i = 0; i < n && markers.length < 2000; i++)
    if (MARKED.has(KIND_CODES[kinds[i]])) markers.push({ step: i, kind: KIND_CODES[kinds[i]] });
  // The index's own columns: entries below n never change as it grows, and the worker
  // copies them once when it sends them to the page.
  const steps: StepTable = {
    kindNames: KIND_CODES,
    time: index.time,
    kind: kinds,
    lane: new Uint16Array(n),
    ref: new Uint32Array(0),
    actor: index.actor,
    actorNames: ACTOR_CODES,
    head: index.head,
    request: index.request,
  };
  const info: TraceInfo = {
    name,
    format: 'ringside',
    bytes: r.bytes,
    timeUnit: 'ns',
    header: index.header,
    summary: summarizeTimeline(tl),
    limitations: [
      ...(tl.limitations ?? []),
      ...(facts.firstPop < 0 && n > 0
        ? [
            'The device’s pops are not in this trace (a driver-side capture): last_avail is inferred from avail.idx and the chains still waiting, and chains the device holds show as waiting.',
          ]
        : []),
    ],
    badLines: { count: index.badLines, samples: [] },
    lanes: timelineLanes(tl),
    steps,
    markers,
    ringside: q
      ? {
          layout: q.layout,
          eventIdx: !!index.header.features.eventIdx,
          bases: facts.bases(index.initialU16(ring.usedIdx(q.layout))),
        }
      : null,
    loadMs: performance.now() - r.t0,
    retainedBytes: index.retainedBytes() + (tracker?.retainedBytes() ?? 0),
    live,
  };
  return { info, tracker, timeline: tl };
}
