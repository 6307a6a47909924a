import { describe, expect, it, vi } from 'vitest';
import { memoryChunks } from '../../trace/byte-sources';
import { ReplaySession } from './session';
import { createReplayStore, type MakeBackend } from './store';
import { simTrace } from '../../trace/replay/test-traces';
import type { SourceSpec } from './protocol';

// Tests hand the store "URLs" that name in-memory texts; the backend is a ReplaySession in-process.
const texts = new Map<string, string>();
const inProcess: MakeBackend = (onProgress) => {
  let s: ReplaySession | null = null;
  return {
    async load(src: SourceSpec, options) {
      const bytes = new TextEncoder().encode(texts.get((src as { url: string }).url) ?? '');
      s = await ReplaySession.load(
        {
          name: 'x',
          totalBytes: bytes.length,
          open: () => memoryChunks(bytes, 2048),
          slice: async (a, b) => bytes.slice(a, b),
        },
        options,
        onProgress,
      );
      return s.info;
    },
    state: (p, a, b) => s!.state(p, a, b),
    exportChrome: async () => s!.exportChrome(),
    cancel: () => undefined,
  };
};

/** Wait until the store's asynchronous work has produced what the next expectations read (polls; no fixed sleep). */
const settle = (ready: () => boolean) =>
  vi.waitFor(
    () => {
      if (!ready()) throw new Error('store not settled yet');
    },
    { timeout: 5000, interval: 2 },
  );

describe('replay store', () => {
  it('opens, seeks, compares, and retries skipping bad lines', async () => {
    texts.set('a', simTrace({ scenario: 'out-of-order', seed: 1, requests: 20 }).text);
    texts.set('b', simTrace({ scenario: 'out-of-order', seed: 2, requests: 20 }).text);
    const st = createReplayStore(inProcess);
    await st.getState().open(0, { kind: 'url', url: 'a' }, 'a', 'a');
    expect(st.getState().slots[0].status).toBe('ready');
    st.getState().seek(15);
    await settle(() => st.getState().slots[0].view?.position === 15);
    expect(st.getState().slots[0].view?.position).toBe(15);
    st.getState().seek(1e9);
    expect(st.getState().position).toBe(st.getState().count());
    await st.getState().open(1, { kind: 'url', url: 'b' }, 'b', 'b');
    expect(st.getState().divergence).not.toBeNull();

    const lines = texts.get('a')!.split('\n');
    lines[6] = '{"step": garbage';
    texts.set('bad', lines.join('\n'));
    await st.getState().open(1, { kind: 'url', url: 'bad' }, 'bad', null);
    expect(st.getState().slots[1]).toMatchObject({ status: 'failed', error: { line: 7 } });
    await st.getState().retrySkipping(1);
    expect(st.getState().slots[1].status).toBe('ready');
    expect(st.getState().slots[1].info?.badLines.count).toBe(1);
    st.getState().close(1);
    expect(st.getState().divergence).toBeNull();
  });
});

/** A live stream the test writes to: lines go out when pushed, the end when ended. */
function liveStream() {
  const queue: Uint8Array[] = [];
  let done = false;
  let wake: (() => void) | null = null;
  const all: Uint8Array[] = [];
  async function* chunks() {
    for (;;) {
      while (queue.length === 0 && !done) await new Promise<void>((r) => (wake = r));
      if (queue.length === 0) return;
      yield queue.shift()!;
    }
  }
  const arrived = () => {
    const out = new Uint8Array(all.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of all) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  };
  return {
    push(text: string) {
      const b = new TextEncoder().encode(text);
      all.push(b);
      queue.push(b);
      wake?.();
    },
    end() {
      done = true;
      wake?.();
    },
    backend: ((onProgress, onPrefix) => {
      let s: ReplaySession | null = null;
      return {
        async load(_src, options) {
          const src = {
            name: 'live',
            totalBytes: null,
            live: true,
            open: chunks,
            slice: async (a: number, b: number) => arrived().slice(a, b),
          };
          s = await ReplaySession.load(src, options, onProgress, {
            onPrefix: (x) => {
              s = x;
              return onPrefix(x.info);
            },
            pacing: { minGapMs: 0, costFactor: 0 },
          });
          return s.info;
        },
        state: (p, a, b) => s!.state(p, a, b),
        exportChrome: async () => s!.exportChrome(),
        cancel: () => undefined,
      };
    }) as MakeBackend,
  };
}

describe('replay store following a live stream', () => {
  it('follows the newest step, stops on a manual move, jumps back when turned on, and settles at the end', async () => {
    const lines = simTrace({ scenario: 'steady', seed: 3, requests: 20 }).text.split('\n');
    const live = liveStream();
    const st = createReplayStore(live.backend);
    const opened = st.getState().open(0, { kind: 'url', url: '/live/trace.jsonl' }, 'live', '/live/trace.jsonl');
    live.push(`${lines.slice(0, 11).join('\n')}\n`);
    await settle(() => st.getState().slots[0].view?.position === 10);
    expect(st.getState().slots[0]).toMatchObject({ status: 'ready', info: { live: 'receiving' } });
    expect(st.getState().receiving()).toBe(true);
    expect(st.getState().follow).toBe(true);
    expect(st.getState().position).toBe(10);
    expect(st.getState().slots[0].view?.position).toBe(10);

    live.push(`${lines.slice(11, 31).join('\n')}\n`);
    await settle(() => st.getState().count() === 30 && st.getState().position === 30);
    expect(st.getState().count()).toBe(30);
    expect(st.getState().position).toBe(30);

    st.getState().seek(5);
    expect(st.getState().follow).toBe(false);
    live.push(`${lines.slice(31, 41).join('\n')}\n`);
    await settle(() => st.getState().count() === 40);
    expect(st.getState().count()).toBe(40);
    expect(st.getState().position).toBe(5);
    expect(st.getState().slots[0].view?.position).toBe(5);

    st.getState().setFollow(true);
    expect(st.getState().position).toBe(40);
    st.getState().stepBy(-1);
    expect(st.getState().follow).toBe(false);
    st.getState().setFollow(true);
    st.getState().toggle();
    expect(st.getState()).toMatchObject({ playing: true, follow: false });
    st.getState().pause();
    st.getState().setFollow(true);

    live.push(lines.slice(41).join('\n'));
    live.end();
    await opened;
    await settle(() => st.getState().slots[0].info?.live === 'ended' && !st.getState().follow);
    const n = lines.filter((l) => l.trim()).length - 1;
    expect(st.getState().slots[0].info?.live).toBe('ended');
    expect(st.getState().count()).toBe(n);
    // Followed to the last step; with nothing more coming there is nothing to follow.
    expect(st.getState().position).toBe(n);
    expect(st.getState().follow).toBe(false);
    expect(st.getState().receiving()).toBe(false);
    st.getState().setFollow(true);
    expect(st.getState().follow).toBe(false);
  });
});
