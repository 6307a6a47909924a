/**
 * What a packed-ring run records: one event per step, with who acted, what happened in words and in
 * numbers, and both sides' ring positions afterwards. The ring views, the lessons and the golden
 * tests read runs through these types.
 */
import type { PackedErrorInfo } from './errors';

export type PackedEventKind =
  | 'add'
  | 'add-wait'
  | 'reject'
  | 'kick'
  | 'kick-suppressed'
  | 'device-wake'
  | 'pop'
  | 'device-rearm'
  | 'device-sleep'
  | 'complete'
  | 'flush'
  | 'interrupt'
  | 'interrupt-suppressed'
  | 'driver-wake'
  | 'reclaim'
  | 'driver-rearm'
  | 'driver-sleep'
  | 'error'
  | 'stall';

/** Both sides' positions after a step (what a ring view draws). */
export interface PackedPositions {
  nextAvail: number;
  availWrap: number;
  lastUsed: number;
  usedWrap: number;
  numFree: number;
  driverInFlight: number;
  deviceAvail: number;
  deviceAvailWrap: number;
  deviceUsed: number;
  deviceUsedWrap: number;
  deviceInUse: number;
}

export type EventValue = number | boolean | string | number[];

export interface PackedEvent {
  step: number;
  actor: 'driver' | 'device' | 'sim';
  kind: PackedEventKind;
  /** What happened, in words a newcomer can follow; the numbers are in `data`. */
  text: string;
  data: Record<string, EventValue>;
  positions: PackedPositions;
  error?: PackedErrorInfo;
}

/** An event as a step handler makes it; the runner adds the step number and the positions. */
export type EventBody = Omit<PackedEvent, 'step' | 'positions'>;
