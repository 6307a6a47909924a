import { describe, expect, it } from 'vitest';
import { TraceParseError } from '../errors';
import { parseTraceLine } from './parse-line';

function parseErr(text: string): TraceParseError {
  try {
    parseTraceLine(text, 7);
  } catch (e) {
    if (e instanceof TraceParseError) return e;
    throw e;
  }
  throw new Error('expected a TraceParseError');
}

describe('parseTraceLine', () => {
  it('reads the tid@seconds.micros: prefix (QEMU log backend with -msg timestamp=on)', () => {
    expect(parseTraceLine('9637@1795316533.056287:virtqueue_flush vq 0x55f0d5071bf0 count 1', 3)).toEqual({
      line: 3,
      thread: 9637,
      sec: 1795316533,
      usec: 56287,
      name: 'virtqueue_flush',
      args: 'vq 0x55f0d5071bf0 count 1',
    });
  });

  it('scales fractions that are not 6 digits', () => {
    expect(parseTraceLine('1@5.25:ev_x', 1)!.usec).toBe(250000);
    expect(parseTraceLine('1@5.123456789:ev_x', 1)!.usec).toBeCloseTo(123456.789, 6);
  });

  it('reads an ISO-8601 prefix (newer qemu_log timestamps) with zone offsets', () => {
    const a = parseTraceLine('2025-07-09T12:34:56.789012Z virtio_notify vdev 0x1 vq 0x2', 1)!;
    expect(a.sec).toBe(Date.UTC(2025, 6, 9, 12, 34, 56) / 1000);
    expect(a.usec).toBe(789012);
    expect(a.thread).toBeUndefined();
    expect(a.name).toBe('virtio_notify');
    const b = parseTraceLine('2025-07-09T14:34:56+02:00 virtio_notify vdev 0x1 vq 0x2', 1)!;
    expect(b.sec).toBe(a.sec);
    expect(b.usec).toBe(0);
  });

  it('accepts lines without a prefix, events without arguments, trailing blanks', () => {
    expect(parseTraceLine('virtio_blk_data_plane_start dataplane 0x1 \r', 2)).toMatchObject({
      thread: undefined,
      sec: NaN,
      name: 'virtio_blk_data_plane_start',
      args: 'dataplane 0x1',
    });
    expect(parseTraceLine('vhost_user_postcopy_listen', 2)).toMatchObject({
      name: 'vhost_user_postcopy_listen',
      args: '',
    });
  });

  it('returns null for blank lines', () => {
    expect(parseTraceLine('', 1)).toBeNull();
    expect(parseTraceLine('  \t', 1)).toBeNull();
  });

  it('reports what it expected, with the line number', () => {
    const cases: Array<[string, RegExp]> = [
      ['9637@1795316533', /seconds and "\." after "tid@"/],
      ['9637@1795316533.', /fraction digits/],
      ['9637@1795316533.0563', /":" after the timestamp/],
      ['9637@1795316533.056287:', /an event name/],
      ['9637:virtqueue_pop', /tid@seconds\.micros:/],
      ['99999999999999999999@1.0:ev_x', /thread id of at most 15 digits/],
      ['1@99999999999999999999.0:ev_x', /seconds of at most 15 digits/],
      ['qemu-system-x86_64: warning: something', /an event name/],
      ['virtio_notify: vdev 0x1', /space or end of line after the event name/],
      ['-- garbage', /an event name/],
      ['Unknown option foo', /an event name \(lowercase_snake_case\)/],
      ['VIRTIO_NOTIFY vdev 0x1', /an event name/],
      ['word', /an event name/],
      ['_private_thing x', /an event name/],
      ['2025-13-09T12:34:56Z x', /a valid date and time/],
      ['2025-07-09T12:34 x', /ISO-8601/],
      ['2025-07-09T12:34:56 x', /time zone/],
    ];
    for (const [text, re] of cases) {
      const e = parseErr(text);
      expect(e.line).toBe(7);
      expect(e.message).toMatch(re);
      expect(e.message).toMatch(/^line 7/);
    }
  });

  it('keeps control characters out of error messages', () => {
    const e = parseErr('\u0000\u0001\u001b[31mboom');
    expect(e.found).not.toMatch(/[\u0000-\u001f]/);
  });
});
