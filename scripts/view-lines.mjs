#!/usr/bin/env node
/**
 * How much each view writes, by what it is for: `node scripts/view-lines.mjs [REV ...]` prints,
 * for each view folder under src/app at each revision (default: the working tree), the lines of
 * its page, its plumbing (store, URL, test hook, run wrapper, keys), what it reads from the model
 * (derive, explain), its panels (the other .tsx) and its CSS. Tests are left out. Issue 14 asks
 * that a new view need only its model, its derive and its panels: the plumbing column shows how
 * far that holds.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const VIEWS = ['virtqueue', 'replay', 'lisafs', 'gofer', 'packed', 'pgalloc', 'virtproxy'];
const git = (...args) => execFileSync('git', args, { encoding: 'utf8', maxBuffer: 64 << 20 });

/** What a file of a view folder is for. */
function role(path) {
  const name = path.split('/').pop();
  if (/\.css$/.test(name)) return 'css';
  if (/(Page|View)\.tsx$/.test(name)) return 'page';
  if (/^(derive|explain|inspect|run-facts|plot-data|lanes?|ring-facts|column-timeline)[\w-]*\.ts$/.test(name))
    return 'derive';
  if (/\.tsx$/.test(name)) return 'panels';
  return 'plumbing';
}

function files(rev, view) {
  const dir = `src/app/${view}`;
  const list = rev ? git('ls-tree', '-r', '--name-only', rev, dir) : git('ls-files', dir);
  return list
    .split('\n')
    .filter((f) => f && /\.(ts|tsx|css)$/.test(f) && !/\.(test|property\.test|helper)\.tsx?$/.test(f));
}

const lines = (rev, f) => (rev ? git('show', `${rev}:${f}`) : readFileSync(f, 'utf8')).split('\n').length - 1;

const revs = process.argv.slice(2);
const COLS = ['page', 'plumbing', 'derive', 'panels', 'css'];
for (const rev of revs.length ? revs : [null]) {
  const label = rev ? `${rev} (${git('log', '-1', '--format=%ad', '--date=short', rev).trim()})` : 'working tree';
  console.log(`\n${label}`);
  console.log(['view'.padEnd(10), ...COLS.map((c) => c.padStart(9)), 'total'.padStart(7)].join(' '));
  for (const v of VIEWS) {
    const fs = files(rev, v);
    if (!fs.length) {
      console.log(`${v.padEnd(10)} (no folder)`);
      continue;
    }
    const sum = Object.fromEntries(COLS.map((c) => [c, 0]));
    for (const f of fs) sum[role(f)] += lines(rev, f);
    const total = COLS.reduce((a, c) => a + sum[c], 0);
    console.log([v.padEnd(10), ...COLS.map((c) => String(sum[c]).padStart(9)), String(total).padStart(7)].join(' '));
  }
}
