/* The lisafs channel pool's state, shared by the files that implement it: lisafs_pool.c (lifecycle),
 * lisafs_pool_call.c (the call path over a channel), lisafs_pool_sock.c (the socket fallback),
 * lisafs_pool_watchdog.c (teardown) and lisafs_pool_probe.c (faults and stats). Internal: the bindings only
 * see the opaque struct in lisafs_pool.h. */
#ifndef RS_LISAFS_POOL_INTERNAL_H
#define RS_LISAFS_POOL_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "lisafs_flipcall.h"
#include "lisafs_pool.h"

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

static inline uint32_t get32(const uint8_t *p) {
  uint32_t v;
  memcpy(&v, p, 4);
  return v;
}

/* Functions shared between the pool's files, kept out of the addon's exported symbols. */
#define LISAFS_POOL_HIDDEN __attribute__((visibility("hidden")))

/* One RPC over the socket (lisafs_pool_sock.c). Caller holds nothing; fds/nfds (optional) receive donated FDs,
 * else they are closed. */
LISAFS_POOL_HIDDEN int lisafs_pool_sock_rpc(struct lisafs_pool *p, uint16_t mid, const void *req, uint32_t len,
                                            lisafs_sink sink, void *ctx, int *fds, unsigned *nfds);

/* The watchdog thread (lisafs_pool_watchdog.c): waits for socket hang-up or close, then tears the pool down. */
LISAFS_POOL_HIDDEN void *lisafs_pool_watchdog_main(void *arg);

#endif
