#include "lisafs_server.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <poll.h>
#include <sys/syscall.h>
#include <time.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lisafs_flipcall.h"
#include "lisafs_gofer.h"
#include "lisafs_sock.h"

struct srv_chan {
  struct lisafs_server *srv;
  struct lisafs_ep ep;
  pthread_t th;
};

struct lisafs_server {
  int sock;
  uint32_t max_message;
  unsigned spin;
  _Atomic bool dead;
  pthread_t sock_th;
  pthread_mutex_t mu; /* chans/nchans: the socket thread adds, kill and destroy read */
  struct srv_chan *chans[LISAFS_MAX_CHANNELS];
  unsigned nchans;
};

static bool is_dead(struct lisafs_server *s) { return atomic_load_explicit(&s->dead, memory_order_acquire); }

static int64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* Service time on a channel: sleep on the window's word itself, so a shutdown (which always wakes the
 * word's waiters) ends the wait at once. */
static void chan_sleep(void *ctx, uint32_t us) {
  struct lisafs_ep *ep = ctx;
  _Atomic uint32_t *w = &lisafs_ep_hdr(ep)->state;
  int64_t end = now_ns() + (int64_t)us * 1000;
  for (int64_t left; (left = end - now_ns()) > 0;) {
    uint32_t s = atomic_load_explicit(w, memory_order_acquire);
    if (s == LISAFS_SHUTDOWN) return;
    struct timespec t = {left / 1000000000, left % 1000000000};
    syscall(SYS_futex, (uint32_t *)w, FUTEX_WAIT, s, &t, NULL, 0); /* EINTR/EAGAIN/ETIMEDOUT: re-check */
  }
}

/* Service time on the socket: wait for the client end to go away (POLLRDHUP) or the deadline. */
static void sock_sleep(void *ctx, uint32_t us) {
  struct lisafs_server *s = ctx;
  int64_t end = now_ns() + (int64_t)us * 1000;
  for (int64_t left; (left = end - now_ns()) > 0;) {
    struct pollfd pf = {s->sock, POLLRDHUP, 0};
    int ms = (int)((left + 999999) / 1000000);
    if (poll(&pf, 1, ms) > 0 && (pf.revents & (POLLRDHUP | POLLHUP | POLLERR))) return;
  }
}

/* One channel: wait for the word to say server-active, answer in place, hand back. */
static void *chan_main(void *arg) {
  struct srv_chan *c = arg;
  struct lisafs_ep *ep = &c->ep;
  struct lisafs_window_hdr *h = lisafs_ep_hdr(ep);
  struct lisafs_gofer_env env = {c->srv->max_message, chan_sleep, ep};
  for (;;) {
    if (lisafs_ep_wait_active(ep) == LISAFS_SHUTDOWN) break;
    uint32_t dlen = atomic_load_explicit(&h->data_len, memory_order_relaxed);
    uint16_t mid = atomic_load_explicit(&h->mid, memory_order_relaxed);
    int64_t r;
    /* The server's checks, in the seed's order: size, then MID/handler. */
    if (dlen < LISAFS_CHAN_HDR || dlen - LISAFS_CHAN_HDR > c->srv->max_message)
      r = -EIO;
    else
      r = lisafs_gofer_handle(&env, mid, lisafs_ep_payload(ep), dlen - LISAFS_CHAN_HDR, lisafs_ep_payload(ep),
                              lisafs_ep_max_payload(ep));
    if (is_dead(c->srv)) { /* a dead gofer never answers: only the client's watchdog can free the caller */
      lisafs_ep_wait_shutdown(ep);
      break;
    }
    if (r < 0) {
      uint32_t e = (uint32_t)-r;
      memcpy(lisafs_ep_payload(ep), &e, 4);
      r = 4;
      mid = LISAFS_MID_ERROR;
    }
    atomic_store_explicit(&h->mid, mid, memory_order_relaxed);
    atomic_store_explicit(&h->num_fds, 0, memory_order_relaxed);
    atomic_store_explicit(&h->data_len, LISAFS_CHAN_HDR + (uint32_t)r, memory_order_relaxed);
    if (lisafs_ep_handoff(ep)) break; /* shut down while we worked */
  }
  return NULL;
}

/* Channel RPC: create a window, start its thread, donate the memfd. Returns the memfd or -errno. */
static int new_channel(struct lisafs_server *s, uint64_t *size_out) {
  uint64_t size = lisafs_window_bytes(s->max_message);
  struct srv_chan *c = calloc(1, sizeof *c);
  int fd = -1, r;
  if (!c) return -ENOMEM;
  c->srv = s;
  fd = memfd_create("ringside-lisafs-chan", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0) {
    r = -errno;
    goto fail;
  }
  /* Sealed against shrinking: a truncating peer must not be able to make the other side SIGBUS. */
  if (ftruncate(fd, (off_t)size) || fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_SEAL)) {
    r = -errno;
    goto fail;
  }
  if ((r = lisafs_ep_map(&c->ep, fd, size, LISAFS_SIDE_SERVER, s->spin))) goto fail;
  pthread_mutex_lock(&s->mu);
  if (s->nchans == LISAFS_MAX_CHANNELS) {
    pthread_mutex_unlock(&s->mu);
    r = -ENOSPC;
    goto fail;
  }
  if ((r = -pthread_create(&c->th, NULL, chan_main, c))) {
    pthread_mutex_unlock(&s->mu);
    goto fail;
  }
  s->chans[s->nchans++] = c;
  pthread_mutex_unlock(&s->mu);
  *size_out = size;
  return fd;
fail:
  lisafs_ep_unmap(&c->ep);
  if (fd >= 0) close(fd);
  free(c);
  return r;
}

/* The socket: strictly one request at a time, answered in order (the client serialises with sockMu). */
static void *sock_main(void *arg) {
  struct lisafs_server *s = arg;
  uint8_t *req = malloc(s->max_message), *resp = malloc(s->max_message);
  struct lisafs_gofer_env env = {s->max_message, sock_sleep, s};
  while (req && resp) {
    struct lisafs_sock_hdr h;
    int fds[LISAFS_MAX_FDS];
    unsigned nfds;
    if (lisafs_sock_recv_hdr(s->sock, &h, fds, 8, &nfds)) break;
    for (unsigned i = 0; i < nfds; i++) close(fds[i]); /* requests never donate FDs to the gofer here */
    int64_t r;
    int donate = -1;
    if (h.data_len < LISAFS_CHAN_HDR) break; /* out of frame: nothing can be trusted after this */
    uint32_t len = h.data_len - LISAFS_CHAN_HDR;
    if (len > s->max_message) {
      if (lisafs_sock_discard(s->sock, len)) break;
      r = -EIO;
    } else {
      if (lisafs_sock_read_full(s->sock, req, len)) break;
      if (h.mid == LISAFS_MID_CHANNEL) {
        uint64_t size = 0;
        r = donate = new_channel(s, &size);
        if (donate >= 0) {
          uint64_t off = 0; /* {dataOffset, dataLength} as in lisafs's ChannelResp */
          memcpy(resp, &off, 8);
          memcpy(resp + 8, &size, 8);
          r = 16;
        }
      } else {
        r = lisafs_gofer_handle(&env, h.mid, req, len, resp, s->max_message);
      }
    }
    if (is_dead(s)) {
      if (donate >= 0) close(donate);
      break;
    }
    uint16_t mid = h.mid;
    if (r < 0) {
      uint32_t e = (uint32_t)-r;
      memcpy(resp, &e, 4);
      r = 4;
      mid = LISAFS_MID_ERROR;
    }
    int sr = lisafs_sock_send(s->sock, mid, resp, (uint32_t)r, &donate, donate >= 0 ? 1 : 0);
    if (donate >= 0) close(donate); /* the client has its own reference now; the gofer keeps its mapping */
    if (sr) break;
  }
  free(req);
  free(resp);
  return NULL;
}

int lisafs_server_start(int sock, uint32_t max_message, unsigned spin, struct lisafs_server **out) {
  struct lisafs_server *s = calloc(1, sizeof *s);
  if (!s) {
    close(sock);
    return -ENOMEM;
  }
  s->sock = sock;
  s->max_message = max_message;
  s->spin = spin;
  pthread_mutex_init(&s->mu, NULL);
  int r = -pthread_create(&s->sock_th, NULL, sock_main, s);
  if (r) {
    pthread_mutex_destroy(&s->mu);
    close(sock);
    free(s);
    return r;
  }
  *out = s;
  return 0;
}

void lisafs_server_hangup(struct lisafs_server *s) {
  atomic_store_explicit(&s->dead, true, memory_order_release);
  shutdown(s->sock, SHUT_RDWR); /* wakes the socket thread (EOF) and signals the client end */
}

int lisafs_server_kill_channel(struct lisafs_server *s, unsigned idx) {
  pthread_mutex_lock(&s->mu);
  struct srv_chan *c = idx < s->nchans ? s->chans[idx] : NULL;
  if (c) lisafs_ep_shutdown(&c->ep);
  pthread_mutex_unlock(&s->mu);
  return c ? 0 : -ENOENT;
}

unsigned lisafs_server_channels(struct lisafs_server *s) {
  pthread_mutex_lock(&s->mu);
  unsigned n = s->nchans;
  pthread_mutex_unlock(&s->mu);
  return n;
}

void lisafs_server_destroy(struct lisafs_server *s) {
  if (!s) return;
  shutdown(s->sock, SHUT_RDWR);
  pthread_join(s->sock_th, NULL); /* after this nobody adds channels */
  for (unsigned i = 0; i < s->nchans; i++) {
    struct srv_chan *c = s->chans[i];
    lisafs_ep_shutdown(&c->ep);
    pthread_join(c->th, NULL);
    lisafs_ep_unmap(&c->ep);
    free(c);
  }
  close(s->sock);
  pthread_mutex_destroy(&s->mu);
  free(s);
}
