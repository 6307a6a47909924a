/**
 * One split virtqueue assembled in guest memory: rings, an area for indirect tables,
 * an area for data buffers, both sides and both eventfds. The memory map is fixed and
 * printed with dumps, so a memory image can be read without this code:
 *
 *   0x0000 ..            rings (modern layout at 0, or legacy vring_init layout with align 4096)
 *   tablesBase ..        indirect tables (first-fit, 16-byte aligned)
 *   buffersBase ..       data buffers (first-fit, 16-byte aligned)
 *
 * The caller may pass its own memory (the native bridge passes a memfd mapping).
 */
import { GuestAllocator } from '../memory/allocator';
import { GuestMemory } from '../memory/guest-memory';
import { DESC_SIZE, type RingFeatures } from './constants';
import { VirtqueueDevice } from './device';
import { VirtqueueDriver, type DriverOptions } from './driver';
import { EventFd } from './eventfd';
import { alignUp, legacyLayout, modernLayout, type SplitLayout } from './layout';

export interface QueueConfig {
  queueSize: number;
  features: RingFeatures;
  layout?: 'modern' | 'legacy';
  /** Bytes for data buffers (default: 2 KiB per slot, at least 64 KiB, at most 8 MiB). */
  bufferBytes?: number;
  /** Bytes for indirect tables (default: room for every slot to have a 16-entry table when INDIRECT is on). */
  tableBytes?: number;
  driver?: Partial<DriverOptions>;
  /** Initial avail/used index (non-zero shows wrap-around quickly, as after a vhost-user SET_VRING_BASE). */
  baseIndex?: number;
}

export interface MemoryMap {
  rings: { base: number; size: number };
  tables: { base: number; size: number };
  buffers: { base: number; size: number };
  total: number;
}

export interface Virtqueue {
  mem: GuestMemory;
  layout: SplitLayout;
  map: MemoryMap;
  driver: VirtqueueDriver;
  device: VirtqueueDevice;
  tables: GuestAllocator;
  buffers: GuestAllocator;
  kick: EventFd;
  call: EventFd;
}

export function planMemory(config: QueueConfig): { layout: SplitLayout; map: MemoryMap } {
  const qs = config.queueSize;
  const layout = config.layout === 'legacy' ? legacyLayout(qs, 0, 4096) : modernLayout(qs, 0);
  const tableBytes = config.tableBytes ?? (config.features.indirect ? Math.max(4096, qs * 16 * DESC_SIZE) : 0);
  const bufferBytes = config.bufferBytes ?? Math.min(8 << 20, Math.max(64 << 10, qs * 2048));
  const tablesBase = alignUp(layout.totalSize, 4096);
  const buffersBase = alignUp(tablesBase + tableBytes, 4096);
  const total = alignUp(buffersBase + bufferBytes, 4096);
  return {
    layout,
    map: {
      rings: { base: 0, size: layout.totalSize },
      tables: { base: tablesBase, size: tableBytes },
      buffers: { base: buffersBase, size: bufferBytes },
      total,
    },
  };
}

export function createQueue(config: QueueConfig, memory?: GuestMemory): Virtqueue {
  const { layout, map } = planMemory(config);
  const mem = memory ?? GuestMemory.create(map.total, 'guest');
  if (!mem.contains(0, map.total)) {
    throw new RangeError(
      `guest memory of ${mem.buffer.byteLength} bytes is smaller than the ${map.total} bytes this queue needs`,
    );
  }
  const tables = new GuestAllocator(map.tables.base, map.tables.size);
  const buffers = new GuestAllocator(map.buffers.base, map.buffers.size);
  const driver = new VirtqueueDriver(mem, layout, config.features, tables, {
    segmentSize: 0,
    indirect: 'auto',
    ...config.driver,
  });
  const device = new VirtqueueDevice(mem, layout, config.features);
  const base = config.baseIndex ?? 0;
  device.init(base);
  driver.init(base);
  return { mem, layout, map, driver, device, tables, buffers, kick: new EventFd('kick'), call: new EventFd('call') };
}
