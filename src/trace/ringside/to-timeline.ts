/**
 * A Ringside trace as the source-neutral Timeline, so the same summary and Chrome export
 * serve our traces and imported QEMU logs. Requests span from the device's pop to the
 * A request spans the driver's add to its reclaim — its whole life as the driver sees it,
 * which is what a driver-side capture of a real device has too; the device's pop, when the
 * trace has it, is kept in the span's arguments. Spans carry no kick of their own (a
 * request is added before the kick that announces it). Kicks and interrupts are instants;
 * in-flight is the driver's count after every event.
 */
import type { TraceHeader } from '../../model/trace/format';
import type { SimEvent } from '../../model/vqsim/events';
import { IN_FLIGHT, type CounterSeries, type InstantMark, type RequestSpan, type Timeline } from '../model';

export function ringsideToTimeline(header: TraceHeader, events: readonly SimEvent[]): Timeline {
  const q = header.queues[0];
  const device = q ? `${q.device}${header.scenario ? ` (${header.scenario})` : ''}` : 'queue';
  const queue = q ? `q${q.index}` : 'q0';
  const open = new Map<number, RequestSpan>();
  const spans: RequestSpan[] = [];
  const instants: InstantMark[] = [];
  const batches: { device: string; queue: string; time: number; size: number }[] = [];
  const counter: CounterSeries = { device, queue, name: IN_FLIGHT, time: [], value: [] };
  const awaitingIrq: RequestSpan[] = [];
  // Does the trace see the device's side (model runs) or only the driver's (captures of real devices)?
  const deviceSide = events.some((x) => x.kind === 'flush');
  for (const e of events) {
    const d = e.data as Record<string, unknown>;
    switch (e.kind) {
      case 'kick':
        instants.push({ device, queue, kind: 'kick', time: e.time });
        break;
      case 'add': {
        const head = Number(d.head);
        const span: RequestSpan = {
          device,
          queue,
          id: `${e.step}`,
          start: e.time,
          name: `#${d.id} head ${head}`,
          args: { head, request: Number(d.id), addStep: e.step },
        };
        open.set(head, span);
        spans.push(span);
        break;
      }
      case 'recycle': {
        const head = Number(d.head);
        const span: RequestSpan = {
          device,
          queue,
          id: `${e.step}`,
          start: e.time,
          name: `recycled head ${head}`,
          args: { head, addStep: e.step },
        };
        open.set(head, span);
        spans.push(span);
        break;
      }
      case 'pop': {
        const s = open.get(Number(d.head));
        if (s) s.args = { ...s.args, popAt: e.time };
        break;
      }
      case 'kick-suppressed':
        break;
      case 'flush':
        if (typeof d.count === 'number' && d.count > 0) batches.push({ device, queue, time: e.time, size: d.count });
        if (d.interrupt === true) {
          instants.push({ device, queue, kind: 'interrupt', time: e.time });
          for (const s of awaitingIrq.splice(0)) s.interrupt = e.time;
        }
        break;
      case 'complete': {
        const s = open.get(Number(d.head));
        if (s) awaitingIrq.push(s);
        break;
      }
      case 'driver-wake':
        // A driver-side capture sees the interrupt when the driver wakes for it.
        if (!deviceSide) instants.push({ device, queue, kind: 'interrupt', time: e.time });
        break;
      case 'reclaim': {
        const head = Number(d.head);
        const s = open.get(head);
        if (s) {
          s.end = e.time;
          s.outcome = 'completed';
          if (typeof d.id === 'number') s.args = { ...s.args, request: d.id, len: Number(d.len) };
          open.delete(head);
        }
        break;
      }
      case 'error':
        instants.push({
          device,
          queue,
          kind: 'error',
          time: e.time,
          args: { message: String(e.error?.message ?? e.text) },
        });
        break;
    }
    counter.time.push(e.time);
    counter.value.push(e.inFlight);
  }
  return {
    timeUnit: 'ns',
    source: `ringside-${header.source}`,
    spans,
    instants,
    batches,
    counters: [counter],
    queues: [{ device, queue }],
    limitations:
      header.source === 'model' ? [] : [`Captured from ${header.source}: times are as the capturing side saw them.`],
  };
}
