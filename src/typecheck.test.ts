/**
 * The whole project type-checks under strict TypeScript (tsconfig.json): a type error
 * anywhere — model, app, bridge, tests — fails `npm test`, not just the editor.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('TypeScript', () => {
  it('tsc --noEmit reports no errors', () => {
    const r = spawnSync(process.execPath, [`${root}/node_modules/typescript/bin/tsc`, '--noEmit', '-p', root], {
      encoding: 'utf8',
      timeout: 240_000,
    });
    const out = (r.stdout + r.stderr).trim();
    expect(out, out).toBe('');
    expect(r.status).toBe(0);
  }, 300_000);
});
