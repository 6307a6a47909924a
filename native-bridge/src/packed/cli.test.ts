// `npm run compare -- --ring packed` end to end: IDENTICAL against the C packed device; against a daemon that
// does not offer VIRTIO_F_RING_PACKED, a plain refusal and exit status 1.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const root = new URL('../../..', import.meta.url).pathname;
const compare = (args: string[]) =>
  spawnSync(process.execPath, [`${root}/node_modules/tsx/dist/cli.mjs`, 'src/cli/compare.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });

describe('npm run compare -- --ring packed', () => {
  it('native, QS 5: IDENTICAL at every quiescent point', () => {
    const r = compare(['--scenario', 'bursty', '--seed', '2', '--ring', 'packed', '--queue-size', '5']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('quiescent points compared  300');
    expect(r.stdout).toContain('IDENTICAL');
  });

  it('blk: says plainly that the daemon offers no packed ring, exit 1', () => {
    const r = compare(['--device', 'blk', '--ring', 'packed']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(
      /^qemu-storage-daemon does not offer VIRTIO_F_RING_PACKED \(GET_FEATURES 0x[0-9a-f]{16}\)/,
    );
  });

  it('refuses an unknown ring', () => {
    const r = compare(['--scenario', 'bursty', '--ring', 'ring']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown --ring "ring"');
  });
});
