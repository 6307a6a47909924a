/**
 * Model vs reality: the same driver run against two devices, compared. Driver-written
 * state must be identical; device-written state must be identical where the spec fixes
 * it (used ids, lengths, data) and may differ where the spec leaves the device free
 * (notification timing, avail_event, completion order) — those are reported as allowed.
 */
import { describeAddress, ring, type SplitLayout } from '../virtio/layout';
import type { MemoryMap } from '../virtio/queue';
import type { BatchRunResult } from './batch-runner';

export interface Difference {
  /** 'divergence': the model is wrong (or the device is); 'allowed': the spec permits it. */
  class: 'divergence' | 'allowed';
  where: string;
  model: string;
  real: string;
  note: string;
}

export interface NotificationCounts {
  kicksSent: number;
  kicksSuppressed: number;
  deviceWakeups: number;
  interruptsSignalled: number;
  interruptsSuppressed: number;
  driverWakeups: number;
}

function counts(r: BatchRunResult): NotificationCounts {
  return {
    kicksSent: r.kicks.sent,
    kicksSuppressed: r.kicks.suppressed,
    deviceWakeups: r.device?.kickWakeups ?? 0,
    interruptsSignalled: r.device?.interruptsSignalled ?? 0,
    interruptsSuppressed: r.device?.interruptsSuppressed ?? 0,
    driverWakeups: r.interrupts.wakeups,
  };
}

export interface ComparisonReport {
  identical: boolean;
  firstDivergence: (Difference & { batch: number | null; event: number | null }) | null;
  allowed: Difference[];
  memoryDiffs: { batch: number; fields: { field: string; model: string; real: string; allowed: boolean }[] }[];
  notifications: { model: NotificationCounts; real: NotificationCounts };
  completed: { model: number; real: number };
}

/**
 * The ring fields whose values depend on when each side looked (notification suppression):
 * the spec leaves them to timing, so model and device may differ there.
 */
export function timingField(name: string): boolean {
  return name === 'used.avail_event' || name === 'avail.used_event' || name === 'used.flags' || name === 'avail.flags';
}

function hexBytes(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
}

export function compareRuns(
  model: BatchRunResult,
  real: BatchRunResult,
  layout: SplitLayout,
  map: MemoryMap,
): ComparisonReport {
  const allowed: Difference[] = [];
  let first: ComparisonReport['firstDivergence'] = null;
  const diverge = (d: Omit<Difference, 'class'>, batch: number | null, event: number | null) => {
    if (!first) first = { ...d, class: 'divergence', batch, event };
  };

  // 1. The driver's own decisions: adds and reclaims, event by event (kicks may differ: timing).
  const significant = (r: BatchRunResult) =>
    r.events.filter((e) => e.kind === 'add' || e.kind === 'reclaim' || e.kind === 'error');
  const me = significant(model);
  const re = significant(real);
  for (let i = 0; i < Math.max(me.length, re.length) && !first; i++) {
    const a = me[i];
    const b = re[i];
    if (!a || !b) {
      diverge(
        {
          where: `event ${i}`,
          model: a ? a.text : 'nothing',
          real: b ? b.text : 'nothing',
          note: 'one run has more events than the other',
        },
        null,
        i,
      );
      break;
    }
    if (a.kind !== b.kind) {
      diverge({ where: `event ${i} kind`, model: a.kind, real: b.kind, note: `${a.text} / ${b.text}` }, null, i);
      break;
    }
    for (const k of ['head', 'len', 'id', 'slot']) {
      if (a.data[k] !== undefined && JSON.stringify(a.data[k]) !== JSON.stringify(b.data[k])) {
        const sameSet = a.kind === 'reclaim' && k !== 'len';
        if (sameSet) {
          allowed.push({
            class: 'allowed',
            where: `event ${i} ${k}`,
            model: String(a.data[k]),
            real: String(b.data[k]),
            note: 'the device returned chains in a different order; the spec lets a device complete in any order',
          });
        } else {
          diverge(
            {
              where: `event ${i} ${a.kind}.${k}`,
              model: JSON.stringify(a.data[k]),
              real: JSON.stringify(b.data[k]),
              note: `${a.text} / ${b.text}`,
            },
            null,
            i,
          );
        }
        break;
      }
    }
  }

  // 2. Per batch: the set of used heads and their lengths must match.
  for (let bi = 0; bi < Math.min(model.quiescent.length, real.quiescent.length) && !first; bi++) {
    const mu = [...model.quiescent[bi].used].sort((x, y) => x[0] - y[0]);
    const ru = [...real.quiescent[bi].used].sort((x, y) => x[0] - y[0]);
    if (JSON.stringify(mu) !== JSON.stringify(ru)) {
      diverge(
        {
          where: `batch ${bi} used entries {head,len}`,
          model: JSON.stringify(mu),
          real: JSON.stringify(ru),
          note: 'the device returned different chains or lengths',
        },
        bi,
        null,
      );
    }
  }

  // 3. Memory at quiescent points, field by field (rings) and byte ranges (tables, buffers).
  const memoryDiffs: ComparisonReport['memoryDiffs'] = [];
  for (let bi = 0; bi < Math.min(model.quiescent.length, real.quiescent.length); bi++) {
    const a = model.quiescent[bi].image;
    const b = real.quiescent[bi].image;
    const fields = new Map<string, { field: string; model: string; real: string; allowed: boolean }>();
    const n = Math.min(a.length, b.length, map.total);
    for (let i = 0; i < n; i++) {
      if (a[i] === b[i]) continue;
      const ringField = describeAddress(layout, i);
      const field =
        ringField ??
        (i >= map.buffers.base
          ? `buffers+0x${(i - map.buffers.base).toString(16)}`
          : `tables+0x${(i - map.tables.base).toString(16)}`);
      const key = ringField ?? `${field.split('+')[0]}@${Math.floor(i / 16) * 16}`;
      if (fields.has(key)) continue;
      const at = ringField ? fieldStart(layout, i) : Math.floor(i / 16) * 16;
      const len = ringField ? fieldLen(ringField) : 16;
      fields.set(key, {
        field: ringField ?? field,
        model: hexBytes(a.subarray(at, at + len)),
        real: hexBytes(b.subarray(at, at + len)),
        allowed: ringField !== null && timingField(ringField),
      });
    }
    const list = [...fields.values()];
    if (list.length > 0) memoryDiffs.push({ batch: bi, fields: list });
    for (const f of list) {
      if (f.allowed)
        allowed.push({
          class: 'allowed',
          where: `batch ${bi} ${f.field}`,
          model: f.model,
          real: f.real,
          note: 'a notification-suppression field: its value depends on when each side looked, which the spec leaves to timing',
        });
      else
        diverge(
          {
            where: `batch ${bi} memory ${f.field}`,
            model: f.model,
            real: f.real,
            note: 'bytes differ at a quiescent point',
          },
          bi,
          null,
        );
    }
  }
  if (model.quiescent.length !== real.quiescent.length) {
    diverge(
      {
        where: 'batches',
        model: String(model.quiescent.length),
        real: String(real.quiescent.length),
        note: 'one run completed fewer batches',
      },
      null,
      null,
    );
  }
  return {
    identical: first === null,
    firstDivergence: first,
    allowed,
    memoryDiffs,
    notifications: { model: counts(model), real: counts(real) },
    completed: { model: model.completed, real: real.completed },
  };
}

function fieldLen(name: string): number {
  if (name.endsWith('.addr')) return 8;
  if (name.endsWith('.len') || name.endsWith('.id')) return 4;
  return 2;
}

/** Start address of the ring field that contains byte `gpa`. */
function fieldStart(l: SplitLayout, gpa: number): number {
  if (gpa >= l.desc && gpa < l.avail) {
    const base = l.desc + Math.floor((gpa - l.desc) / 16) * 16;
    const off = gpa - base;
    return base + (off < 8 ? 0 : off < 12 ? 8 : off < 14 ? 12 : 14);
  }
  if (gpa >= l.used && gpa < ring.availEvent(l)) {
    if (gpa < l.used + 4) return gpa - ((gpa - l.used) % 2);
    const base = l.used + 4 + Math.floor((gpa - l.used - 4) / 8) * 8;
    return gpa - base < 4 ? base : base + 4;
  }
  return gpa - ((gpa - l.avail) % 2);
}
