/* The device side of a packed virtqueue (virtio 1.1+) over caller-owned memory, one synchronous pass at a time,
 * mirroring the packed model device (src/model/packed/device.ts, after QEMU's virtqueue_packed_pop / _fill /
 * _flush / virtio_packed_should_notify). Plain C types only, so the V8 binding can include it
 * (<linux/virtio_ring.h> is included by pvq.c alone: it does not compile as C++). */
#ifndef RS_PVQ_H
#define RS_PVQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What the device keeps between passes. Every pass completes all it pops, so no buffer is held across passes
 * and positions plus the last signalled index are the whole state. */
struct pvq_state {
  uint16_t last_avail, avail_wrap; /* next slot to read and its wrap counter (QEMU last_avail_*) */
  uint16_t used_idx, used_wrap;    /* next slot to write a used descriptor at and its wrap counter */
  uint16_t signalled_used;
  bool signalled_valid;
};

struct pvq_result {
  uint32_t completed;
  int interrupt; /* -1: no decision (nothing flushed), 0 / 1 */
  bool broken;
  char kind[32];     /* the model's PackedErrorKind */
  char message[192]; /* the model's message, same words */
};

/* Returns 0, or -EINVAL with msg filled when the ring does not fit in the memory. */
int pvq_probe_run(uint8_t *mem, uint64_t mem_size, unsigned qs, uint64_t desc, uint64_t driver_event,
                  uint64_t device_event, bool event_idx, bool indirect, struct pvq_state *st, struct pvq_result *r,
                  char *msg, size_t msglen);

#ifdef __cplusplus
}
#endif
#endif
