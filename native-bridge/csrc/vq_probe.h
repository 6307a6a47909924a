/* One synchronous serving pass of the native device over caller-owned memory (see vq_probe.c). Plain C
 * types only, so the V8 binding can include it (<linux/virtio_ring.h> does not compile as C++). */
#ifndef RS_VQ_PROBE_H
#define RS_VQ_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vq_error.h"

#ifdef __cplusplus
extern "C" {
#endif

struct vq_probe_result {
  uint64_t completed;  /* chains served and pushed to the used ring */
  uint16_t last_avail, used_idx;
  bool broken;         /* err holds the first error */
  struct vq_error err;
};

/* Returns 0, -EINVAL with msg filled for a bad layout, or -ENOMEM. */
int vq_probe_run(uint8_t *mem, uint64_t mem_size, unsigned num, uint64_t desc, uint64_t avail, uint64_t used,
                 bool event_idx, bool indirect, uint64_t max_chains, struct vq_probe_result *r, char *msg,
                 size_t msglen);

#ifdef __cplusplus
}
#endif
#endif
