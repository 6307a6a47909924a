/** Small formatting helpers shared by the views (pure; no DOM). */

export function hex(n: number, width = 0): string {
  if (!Number.isFinite(n) || n < 0) return String(n);
  return `0x${Math.floor(n).toString(16).padStart(width, '0')}`;
}

export function hexBytes(bytes: Uint8Array, max = bytes.length): string {
  const out: string[] = [];
  for (let i = 0; i < Math.min(bytes.length, max); i++) out.push(bytes[i].toString(16).padStart(2, '0'));
  return out.join(' ');
}

/** Little-endian bytes of an unsigned value (for private copies that live outside guest memory). */
export function leBytes(value: number, size: number): Uint8Array {
  const b = new Uint8Array(size);
  let v = value;
  for (let i = 0; i < size; i++) {
    b[i] = v % 256;
    v = Math.floor(v / 256);
  }
  return b;
}

/** Virtual nanoseconds as a readable duration. */
export function formatTime(ns: number): string {
  if (ns < 1000) return `${ns} ns`;
  if (ns < 1_000_000) return `${(ns / 1000).toFixed(ns < 10_000 ? 2 : 1)} µs`;
  return `${(ns / 1_000_000).toFixed(2)} ms`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Steps per second shown on the speed control. */
export function formatSpeed(sps: number): string {
  if (sps < 1) return `${sps.toFixed(2)} steps/s`;
  if (sps < 10) return `${sps.toFixed(1)} steps/s`;
  return `${Math.round(sps)} steps/s`;
}

/** Logarithmic speed scale: slider value 0…1000 ↔ 0.25 … 2000 steps per second. */
export const SPEED_MIN = 0.25;
export const SPEED_MAX = 2000;
export function sliderToSpeed(v: number): number {
  const t = Math.min(1, Math.max(0, v / 1000));
  return SPEED_MIN * (SPEED_MAX / SPEED_MIN) ** t;
}
export function speedToSlider(sps: number): number {
  const s = Math.min(SPEED_MAX, Math.max(SPEED_MIN, sps));
  return Math.round((1000 * Math.log(s / SPEED_MIN)) / Math.log(SPEED_MAX / SPEED_MIN));
}

/** Signed distance a free-running u16 index moved (for animating pointers across the wrap). */
export function u16Delta(from: number, to: number): number {
  const d = (to - from) & 0xffff;
  return d >= 0x8000 ? d - 0x10000 : d;
}
