/* C client round trips through a real lisafs pool (channel or socket), measured on the calling thread the
 * way gVisor's lisafs benchmarks measure a client goroutine: ns per RPC, median of repeats. */
#ifndef RS_LISAFS_BENCH_H
#define RS_LISAFS_BENCH_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LISAFS_BENCH_MAX_REPEATS 31

struct lisafs_bench_result {
  double median_ns;
  double samples[LISAFS_BENCH_MAX_REPEATS]; /* ns per RPC of each repeat */
  unsigned repeats;
  uint64_t iterations; /* RPCs per repeat */
  uint64_t channel_calls, socket_calls; /* where the measured RPCs went (all on one path by construction) */
};

/* channels = 1: every RPC takes the channel; channels = 0: every RPC takes the socket. read_bytes = 0:
 * FStat (4-byte request, 24-byte response); otherwise a PRead of read_bytes. Returns 0 or -errno. */
int lisafs_bench_rtt(unsigned channels, unsigned spin, uint32_t read_bytes, uint64_t iterations, unsigned repeats,
                     struct lisafs_bench_result *out, const char **stage);

#ifdef __cplusplus
}
#endif
#endif
