/**
 * The targets a README benchmark row can be held to (a ratio, a p95, the slowest run…), each
 * with its wording and the check that decides it from the figure's record, so "met" is
 * computed, never typed.
 */
import { type BenchRecord, centre, isFiniteNumber } from './stats';

/** A target and how to decide it from the figure's record (null: the record lacks what the check needs). */
export interface Target {
  text: string;
  met(r: BenchRecord): boolean | null;
}

/** ≤ `each` in every process and ≤ `median` over processes (issue 16's model / C target). */
export function everyProcess(each: number, median: number): Target {
  return {
    text: `≤ ${each.toFixed(1)}× in every process, median over processes ≤ ${median.toFixed(1)}×`,
    met(r) {
      const m = centre(r);
      if (!isFiniteNumber(m)) return null;
      const per = r.perProcess ?? [{ process: 1, median: m }];
      return per.every((p) => p.median <= each) && m <= median;
    },
  };
}

export function atMost(limit: number, unit = '×'): Target {
  return {
    text: `≤ ${limit}${unitSuffix(unit)}`,
    met: (r) => (isFiniteNumber(centre(r)) ? (centre(r) as number) <= limit : null),
  };
}

export function atLeast(limit: number, unit = '×'): Target {
  return {
    text: `≥ ${limit}${unitSuffix(unit)}`,
    met: (r) => (isFiniteNumber(centre(r)) ? (centre(r) as number) >= limit : null),
  };
}

export function p95AtMost(limit: number, unit: string): Target {
  return { text: `p95 ≤ ${limit}${unitSuffix(unit)}`, met: (r) => (isFiniteNumber(r.p95) ? r.p95 <= limit : null) };
}

export function slowestAtMost(limit: number, unit: string): Target {
  return {
    text: `every one ≤ ${limit}${unitSuffix(unit)}`,
    met: (r) => (isFiniteNumber(r.max) ? r.max <= limit : null),
  };
}

function unitSuffix(unit: string): string {
  return unit === '×' ? '×' : ` ${unit}`;
}
