/* A native virtio device: one split virtqueue in a shared memfd region, served on its own pthread that
 * sleeps in epoll on the kick eventfd and signals the call eventfd. Plain C, no V8: the JS binding and
 * the C benchmark driver both use this API. */
#ifndef RS_VDEV_H
#define RS_VDEV_H

#include <stddef.h>
#include <stdint.h>

#include "vq_error.h"

#ifdef __cplusplus
extern "C" {
#endif

enum vdev_kind { VDEV_ECHO = 0, VDEV_BLK = 1 };

struct vdev_config {
  int mem_fd;           /* memfd (or any mappable fd); mapped MAP_SHARED by the device itself */
  uint64_t mem_size;    /* guest physical address 0 = offset 0 of this mapping */
  unsigned queue_size;  /* power of two <= 32768 */
  uint64_t desc_addr, avail_addr, used_addr;
  int kick_fd, call_fd; /* eventfds; the device keeps its own dup()s and sets kick nonblocking */
  int config_fd;        /* optional eventfd (-1): signalled once when the queue breaks (NEEDS_RESET) */
  int event_idx, indirect_desc; /* negotiated VIRTIO_RING_F_EVENT_IDX / _INDIRECT_DESC */
  enum vdev_kind kind;
  uint64_t disk_size;   /* blk: bytes, multiple of 512 */
  const char *serial;   /* blk: GET_ID answer (<= 20 bytes used) */
};

struct vdev_stats {
  uint64_t kick_wakeups;   /* kick eventfd reads that returned a count */
  uint64_t kick_sum;       /* sum of those counts (kicks the driver wrote; coalesced ones included) */
  uint64_t chains;         /* chains completed (used entries pushed) */
  uint64_t bytes_read, bytes_written;
  uint64_t irq_signalled;  /* call eventfd writes */
  uint64_t irq_suppressed; /* notification decisions that said "don't" (EVENT_IDX or NO_INTERRUPT) */
  uint64_t passes;         /* processing passes (one per wake-up that found work, plus re-checks) */
  uint16_t last_avail, used_idx;
  int broken, running;
};

struct vdev;

/* Validate, map, dup fds, start the thread. 0, or -errno with a message in err. */
int vdev_create(const struct vdev_config *cfg, struct vdev **out, char *err, size_t errlen);
void vdev_get_stats(struct vdev *d, struct vdev_stats *s);
/* 1 and *e filled if the queue is broken, else 0. */
int vdev_get_error(struct vdev *d, struct vq_error *e);
/* Ask the thread to stop (it checks between chains, so a busy device stops promptly) and join it.
 * Idempotent. */
void vdev_stop(struct vdev *d);
/* Stop, unmap, close the dup'd fds, free. */
void vdev_destroy(struct vdev *d);

#ifdef __cplusplus
}
#endif
#endif
