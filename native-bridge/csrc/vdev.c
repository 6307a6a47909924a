#include "vdev.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dev_kinds.h"
#include "vq.h"

enum { TAG_KICK = 1, TAG_STOP = 2 };

struct vdev {
  struct vq vq;
  struct chain chain;
  enum vdev_kind kind;
  struct blk_disk blk;
  uint8_t *map;
  uint64_t map_size;
  int kick_fd, call_fd, config_fd, stop_fd, epfd;
  pthread_t thread;
  int started, joined;
  int stop;               /* atomic: set by vdev_stop */
  struct vdev_stats st;   /* written by the device thread only; read concurrently: relaxed atomics */
  pthread_mutex_t err_mu; /* guards err (written once by the thread, read from JS) */
  struct vq_error err;
};

#define ST_ADD(d, f, n) __atomic_store_n(&(d)->st.f, (d)->st.f + (n), __ATOMIC_RELAXED)
#define ST_SET(d, f, v) __atomic_store_n(&(d)->st.f, (v), __ATOMIC_RELAXED)
#define ST_GET(d, f) __atomic_load_n(&(d)->st.f, __ATOMIC_RELAXED)

static int stopping(struct vdev *d) { return __atomic_load_n(&d->stop, __ATOMIC_ACQUIRE); }

/* eventfd write of 1. EAGAIN means the counter is saturated, i.e. a notification is already pending:
 * nothing is lost by dropping this one. */
static int efd_signal(int fd) {
  uint64_t one = 1;
  for (;;) {
    if (write(fd, &one, sizeof one) == sizeof one) return 0;
    if (errno == EINTR) continue;
    return errno == EAGAIN ? 0 : -errno;
  }
}

static void set_error(struct vdev *d, const struct vq_error *e) {
  pthread_mutex_lock(&d->err_mu);
  if (d->err.code == VQE_NONE) d->err = *e; /* first error wins: it is the cause */
  pthread_mutex_unlock(&d->err_mu);
  ST_SET(d, broken, 1);
  /* Like VIRTIO_CONFIG_S_NEEDS_RESET followed by a configuration-change interrupt. */
  if (d->config_fd >= 0) efd_signal(d->config_fd);
}

static void internal_error(struct vdev *d, const char *what, int err) {
  struct vq_error e = {.code = VQE_INTERNAL};
  snprintf(e.message, sizeof e.message, "device thread: %s failed: %s", what, strerror(err));
  snprintf(e.detail, sizeof e.detail, "errno %d", err);
  set_error(d, &e);
}

static void notify(struct vdev *d) {
  if (d->vq.used_idx == d->vq.signalled_used) return; /* nothing new since the last decision */
  if (vq_should_notify(&d->vq)) {
    int r = efd_signal(d->call_fd);
    if (r < 0) internal_error(d, "write(call eventfd)", -r);
    ST_ADD(d, irq_signalled, 1);
  } else {
    ST_ADD(d, irq_suppressed, 1);
  }
}

static int handle(struct vdev *d, struct vq_error *e) {
  uint16_t head;
  uint32_t len = 0;
  if (vq_pop_head(&d->vq, &head, e) < 0) return -1;
  if (vq_walk_chain(&d->vq, head, &d->chain, e) < 0) return -1;
  int r = d->kind == VDEV_BLK ? blk_handle(&d->blk, &d->chain, &len, e) : echo_handle(&d->chain, &len, e);
  if (r < 0) return -1;
  vq_push_used(&d->vq, head, len);
  ST_ADD(d, chains, 1);
  ST_ADD(d, bytes_read, d->chain.rd_bytes);
  ST_ADD(d, bytes_written, len);
  ST_SET(d, last_avail, d->vq.last_avail);
  ST_SET(d, used_idx, d->vq.used_idx);
  return 0;
}

/* Serve everything available. Kicks are disabled while busy and re-enabled (with a re-check) before
 * going idle, as QEMU's virtio_queue_set_notification / vhost's enable_notify do. */
static void process(struct vdev *d) {
  struct vq_error e;
  vq_set_notification(&d->vq, 0);
  for (;;) {
    int n = vq_avail_pending(&d->vq, &e);
    if (n == 0) {
      vq_set_notification(&d->vq, 1);
      n = vq_avail_pending(&d->vq, &e);
      if (n == 0) break;
      if (n > 0) vq_set_notification(&d->vq, 0);
    }
    if (n < 0) goto broken;
    ST_ADD(d, passes, 1);
    while (n-- > 0) {
      if (stopping(d)) goto out;
      if (handle(d, &e) < 0) goto broken;
    }
    notify(d); /* at most one snapshot (<= QS chains) between decisions keeps latency bounded */
  }
out:
  notify(d);
  return;
broken:
  notify(d); /* entries completed before the bad one are published and signalled: nothing is lost */
  set_error(d, &e);
}

/* Drain the kick eventfd. Returns 1 if kicked, 0 if spurious, -1 on a real error. */
static int read_kick(struct vdev *d) {
  uint64_t v;
  for (;;) {
    ssize_t r = read(d->kick_fd, &v, sizeof v);
    if (r == sizeof v) {
      ST_ADD(d, kick_wakeups, 1);
      ST_ADD(d, kick_sum, v);
      return 1;
    }
    if (r < 0 && errno == EINTR) continue;
    if (r < 0 && errno == EAGAIN) return 0;
    internal_error(d, "read(kick eventfd)", r < 0 ? errno : EIO);
    return -1;
  }
}

static void *thread_main(void *arg) {
  struct vdev *d = arg;
  /* Signals belong to Node's main thread, not to us. */
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, NULL);

  while (!stopping(d)) {
    struct epoll_event ev[2];
    int n = epoll_wait(d->epfd, ev, 2, -1);
    if (n < 0) {
      if (errno == EINTR) continue;
      internal_error(d, "epoll_wait", errno);
      break;
    }
    int kicked = 0;
    for (int i = 0; i < n; i++) {
      if (ev[i].data.u32 == TAG_KICK) {
        int r = read_kick(d);
        if (r < 0) goto done;
        kicked |= r;
      }
    }
    /* A broken queue keeps draining kicks (so epoll does not spin) but serves nothing until reset. */
    if (kicked && !stopping(d) && !ST_GET(d, broken)) process(d);
  }
done:
  ST_SET(d, running, 0);
  return NULL;
}

static int dup_cloexec(int fd) { return fd < 0 ? -1 : fcntl(fd, F_DUPFD_CLOEXEC, 0); }

static int setup(struct vdev *d, const struct vdev_config *cfg, char *err, size_t errlen) {
  int r = vq_check_layout(cfg->mem_size, cfg->queue_size, cfg->desc_addr, cfg->avail_addr, cfg->used_addr, err,
                          errlen);
  if (r < 0) return r;

  /* A mapping past the end of the file would SIGBUS on access: check the size first. */
  struct stat sb;
  if (fstat(cfg->mem_fd, &sb) < 0) return snprintf(err, errlen, "fstat(memory fd)"), -errno;
  if ((uint64_t)sb.st_size < cfg->mem_size) {
    snprintf(err, errlen, "memory fd holds %lld bytes, less than the %llu-byte region", (long long)sb.st_size,
             (unsigned long long)cfg->mem_size);
    return -EINVAL;
  }
  /* Our own mapping: the JS side may unmap or GC its view at any time without affecting the thread. */
  void *m = mmap(NULL, cfg->mem_size, PROT_READ | PROT_WRITE, MAP_SHARED, cfg->mem_fd, 0);
  if (m == MAP_FAILED) return snprintf(err, errlen, "mmap(memory fd)"), -errno;
  d->map = m;
  d->map_size = cfg->mem_size;

  /* Own duplicates: JS closing (and the kernel reusing) its fd numbers cannot redirect our I/O. */
  d->kick_fd = dup_cloexec(cfg->kick_fd);
  if (d->kick_fd < 0) return snprintf(err, errlen, "dup(kick fd)"), -errno;
  d->call_fd = dup_cloexec(cfg->call_fd);
  if (d->call_fd < 0) return snprintf(err, errlen, "dup(call fd)"), -errno;
  if (cfg->config_fd >= 0 && (d->config_fd = dup_cloexec(cfg->config_fd)) < 0)
    return snprintf(err, errlen, "dup(config fd)"), -errno;
  /* Nonblocking kick reads: a spurious wake-up (someone else drained it) must not wedge the thread.
   * The flag lives on the shared open file description, like libuv's uv_poll does to watched fds. */
  int fl = fcntl(d->kick_fd, F_GETFL);
  if (fl < 0 || fcntl(d->kick_fd, F_SETFL, fl | O_NONBLOCK) < 0)
    return snprintf(err, errlen, "fcntl(kick fd, O_NONBLOCK)"), -errno;

  d->stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (d->stop_fd < 0) return snprintf(err, errlen, "eventfd"), -errno;
  d->epfd = epoll_create1(EPOLL_CLOEXEC);
  if (d->epfd < 0) return snprintf(err, errlen, "epoll_create1"), -errno;
  struct epoll_event ev = {.events = EPOLLIN, .data.u32 = TAG_KICK};
  if (epoll_ctl(d->epfd, EPOLL_CTL_ADD, d->kick_fd, &ev) < 0)
    return snprintf(err, errlen, "epoll_ctl(kick fd)"), -errno;
  ev.data.u32 = TAG_STOP;
  if (epoll_ctl(d->epfd, EPOLL_CTL_ADD, d->stop_fd, &ev) < 0)
    return snprintf(err, errlen, "epoll_ctl(stop fd)"), -errno;

  if (cfg->kind == VDEV_BLK) {
    if ((r = blk_init(&d->blk, cfg->disk_size, cfg->serial)) < 0)
      return snprintf(err, errlen, "blk disk size %llu must be a non-zero multiple of 512",
                      (unsigned long long)cfg->disk_size), r;
  } else if (cfg->kind != VDEV_ECHO) {
    return snprintf(err, errlen, "unknown device kind %d", cfg->kind), -EINVAL;
  }
  d->kind = cfg->kind;
  /* A chain is a direct chain (<= QS) or, from its head, one indirect table (<= QS entries): QS
   * segments would do; 2 * QS is kept from when a direct part could precede a table. */
  if ((r = chain_alloc(&d->chain, 2 * cfg->queue_size)) < 0) return snprintf(err, errlen, "out of memory"), r;

  vq_init(&d->vq, d->map, d->map_size, cfg->queue_size, cfg->desc_addr, cfg->avail_addr, cfg->used_addr,
          cfg->event_idx != 0, cfg->indirect_desc != 0);
  d->st.last_avail = d->vq.last_avail;
  d->st.used_idx = d->vq.used_idx;
  d->st.running = 1;

  /* Start with signals blocked so none is ever delivered to the new thread before it masks them. */
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &old);
  r = pthread_create(&d->thread, NULL, thread_main, d);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  if (r) {
    d->st.running = 0;
    return snprintf(err, errlen, "pthread_create"), -r;
  }
  d->started = 1;
  pthread_setname_np(d->thread, "ringside-vdev");
  return 0;
}

int vdev_create(const struct vdev_config *cfg, struct vdev **out, char *err, size_t errlen) {
  struct vdev *d = calloc(1, sizeof *d);
  if (!d) return snprintf(err, errlen, "out of memory"), -ENOMEM;
  d->kick_fd = d->call_fd = d->config_fd = d->stop_fd = d->epfd = -1;
  pthread_mutex_init(&d->err_mu, NULL);
  int r = setup(d, cfg, err, errlen);
  if (r < 0) {
    vdev_destroy(d);
    return r;
  }
  *out = d;
  return 0;
}

void vdev_get_stats(struct vdev *d, struct vdev_stats *s) {
  s->kick_wakeups = ST_GET(d, kick_wakeups);
  s->kick_sum = ST_GET(d, kick_sum);
  s->chains = ST_GET(d, chains);
  s->bytes_read = ST_GET(d, bytes_read);
  s->bytes_written = ST_GET(d, bytes_written);
  s->irq_signalled = ST_GET(d, irq_signalled);
  s->irq_suppressed = ST_GET(d, irq_suppressed);
  s->passes = ST_GET(d, passes);
  s->last_avail = ST_GET(d, last_avail);
  s->used_idx = ST_GET(d, used_idx);
  s->broken = ST_GET(d, broken);
  s->running = ST_GET(d, running);
}

int vdev_get_error(struct vdev *d, struct vq_error *e) {
  pthread_mutex_lock(&d->err_mu);
  *e = d->err;
  pthread_mutex_unlock(&d->err_mu);
  return e->code != VQE_NONE;
}

void vdev_stop(struct vdev *d) {
  if (!d->started || d->joined) return;
  __atomic_store_n(&d->stop, 1, __ATOMIC_RELEASE);
  /* Wakes epoll_wait; if the thread is mid-batch it sees the flag before the next chain. A failed write
   * is impossible here (fresh nonblocking eventfd, counter far from saturation). */
  efd_signal(d->stop_fd);
  pthread_join(d->thread, NULL);
  d->joined = 1;
}

void vdev_destroy(struct vdev *d) {
  if (!d) return;
  vdev_stop(d);
  int fds[] = {d->kick_fd, d->call_fd, d->config_fd, d->stop_fd, d->epfd};
  for (unsigned i = 0; i < sizeof fds / sizeof fds[0]; i++)
    if (fds[i] >= 0) close(fds[i]);
  if (d->map) munmap(d->map, d->map_size);
  chain_free(&d->chain);
  blk_free(&d->blk);
  pthread_mutex_destroy(&d->err_mu);
  free(d);
}
