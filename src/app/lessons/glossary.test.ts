import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { LESSONS } from './catalog';
import { GLOSSARY, glossaryEntry } from './glossary';

describe('glossary', () => {
  test('ids are unique, every entry names a lesson that exists', () => {
    expect(new Set(GLOSSARY.map((g) => g.id)).size).toBe(GLOSSARY.length);
    for (const g of GLOSSARY)
      if (g.lesson)
        expect(
          LESSONS.some((l) => l.id === g.lesson),
          g.id,
        ).toBe(true);
  });

  test('every <Term id> in a lesson has an entry', () => {
    const dir = join(import.meta.dirname, 'content');
    const used = new Set<string>();
    // A lesson is content/<id>.tsx, with its steps there or in content/<id>/.
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.tsx'));
    for (const f of files)
      for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/<Term id="([^"]+)"/g)) used.add(m[1]);
    expect(used.size).toBeGreaterThan(0);
    for (const id of used) expect(glossaryEntry(id), id).toBeDefined();
  });

  test('the words the issue named are there', () => {
    for (const id of ['fid', 'qid', 'tclunk', 'flipcall', 'futex', 'sockmu'])
      expect(glossaryEntry(id), id).toBeDefined();
  });
});
