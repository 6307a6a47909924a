import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memoryChunks } from './byte-sources';
import { InvalidEncodingError, LineTooLongError } from './errors';
import type { ReadProgress } from './line-reader';
import { readLineBatches, readLines } from './line-reader';

/** fast-check's seed for this file's properties: a failure reproduces, and the tests name it. */
const FC_SEED = 20261203;

async function collect(src: AsyncIterable<Uint8Array>, opts = {}): Promise<string[]> {
  const out: string[] = [];
  for await (const l of readLines(src, opts)) out.push(l);
  return out;
}

/** What a line reader should produce: split on \n, drop one \r before it, no empty last line. */
function expectedLines(text: string): string[] {
  if (text === '') return [];
  const parts = text.split('\n');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** Endless source of `byte`, counting what was pulled and whether it was released. */
function endless(byte: number, chunkSize: number) {
  const state = { pulled: 0, returned: false };
  const chunk = new Uint8Array(chunkSize).fill(byte);
  const iterable: AsyncIterable<Uint8Array> = {
    [Symbol.asyncIterator]() {
      return {
        async next() {
          state.pulled += chunkSize;
          return { done: false, value: chunk };
        },
        async return() {
          state.returned = true;
          return { done: true, value: undefined };
        },
      };
    },
  };
  return { iterable, state };
}

describe('readLines', () => {
  it('splits lines, strips CRLF, keeps a last line without newline', async () => {
    expect(await collect(memoryChunks('a\r\nb\n\nc'))).toEqual(['a', 'b', '', 'c']);
    expect(await collect(memoryChunks('a\n'))).toEqual(['a']);
    expect(await collect(memoryChunks(''))).toEqual([]);
    expect(await collect(memoryChunks('\n'))).toEqual(['']);
  });

  it('handles CR and LF arriving in different chunks', async () => {
    expect(await collect(memoryChunks('ab\r\ncd\r\n', 3))).toEqual(['ab', 'cd']);
    expect(await collect(memoryChunks('x\r\ny', 2))).toEqual(['x', 'y']);
  });

  it('decodes UTF-8 sequences cut across chunks', async () => {
    const text = 'é€😀 line\nnext ✓\n';
    for (let size = 1; size <= 8; size++) {
      expect(await collect(memoryChunks(text, size))).toEqual(['é€😀 line', 'next ✓']);
    }
  });

  it(`fast-check seed ${FC_SEED}: matches a reference split for any text and any chunking (property)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.string({ unit: 'grapheme' }), fc.constantFrom('\n', '\r\n', '\r', 'é', '😀')), {
          maxLength: 30,
        }),
        fc.integer({ min: 1, max: 17 }),
        async (parts, size) => {
          const text = parts.join('');
          expect(await collect(memoryChunks(text, size))).toEqual(expectedLines(text));
        },
      ),
      { seed: FC_SEED, numRuns: 300 },
    );
  });

  it('numbers batches by line', async () => {
    const batches = [];
    for await (const b of readLineBatches(memoryChunks('a\nb\nc\nd\n', 4))) batches.push(b);
    expect(batches.flatMap((b) => b.lines.map((l, i) => `${b.firstLine + i}:${l}`))).toEqual([
      '1:a',
      '2:b',
      '3:c',
      '4:d',
    ]);
  });

  it('rejects a line over the maximum, with its number', async () => {
    const err = await collect(memoryChunks(`ok\n${'x'.repeat(101)}\n`), { maxLineLength: 100 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(LineTooLongError);
    expect((err as LineTooLongError).line).toBe(2);
    // Exactly the maximum is fine, CRLF does not count.
    expect(await collect(memoryChunks(`${'y'.repeat(100)}\r\n`), { maxLineLength: 100 })).toEqual(['y'.repeat(100)]);
  });

  it('fails a 100 MB newline-free stream quickly, without reading it all, and releases the source', async () => {
    const { iterable, state } = endless(0x61, 64 * 1024);
    // Stop the endless source at 100 MB in case the reader never gives up.
    const limited: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]() {
        const it = iterable[Symbol.asyncIterator]();
        return {
          next: () => (state.pulled >= 100e6 ? Promise.resolve({ done: true as const, value: undefined }) : it.next()),
          return: () => it.return!(),
        };
      },
    };
    const err = await collect(limited).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LineTooLongError);
    expect((err as Error).message).toMatch(/line 1 is longer than 1048576/);
    expect(state.pulled).toBeLessThan(2 * 1024 * 1024);
    expect(state.returned).toBe(true);
  });

  it('does not decode a single enormous chunk whole before failing', async () => {
    const big = new Uint8Array(32 * 1024 * 1024).fill(0x62);
    const src = (async function* () {
      yield big;
    })();
    const err = await collect(src, { maxLineLength: 1000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LineTooLongError);
  });

  it('reports progress with the total and a final done report', async () => {
    const seen: ReadProgress[] = [];
    const text = 'line\n'.repeat(1000);
    await collect(memoryChunks(text, 100), {
      totalBytes: text.length,
      progressEveryBytes: 1000,
      onProgress: (p: ReadProgress) => seen.push(p),
    });
    expect(seen.length).toBeGreaterThan(3);
    for (let i = 1; i < seen.length; i++) expect(seen[i].bytesRead).toBeGreaterThanOrEqual(seen[i - 1].bytesRead);
    expect(seen[seen.length - 1]).toEqual({ bytesRead: 5000, totalBytes: 5000, lines: 1000, done: true });
  });

  it('stops on an already aborted signal', async () => {
    const ac = new AbortController();
    ac.abort(new Error('user cancelled'));
    await expect(collect(memoryChunks('a\nb\n'), { signal: ac.signal })).rejects.toThrow('user cancelled');
  });

  it('stops a stalled source when aborted and releases it', async () => {
    let returned = false;
    const stalled: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]() {
        let first = true;
        return {
          next() {
            if (first) {
              first = false;
              return Promise.resolve({ done: false as const, value: new TextEncoder().encode('one\ntw') });
            }
            return new Promise<IteratorResult<Uint8Array>>(() => {}); // never settles
          },
          async return() {
            returned = true;
            return { done: true as const, value: undefined };
          },
        };
      },
    };
    const ac = new AbortController();
    const got: string[] = [];
    const p = (async () => {
      for await (const l of readLines(stalled, { signal: ac.signal })) {
        got.push(l);
        setTimeout(() => ac.abort(), 5);
      }
    })();
    const err = await p.catch((e: unknown) => e);
    expect((err as DOMException).name).toBe('AbortError');
    expect(got).toEqual(['one']);
    expect(returned).toBe(true);
  });

  it('replaces invalid UTF-8 by default and reports it as a typed error when fatal', async () => {
    const bytes = new Uint8Array([0x61, 0x0a, 0xff, 0xfe, 0x0a]);
    expect(await collect(memoryChunks(bytes))).toEqual(['a', '\ufffd\ufffd']);
    await expect(collect(memoryChunks(bytes), { fatalDecoding: true })).rejects.toBeInstanceOf(InvalidEncodingError);
  });
});
