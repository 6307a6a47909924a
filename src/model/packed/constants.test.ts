import { describe, expect, it } from 'vitest';
import {
  PACKED_DESC_SIZE,
  PACKED_EVENT_SIZE,
  VIRTIO_F_IN_ORDER,
  VIRTIO_F_RING_PACKED,
  VRING_DESC_F_INDIRECT,
  VRING_DESC_F_NEXT,
  VRING_DESC_F_WRITE,
  VRING_PACKED_DESC_F_AVAIL,
  VRING_PACKED_DESC_F_AVAIL_SHIFT,
  VRING_PACKED_DESC_F_USED,
  VRING_PACKED_DESC_F_USED_SHIFT,
  VRING_PACKED_EVENT_FLAG_DESC,
  VRING_PACKED_EVENT_FLAG_DISABLE,
  VRING_PACKED_EVENT_FLAG_ENABLE,
  VRING_PACKED_EVENT_F_WRAP_CTR,
  eventFlagName,
  packedFeatureBits,
  packedFlagNames,
} from './constants';

describe('packed ring constants (<linux/virtio_ring.h>, virtio 1.2)', () => {
  it('has the header values', () => {
    expect(VRING_PACKED_DESC_F_AVAIL_SHIFT).toBe(7);
    expect(VRING_PACKED_DESC_F_USED_SHIFT).toBe(15);
    expect(VRING_PACKED_DESC_F_AVAIL).toBe(0x80);
    expect(VRING_PACKED_DESC_F_USED).toBe(0x8000);
    expect([VRING_DESC_F_NEXT, VRING_DESC_F_WRITE, VRING_DESC_F_INDIRECT]).toEqual([1, 2, 4]);
    expect([VRING_PACKED_EVENT_FLAG_ENABLE, VRING_PACKED_EVENT_FLAG_DISABLE, VRING_PACKED_EVENT_FLAG_DESC]).toEqual([
      0, 1, 2,
    ]);
    expect(VRING_PACKED_EVENT_F_WRAP_CTR).toBe(15);
    expect(VIRTIO_F_RING_PACKED).toBe(34);
    expect(VIRTIO_F_IN_ORDER).toBe(35);
    expect(PACKED_DESC_SIZE).toBe(16);
    expect(PACKED_EVENT_SIZE).toBe(4);
  });

  it('negotiates VERSION_1 and RING_PACKED always, EVENT_IDX (29) and INDIRECT_DESC (28) when asked', () => {
    const base = (1n << 32n) | (1n << 34n);
    expect(packedFeatureBits({ eventIdx: false, indirect: false })).toBe(base);
    expect(packedFeatureBits({ eventIdx: true, indirect: false })).toBe(base | (1n << 29n));
    expect(packedFeatureBits({ eventIdx: false, indirect: true })).toBe(base | (1n << 28n));
    expect(packedFeatureBits({ eventIdx: true, indirect: true })).toBe(0x530000000n);
  });

  it('names flags', () => {
    expect(packedFlagNames(0)).toEqual([]);
    expect(packedFlagNames(0x8083)).toEqual(['NEXT', 'WRITE', 'AVAIL', 'USED']);
    expect(packedFlagNames(0x8004)).toEqual(['INDIRECT', 'USED']);
    expect(packedFlagNames(0x0108)).toEqual(['0x108']);
    expect([0, 1, 2, 3].map(eventFlagName)).toEqual(['ENABLE', 'DISABLE', 'DESC', 'reserved 0x3']);
  });
});
