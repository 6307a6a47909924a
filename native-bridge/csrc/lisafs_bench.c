#include "lisafs_bench.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lisafs_pool.h"

static int64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

struct sink_buf {
  uint8_t *data;
  uint32_t cap, len;
};

/* What a real client does with a response: copy it out of the window before letting go. */
static int copy_sink(void *ctx, const uint8_t *d, uint32_t len) {
  struct sink_buf *b = ctx;
  if (len > b->cap) return -EMSGSIZE;
  memcpy(b->data, d, len);
  b->len = len;
  return 0;
}

int lisafs_bench_rtt(unsigned channels, unsigned spin, uint32_t read_bytes, uint64_t iterations, unsigned repeats,
                     struct lisafs_bench_result *out, const char **stage) {
  memset(out, 0, sizeof *out);
  if (channels > 1 || repeats == 0 || repeats > LISAFS_BENCH_MAX_REPEATS || iterations == 0) {
    *stage = "arguments";
    return -EINVAL;
  }
  struct lisafs_pool_config cfg = {channels, 2u * 1024 * 1024, spin};
  struct lisafs_pool *p;
  int r = lisafs_pool_create(&cfg, &p, stage);
  if (r) return r;
  uint8_t req[16] = {0};
  uint32_t fd = 1, len = 4;
  uint16_t mid = 3; /* FStat */
  memcpy(req, &fd, 4);
  if (read_bytes) {
    uint64_t off = 0;
    mid = 12; /* PRead */
    memcpy(req + 4, &read_bytes, 4);
    memcpy(req + 8, &off, 8);
    len = 16;
  }
  struct sink_buf sb = {malloc(read_bytes > 24 ? read_bytes : 24), read_bytes > 24 ? read_bytes : 24, 0};
  int route, want = channels ? 0 : -1;
  *stage = "round trip";
  if (!sb.data) r = -ENOMEM;
  /* Warm up (first touch of the window pages, thread wake-up paths), and check the answer once. */
  for (uint64_t i = 0; !r && i < (iterations < 1000 ? iterations : 1000); i++) {
    r = lisafs_pool_call(p, mid, req, len, copy_sink, &sb, &route);
    if (!r && route != want) r = -EPROTO;
  }
  if (!r && sb.len != (read_bytes ? read_bytes : 24)) r = -EPROTO;
  for (unsigned k = 0; !r && k < repeats; k++) {
    int64_t t0 = now_ns();
    uint64_t wrong = 0;
    for (uint64_t i = 0; i < iterations; i++) {
      if ((r = lisafs_pool_call(p, mid, req, len, copy_sink, &sb, &route))) break;
      wrong += route != want;
    }
    out->samples[k] = (double)(now_ns() - t0) / (double)iterations;
    if (wrong) r = -EPROTO; /* a figure for the wrong path would be worse than none */
    if (channels)
      out->channel_calls += iterations;
    else
      out->socket_calls += iterations;
  }
  free(sb.data);
  lisafs_pool_close(p);
  lisafs_pool_unref(p);
  if (r) return r;
  double s[LISAFS_BENCH_MAX_REPEATS];
  memcpy(s, out->samples, repeats * sizeof *s);
  qsort(s, repeats, sizeof *s, cmp_double);
  out->median_ns = repeats % 2 ? s[repeats / 2] : (s[repeats / 2 - 1] + s[repeats / 2]) / 2;
  out->repeats = repeats;
  out->iterations = iterations;
  return 0;
}
