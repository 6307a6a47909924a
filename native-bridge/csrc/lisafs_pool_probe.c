/* Poking and observing a live pool: gofer-side fault injection (kill one channel, hang up the socket) for
 * the tests, and the stats snapshot behind the JS stats object. */
#include <errno.h>
#include <pthread.h>
#include <string.h>

#include "lisafs_pool_internal.h"
#include "lisafs_server.h"

int lisafs_pool_kill_channel(struct lisafs_pool *p, unsigned idx) {
  pthread_mutex_lock(&p->mu);
  int r = !p->srv || p->phase != LISAFS_OPEN ? -ECONNRESET
          : idx >= p->nch                      ? -ENOENT
                                               : lisafs_server_kill_channel(p->srv, idx);
  pthread_mutex_unlock(&p->mu);
  return r;
}

int lisafs_pool_hangup(struct lisafs_pool *p) {
  pthread_mutex_lock(&p->mu);
  int r = p->srv && p->phase == LISAFS_OPEN ? 0 : -ECONNRESET; /* nothing left to hang up */
  if (!r) lisafs_server_hangup(p->srv);
  pthread_mutex_unlock(&p->mu);
  return r;
}

void lisafs_pool_stats(struct lisafs_pool *p, struct lisafs_pool_stats *s) {
  memset(s, 0, sizeof *s);
  pthread_mutex_lock(&p->mu);
  s->channels = p->nch;
  for (unsigned i = 0; i < p->nch; i++) {
    const struct cli_chan *c = &p->ch[i];
    struct lisafs_chan_stats *o = &s->ch[i];
    o->status = c->status;
    o->death = c->death;
    o->uses = c->uses;
    o->mapped = c->ep.win != NULL; /* unmapping happens under mu, so the peek below is safe */
    if (o->mapped) {
      const struct lisafs_window_hdr *h = lisafs_ep_hdr(&c->ep);
      o->word = atomic_load_explicit(&h->state, memory_order_acquire);
      o->data_len = atomic_load_explicit(&h->data_len, memory_order_relaxed);
      o->mid = atomic_load_explicit(&h->mid, memory_order_relaxed);
      o->num_fds = atomic_load_explicit(&h->num_fds, memory_order_relaxed);
    } else {
      o->word = LISAFS_SHUTDOWN;
    }
  }
  s->stack_nil = p->stack_nil;
  s->stack_len = p->stack_len;
  memcpy(s->stack, p->stack, p->stack_len);
  s->active = p->active;
  s->socket_users = p->sock_users;
  s->calls = p->calls;
  s->errors = p->errors;
  s->socket_uses = p->socket_uses;
  s->fds_donated = p->fds_donated;
  s->last_route = p->last_route;
  s->phase = p->phase;
  s->reason = p->reason;
  s->max_message = p->max_message;
  s->window_bytes = p->window_bytes;
  s->supported = p->supported;
  pthread_mutex_unlock(&p->mu);
}
