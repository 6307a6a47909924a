/**
 * What the driver needs from a device it does not run itself: a way to kick it and a way
 * to wait for its interrupt. The in-process model device and the native device thread
 * (over real eventfds) both implement it, so one driver loop drives either.
 */
export interface DevicePort {
  /** Which device this is, for reports ("model", "native-echo", "vhost-user-blk"). */
  readonly name: string;
  /** Notify the device: an eventfd write on the real side. */
  kick(): void;
  /** The drained call counter once the device interrupts. Rejects after `timeoutMs` or when the device fails. */
  waitForCall(timeoutMs: number): Promise<number>;
  /** Nanoseconds for event times (virtual for the model, monotonic for real devices). */
  now(): number;
  /** The device's own report of why it stopped serving, if it did. */
  deviceError(): { code: string; message: string } | null;
  /** What the device saw and decided: kicks it woke for, interrupts it sent and suppressed. */
  deviceStats(): DeviceSideStats;
}

export interface DeviceSideStats {
  kickWakeups: number;
  chains: number;
  interruptsSignalled: number;
  interruptsSuppressed: number;
}

/** Thrown when a device does not answer: the driver never waits forever. */
export class DeviceTimeoutError extends Error {
  readonly kind = 'DeviceTimeout';
  constructor(
    readonly device: string,
    readonly waitedMs: number,
    readonly inFlight: number,
  ) {
    super(
      `${device} did not complete ${inFlight} request(s) within ${waitedMs} ms: the device is stuck, dropped them without a used entry, or died`,
    );
    this.name = 'DeviceTimeoutError';
  }
}

/** Thrown when the device reports that it broke the queue. */
export class DeviceFailedError extends Error {
  readonly kind = 'DeviceFailed';
  constructor(
    readonly device: string,
    readonly code: string,
    readonly deviceMessage: string,
    readonly inFlight: number,
  ) {
    super(
      `${device} stopped serving the queue (${code}: "${deviceMessage}"); ${inFlight} request(s) in flight were failed`,
    );
    this.name = 'DeviceFailedError';
  }
}

/** Thrown to a waiting driver when its queue is closed under it. */
export class QueueClosedError extends Error {
  readonly kind = 'QueueClosed';
  constructor(
    readonly device: string,
    readonly inFlight: number,
  ) {
    super(`the queue to ${device} was closed with ${inFlight} request(s) in flight; they were failed`);
    this.name = 'QueueClosedError';
  }
}
