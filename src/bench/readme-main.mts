/**
 * npm run bench:readme -- [--check] [--readme FILE] LOG...
 *
 * Writes README.md's benchmark table (between <!-- bench-table:start --> and <!-- bench-table:end -->) from
 * saved benchmark output: the output of `npm run bench`, and optionally of bench:devices, bench:traces and
 * bench:ui, one file each. Each log is kept as docs/bench/<date>-<benchmark>.log (unless it is there already)
 * and the table names the kept files, so the table can be made again from them. --check writes nothing and
 * exits 1 if the README's table is not what the logs give.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { keptName, readLog, renderTable, rewriteReadme, type BenchLog } from './readme-table';

const usage = 'usage: npm run bench:readme -- [--check] [--readme README.md] LOG...\n';
const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  const doc = readFileSync(new URL(import.meta.url), 'utf8').match(/\/\*\*([\s\S]*?)\*\//)?.[1] ?? '';
  process.stdout.write(`${doc.replace(/^ \* ?/gm, '').trim()}\n`);
  process.exit(0);
}
let check = false;
let readmePath = 'README.md';
const inputs: string[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--check') check = true;
  else if (args[i] === '--readme') readmePath = args[++i];
  else inputs.push(args[i]);
}
if (inputs.length === 0) {
  process.stderr.write(usage);
  process.exit(2);
}

const logs: BenchLog[] = [];
let problems = 0;
for (const input of inputs) {
  const text = readFileSync(input, 'utf8');
  const log = readLog(input, text);
  if (log.records.length === 0) {
    process.stderr.write(`${input}: no BENCH lines\n`);
    process.exit(1);
  }
  const kept = keptName(log);
  if (resolve(input) !== resolve(kept)) {
    if (check) {
      process.stderr.write(`${input} is not kept as ${kept}\n`);
      problems++;
    } else {
      mkdirSync(dirname(kept), { recursive: true });
      if (existsSync(kept) && readFileSync(kept, 'utf8') !== text)
        process.stderr.write(`${kept} existed with other content; replaced\n`);
      copyFileSync(input, kept);
      process.stdout.write(`kept ${input} as ${kept}\n`);
    }
  }
  logs.push({ ...log, path: relative(process.cwd(), resolve(kept)) });
}

const readme = readFileSync(readmePath, 'utf8');
const next = rewriteReadme(readme, renderTable(logs));
if (check) {
  if (next !== readme) {
    process.stderr.write(`${readmePath}: the benchmark table is not what these logs give\n`);
    problems++;
  }
  if (problems) process.exit(1);
  process.stdout.write(`${readmePath}: the benchmark table matches the logs\n`);
} else if (next !== readme) {
  writeFileSync(readmePath, next);
  process.stdout.write(`${readmePath}: benchmark table rewritten from ${logs.map((l) => l.path).join(', ')}\n`);
} else process.stdout.write(`${readmePath}: benchmark table already matches the logs\n`);
