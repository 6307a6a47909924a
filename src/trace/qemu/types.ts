/**
 * What the QEMU importer reconstructs. Times are numbers in `QemuTrace.timeUnit`:
 * microseconds since the first timestamped line, or — for logs without timestamps —
 * line numbers, which order events but say nothing about durations.
 */

export type QemuTimeBase = 'timestamps' | 'line-order';

/** How a request's life ended, as far as the trace shows. */
export type RequestEnd =
  | 'completed' // popped, filled and flushed (used ring updated)
  | 'filled' // filled but the trace ended before its flush
  | 'in-flight' // popped, never filled before the trace ended
  | 'reset' // dropped by a device reset (virtio_set_status val 0)
  | 'repopped'; // its element was popped again before any fill: a completion we never saw

export interface BlkInfo {
  /** 'read', 'write', or the suffix of a newer virtio_blk_handle_<op> event. */
  op?: string;
  sector?: number;
  nsectors?: number;
  /** virtio_blk_req_complete status (0 = VIRTIO_BLK_S_OK). */
  status?: number;
  /** virtio_blk_rw_complete ret (0 or -errno). */
  ret?: number;
}

export interface QemuRequest {
  /** Sequential in pop order, from 0. */
  id: number;
  vq: string;
  /** VirtQueueElement pointer: identifies the request only between its pop and its fill. */
  elem: string;
  /** vdev pointer and queue number, known once any event maps the vq to them. */
  device: string | undefined;
  queue: number | undefined;
  /** Thread that popped it (from `tid@` prefixes). */
  thread: number | undefined;
  popLine: number;
  popTime: number;
  inNum: number;
  outNum: number;
  /** virtqueue_alloc_element size: the device's request struct size. */
  allocSize?: number;
  /** The virtio_queue_notify this pop is attributed to (see limitations). */
  kickId?: number;
  kickTime?: number;
  fillTime?: number;
  /** Bytes the device wrote into the request's in-buffers (virtqueue_fill len). */
  usedLen?: number;
  /** virtqueue_fill idx: position within its flush batch, not a ring index. */
  fillIdx?: number;
  flushId?: number;
  flushTime?: number;
  /** Count of the flush that published it. */
  batchSize?: number;
  interruptId?: number;
  interruptTime?: number;
  /** Time it left the in-flight set without completing (reset / repopped). */
  droppedTime?: number;
  end: RequestEnd;
  blk?: BlkInfo;
}

export interface QemuKick {
  id: number;
  time: number;
  line: number;
  thread: number | undefined;
  vdev: string;
  n: number;
  vq: string;
  /** Requests popped under this kick (0: nothing new was available — a spurious or coalesced kick). */
  requests: number;
}

export interface QemuInterrupt {
  id: number;
  time: number;
  line: number;
  thread: number | undefined;
  vdev: string;
  vq: string;
  /** Event name: virtio_notify, virtio_notify_irqfd, … */
  via: string;
  /** Requests flushed since the previous interrupt on the queue, covered by this one. */
  requests: number;
}

export interface QemuFlush {
  id: number;
  time: number;
  line: number;
  thread: number | undefined;
  vq: string;
  count: number;
  /** Filled requests this flush published; differs from count only when the trace is partial. */
  matched: number;
}

export interface InFlightSeries {
  time: number[];
  value: number[];
}

export interface QemuQueue {
  vq: string;
  device: string | undefined;
  /** Queue number from virtio_queue_notify; undefined if the queue was never kicked. */
  n: number | undefined;
  /** "q0", or "vq 0x…" when the number is unknown. */
  label: string;
  requests: number;
  completed: number;
  kicks: number;
  /** Kicks under which nothing was popped. */
  emptyKicks: number;
  /** Requests popped with no kick of their own (picked up while the device was already busy). */
  kicklessRequests: number;
  /**
   * Completed requests no interrupt was attributed to: none came between their flush and the
   * queue's next kick (or reset, or the end of the trace).
   */
  unsignalled: number;
  interrupts: number;
  flushes: number;
  /** [flush count, how many flushes had it], ascending. */
  batchSizes: Array<[size: number, flushes: number]>;
  maxInFlight: number;
  /** Popped-but-not-flushed requests after every change. */
  inFlight: InFlightSeries;
}

export interface QemuDevice {
  vdev: string;
  /** "virtio-blk" etc. when device-specific events name the vdev. */
  kind: string | undefined;
  /** vq pointers, in order of first appearance. */
  queues: string[];
  status: Array<{ time: number; line: number; val: number }>;
  resets: number;
}

export interface Annotation {
  line: number;
  time: number;
  thread: number | undefined;
  name: string;
  args: string;
  /** vdev the event mentions, if any. */
  device?: string;
}

export interface ImportWarning {
  message: string;
  count: number;
  firstLine: number;
}

export interface BadLine {
  line: number;
  message: string;
}

export interface QemuTrace {
  format: 'qemu-trace-log';
  timeBase: QemuTimeBase;
  timeUnit: 'us' | 'line';
  /** Epoch time of time 0, for timestamped logs: seconds and microseconds. */
  timeOrigin: { sec: number; usec: number } | undefined;
  lines: number;
  /** Lines that were trace events (not blank, not bad). */
  events: number;
  /** How many times each event name occurred. */
  eventCounts: Record<string, number>;
  devices: QemuDevice[];
  queues: QemuQueue[];
  requests: QemuRequest[];
  kicks: QemuKick[];
  interrupts: QemuInterrupt[];
  flushes: QemuFlush[];
  annotations: Annotation[];
  /** Lines skipped under onBadLine 'skip'. */
  badLines: number;
  /** The first few skipped lines and why. */
  badLineSamples: BadLine[];
  warnings: ImportWarning[];
  /** What a QEMU trace cannot tell, and the assumptions made here. */
  limitations: string[];
}
