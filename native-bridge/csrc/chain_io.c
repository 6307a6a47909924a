#include "chain_io.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int chain_alloc(struct chain *c, unsigned cap) {
  memset(c, 0, sizeof *c);
  c->rd = calloc(cap, sizeof *c->rd);
  c->wr = calloc(cap, sizeof *c->wr);
  if (!c->rd || !c->wr) {
    chain_free(c);
    return -ENOMEM;
  }
  c->cap = cap;
  return 0;
}

void chain_free(struct chain *c) {
  free(c->rd);
  free(c->wr);
  c->rd = c->wr = NULL;
  c->cap = 0;
}

/* Find the segment holding byte `off` of a scatter list; returns its index (n if past the end). */
static unsigned seek(const struct seg *s, unsigned n, uint64_t *off) {
  unsigned i = 0;
  while (i < n && *off >= s[i].len) {
    *off -= s[i].len;
    i++;
  }
  return i;
}

size_t chain_read(const struct chain *c, uint64_t off, void *dst, size_t len) {
  unsigned i = seek(c->rd, c->n_rd, &off);
  size_t done = 0;
  for (; i < c->n_rd && done < len; i++, off = 0) {
    size_t k = c->rd[i].len - off;
    if (k > len - done) k = len - done;
    memmove((uint8_t *)dst + done, c->rd[i].ptr + off, k);
    done += k;
  }
  return done;
}

size_t chain_write(const struct chain *c, uint64_t off, const void *src, size_t len) {
  unsigned i = seek(c->wr, c->n_wr, &off);
  size_t done = 0;
  for (; i < c->n_wr && done < len; i++, off = 0) {
    size_t k = c->wr[i].len - off;
    if (k > len - done) k = len - done;
    memmove(c->wr[i].ptr + off, (const uint8_t *)src + done, k);
    done += k;
  }
  return done;
}

size_t chain_copy(const struct chain *c, uint64_t rd_off, uint64_t wr_off, size_t len) {
  unsigned r = seek(c->rd, c->n_rd, &rd_off);
  unsigned w = seek(c->wr, c->n_wr, &wr_off);
  size_t done = 0;
  while (r < c->n_rd && w < c->n_wr && done < len) {
    size_t k = c->rd[r].len - rd_off;
    size_t kw = c->wr[w].len - wr_off;
    if (kw < k) k = kw;
    if (len - done < k) k = len - done;
    memmove(c->wr[w].ptr + wr_off, c->rd[r].ptr + rd_off, k);
    done += k;
    rd_off += k;
    wr_off += k;
    if (rd_off == c->rd[r].len) r++, rd_off = 0;
    if (wr_off == c->wr[w].len) w++, wr_off = 0;
  }
  return done;
}

uint64_t chain_fnv1a64(const struct chain *c) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned i = 0; i < c->n_rd; i++) {
    const uint8_t *p = c->rd[i].ptr;
    for (uint32_t j = 0; j < c->rd[i].len; j++) {
      h ^= p[j];
      h *= 0x100000001b3ULL;
    }
  }
  return h;
}
