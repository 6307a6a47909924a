/* The pool's lifecycle: create (socketpair, gofer threads, Mount, one Channel RPC per channel, the
 * watchdog), close (through the watchdog) and the references that keep the memory alive for in-flight
 * callers. The call path, socket fallback, teardown and stats live in the other lisafs_pool_*.c files. */
#include "lisafs_pool.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "lisafs_pool_internal.h"
#include "lisafs_server.h"

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
  int r = lisafs_pool_sock_rpc(p, LISAFS_MID_CHANNEL, NULL, 0, channel_sink, resp, fds, &nfds);
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
  if ((r = lisafs_pool_sock_rpc(p, LISAFS_MID_MOUNT, NULL, 0, mount_sink, p, NULL, NULL))) goto fail;
  *stage = "Channel";
  for (unsigned i = 0; i < cfg->channels; i++)
    if ((r = add_channel(p))) goto fail; /* like the POC: any failure fails the client */
  *stage = "watchdog";
  if ((p->stop_efd = eventfd(0, EFD_CLOEXEC)) < 0) {
    r = -errno;
    goto fail;
  }
  if ((r = -pthread_create(&p->watchdog, NULL, lisafs_pool_watchdog_main, p))) goto fail;
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
