/**
 * Fast snapshots of a queue (split or packed) for the exhaustive explorer, which saves and restores state around
 * every branch: both sides' state records, the bytes of the rings (and of the indirect tables when there can be
 * any) and the table allocator.
 */
import type { GuestAllocator } from '../memory/allocator';
import type { GuestMemory } from '../memory/guest-memory';

/**
 * Save and restore a side's state record without its save()/restore(), which structuredClone the record (15 µs a
 * call, most of the run time here). The records are flat: numbers, typed arrays, arrays of numbers and an error
 * record that is never mutated. The field lists are read once; restoring writes into the record's own typed arrays.
 */
interface FieldCopier<T> {
  save(s: T): T;
  restore(into: T, saved: T): void;
}

function fieldCopier<T extends object>(sample: T): FieldCopier<T> {
  const typed: string[] = [];
  const lists: string[] = [];
  const plain: string[] = [];
  for (const [k, v] of Object.entries(sample))
    (ArrayBuffer.isView(v) ? typed : Array.isArray(v) ? lists : plain).push(k);
  return {
    save: (s) => {
      const src = s as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const k of typed) out[k] = (src[k] as Uint8Array).slice();
      for (const k of lists) out[k] = (src[k] as number[]).slice();
      for (const k of plain) out[k] = src[k];
      return out as T;
    },
    restore: (into, saved) => {
      const dst = into as Record<string, unknown>;
      const src = saved as Record<string, unknown>;
      for (const k of typed) (dst[k] as Uint8Array).set(src[k] as Uint8Array);
      for (const k of lists) dst[k] = (src[k] as number[]).slice();
      for (const k of plain) dst[k] = src[k];
    },
  };
}
/** What of a queue (split or packed) changes as the explorer drives it. */
export interface QueueParts<D extends object, V extends object> {
  mem: GuestMemory;
  map: { rings: Region; tables: Region };
  driver: { s: D };
  device: { s: V };
  tables: GuestAllocator;
}
interface Region {
  base: number;
  size: number;
}

/**
 * Snapshots of a queue: both sides' state records, the bytes of the rings (and of the indirect tables when there
 * can be any) and the table allocator. The data buffers are left out: nothing writes into them here.
 */
export function snapshotter<D extends object, V extends object>(
  q: QueueParts<D, V>,
  indirect: boolean,
): () => () => void {
  const driverFields = fieldCopier(q.driver.s);
  const deviceFields = fieldCopier(q.device.s);
  const regions = indirect ? [q.map.rings, q.map.tables] : [q.map.rings];
  return () => {
    const driver = driverFields.save(q.driver.s);
    const device = deviceFields.save(q.device.s);
    const bytes = regions.map((r) => q.mem.readBytes(r.base, r.size));
    const tables = indirect ? q.tables.save() : null;
    return () => {
      driverFields.restore(q.driver.s, driver);
      deviceFields.restore(q.device.s, device);
      for (let k = 0; k < regions.length; k++) q.mem.writeBytes(regions[k].base, bytes[k]);
      if (tables) q.tables.restore(tables);
    };
  };
}
