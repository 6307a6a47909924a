/* Helpers shared by the C benchmark floors (bench_driver.c, bench_pingpong.c, bench_ring_loop.c): the clock,
 * the median of repeats, blocking eventfd I/O and alignment. Internal to those files; the bindings use bench.h. */
#ifndef RS_BENCH_INTERNAL_H
#define RS_BENCH_INTERNAL_H

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

static inline double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static inline int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static inline double median(const double *v, unsigned n) {
  double s[BENCH_MAX_REPEATS];
  memcpy(s, v, n * sizeof *v);
  qsort(s, n, sizeof *s, cmp_double);
  return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

static inline int efd_write(int fd, uint64_t v) {
  while (write(fd, &v, sizeof v) != sizeof v)
    if (errno != EINTR) return -errno;
  return 0;
}

static inline int efd_read(int fd, uint64_t *v) {
  while (read(fd, v, sizeof *v) != sizeof *v)
    if (errno != EINTR) return -errno;
  return 0;
}

static inline uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) & ~(a - 1); }

#endif
