/* The wake-up floor (bench_eventfd_pingpong): an eventfd round trip between two C threads, the least a kick
 * plus an interrupt can cost on this machine. */
#include "bench.h"

#include <errno.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "bench_internal.h"

struct pingpong {
  int ping, pong;
  uint64_t n;
  int err;
};

static void *pong_thread(void *arg) {
  struct pingpong *p = arg;
  uint64_t v;
  for (uint64_t i = 0; i < p->n; i++) {
    if ((p->err = efd_read(p->ping, &v)) < 0 || (p->err = efd_write(p->pong, 1)) < 0) break;
  }
  return NULL;
}

int bench_eventfd_pingpong(uint64_t iterations, unsigned repeats, double *median_ns, double *samples) {
  if (iterations == 0 || repeats == 0 || repeats > BENCH_MAX_REPEATS) return -EINVAL;
  for (unsigned rep = 0; rep < repeats; rep++) {
    struct pingpong p = {eventfd(0, EFD_CLOEXEC), eventfd(0, EFD_CLOEXEC), iterations, 0};
    int r = 0;
    pthread_t t;
    if (p.ping < 0 || p.pong < 0) r = -errno;
    else if ((r = -pthread_create(&t, NULL, pong_thread, &p)) == 0) {
      double t0 = now();
      uint64_t v;
      for (uint64_t i = 0; i < iterations && r == 0; i++)
        if ((r = efd_write(p.ping, 1)) == 0) r = efd_read(p.pong, &v);
      samples[rep] = (now() - t0) * 1e9 / iterations;
      if (r < 0) { /* unblock the peer so the join cannot hang */
        uint64_t big = iterations;
        if (write(p.ping, &big, sizeof big) < 0) { /* nothing more we can do */ }
      }
      pthread_join(t, NULL);
      if (r == 0) r = p.err;
    }
    if (p.ping >= 0) close(p.ping);
    if (p.pong >= 0) close(p.pong);
    if (r < 0) return r;
  }
  *median_ns = median(samples, repeats);
  return 0;
}
