/* C floors for the project's benchmarks. All of them block the calling thread while they run. */
#ifndef RS_BENCH_H
#define RS_BENCH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define BENCH_MAX_REPEATS 31

struct bench_driver_result {
  double requests_per_sec;      /* median over repeats */
  double kicks_per_request;     /* of the median run */
  double irqs_per_request;
  double notifications_per_request; /* (kicks + interrupts) / requests */
  double device_wakeups_per_request;
  uint64_t requests;            /* per repeat */
  unsigned repeats;
  double samples[BENCH_MAX_REPEATS]; /* requests/s of each repeat */
};

/* A C driver on the calling thread feeding the native device (echo kind, its own pthread) over one split
 * queue in a memfd, EVENT_IDX on: add `batch` two-descriptor chains, kick if need_event says so, then
 * reclaim the batch, sleeping on the call eventfd with used_event set to the batch's last entry. */
int bench_c_driver_batched(unsigned qs, unsigned batch, uint64_t requests, unsigned repeats,
                           struct bench_driver_result *out, char *err, size_t errlen);

/* Eventfd round trip between two C threads: ns per round trip, median of repeats (samples filled). */
int bench_eventfd_pingpong(uint64_t iterations, unsigned repeats, double *median_ns, double *samples);

/* Single-thread split-ring round trip (driver add -> device pop -> device push -> driver reclaim) on a
 * <linux/virtio_ring.h> layout: ns per request, median of repeats. */
int bench_ring_loop(unsigned qs, unsigned batch, uint64_t iterations, unsigned repeats, double *median_ns,
                    double *samples);

#ifdef __cplusplus
}
#endif
#endif
