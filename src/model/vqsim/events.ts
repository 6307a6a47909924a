/**
 * The event log of a virtqueue run: one event per step. Each event says in words what
 * happened (for the log view and newcomers) and carries the data to re-apply it: the ring
 * memory writes it made (bytes), plus the indices and decisions involved.
 */
import type { RingErrorInfo } from '../virtio/errors';

export type Actor = 'driver' | 'device' | 'workload' | 'hostile' | 'user';

export type EventKind =
  | 'start'
  | 'arrive'
  | 'add'
  | 'add-wait'
  | 'reject'
  | 'kick'
  | 'kick-suppressed'
  | 'device-wake'
  | 'pop'
  | 'device-idle'
  | 'complete'
  | 'flush'
  | 'driver-wake'
  | 'reclaim'
  | 'recycle'
  | 'driver-idle'
  | 'corrupt'
  | 'intervention'
  | 'error';

/** A memory write: [gpa, hex bytes] for ring and table memory; [gpa, length, fnv32] for payloads. */
export type MemoryWrite = [number, string] | [number, number, number];

export interface SimEvent {
  step: number;
  /** Virtual time in ns. */
  time: number;
  actor: Actor;
  kind: EventKind;
  text: string;
  data: Record<string, unknown>;
  writes: MemoryWrite[];
  /** Chains published and not yet reclaimed, after the step. */
  inFlight: number;
  /** Free descriptors after the step. */
  free: number;
  error?: RingErrorInfo;
}

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
  return s;
}

export function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(2 * i, 2), 16);
  return out;
}

export function fnv32(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function chainText(descriptors: number[]): string {
  return descriptors.join('→');
}
