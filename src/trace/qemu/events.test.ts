import { describe, expect, it } from 'vitest';
import { TraceParseError } from '../errors';
import { decodeEvent, deviceKindOf, mentionedDevice, parseValue } from './events';
import { parseTraceLine } from './parse-line';

const decode = (text: string) => decodeEvent(parseTraceLine(text, 1)!);

describe('decodeEvent', () => {
  it('decodes the virtqueue and virtio events of QEMU 7.2', () => {
    expect(decode('virtqueue_alloc_element elem 0xA0 size 240 in_num 2 out_num 1')).toEqual({
      kind: 'alloc',
      elem: '0xa0',
      size: 240,
    });
    expect(decode('virtqueue_pop vq 0x1 elem 0x2 in_num 2 out_num 1')).toEqual({
      kind: 'pop',
      vq: '0x1',
      elem: '0x2',
      inNum: 2,
      outNum: 1,
    });
    expect(decode('virtqueue_fill vq 0x1 elem 0x2 len 4097 idx 0')).toEqual({
      kind: 'fill',
      vq: '0x1',
      elem: '0x2',
      len: 4097,
      idx: 0,
    });
    expect(decode('virtqueue_flush vq 0x1 count 3')).toEqual({ kind: 'flush', vq: '0x1', count: 3 });
    expect(decode('virtio_queue_notify vdev 0x9 n 2 vq 0x1')).toEqual({ kind: 'kick', vdev: '0x9', n: 2, vq: '0x1' });
    expect(decode('virtio_notify_irqfd vdev 0x9 vq 0x1')).toEqual({ kind: 'interrupt', vdev: '0x9', vq: '0x1' });
    expect(decode('virtio_notify vdev 0x9 vq 0x1')).toEqual({ kind: 'interrupt', vdev: '0x9', vq: '0x1' });
    expect(decode('virtio_notify_irqfd_deferred_fn vdev 0x9 vq 0x1')).toEqual({
      kind: 'interrupt',
      vdev: '0x9',
      vq: '0x1',
    });
    expect(decode('virtio_set_status vdev 0x9 val 15')).toEqual({ kind: 'status', vdev: '0x9', val: 15 });
  });

  it('decodes virtio-blk request events, including newer request kinds', () => {
    expect(decode('virtio_blk_handle_read vdev 0x9 req 0x2 sector 16 nsectors 8')).toEqual({
      kind: 'blk-request',
      vdev: '0x9',
      req: '0x2',
      op: 'read',
      sector: 16,
      nsectors: 8,
    });
    expect(decode('virtio_blk_handle_write vdev 0x9 req 0x2 sector 0 nsectors 1')).toMatchObject({ op: 'write' });
    expect(decode('virtio_blk_handle_zone_report vdev 0x9 req 0x2 sector 0x10 nr_zones 4')).toEqual({
      kind: 'blk-request',
      vdev: '0x9',
      req: '0x2',
      op: 'zone_report',
      sector: undefined,
      nsectors: undefined,
    });
    expect(decode('virtio_blk_req_complete vdev 0x9 req 0x2 status 0')).toEqual({
      kind: 'blk-complete',
      req: '0x2',
      status: 0,
    });
    // Older QEMU: no vdev field.
    expect(decode('virtio_blk_rw_complete req 0x2 ret -5')).toEqual({ kind: 'blk-rw-complete', req: '0x2', ret: -5 });
  });

  it('accepts (nil), extra fields, reordered fields and double spaces', () => {
    expect(decode('virtio_notify vdev (nil) vq 0x1')).toMatchObject({ vdev: '0x0' });
    expect(decode('virtqueue_flush count 2 vq 0x1 extra 7')).toEqual({ kind: 'flush', vq: '0x1', count: 2 });
    expect(decode('virtqueue_flush vq  0x1   count 2')).toEqual({ kind: 'flush', vq: '0x1', count: 2 });
  });

  it('keeps unknown events as other', () => {
    expect(decode('virtio_blk_data_plane_start dataplane 0x1')).toEqual({ kind: 'other' });
    expect(decode('virtio_net_announce_timer 1 2 3')).toEqual({ kind: 'other' });
  });

  it('throws a typed error naming the missing or bad field', () => {
    const cases: Array<[string, RegExp]> = [
      ['virtqueue_pop vq 0x1 elem', /expected `elem <pointer>`/],
      ['virtqueue_pop vq 0x1 elem 0x2 in_num 2', /expected `out_num <unsigned number>`/],
      ['virtqueue_flush vq 0x1 count -1', /<unsigned number> after `count`/],
      ['virtqueue_flush vq 0x1 count 99999999999999999999', /<unsigned number> after `count`/],
      ['virtqueue_flush vq 0x1 count 9007199254740993', /<unsigned number> after `count`/],
      ['virtqueue_flush vq 0x12345678901234567 count 1', /<pointer> after `vq`/],
      ['virtqueue_flush vq 1234 count 1', /<pointer> after `vq`/],
      ['virtio_queue_notify vdev 0x1 n x vq 0x2', /<number> after `n`/],
      ['virtio_blk_handle_read vdev 0x9 req 0x2 sector 16', /`nsectors <unsigned number>`/],
    ];
    for (const [text, re] of cases) {
      let err: unknown;
      try {
        decode(text);
      } catch (e) {
        err = e;
      }
      expect(err, text).toBeInstanceOf(TraceParseError);
      expect((err as TraceParseError).message, text).toMatch(re);
      expect((err as TraceParseError).event).toBe(text.split(' ')[0]);
    }
  });
});

describe('helpers', () => {
  it('parseValue bounds numbers to exact integers', () => {
    expect(parseValue('9007199254740991', 'uint')).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseValue('9007199254740992', 'uint')).toBeUndefined();
    expect(parseValue('-3', 'uint')).toBeUndefined();
    expect(parseValue('-3', 'int')).toBe(-3);
    expect(parseValue('-', 'int')).toBeUndefined();
    expect(parseValue('0xffffffffffffffff', 'ptr')).toBe('0xffffffffffffffff');
  });

  it('finds the vdev an unknown event mentions and the device kind from its name', () => {
    expect(mentionedDevice('vdev 0xAB req 0x1')).toBe('0xab');
    expect(mentionedDevice('foo 1 vdev 0x5')).toBe('0x5');
    expect(mentionedDevice('vdevx 0x5')).toBeUndefined();
    expect(deviceKindOf('virtio_net_announce_timer')).toBe('virtio-net');
    expect(deviceKindOf('virtio_pci_notify')).toBeUndefined();
    expect(deviceKindOf('virtqueue_pop')).toBeUndefined();
  });
});
