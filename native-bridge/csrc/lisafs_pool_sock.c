/* The pool's socket fallback: one RPC at a time over the Unix socket (serialised by sock_mu), used when no
 * channel is free and for the setup RPCs (Mount, Channel) that must go over the socket. */
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lisafs_pool_internal.h"
#include "lisafs_sock.h"

/* One RPC over the socket. Caller holds nothing; fds/nfds (optional) receive donated FDs, else they are
 * closed. A broken stream shuts the socket, which the watchdog treats like a hang-up. */
int lisafs_pool_sock_rpc(struct lisafs_pool *p, uint16_t mid, const void *req, uint32_t len, lisafs_sink sink,
                         void *ctx, int *fds, unsigned *nfds) {
  int got[8];
  unsigned ngot = 0;
  struct lisafs_sock_hdr h;
  int r;
  pthread_mutex_lock(&p->sock_mu);
  if (atomic_load_explicit(&p->phase, memory_order_acquire) != LISAFS_OPEN) {
    r = -ECONNRESET;
    goto out;
  }
  if (lisafs_sock_send(p->sock, mid, req, len, NULL, 0) || lisafs_sock_recv_hdr(p->sock, &h, got, 8, &ngot)) {
    r = -ECONNRESET;
    goto out;
  }
  uint32_t plen = h.data_len - LISAFS_CHAN_HDR;
  if (h.data_len < LISAFS_CHAN_HDR || plen > p->max_message || lisafs_sock_read_full(p->sock, p->sock_buf, plen)) {
    shutdown(p->sock, SHUT_RDWR);
    r = -ECONNRESET;
    goto out;
  }
  pthread_mutex_lock(&p->mu);
  p->fds_donated += ngot;
  pthread_mutex_unlock(&p->mu);
  if (h.mid == LISAFS_MID_ERROR) {
    uint32_t e = plen >= 4 ? get32(p->sock_buf) : EIO;
    r = -(int)(e ? e : EIO);
  } else if (h.mid != mid) {
    r = -EINVAL;
  } else {
    r = sink ? sink(ctx, p->sock_buf, plen) : 0;
    if (!r && fds) {
      memcpy(fds, got, ngot * sizeof *got);
      *nfds = ngot;
      ngot = 0;
    }
  }
out:
  for (unsigned i = 0; i < ngot; i++) close(got[i]);
  pthread_mutex_unlock(&p->sock_mu);
  return r;
}
