/* Device side of one split virtqueue living in a shared memory region, laid out by the kernel's
 * <linux/virtio_ring.h> (the layout authority, independent of the TypeScript model).
 *
 * Threading: the driver runs on another thread or process and writes the same memory. The device reads
 * avail.idx with acquire (so ring slots and descriptors written before it are visible), publishes
 * used.idx with release (so used elements and data written into buffers are visible first), and uses a
 * full fence between "publish" and "read the peer's suppression field" in both directions, which is
 * what prevents lost notifications (the driver does the mirror image). */
#ifndef RS_VQ_H
#define RS_VQ_H

#include <linux/virtio_ring.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chain_io.h"
#include "vq_error.h"

struct vq {
  struct vring vr;          /* pointers into the mapped region */
  uint8_t *mem;             /* guest physical address 0 */
  uint64_t mem_size;
  unsigned num;             /* queue size, power of two <= 32768 */
  uint16_t last_avail;      /* next avail slot to pop */
  uint16_t used_idx;        /* shadow of used.idx (only the device writes it) */
  uint16_t signalled_used;  /* used_idx at the last notification decision (QEMU/vhost semantics) */
  bool event_idx, indirect; /* negotiated VIRTIO_RING_F_EVENT_IDX / _INDIRECT_DESC */
};

/* Check queue size and the three ring parts against the region (alignment, bounds, overflow).
 * Returns 0, or -EINVAL with a message in err. */
int vq_check_layout(uint64_t mem_size, unsigned num, uint64_t desc, uint64_t avail, uint64_t used, char *err,
                    size_t errlen);

void vq_init(struct vq *q, uint8_t *mem, uint64_t mem_size, unsigned num, uint64_t desc, uint64_t avail,
             uint64_t used, bool event_idx, bool indirect);

/* Number of heads the driver has made available (acquire-loads avail.idx). -1 and *e filled when the
 * driver moved avail.idx more than QS ahead. */
int vq_avail_pending(struct vq *q, struct vq_error *e);

/* Pop the head at last_avail (caller checked vq_avail_pending > 0); validates head < QS. */
int vq_pop_head(struct vq *q, uint16_t *head, struct vq_error *e);

/* Walk and validate a whole chain (direct and indirect) into c. 0 or -1 with *e filled; on error
 * nothing has been read from or written to the buffers. */
int vq_walk_chain(struct vq *q, uint16_t head, struct chain *c, struct vq_error *e);

/* Write used element {id, len} and publish used.idx with release ordering. */
void vq_push_used(struct vq *q, uint16_t id, uint32_t len);

/* Whether to signal the call eventfd for entries pushed since the last decision: EVENT_IDX uses
 * vring_need_event(used_event, new, old); otherwise honours avail.flags NO_INTERRUPT. */
bool vq_should_notify(struct vq *q);

/* Tell the driver whether kicks are wanted. Enabling (before going idle) writes avail_event = last_avail
 * with EVENT_IDX, or clears used.flags NO_NOTIFY, then issues a full fence: the caller must re-check
 * vq_avail_pending afterwards to close the race with a driver that added without kicking. */
void vq_set_notification(struct vq *q, bool enable);

#endif
