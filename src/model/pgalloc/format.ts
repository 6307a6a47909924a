/** Human-readable sizes and durations for event sentences. */
export function fmtBytes(b: number): string {
  if (b >= 1024 * 1024 * 1024) return `${+(b / (1024 * 1024 * 1024)).toFixed(2)} GiB`;
  if (b >= 1024 * 1024) return `${+(b / (1024 * 1024)).toFixed(2)} MiB`;
  if (b >= 1024) return `${+(b / 1024).toFixed(1)} KiB`;
  return `${b} B`;
}

export function fmtNs(ns: number): string {
  if (ns >= 1e9) return `${+(ns / 1e9).toFixed(3)} s`;
  if (ns >= 1e6) return `${+(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${+(ns / 1e3).toFixed(1)} µs`;
  return `${ns} ns`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
