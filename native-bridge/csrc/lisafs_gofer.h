/* The fake gofer's handlers: a deterministic stand-in for a file server, so tests can check every answer.
 * No state is shared between calls, so any number of channel threads may run handlers at once. */
#ifndef RS_LISAFS_GOFER_H
#define RS_LISAFS_GOFER_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bitmap (bit = MID) of what the gofer serves; Mount lists it and the client refuses the rest. */
uint64_t lisafs_gofer_supported(void);

/* Handle one request (not Channel, which the socket server handles itself). `req` and `resp` may alias:
 * the channel path answers in place. Returns the response payload length, or -errno for an Error reply.
 *   Mount  (1):  -> {maxMessage u32, count u32, mids u16[count]}
 *   FStat  (3):  {fd u32} -> {ino u64 = fd, size u64 = fd*4096+17, mode u32 = 0100644, nlink u32 = 1}
 *   FSync  (10): {fd u32, delayUs u32} -> {} after env->sleep_us(delayUs <= 10 s): a stand-in service time
 *   PWrite (11): {fd u32, pad u32, offset u64, data...} -> {written u32, fnv1a32(data) u32}
 *   PRead  (12): {fd u32, count u32, offset u64} -> count bytes, byte i = (fd*31 + offset + i) & 0xff
 * fd 0 is EBADF, short requests EINVAL, a PRead larger than the window EINVAL. */
struct lisafs_gofer_env {
  uint32_t max_message;
  /* Waits up to `us` microseconds but returns early once the transport is going away, so closing a
   * connection never waits out a long service time. */
  void (*sleep_us)(void *ctx, uint32_t us);
  void *ctx;
};

int64_t lisafs_gofer_handle(const struct lisafs_gofer_env *env, uint16_t mid, const uint8_t *req, uint32_t len,
                            uint8_t *resp, uint32_t cap);

#ifdef __cplusplus
}
#endif
#endif
