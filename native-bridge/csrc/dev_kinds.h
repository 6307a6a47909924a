/* What a device does with one validated chain. Handlers only touch memory through the chain's
 * bounds-checked scatter lists. They return 0 with *used_len = bytes written into device-writable
 * buffers, or -1 with *e filled for a request malformed enough that a real device breaks the queue. */
#ifndef RS_DEV_KINDS_H
#define RS_DEV_KINDS_H

#include <stdint.h>

#include "chain_io.h"
#include "vq_error.h"

/* Echo/checksum: writable = FNV-1a 64 of all readable bytes (8 bytes, little-endian), then as much of
 * the readable bytes as fits. Deterministic, so a test can compute the expected answer. */
int echo_handle(const struct chain *c, uint32_t *used_len, struct vq_error *e);

/* virtio-blk subset over an in-memory disk of 512-byte sectors. */
struct blk_disk {
  uint8_t *data;
  uint64_t size;   /* bytes, multiple of 512 */
  char serial[20]; /* GET_ID answer: VIRTIO_BLK_ID_BYTES, NUL-padded, not necessarily terminated */
  uint64_t reads, writes, flushes, get_ids, errors, unsupported;
};

int blk_init(struct blk_disk *b, uint64_t size, const char *serial);
void blk_free(struct blk_disk *b);
int blk_handle(struct blk_disk *b, const struct chain *c, uint32_t *used_len, struct vq_error *e);

#endif
