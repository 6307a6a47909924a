/* One side of a flipcall packet window: a MAP_SHARED mapping of the channel's memfd and the handoff on its
 * state word. Client and server map the memfd separately (as the sentry and the gofer do), so the futex is
 * a shared one, keyed by the memfd page rather than by either side's address. */
#ifndef RS_LISAFS_FLIPCALL_H
#define RS_LISAFS_FLIPCALL_H

#include <stddef.h>
#include <stdint.h>

#include "lisafs_wire.h"

#ifdef __cplusplus
extern "C" {
#endif

enum { LISAFS_SIDE_CLIENT = 0, LISAFS_SIDE_SERVER = 1 };

struct lisafs_ep {
  uint8_t *win; /* MAP_FAILED-free: NULL when not mapped */
  size_t size;
  int side;
  unsigned spin; /* polls of the word before sleeping in FUTEX_WAIT; 0 = straight to the futex */
};

static inline struct lisafs_window_hdr *lisafs_ep_hdr(const struct lisafs_ep *ep) {
  return (struct lisafs_window_hdr *)ep->win;
}
static inline uint8_t *lisafs_ep_payload(const struct lisafs_ep *ep) { return ep->win + LISAFS_PAYLOAD_OFF; }
static inline uint32_t lisafs_ep_max_payload(const struct lisafs_ep *ep) {
  return (uint32_t)(ep->size - LISAFS_PAYLOAD_OFF);
}

/* Map `size` bytes of memfd `fd` (the fd may be closed afterwards). Returns 0 or -errno. */
int lisafs_ep_map(struct lisafs_ep *ep, int fd, size_t size, int side, unsigned spin);
void lisafs_ep_unmap(struct lisafs_ep *ep);

/* Hand the window to the peer: CAS own-active -> peer-active, then wake the peer if it sleeps.
 * Returns 0, or -ECONNRESET when the word is already shutdown. */
int lisafs_ep_handoff(struct lisafs_ep *ep);
/* Block until the window is ours again; returns LISAFS_SHUTDOWN or this side's active value. */
uint32_t lisafs_ep_wait_active(struct lisafs_ep *ep);
/* Client round trip: handoff then wait. 0, or -ECONNRESET when the word became (or was) shutdown. */
int lisafs_ep_round_trip(struct lisafs_ep *ep);
/* Block until the word is shutdown (a server that must never answer again still has to notice the end). */
void lisafs_ep_wait_shutdown(struct lisafs_ep *ep);
/* Either side, any time, idempotent: store shutdown and wake every waiter on the word. */
void lisafs_ep_shutdown(struct lisafs_ep *ep);
uint32_t lisafs_ep_state(const struct lisafs_ep *ep);

#ifdef __cplusplus
}
#endif
#endif
