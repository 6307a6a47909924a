/**
 * src/model must run unchanged in the browser, in Node and on the bridge's memory, and
 * must be deterministic. This test fails on any import of React, the DOM, Node or a UI
 * library, any use of browser or Node globals, and any wall-clock or unseeded randomness.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('.', import.meta.url).pathname;

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(p);
  }
  return out;
}

const FORBIDDEN_IMPORT =
  /from\s+['"](react|react-dom|zustand|d3[^'"]*|node:[^'"]*|fs|path|os|crypto|child_process|worker_threads|buffer|events|util)(\/[^'"]*)?['"]|require\(/;
const FORBIDDEN_GLOBAL =
  /(?<![.\w$])(document|window|navigator|localStorage|process|Buffer|globalThis\.process)\s*[.[(]/;
const NONDETERMINISTIC = /\bDate\.now\s*\(|\bMath\.random\s*\(|\bperformance\.now\s*\(|new Date\s*\(/;

/** Drop comments and string contents so prose cannot trip the checks. */
function code(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:])\/\/.*$/gm, '$1')
    .replace(/`(?:\\.|[^`\\])*`/g, '``');
}

describe('src/model is pure', () => {
  const files = sources(root);
  it('has model sources to check', () => {
    expect(files.length).toBeGreaterThan(10);
  });
  for (const f of files) {
    const rel = relative(root, f);
    it(`${rel}: no UI, DOM or Node imports, no wall clock or unseeded randomness`, () => {
      const src = readFileSync(f, 'utf8');
      const body = code(src);
      const imports = src.split('\n').filter((l) => /^\s*import\b/.test(l) || /\bfrom\s+['"]/.test(l));
      for (const l of imports) expect(l, `${rel} imports something impure`).not.toMatch(FORBIDDEN_IMPORT);
      expect(body.match(FORBIDDEN_GLOBAL)?.[0] ?? null, `${rel} uses a browser or Node global`).toBeNull();
      expect(body.match(NONDETERMINISTIC)?.[0] ?? null, `${rel} reads the clock or unseeded randomness`).toBeNull();
    });
  }
});
