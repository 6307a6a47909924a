/**
 * What a QEMU trace-event log cannot tell — shown to users next to every import so that a
 * reconstructed picture is not mistaken for a ring-level one.
 */
export const QEMU_TRACE_LIMITATIONS: readonly string[] = [
  'No descriptor indices or head ids: QEMU traces element pointers, which are reused after completion, so requests are identified by pop order, not by ring slot.',
  'No avail/used ring indices: virtqueue_fill idx is the offset within one flush batch, not a ring position; ring wrap-around and free descriptor counts cannot be shown.',
  'Kicks that the driver suppressed (VIRTIO_F_EVENT_IDX / VRING_USED_F_NO_NOTIFY) never happened and leave no trace; kicks that reached an ioeventfd before QEMU read it coalesce into one virtio_queue_notify.',
  'Interrupts the device suppressed (virtio_should_notify false) are not traced; an interrupt is attributed to the requests flushed on its queue since the previous interrupt, unless the guest kicked the queue in between (then those requests count as unsignalled).',
  'Kick attribution is inferred: a pop belongs to the latest virtio_queue_notify on its queue unless the queue flushed in between (then the device was already running and the request has no kick of its own).',
  'Guest-side times are not in the trace: "kick" is when QEMU handled the notification and "interrupt" is when QEMU signalled it, not when the guest wrote or received them.',
  'virtio_queue_notify also fires when QEMU re-kicks a queue itself (e.g. when a dataplane/iothread starts), so kicks that popped nothing are not necessarily guest kicks.',
  'virtio-blk request details are matched by the req pointer, which QEMU makes equal to the element pointer; requests without virtio_blk_handle_* events (flush, get-id, discard) have no op/sector.',
];

export const LINE_ORDER_LIMITATION =
  'The log has no timestamps: times are line numbers. Order is real, durations and latencies are in lines, not seconds (run QEMU with -msg timestamp=on).';
