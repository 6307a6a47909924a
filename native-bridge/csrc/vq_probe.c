/* The device thread's serving loop (vdev.c process() and handle()) without the thread, the eventfds or
 * the notifications: vq_avail_pending, vq_pop_head, vq_walk_chain, echo_handle, vq_push_used, to the
 * first error or until the available ring is empty. A differential fuzz runs 100k corrupted rings
 * through exactly this code in a few seconds; a sample also goes through the real thread to show the
 * two give the same result. */
#include "vq_probe.h"

#include <errno.h>
#include <string.h>

#include "dev_kinds.h"
#include "vq.h"

int vq_probe_run(uint8_t *mem, uint64_t mem_size, unsigned num, uint64_t desc, uint64_t avail, uint64_t used,
                 bool event_idx, bool indirect, uint64_t max_chains, struct vq_probe_result *r, char *msg,
                 size_t msglen) {
  int rc = vq_check_layout(mem_size, num, desc, avail, used, msg, msglen);
  if (rc < 0) return rc;
  struct vq q;
  vq_init(&q, mem, mem_size, num, desc, avail, used, event_idx, indirect);
  struct chain c;
  /* as vdev.c sizes it: a direct chain (<= QS) or one indirect table (<= QS entries) */
  if (chain_alloc(&c, 2 * num) < 0) return -ENOMEM;
  memset(r, 0, sizeof *r);
  /* Same pass structure as process(): read avail.idx once, serve that many, read it again. The budget
   * only matters for a ring whose buffers alias the ring itself (echo rewriting avail.idx). */
  while (!r->broken && r->completed < max_chains) {
    int n = vq_avail_pending(&q, &r->err);
    if (n < 0) r->broken = true;
    if (n <= 0) break;
    while (n-- > 0 && r->completed < max_chains) {
      uint16_t head;
      uint32_t len = 0;
      if (vq_pop_head(&q, &head, &r->err) < 0 || vq_walk_chain(&q, head, &c, &r->err) < 0 ||
          echo_handle(&c, &len, &r->err) < 0) {
        r->broken = true;
        break;
      }
      vq_push_used(&q, head, len);
      r->completed++;
    }
  }
  chain_free(&c);
  r->last_avail = q.last_avail;
  r->used_idx = q.used_idx;
  return 0;
}
