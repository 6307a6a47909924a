/* The lisafs client's channel pool, run for real: N channels (flipcall packet windows in memfds donated by the
 * gofer over the socket), a LIFO stack of available ones, the socket fallback serialised by sockMu, channel
 * death (never re-pooled), and the watchdog thread that tears everything down on socket hang-up. The gofer
 * (lisafs_server.c) runs in this process on its own threads. Semantics follow src/model/lisafs/pool.ts. */
#ifndef RS_LISAFS_POOL_H
#define RS_LISAFS_POOL_H

#include <stdbool.h>
#include <stdint.h>

#include "lisafs_wire.h"

#ifdef __cplusplus
extern "C" {
#endif

struct lisafs_pool;

struct lisafs_pool_config {
  unsigned channels;      /* 0..LISAFS_MAX_CHANNELS; 0 = socket only */
  uint64_t window_bytes;  /* page multiple; maxMessageSize = window_bytes - 20 */
  unsigned spin;          /* polls of the handoff word before FUTEX_WAIT, both sides; 0 = pure futex */
};

enum lisafs_ch_status { LISAFS_CH_AVAILABLE, LISAFS_CH_ACTIVE, LISAFS_CH_DEAD };
enum lisafs_death { LISAFS_DEATH_NONE, LISAFS_DEATH_TRANSPORT, LISAFS_DEATH_SHUTDOWN, LISAFS_DEATH_POOL_CLOSED };
enum lisafs_phase { LISAFS_OPEN, LISAFS_SHUTTING_DOWN, LISAFS_DESTROYED };
enum lisafs_reason { LISAFS_REASON_NONE, LISAFS_REASON_HANGUP, LISAFS_REASON_CLOSED, LISAFS_REASON_POLL_ERROR };

struct lisafs_chan_stats {
  uint8_t status, death;
  bool mapped;
  uint32_t word;     /* the handoff word as it is now (when mapped) */
  uint32_t data_len; /* window header as last written */
  uint16_t mid;
  uint8_t num_fds;
  uint64_t uses;
};

struct lisafs_pool_stats {
  unsigned channels;
  struct lisafs_chan_stats ch[LISAFS_MAX_CHANNELS];
  bool stack_nil; /* the watchdog has thrown the stack away */
  unsigned stack_len;
  uint8_t stack[LISAFS_MAX_CHANNELS]; /* bottom .. top */
  unsigned active, socket_users;
  uint64_t calls, errors, socket_uses, fds_donated;
  int last_route; /* channel of the latest completed call, -1 socket, -2 none yet */
  uint8_t phase, reason;
  uint32_t max_message;
  uint64_t window_bytes, supported;
};

/* Receives a successful response while the window (or the socket buffer) is still held. 0 or -errno. */
typedef int (*lisafs_sink)(void *ctx, const uint8_t *data, uint32_t len);

/* Socketpair, gofer threads, Mount, then one Channel RPC per channel, then the watchdog. 0 or -errno;
 * *stage names the step that failed. */
int lisafs_pool_create(const struct lisafs_pool_config *cfg, struct lisafs_pool **out, const char **stage);
/* One RPC. Blocks the calling thread for the round trip. *route = channel index, -1 socket, -2 refused
 * before transport. Errors: -EINVAL (Channel MID, reserved; or response MID mismatch), -EOPNOTSUPP (the
 * gofer did not list the MID), -EIO (payload > maxMessageSize, or the channel died under the call),
 * -ECONNRESET (socket failed, or the pool is shut down), server errnos from an Error reply, sink errors. */
int lisafs_pool_call(struct lisafs_pool *p, uint16_t mid, const void *req, uint32_t len, lisafs_sink sink,
                     void *ctx, int *route);
/* Both: -ECONNRESET once the pool is shutting down or closed. */
int lisafs_pool_kill_channel(struct lisafs_pool *p, unsigned idx); /* 0, -ENOENT */
int lisafs_pool_hangup(struct lisafs_pool *p);
/* Wait until the watchdog has destroyed everything; true when it has, false on timeout (ms < 0: forever). */
bool lisafs_pool_wait_destroyed(struct lisafs_pool *p, int timeout_ms);
void lisafs_pool_stats(struct lisafs_pool *p, struct lisafs_pool_stats *s);
/* Tear down (through the watchdog), join every thread, close every fd. Idempotent; memory stays until the
 * last reference is dropped, so in-flight callers on other threads stay safe. */
void lisafs_pool_close(struct lisafs_pool *p);
void lisafs_pool_ref(struct lisafs_pool *p);
void lisafs_pool_unref(struct lisafs_pool *p); /* create() returns with one reference */

#ifdef __cplusplus
}
#endif
#endif
