#!/usr/bin/env node
/**
 * Runs every suite — unit and property (vitest project `unit`: src/), native (project
 * `native`: native-bridge/src/), end-to-end (Playwright in Debian's Chromium) — and ends with one line
 * "N passed, N failed, N skipped" adding them all up. Exits non-zero if anything failed or
 * a suite could not run or ran no tests. Extra arguments are passed to vitest (e.g. a file
 * filter; only then may a vitest suite find nothing to run). Tests that passed only on a retry
 * are counted and named (flaky), and a suite left out is named, so the last line hides nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, '.out');
const extra = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const bin = (name) => join(root, 'node_modules', '.bin', name);
const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
/** Tests that passed only on a retry, "suite: name". */
const flaky = [];
/**
 * Tests that failed, "suite: file › name — first line of the error". CI shows only the tail of the
 * output, so the summary names what broke rather than leaving it in the scroll-back.
 */
const failures = [];
const firstLine = (text) =>
  String(text ?? '')
    .replace(/\x1b\[[0-9;]*m/g, '')
    .trim()
    .split('\n')[0]
    .slice(0, 200);

function vitest(name, project) {
  const started = Date.now();
  const file = join(out, `vitest-${name}.json`);
  rmSync(file, { force: true });
  const r = spawnSync(
    bin('vitest'),
    [
      'run',
      '--project',
      project,
      ...extra,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${file}`,
      // A file filter may match nothing in one project; without one, an empty suite is a failure.
      ...(extra.length ? ['--passWithNoTests'] : []),
    ],
    { stdio: 'inherit', cwd: root },
  );
  if (!existsSync(file)) {
    totals.failed++;
    lines.push(`${name}: could not run (exit ${r.status})`);
    return;
  }
  const j = JSON.parse(readFileSync(file, 'utf8'));
  // A file that fails to load has no tests but is a failure all the same.
  const brokenFiles = (j.testResults ?? []).filter(
    (t) => t.status === 'failed' && (t.assertionResults ?? []).length === 0,
  ).length;
  for (const t of j.testResults ?? []) {
    const file = String(t.name ?? '').replace(root, '');
    const failedTests = (t.assertionResults ?? []).filter((a) => a.status === 'failed');
    for (const a of failedTests) {
      failures.push(`${name}: ${file} › ${a.fullName ?? a.title} — ${firstLine(a.failureMessages?.[0])}`);
    }
    if (t.status === 'failed' && failedTests.length === 0) failures.push(`${name}: ${file} — ${firstLine(t.message)}`);
  }
  const passed = j.numPassedTests ?? 0;
  const failed = (j.numFailedTests ?? 0) + brokenFiles;
  const skipped = (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
  if (r.status !== 0 && failed === 0) {
    totals.failed++;
    lines.push(`${name}: vitest exited ${r.status}`);
  }
  if (passed + failed + skipped === 0 && !extra.length) {
    totals.failed++;
    lines.push(`${name}: ran no tests`);
  }
  // vitest runs without retries (vitest.config.ts sets none): each test passed or failed once,
  // so none is flaky. Playwright retries once on CI; its flaky ones are counted in e2e().
  lines.push(`${name}: ${passed} passed, ${failed} failed, ${skipped} skipped (${seconds(started)})`);
}

function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(0)} s`;
}

function e2e() {
  const started = Date.now();
  const build = spawnSync(bin('vite'), ['build', '--logLevel', 'warn'], { stdio: 'inherit', cwd: root });
  if (build.status !== 0) {
    totals.failed++;
    lines.push('e2e: the site did not build');
    return;
  }
  const file = join(out, 'e2e.json');
  rmSync(file, { force: true });
  const r = spawnSync(bin('playwright'), ['test', '--reporter=list,json'], {
    stdio: 'inherit',
    cwd: root,
    env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: file },
  });
  if (!existsSync(file)) {
    totals.failed++;
    lines.push(`e2e: could not run (exit ${r.status})`);
    return;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const s = report.stats ?? {};
  // Playwright's "flaky": failed first, passed on a retry (CI allows one). Counted as passed, and named.
  const walk = (suite) => [
    ...(suite.specs ?? []).flatMap((sp) => (sp.tests ?? []).filter((t) => t.status === 'flaky').map(() => sp.title)),
    ...(suite.suites ?? []).flatMap(walk),
  ];
  const flakyNames = (report.suites ?? []).flatMap(walk);
  const failedSpecs = (suite) => [
    ...(suite.specs ?? []).flatMap((sp) =>
      (sp.tests ?? [])
        .filter((t) => t.status === 'unexpected')
        .map((t) => {
          const err = (t.results ?? []).map((x) => x.error?.message).find(Boolean);
          return `e2e: ${sp.file}:${sp.line} › ${sp.title} — ${firstLine(err)}`;
        }),
    ),
    ...(suite.suites ?? []).flatMap(failedSpecs),
  ];
  failures.push(...(report.suites ?? []).flatMap(failedSpecs));
  flaky.push(...flakyNames.map((n) => `e2e: ${n}`));
  const passed = (s.expected ?? 0) + (s.flaky ?? 0);
  const failed = s.unexpected ?? 0;
  const skipped = s.skipped ?? 0;
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
  if (r.status !== 0 && failed === 0) {
    totals.failed++;
    lines.push(`e2e: playwright exited ${r.status}`);
  }
  if (passed + failed + skipped === 0) {
    totals.failed++;
    lines.push('e2e: ran no tests');
  }
  lines.push(
    `e2e: ${passed} passed, ${failed} failed, ${skipped} skipped${s.flaky ? `, ${s.flaky} flaky` : ''} (${seconds(started)})`,
  );
}

/** Formatting and lint (Biome): one check, passed or failed; its report says which file and rule. */
function style() {
  const started = Date.now();
  const r = spawnSync(bin('biome'), ['ci', '.', '--diagnostic-level=error'], { stdio: 'inherit', cwd: root });
  if (r.error || r.status === null) {
    totals.failed++;
    lines.push(`style: could not run biome (${r.error?.message ?? `signal ${r.signal}`})`);
    return;
  }
  if (r.status === 0) totals.passed++;
  else totals.failed++;
  lines.push(
    `style: ${r.status === 0 ? '1 passed, 0 failed' : '0 passed, 1 failed (run `npx biome check --write .`)'} (${seconds(started)})`,
  );
}

const ALL = ['style', 'unit', 'native', 'e2e'];
const only = process.env.RINGSIDE_SUITES ? process.env.RINGSIDE_SUITES.split(',') : ALL;
const leftOut = ALL.filter((x) => !only.includes(x)).map((x) => `${x} (not in RINGSIDE_SUITES)`);
if (only.includes('style')) style();
if (only.includes('unit')) vitest('unit+property', 'unit');
if (only.includes('native')) {
  if (existsSync(join(root, 'native-bridge', 'src'))) vitest('native', 'native');
  else leftOut.push('native (no native-bridge/src)');
}
if (only.includes('e2e')) e2e();

if (leftOut.length) lines.push(`left out: ${leftOut.join(', ')}`);
if (failures.length) lines.push(`failed tests: ${failures.length}\n  ${failures.join('\n  ')}`);
lines.push(`flaky (passed only on a retry): ${flaky.length}${flaky.length ? `\n  ${flaky.join('\n  ')}` : ''}`);
process.stdout.write(`\n${lines.join('\n')}\n`);
process.stdout.write(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exit(totals.failed > 0 || totals.passed === 0 ? 1 : 0);
