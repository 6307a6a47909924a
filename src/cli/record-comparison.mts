/**
 * npm run record:comparison — runs the model against the native device and against
 * qemu-storage-daemon (`npm run compare`), and keeps a small summary of both for the static
 * site's "Model against reality" lesson: public/data/comparison-steady.json. The site cannot
 * start a native thread or a daemon; it shows this recording, dated, and says how to run the
 * comparison live.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

type Diff = { batch: number; fields: { field: string; model: string; real: string; allowed: boolean }[] };

const OUT = join(import.meta.dirname, '../../public/data/comparison-steady.json');
const SCENARIO = 'steady';
const SEED = 1;

/** The fields of `npm run compare -- --json` this recording keeps (the CLI's JSON, read as such). */
interface CompareReport {
  identical: boolean;
  firstDivergence?: unknown;
  completed: unknown;
  notifications: unknown;
  memoryDiffs?: Diff[];
  scenario?: string;
  seed?: number;
  queueSize?: number;
  features?: unknown;
}
interface BlkCompare {
  options: { queueSize: number; features: unknown; requests: number; batch: number };
  negotiated: unknown;
  ring: unknown;
  report: CompareReport;
}

function compare(device: 'native' | 'blk'): unknown {
  const r = spawnSync(
    'npx',
    ['tsx', 'src/cli/compare.ts', '--scenario', SCENARIO, '--seed', String(SEED), '--device', device, '--json'],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  if (r.status !== 0) throw new Error(`npm run compare --device ${device} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** The parts of a compare report the lesson reads. */
function summary(report: CompareReport) {
  const diffs = report.memoryDiffs ?? [];
  const byField: Record<string, number> = {};
  for (const d of diffs) for (const f of d.fields) byField[f.field] = (byField[f.field] ?? 0) + 1;
  return {
    identical: report.identical,
    firstDivergence: report.firstDivergence ?? null,
    completed: report.completed,
    notifications: report.notifications,
    allowedByField: byField,
    memoryDiffs: diffs,
  };
}

const native = compare('native') as CompareReport;
const blk = compare('blk') as BlkCompare;
const qsd = execFileSync('qemu-storage-daemon', ['--version'], { encoding: 'utf8' }).split('\n')[0];
const record = {
  recordedAt: new Date().toISOString(),
  command: `npm run compare -- --scenario ${SCENARIO} --seed ${SEED} --device native|blk`,
  native: {
    device: 'the native C device thread over a memfd, eventfds for kick and call',
    scenario: native.scenario,
    seed: native.seed,
    queueSize: native.queueSize,
    features: native.features,
    ...summary(native),
  },
  blk: {
    device: qsd,
    scenario: SCENARIO,
    seed: SEED,
    queueSize: blk.options.queueSize,
    features: blk.options.features,
    requests: blk.options.requests,
    batch: blk.options.batch,
    negotiated: blk.negotiated,
    ring: blk.ring,
    ...summary(blk.report),
  },
};
writeFileSync(OUT, `${JSON.stringify(record, null, 2)}\n`);
// In the tree's own format, so `biome ci` (part of npm test) accepts the file as written.
execFileSync('npx', ['biome', 'format', '--write', OUT], { stdio: 'ignore' });
console.log(
  `wrote ${OUT}: native identical=${record.native.identical}, qemu-storage-daemon identical=${record.blk.identical}`,
);
