/* The pool's call path (lisafs_pool_call): the client's checks, then one RPC over the channel on top of the
 * LIFO stack (the flipcall window protocol in chan_rpc), or over the socket when the stack is empty; channel
 * death on a broken transport. */
#include <errno.h>
#include <pthread.h>
#include <string.h>

#include "lisafs_pool_internal.h"

/* One RPC over a channel the caller holds. *dead: the transport failed (word shutdown, or a reply that
 * cannot be a reply), so the channel must never be used again. */
static int chan_rpc(struct lisafs_pool *p, struct cli_chan *c, uint16_t mid, const void *req, uint32_t len,
                    lisafs_sink sink, void *ctx, bool *dead) {
  struct lisafs_ep *ep = &c->ep;
  struct lisafs_window_hdr *h = lisafs_ep_hdr(ep);
  *dead = false;
  if (len) memcpy(lisafs_ep_payload(ep), req, len);
  atomic_store_explicit(&h->mid, mid, memory_order_relaxed);
  atomic_store_explicit(&h->num_fds, 0, memory_order_relaxed);
  atomic_store_explicit(&h->data_len, LISAFS_CHAN_HDR + len, memory_order_relaxed);
  if (lisafs_ep_round_trip(ep)) {
    *dead = true;
    return -EIO;
  }
  uint32_t dlen = atomic_load_explicit(&h->data_len, memory_order_relaxed);
  uint16_t rmid = atomic_load_explicit(&h->mid, memory_order_relaxed);
  uint32_t plen = dlen - LISAFS_CHAN_HDR;
  if (dlen < LISAFS_CHAN_HDR || plen > p->max_message || (rmid == LISAFS_MID_ERROR && plen < 4)) {
    *dead = true;
    return -EIO;
  }
  if (rmid == LISAFS_MID_ERROR) {
    uint32_t e = get32(lisafs_ep_payload(ep));
    return -(int)(e ? e : EIO);
  }
  if (rmid != mid) return -EINVAL;
  return sink ? sink(ctx, lisafs_ep_payload(ep), plen) : 0;
}

int lisafs_pool_call(struct lisafs_pool *p, uint16_t mid, const void *req, uint32_t len, lisafs_sink sink,
                     void *ctx, int *route) {
  *route = -2;
  /* The client's own checks, before any transport (the seed's order). */
  if (mid == LISAFS_MID_CHANNEL) return -EINVAL; /* reserved: the pool makes its channels itself */
  if (mid >= LISAFS_MID_LIMIT || !(p->supported & BIT(mid))) return -EOPNOTSUPP;
  if (len > p->max_message) return -EIO;

  pthread_mutex_lock(&p->mu);
  p->calls++;
  if (atomic_load_explicit(&p->phase, memory_order_relaxed) != LISAFS_OPEN) {
    p->errors++;
    pthread_mutex_unlock(&p->mu);
    return -ECONNRESET; /* the stack is gone and so is the socket */
  }
  if (p->stack_len) { /* pop the top: the channel used last, its window still hot */
    unsigned idx = p->stack[--p->stack_len];
    struct cli_chan *c = &p->ch[idx];
    c->status = LISAFS_CH_ACTIVE;
    c->uses++;
    p->active++;
    pthread_mutex_unlock(&p->mu);
    *route = (int)idx;
    bool dead;
    int r = chan_rpc(p, c, mid, req, len, sink, ctx, &dead);
    pthread_mutex_lock(&p->mu);
    p->active--;
    if (dead) { /* never re-pooled, never re-created */
      c->status = LISAFS_CH_DEAD;
      c->death = p->phase == LISAFS_OPEN ? LISAFS_DEATH_TRANSPORT : LISAFS_DEATH_SHUTDOWN;
    } else if (p->stack_nil) { /* the watchdog emptied the pool while we held it */
      c->status = LISAFS_CH_DEAD;
      c->death = LISAFS_DEATH_POOL_CLOSED;
    } else {
      c->status = LISAFS_CH_AVAILABLE;
      p->stack[p->stack_len++] = (uint8_t)idx;
    }
    if (r) p->errors++;
    p->last_route = (int)idx;
    if (!p->active) pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    return r;
  }
  p->sock_users++;
  p->socket_uses++;
  pthread_mutex_unlock(&p->mu);
  *route = -1;
  int r = lisafs_pool_sock_rpc(p, mid, req, len, sink, ctx, NULL, NULL);
  pthread_mutex_lock(&p->mu);
  p->sock_users--;
  if (r) p->errors++;
  p->last_route = -1;
  if (!p->sock_users) pthread_cond_broadcast(&p->cv);
  pthread_mutex_unlock(&p->mu);
  return r;
}
