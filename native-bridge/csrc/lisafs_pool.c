#include "lisafs_pool.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "lisafs_flipcall.h"
#include "lisafs_server.h"
#include "lisafs_sock.h"

struct cli_chan {
  struct lisafs_ep ep; /* win == NULL once destroyed */
  uint8_t status, death;
  uint64_t uses;
};

struct lisafs_pool {
  _Atomic int refs;
  _Atomic bool close_started;
  struct lisafs_server *srv; /* NULL once closed; used under mu */
  int sock, stop_efd;
  pthread_t watchdog;
  bool watchdog_started;
  uint32_t max_message;
  uint64_t window_bytes, supported;
  unsigned spin;

  pthread_mutex_t mu; /* everything below, except what sock_mu guards */
  pthread_cond_t cv;  /* active / sock_users reaching 0, phase changes */
  struct cli_chan ch[LISAFS_MAX_CHANNELS];
  unsigned nch;
  uint8_t stack[LISAFS_MAX_CHANNELS];
  unsigned stack_len;
  bool stack_nil;
  unsigned active, sock_users;
  uint64_t calls, errors, socket_uses, fds_donated;
  int last_route;
  _Atomic uint8_t phase; /* written under mu; read unlocked by the socket path */
  uint8_t reason;

  pthread_mutex_t sock_mu; /* the socket: one RPC at a time, no tags (the seed's sockMu) */
  uint8_t *sock_buf;       /* response payload scratch, under sock_mu */
};

#define BIT(m) (1ull << (m))

static uint32_t get32(const uint8_t *p) {
  uint32_t v;
  memcpy(&v, p, 4);
  return v;
}

/* ---- transports ---------------------------------------------------------------------------------------- */

/* One RPC over the socket. Caller holds nothing; fds/nfds (optional) receive donated FDs, else they are
 * closed. A broken stream shuts the socket, which the watchdog treats like a hang-up. */
static int sock_rpc(struct lisafs_pool *p, uint16_t mid, const void *req, uint32_t len, lisafs_sink sink,
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

/* ---- the pool ------------------------------------------------------------------------------------------ */

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
  int r = sock_rpc(p, mid, req, len, sink, ctx, NULL, NULL);
  pthread_mutex_lock(&p->mu);
  p->sock_users--;
  if (r) p->errors++;
  p->last_route = -1;
  if (!p->sock_users) pthread_cond_broadcast(&p->cv);
  pthread_mutex_unlock(&p->mu);
  return r;
}

/* The watchdog's work after POLLHUP|POLLRDHUP (or close): shut down every channel not on the stack, throw
 * the stack away, wait for active users, destroy every channel, then the socket. */
static void teardown(struct lisafs_pool *p, uint8_t reason) {
  pthread_mutex_lock(&p->mu);
  p->reason = reason;
  atomic_store_explicit(&p->phase, LISAFS_SHUTTING_DOWN, memory_order_release);
  bool on_stack[LISAFS_MAX_CHANNELS] = {false};
  for (unsigned i = 0; i < p->stack_len; i++) on_stack[p->stack[i]] = true;
  for (unsigned i = 0; i < p->nch; i++) {
    struct cli_chan *c = &p->ch[i];
    if (!on_stack[i]) {
      lisafs_ep_shutdown(&c->ep); /* wakes a caller blocked on a gofer that will never answer */
    } else {
      c->status = LISAFS_CH_DEAD;
      c->death = LISAFS_DEATH_POOL_CLOSED;
    }
  }
  p->stack_len = 0;
  p->stack_nil = true;
  while (p->active) pthread_cond_wait(&p->cv, &p->mu);
  for (unsigned i = 0; i < p->nch; i++) {
    lisafs_ep_shutdown(&p->ch[i].ep);
    lisafs_ep_unmap(&p->ch[i].ep);
  }
  pthread_mutex_unlock(&p->mu);

  shutdown(p->sock, SHUT_RDWR); /* a socket caller blocked in read gets EOF */
  pthread_mutex_lock(&p->mu);
  while (p->sock_users) pthread_cond_wait(&p->cv, &p->mu);
  close(p->sock); /* no one can be using it: sock_users is 0 and the phase refuses new ones */
  p->sock = -1;
  atomic_store_explicit(&p->phase, LISAFS_DESTROYED, memory_order_release);
  pthread_cond_broadcast(&p->cv);
  pthread_mutex_unlock(&p->mu);
}

static void *watchdog_main(void *arg) {
  struct lisafs_pool *p = arg;
  struct pollfd pf[2] = {{p->sock, POLLRDHUP, 0}, {p->stop_efd, POLLIN, 0}};
  uint8_t reason;
  for (;;) {
    int n = poll(pf, 2, -1);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      reason = LISAFS_REASON_POLL_ERROR;
      break;
    }
    if (pf[0].revents & (POLLHUP | POLLRDHUP | POLLERR)) {
      reason = LISAFS_REASON_HANGUP;
      break;
    }
    if (pf[1].revents) {
      reason = LISAFS_REASON_CLOSED;
      break;
    }
  }
  teardown(p, reason);
  return NULL;
}

/* ---- setup --------------------------------------------------------------------------------------------- */

static int mount_sink(void *ctx, const uint8_t *d, uint32_t len) {
  struct lisafs_pool *p = ctx;
  if (len < 8) return -EPROTO;
  uint32_t max = get32(d), n = get32(d + 4);
  if (len < 8 + 2 * n) return -EPROTO;
  if (max < p->max_message) p->max_message = max; /* the gofer's limit wins when smaller */
  for (uint32_t i = 0; i < n; i++) {
    uint16_t m;
    memcpy(&m, d + 8 + 2 * i, 2);
    if (m < LISAFS_MID_LIMIT) p->supported |= BIT(m);
  }
  return 0;
}

static int channel_sink(void *ctx, const uint8_t *d, uint32_t len) {
  if (len < 16) return -EPROTO;
  memcpy(ctx, d, 16); /* {dataOffset u64, dataLength u64} */
  return 0;
}

static int add_channel(struct lisafs_pool *p) {
  uint64_t resp[2];
  int fds[8];
  unsigned nfds = 0;
  int r = sock_rpc(p, LISAFS_MID_CHANNEL, NULL, 0, channel_sink, resp, fds, &nfds);
  if (r) return r;
  if (nfds != 1 || resp[0] != 0 || resp[1] != p->window_bytes) {
    r = -EPROTO;
  } else {
    struct cli_chan *c = &p->ch[p->nch];
    r = lisafs_ep_map(&c->ep, fds[0], resp[1], LISAFS_SIDE_CLIENT, p->spin);
    if (!r) {
      c->status = LISAFS_CH_AVAILABLE;
      p->stack[p->stack_len++] = (uint8_t)p->nch++;
    }
  }
  for (unsigned i = 0; i < nfds; i++) close(fds[i]); /* the mapping keeps the memory */
  return r;
}

static void free_pool(struct lisafs_pool *p) {
  pthread_mutex_destroy(&p->mu);
  pthread_cond_destroy(&p->cv);
  pthread_mutex_destroy(&p->sock_mu);
  free(p->sock_buf);
  free(p);
}

int lisafs_pool_create(const struct lisafs_pool_config *cfg, struct lisafs_pool **out, const char **stage) {
  *stage = "config";
  if (cfg->channels > LISAFS_MAX_CHANNELS || cfg->window_bytes % LISAFS_PAGE || cfg->window_bytes < LISAFS_PAGE ||
      cfg->window_bytes > (1ull << 30))
    return -EINVAL;
  struct lisafs_pool *p = calloc(1, sizeof *p);
  if (!p) return -ENOMEM;
  atomic_init(&p->refs, 1);
  p->sock = p->stop_efd = -1;
  p->window_bytes = cfg->window_bytes;
  p->max_message = (uint32_t)(cfg->window_bytes - LISAFS_PAYLOAD_OFF);
  p->spin = cfg->spin;
  p->last_route = -2;
  pthread_mutex_init(&p->mu, NULL);
  pthread_mutex_init(&p->sock_mu, NULL);
  pthread_condattr_t ca;
  pthread_condattr_init(&ca);
  pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
  pthread_cond_init(&p->cv, &ca);
  pthread_condattr_destroy(&ca);

  int sv[2], r;
  *stage = "socketpair";
  if (!(p->sock_buf = malloc(p->max_message))) {
    r = -ENOMEM;
    goto fail;
  }
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv)) {
    r = -errno;
    goto fail;
  }
  p->sock = sv[0];
  *stage = "gofer";
  if ((r = lisafs_server_start(sv[1], p->max_message, p->spin, &p->srv))) goto fail;
  *stage = "Mount";
  if ((r = sock_rpc(p, LISAFS_MID_MOUNT, NULL, 0, mount_sink, p, NULL, NULL))) goto fail;
  *stage = "Channel";
  for (unsigned i = 0; i < cfg->channels; i++)
    if ((r = add_channel(p))) goto fail; /* like the POC: any failure fails the client */
  *stage = "watchdog";
  if ((p->stop_efd = eventfd(0, EFD_CLOEXEC)) < 0) {
    r = -errno;
    goto fail;
  }
  if ((r = -pthread_create(&p->watchdog, NULL, watchdog_main, p))) goto fail;
  p->watchdog_started = true;
  *out = p;
  return 0;
fail:
  for (unsigned i = 0; i < p->nch; i++) lisafs_ep_unmap(&p->ch[i].ep);
  lisafs_server_destroy(p->srv); /* shuts down every window it made, joins its threads */
  if (p->sock >= 0) close(p->sock);
  if (p->stop_efd >= 0) close(p->stop_efd);
  free_pool(p);
  return r;
}

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

bool lisafs_pool_wait_destroyed(struct lisafs_pool *p, int timeout_ms) {
  struct timespec dl;
  clock_gettime(CLOCK_MONOTONIC, &dl);
  if (timeout_ms >= 0) {
    dl.tv_sec += timeout_ms / 1000;
    dl.tv_nsec += (long)(timeout_ms % 1000) * 1000000;
    if (dl.tv_nsec >= 1000000000) {
      dl.tv_sec++;
      dl.tv_nsec -= 1000000000;
    }
  }
  pthread_mutex_lock(&p->mu);
  while (p->phase != LISAFS_DESTROYED) {
    if (timeout_ms < 0)
      pthread_cond_wait(&p->cv, &p->mu);
    else if (pthread_cond_timedwait(&p->cv, &p->mu, &dl) == ETIMEDOUT)
      break;
  }
  bool done = p->phase == LISAFS_DESTROYED;
  pthread_mutex_unlock(&p->mu);
  return done;
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

void lisafs_pool_close(struct lisafs_pool *p) {
  if (atomic_exchange(&p->close_started, true)) return;
  if (p->watchdog_started) {
    uint64_t one = 1;
    while (write(p->stop_efd, &one, sizeof one) < 0 && errno == EINTR) {
    }
    pthread_join(p->watchdog, NULL); /* teardown done: every caller has left */
  }
  pthread_mutex_lock(&p->mu);
  struct lisafs_server *srv = p->srv;
  p->srv = NULL;
  pthread_mutex_unlock(&p->mu);
  lisafs_server_destroy(srv);
  close(p->stop_efd);
  p->stop_efd = -1;
}

void lisafs_pool_ref(struct lisafs_pool *p) { atomic_fetch_add_explicit(&p->refs, 1, memory_order_relaxed); }

void lisafs_pool_unref(struct lisafs_pool *p) {
  if (atomic_fetch_sub_explicit(&p->refs, 1, memory_order_acq_rel) != 1) return;
  lisafs_pool_close(p);
  free_pool(p);
}
