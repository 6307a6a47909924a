/** Times in a trace's own unit, readable (pure). */
import type { TimeUnit } from '../../trace/model';
import { formatTime } from '../format';

export function formatTraceTime(t: number, unit: TimeUnit): string {
  if (!Number.isFinite(t)) return '—';
  switch (unit) {
    case 'ns':
      return formatTime(Math.round(t));
    case 'us':
      return formatTime(Math.round(t * 1000));
    case 'ms':
      return formatTime(Math.round(t * 1e6));
    case 's':
      return formatTime(Math.round(t * 1e9));
    case 'line':
      return `line ${Math.round(t)}`;
  }
}

export const UNIT_WORD: Record<TimeUnit, string> = { ns: 'ns', us: 'µs', ms: 'ms', s: 's', line: 'log lines' };

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1 << 20) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1 << 30) return `${(n / (1 << 20)).toFixed(1)} MiB`;
  return `${(n / (1 << 30)).toFixed(2)} GiB`;
}
