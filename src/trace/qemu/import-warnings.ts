/**
 * The importer's warnings: a repeated anomaly (a fill without a pop, a flush count that does not match…) is
 * counted under one message with the line it first appeared on, instead of stored once per occurrence.
 */
import type { ImportWarning } from './types';

/** Counts repeated anomalies instead of storing one message per occurrence. */
export class WarningLog {
  private byKey = new Map<string, ImportWarning>();
  add(key: string, line: number, message: () => string): void {
    const w = this.byKey.get(key);
    if (w) w.count++;
    else this.byKey.set(key, { message: message(), count: 1, firstLine: line });
  }
  list(): ImportWarning[] {
    return [...this.byKey.values()];
  }
}
