/* lisafs wire layout shared by the channel (flipcall) path, the socket path and the fake gofer. The numbers
 * mirror src/model/lisafs/constants.ts so the model and this implementation describe the same packets. */
#ifndef RS_LISAFS_WIRE_H
#define RS_LISAFS_WIRE_H

#include <stdatomic.h>
#include <stdint.h>

#define LISAFS_PAGE 4096u
#define LISAFS_FLIPCALL_HDR 16u /* connState u32 | dataLen u32 | reserved u64 */
#define LISAFS_CHAN_HDR 4u      /* MID u16 | numFDs u8 | pad u8 */
#define LISAFS_PAYLOAD_OFF (LISAFS_FLIPCALL_HDR + LISAFS_CHAN_HDR)
/* gVisor's gofer announces 2 MiB - 4 KiB, so one window is 2 MiB. */
#define LISAFS_SERVER_MAX_MESSAGE (2u * 1024 * 1024 - 4096)
/* numFDs is a u8. */
#define LISAFS_MAX_FDS 255u
#define LISAFS_MAX_CHANNELS 64u

/* The flipcall handoff word (the model's HANDOFF_VALUE). A fresh memfd reads 0, i.e. client-active. */
enum { LISAFS_CLIENT_ACTIVE = 0, LISAFS_SERVER_ACTIVE = 1, LISAFS_SHUTDOWN = 2 };

/* Message ids: gVisor's numbering, the subset the model names. */
enum {
  LISAFS_MID_ERROR = 0,
  LISAFS_MID_MOUNT = 1,
  LISAFS_MID_CHANNEL = 2,
  LISAFS_MID_FSTAT = 3,
  LISAFS_MID_SETSTAT = 4,
  LISAFS_MID_WALK = 5,
  LISAFS_MID_WALKSTAT = 6,
  LISAFS_MID_OPENAT = 7,
  LISAFS_MID_OPENCREATEAT = 8,
  LISAFS_MID_CLOSE = 9,
  LISAFS_MID_FSYNC = 10,
  LISAFS_MID_PWRITE = 11,
  LISAFS_MID_PREAD = 12,
  LISAFS_MID_CONNECT = 21,
  LISAFS_MID_LIMIT = 64 /* MIDs are < 64 here, so a u64 bitmap holds the supported set */
};

#ifndef __cplusplus /* the layouts below are C11 atomics; the V8 bindings only need the constants above */
/* Start of every packet window. Fields other than `state` are owned by whichever side is active; the
 * acquire/release on `state` orders them, and they are atomics (relaxed) only so that a third thread
 * (stats) may peek without a data race. `sleeping` is where gVisor has a reserved u64: ringside keeps
 * "side i is in (or about to enter) FUTEX_WAIT" there so the waker can skip FUTEX_WAKE when the peer
 * is still spinning. */
struct lisafs_window_hdr {
  _Atomic uint32_t state;
  _Atomic uint32_t data_len; /* LISAFS_CHAN_HDR + payload bytes */
  _Atomic uint32_t sleeping[2]; /* [0] client, [1] server */
  _Atomic uint16_t mid;
  _Atomic uint8_t num_fds;
  uint8_t pad;
};
_Static_assert(sizeof(struct lisafs_window_hdr) == LISAFS_PAYLOAD_OFF, "window header is 16 + 4 bytes");

/* Socket frame header: the same channel header, preceded by the data length (LISAFS_CHAN_HDR + payload).
 * Donated FDs ride on the header's sendmsg as SCM_RIGHTS. */
struct lisafs_sock_hdr {
  uint32_t data_len;
  uint16_t mid;
  uint8_t num_fds;
  uint8_t pad;
};
_Static_assert(sizeof(struct lisafs_sock_hdr) == 8, "socket frame header is 8 bytes");
#endif

/* Page-rounded window for a maximum message size (the model's packetWindowBytes). */
static inline uint64_t lisafs_window_bytes(uint64_t max_message) {
  uint64_t raw = LISAFS_PAYLOAD_OFF + max_message;
  return (raw + LISAFS_PAGE - 1) / LISAFS_PAGE * LISAFS_PAGE;
}

#endif
