/**
 * Hostile input: whatever arrives, import ends with a result or a typed TraceError (or the
 * abort reason) — never a TypeError/RangeError, never a hang.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memoryChunks } from './byte-sources';
import { LineTooLongError, TraceError, TraceParseError } from './errors';
import { importQemuTrace, importQemuTraceLines } from './qemu/import';
import { MULTI_DEVICE_LOG } from './qemu/testing-logs';
import { qemuToTimeline } from './qemu/to-timeline';
import { summarizeTimeline } from './summary';
import { toChromeTrace } from './chrome-export';

/** fast-check's seed for this file's properties: a failure reproduces, and the tests name it. */
const FC_SEED = 20261204;

const SAMPLE_LINES = MULTI_DEVICE_LOG.split('\n');

/** Runs f; returns 'ok' or the error, failing the test on any untyped exception. */
function typedOutcome(f: () => unknown): 'ok' | TraceError {
  try {
    f();
    return 'ok';
  } catch (e) {
    if (e instanceof TraceError) return e;
    throw e;
  }
}

/** Full pipeline, so summary and export also see whatever the importer let through. */
function pipeline(lines: string[], skip: boolean) {
  const t = importQemuTraceLines(lines, { onBadLine: skip ? 'skip' : 'stop' });
  const tl = qemuToTimeline(t);
  summarizeTimeline(tl);
  JSON.stringify(toChromeTrace(tl));
  return t;
}

const EVENT_NAMES = [
  'virtqueue_alloc_element',
  'virtqueue_pop',
  'virtqueue_fill',
  'virtqueue_flush',
  'virtio_queue_notify',
  'virtio_notify',
  'virtio_notify_irqfd',
  'virtio_set_status',
  'virtio_blk_handle_read',
  'virtio_blk_handle_zone_append',
  'virtio_blk_req_complete',
  'virtio_blk_rw_complete',
  'something_else',
];
const KEYS = [
  'vq',
  'vdev',
  'elem',
  'req',
  'n',
  'count',
  'len',
  'idx',
  'in_num',
  'out_num',
  'size',
  'val',
  'sector',
  'nsectors',
  'status',
  'ret',
];
const VALUES = fc.oneof(
  fc.constantFrom(
    '0x1',
    '0x2',
    '0xa',
    '(nil)',
    '0',
    '1',
    '2',
    '-1',
    '99999999999999999999999',
    `0x${'f'.repeat(40)}`,
    '',
    'NaN',
    '1e9',
    '0x',
  ),
  fc.nat().map(String),
  fc.string({ maxLength: 6 }),
);
/** Lines that look like events: known names, plausible keys, hostile values. */
const eventLike = fc
  .tuple(
    fc.option(
      fc
        .tuple(fc.nat(99999), fc.nat(2e9), fc.nat(999999))
        .map(([p, s, u]) => `${p}@${s}.${String(u).padStart(6, '0')}:`),
      { nil: '' },
    ),
    fc.constantFrom(...EVENT_NAMES),
    fc.array(fc.tuple(fc.constantFrom(...KEYS), VALUES), { maxLength: 6 }),
  )
  .map(([prefix, name, kv]) => `${prefix}${name}${kv.map(([k, v]) => ` ${k} ${v}`).join('')}`);

describe('fuzz', () => {
  it('every truncation of every line: result or TraceParseError with that line number', () => {
    for (const line of SAMPLE_LINES) {
      for (let cut = 0; cut <= line.length; cut++) {
        const r = typedOutcome(() => pipeline(['virtio_notify vdev 0x1 vq 0x2', line.slice(0, cut)], false));
        if (r !== 'ok') {
          expect(r).toBeInstanceOf(TraceParseError);
          expect((r as TraceParseError).line).toBe(2);
        }
      }
    }
  });

  it(`fast-check seed ${FC_SEED}: event-like lines with hostile values never throw untyped errors; skip mode never throws`, () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(eventLike, fc.constantFrom(...SAMPLE_LINES)), { maxLength: 40 }), (lines) => {
        const r = typedOutcome(() => pipeline(lines, false));
        if (r !== 'ok') expect(r).toBeInstanceOf(TraceParseError);
        const t = pipeline(lines, true);
        expect(t.badLines + t.events).toBe(lines.filter((l) => l.trim() !== '').length);
      }),
      { seed: FC_SEED, numRuns: 1000 },
    );
  });

  it(`fast-check seed ${FC_SEED}: arbitrary text and binary garbage lines`, () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 80 }), { maxLength: 20 }), (lines) => {
        typedOutcome(() => pipeline(lines, false));
        pipeline(lines, true);
      }),
      { seed: FC_SEED, numRuns: 500 },
    );
  });

  it(`fast-check seed ${FC_SEED}: arbitrary bytes through the streaming reader`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), fc.integer({ min: 1, max: 300 }), async (bytes, chunk) => {
        for (const onBadLine of ['stop', 'skip'] as const) {
          try {
            await importQemuTrace(memoryChunks(bytes, chunk), { onBadLine, maxLineLength: 200 });
          } catch (e) {
            expect(e).toBeInstanceOf(TraceError);
          }
        }
      }),
      { seed: FC_SEED, numRuns: 300 },
    );
  });

  it('huge numbers and long values are parse errors, not wrong numbers', () => {
    for (const line of [
      'virtqueue_flush vq 0x1 count 18446744073709551616',
      'virtqueue_fill vq 0x1 elem 0x2 len 4294967296000000000 idx 0',
      'virtio_queue_notify vdev 0x1 n -99999999999999999 vq 0x2',
      `virtqueue_pop vq 0x${'1'.repeat(17)} elem 0x2 in_num 1 out_num 1`,
      '123456789012345678@1.000001:virtio_notify vdev 0x1 vq 0x2',
    ]) {
      expect(
        typedOutcome(() => pipeline([line], false)),
        line,
      ).toBeInstanceOf(TraceParseError);
    }
  });

  it('missing fields in every known event are named in the error', () => {
    for (const line of SAMPLE_LINES) {
      const body = line.replace(/^\d+@[\d.]+:/, '');
      const [name, ...rest] = body.split(' ');
      for (let k = 0; k + 1 < rest.length; k += 2) {
        const without = [name, ...rest.slice(0, k), ...rest.slice(k + 2)].join(' ');
        const r = typedOutcome(() => pipeline([without], false));
        if (r !== 'ok') expect(r.message).toContain(`\`${rest[k]} `);
      }
    }
  });

  it('a long single line fails fast with LineTooLongError', async () => {
    const line = `virtqueue_pop vq 0x1 elem 0x2 ${'x'.repeat(5_000_000)}`;
    await expect(importQemuTrace(memoryChunks(`${line}\n`), { onBadLine: 'skip' })).rejects.toBeInstanceOf(
      LineTooLongError,
    );
    // A line just under the limit is a normal (skippable) bad line.
    const ok = await importQemuTrace(memoryChunks(`virtqueue_pop ${'y'.repeat(1000)}\n`), {
      onBadLine: 'skip',
      maxLineLength: 2000,
    });
    expect(ok.badLines).toBe(1);
  });
});
