import { describe, expect, it } from 'vitest';
import { memoryChunks } from '../../trace/byte-sources';
import { firstDivergence } from '../../trace/replay/diverge';
import { ReplaySession } from './session';
import { stepsDivergence } from './divergence';
import { indexOf, simTrace } from '../../trace/replay/test-traces';

async function load(text: string) {
  const bytes = new TextEncoder().encode(text);
  return ReplaySession.load(
    {
      name: 'x',
      totalBytes: bytes.length,
      open: () => memoryChunks(bytes, 4096),
      slice: async (a, b) => bytes.slice(a, b),
    },
    { skipBadLines: false },
    () => undefined,
  );
}

describe('stepsDivergence', () => {
  it('agrees with firstDivergence on two Ringside traces', async () => {
    const a = simTrace({ scenario: 'out-of-order', seed: 1 }).text;
    const b = simTrace({ scenario: 'out-of-order', seed: 2 }).text;
    const want = firstDivergence(await indexOf(a), await indexOf(b));
    const got = stepsDivergence((await load(a)).info.steps, (await load(b)).info.steps);
    expect(want).not.toBeNull();
    expect(got?.index).toBe(want!.index);
    expect(got?.field).toBe(want!.field);
  });
  it('is null for identical traces and reports length differences', async () => {
    const a = simTrace({ scenario: 'steady', seed: 1, requests: 10 }).text;
    const sa = (await load(a)).info.steps;
    expect(stepsDivergence(sa, sa)).toBeNull();
    const lines = a.trimEnd().split('\n');
    const shorter = (await load(`${lines.slice(0, -3).join('\n')}\n`)).info.steps;
    expect(stepsDivergence(sa, shorter)).toMatchObject({ field: 'length', index: lines.length - 4 });
  });
});
