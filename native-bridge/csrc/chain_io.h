/* A validated descriptor chain as two scatter lists (device-readable, device-writable) of pointers into
 * the mapped region, and byte-stream helpers over them. Every pointer was bounds-checked when the chain
 * was walked, so these helpers cannot leave the region whatever the driver wrote. */
#ifndef RS_CHAIN_IO_H
#define RS_CHAIN_IO_H

#include <stddef.h>
#include <stdint.h>

struct seg {
  uint8_t *ptr;
  uint32_t len;
};

struct chain {
  uint16_t head;
  unsigned n_rd, n_wr, cap; /* cap: capacity of each array */
  uint64_t rd_bytes, wr_bytes;
  struct seg *rd, *wr;
};

int chain_alloc(struct chain *c, unsigned cap);
void chain_free(struct chain *c);

/* Copy readable bytes [off, off+len) into dst; returns bytes copied (short at the end of the chain). */
size_t chain_read(const struct chain *c, uint64_t off, void *dst, size_t len);
/* Copy src into writable bytes [off, off+len); returns bytes copied. */
size_t chain_write(const struct chain *c, uint64_t off, const void *src, size_t len);
/* Stream readable [rd_off, ...) into writable [wr_off, ...), up to len bytes; memmove because a hostile
 * driver may make the two overlap. Returns bytes copied. */
size_t chain_copy(const struct chain *c, uint64_t rd_off, uint64_t wr_off, size_t len);
/* FNV-1a 64 over all readable bytes. */
uint64_t chain_fnv1a64(const struct chain *c);

#endif
