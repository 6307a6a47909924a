/**
 * The BENCH-line context of this Node process: which benchmark, when the run started, which fresh process of
 * the run this is, and the machine (a figure means little without the machine it was measured on). Node only;
 * stats.ts stays free of Node imports.
 */
import { cpus } from 'node:os';
import type { BenchContext } from './stats';

export function benchContext(bench: string): BenchContext {
  const c = cpus();
  const p = process.env.BENCH_PROCESS;
  return {
    bench,
    // the parent of `npm run bench` passes its start time on, so every process of one run carries the same date
    date: process.env.BENCH_DATE ?? new Date().toISOString(),
    ...(p === undefined ? {} : { process: Number(p) }),
    cpus: c.length,
    cpu: c[0]?.model.trim() ?? 'unknown',
    node: process.version,
  };
}
