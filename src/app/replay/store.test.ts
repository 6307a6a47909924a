import { describe, expect, it } from 'vitest';
import { memoryChunks } from '../../trace/byte-sources';
import { ReplaySession } from './session';
import { createReplayStore, type MakeBackend } from './store';
import { simTrace } from './test-traces';
import type { SourceSpec } from './protocol';

// Tests hand the store "URLs" that name in-memory texts; the backend is a ReplaySession in-process.
const texts = new Map<string, string>();
const inProcess: MakeBackend = (onProgress) => {
  let s: ReplaySession | null = null;
  return {
    async load(src: SourceSpec, options) {
      const bytes = new TextEncoder().encode(texts.get((src as { url: string }).url) ?? '');
      s = await ReplaySession.load({ name: 'x', totalBytes: bytes.length, open: () => memoryChunks(bytes, 2048), slice: async (a, b) => bytes.slice(a, b) }, options, onProgress);
      return s.info;
    },
    state: (p, a, b) => s!.state(p, a, b),
    exportChrome: async () => s!.exportChrome(),
    cancel: () => undefined,
  };
};

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('replay store', () => {
  it('opens, seeks, compares, and retries skipping bad lines', async () => {
    texts.set('a', simTrace({ scenario: 'out-of-order', seed: 1, requests: 20 }).text);
    texts.set('b', simTrace({ scenario: 'out-of-order', seed: 2, requests: 20 }).text);
    const st = createReplayStore(inProcess);
    await st.getState().open(0, { kind: 'url', url: 'a' }, 'a', 'a');
    expect(st.getState().slots[0].status).toBe('ready');
    st.getState().seek(15);
    await settle();
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
