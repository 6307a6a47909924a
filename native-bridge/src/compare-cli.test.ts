// `npm run compare -- --scenario … --trace-dir DIR` end to end: the model device against the
// native device thread, and the two traces it writes replay with the devices' used rings.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryChunks } from '@ringside/trace/byte-sources.ts';
import { RingsideTraceIndex } from '@ringside/trace/replay/ringside-index.ts';

const root = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'ringside-compare-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function usedRingAtEnd(file: string) {
  const index = await RingsideTraceIndex.build(memoryChunks(readFileSync(file)));
  const { used, avail, queueSize } = index.header.queues[0].layout;
  const mem = index.memoryAt(index.count);
  const u16 = (a: number) => mem[a] | (mem[a + 1] << 8);
  return {
    availIdx: u16(avail + 2),
    usedIdx: u16(used + 2),
    ring: Buffer.from(mem.subarray(used + 4, used + 4 + 8 * queueSize)),
  };
}

describe('npm run compare (model device vs native device)', () => {
  it('bursty seed 3: IDENTICAL, and both traces replay to the same used ring the run ended with', async () => {
    const r = spawnSync(
      process.execPath,
      [
        `${root}/node_modules/tsx/dist/cli.mjs`,
        'src/cli/compare.ts',
        '--scenario',
        'bursty',
        '--seed',
        '3',
        '--trace-dir',
        dir,
      ],
      { cwd: root, encoding: 'utf8', timeout: 120_000 },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('IDENTICAL');
    const requests = Number(/native device: (\d+) requests/.exec(r.stdout)?.[1]);
    expect(requests).toBeGreaterThan(0);
    const model = await usedRingAtEnd(join(dir, 'model.jsonl'));
    const real = await usedRingAtEnd(join(dir, 'real.jsonl'));
    expect(model).toMatchObject({ availIdx: requests, usedIdx: requests });
    expect(real).toMatchObject({ availIdx: requests, usedIdx: requests });
    expect(real.ring.equals(model.ring)).toBe(true);
  });
});
