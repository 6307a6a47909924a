import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COLORS, OWNER_COLORS, tokensCss } from './tokens';
import { OWNERS } from '../rings/owners';

const appDir = new URL('..', import.meta.url).pathname;

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p, ext) : ext.test(n) ? [p] : [];
  });
}

describe('design tokens', () => {
  it('every custom property a style sheet reads is a token or is set by a sheet itself', () => {
    const css = files(appDir, /\.css$/).map((f) => readFileSync(f, 'utf8'));
    const defined = new Set<string>();
    for (const m of tokensCss().matchAll(/--([a-z0-9-]+):/g)) defined.add(m[1]);
    for (const c of css) for (const m of c.matchAll(/--([a-z0-9-]+)\s*:/g)) defined.add(m[1]);
    const used = new Set<string>();
    for (const c of css) for (const m of c.matchAll(/var\(--([a-z0-9-]+)/g)) used.add(m[1]);
    expect([...used].filter((u) => !defined.has(u))).toEqual([]);
    expect(defined.has('stale-stroke')).toBe(true);
  });

  it('one colour per descriptor owner, in the order of the owner codes', () => {
    expect(OWNER_COLORS.length).toBe(OWNERS.length);
    OWNERS.forEach((o, k) => {
      expect(OWNER_COLORS[k]).toBe(COLORS[o]);
    });
  });

  it('no style sheet in the app writes a hex colour: they are tokens, read as var(--name)', () => {
    const offenders = files(appDir, /\.css$/).flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .flatMap((line, i) =>
          [...line.matchAll(/#[0-9a-fA-F]{3,8}\b/g)].map((m) => `${f.slice(appDir.length)}:${i + 1}: ${m[0]}`),
        ),
    );
    expect(offenders, `hex colours in style sheets (add a token to tokens.ts):\n${offenders.join('\n')}`).toEqual([]);
  });

  it('no TypeScript file in the app types a colour: they come from tokens.ts', () => {
    const hex = /['"`]#[0-9a-fA-F]{3,8}['"`]|(?:fill|stroke)="#[0-9a-fA-F]{3,8}"/;
    const offenders = files(appDir, /\.tsx?$/)
      .filter((f) => !f.endsWith('tokens.ts') && !/\.test\.tsx?$/.test(f))
      .filter((f) => hex.test(readFileSync(f, 'utf8')))
      .map((f) => f.slice(appDir.length));
    expect(offenders).toEqual([]);
  });
});
