/**
 * One packed virtqueue assembled in guest memory: the ring and both event areas, an area for indirect tables, an
 * area for data buffers, both sides and both eventfds. The memory map is fixed, so an image can be read without
 * this code:
 *
 *   0x0000 ..            descriptor ring (16·QS bytes), driver event area (4), device event area (4)
 *   tablesBase ..        indirect tables (first-fit, 16-byte aligned), page aligned
 *   buffersBase ..       data buffers (first-fit, 16-byte aligned), page aligned
 *
 * The caller may pass its own memory (the native bridge passes a memfd mapping).
 */
import { GuestAllocator } from '../memory/allocator';
import { GuestMemory } from '../memory/guest-memory';
import { EventFd } from '../virtio/eventfd';
import { alignUp } from '../virtio/layout';
import { PACKED_DESC_SIZE, type PackedFeatures } from './constants';
import { PackedDevice } from './device';
import { PackedDriver, type PackedDriverOptions } from './driver';
import { packedLayout, type PackedLayout } from './layout';

export interface PackedQueueConfig {
  /** 1..32768; need not be a power of two. */
  queueSize: number;
  features: PackedFeatures;
  /** Bytes for data buffers (default: 2 KiB per slot, at least 64 KiB, at most 8 MiB). */
  bufferBytes?: number;
  /** Bytes for indirect tables (default: room for a 16-entry table per slot when INDIRECT is on). */
  tableBytes?: number;
  driver?: Partial<PackedDriverOptions>;
}

export interface PackedMemoryMap {
  rings: { base: number; size: number };
  tables: { base: number; size: number };
  buffers: { base: number; size: number };
  total: number;
}

export interface PackedQueue {
  mem: GuestMemory;
  layout: PackedLayout;
  map: PackedMemoryMap;
  driver: PackedDriver;
  device: PackedDevice;
  tables: GuestAllocator;
  buffers: GuestAllocator;
  kick: EventFd;
  call: EventFd;
}

export function planPackedMemory(config: PackedQueueConfig): { layout: PackedLayout; map: PackedMemoryMap } {
  const qs = config.queueSize;
  const layout = packedLayout(qs, 0);
  const tableBytes = config.tableBytes ?? (config.features.indirect ? Math.max(4096, qs * 16 * PACKED_DESC_SIZE) : 0);
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

export function createPackedQueue(config: PackedQueueConfig, memory?: GuestMemory): PackedQueue {
  const { layout, map } = planPackedMemory(config);
  const mem = memory ?? GuestMemory.create(map.total, 'guest');
  if (!mem.contains(0, map.total)) {
    throw new RangeError(
      `guest memory of ${mem.buffer.byteLength} bytes is smaller than the ${map.total} bytes this queue needs`,
    );
  }
  const tables = new GuestAllocator(map.tables.base, map.tables.size);
  const buffers = new GuestAllocator(map.buffers.base, map.buffers.size);
  const driver = new PackedDriver(
    mem,
    layout,
    config.features,
    config.features.indirect ? tables : null,
    config.driver,
  );
  const device = new PackedDevice(mem, layout, config.features);
  driver.init();
  device.init();
  return { mem, layout, map, driver, device, tables, buffers, kick: new EventFd('kick'), call: new EventFd('call') };
}
