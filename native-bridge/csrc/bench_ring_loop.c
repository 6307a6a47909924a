/* The single-thread split-ring floor (bench_ring_loop): the model's round trip transliterated to C. */
#include "bench.h"

#include <endian.h>
#include <errno.h>
#include <linux/virtio_ring.h>
#include <stdlib.h>
#include <string.h>

#include "bench_internal.h"

/*
 * The same work as the TypeScript model's round trip (src/bench/model-roundtrip.ts), step for
 * step, so the ratio compares languages and not algorithms: every ring access goes through a
 * bounds-checked guest-memory translation; the driver keeps Linux's private desc_extra copy,
 * per-head state and token, and makes the EVENT_IDX kick decision; the device checks the
 * available index, the head and every descriptor of the chain (zero length, address range,
 * order, next, loops, 4 GiB), records the walk, writes avail_event, fills, flushes and makes
 * the interrupt decision; the driver reclaims with Linux's checks plus the used-index jump
 * and used-length checks, walks the chain back onto the free list and writes used_event.
 * Each request: a 16-byte device-readable buffer and a 513-byte device-writable one.
 */

#define RL_OUT 16u
#define RL_IN 513u
#define RL_MAX_CHAIN_BYTES 4294967296.0

struct rl_mem {
  uint8_t *base;
  uint64_t size;
};

/* Offset of [gpa, gpa+len) or -1: the model's GuestMemory.translate. */
static inline int64_t rl_translate(const struct rl_mem *m, uint64_t gpa, uint64_t len) {
  return gpa <= m->size && len <= m->size - gpa ? (int64_t)gpa : -1;
}
#define RL_RD(T, conv, m, gpa, out)                                  \
  do {                                                               \
    int64_t o_ = rl_translate((m), (gpa), sizeof(T));                \
    if (o_ < 0) return -1;                                           \
    T v_;                                                            \
    memcpy(&v_, (m)->base + o_, sizeof v_);                          \
    (out) = conv(v_);                                                \
  } while (0)
#define RL_WR(T, conv, m, gpa, val)                                  \
  do {                                                               \
    int64_t o_ = rl_translate((m), (gpa), sizeof(T));                \
    if (o_ < 0) return -1;                                           \
    T v_ = conv(val);                                                \
    memcpy((m)->base + o_, &v_, sizeof v_);                          \
  } while (0)
#define RL_PUBLISH16(m, gpa, val)                                    \
  do {                                                               \
    int64_t o_ = rl_translate((m), (gpa), 2);                        \
    if (o_ < 0) return -1;                                           \
    __atomic_store_n((uint16_t *)((m)->base + o_), htole16(val), __ATOMIC_RELEASE); \
  } while (0)
#define RL_ACQUIRE16(m, gpa, out)                                    \
  do {                                                               \
    int64_t o_ = rl_translate((m), (gpa), 2);                        \
    if (o_ < 0) return -1;                                           \
    (out) = le16toh(__atomic_load_n((uint16_t *)((m)->base + o_), __ATOMIC_ACQUIRE)); \
  } while (0)

struct rl_queue {
  struct rl_mem m;
  unsigned qs;
  uint64_t desc, avail, used;
  /* driver (Linux desc_extra and per-head state) */
  double *x_addr;
  uint32_t *x_len;
  uint16_t *x_flags, *x_next, *chain_len;
  uint8_t *head_state;
  double *token, *writable, *readable;
  uint16_t free_head, avail_shadow, num_added, last_used;
  unsigned num_free, in_flight;
  uint32_t last_len;
  double last_token;
  /* device (QEMU) */
  uint16_t last_avail, used_idx, signalled_used;
  int signalled_valid;
  unsigned in_use, pending;
  uint8_t *held;
  double *held_writable, *pending_heads;
  /* the walked chain */
  double *w_addr;
  uint32_t *w_len;
  uint16_t *w_flags, *w_next, *w_index;
  unsigned w_count;
  double w_readable, w_writable;
};

static inline int rl_need_event(uint16_t ev, uint16_t new_idx, uint16_t old) {
  return (uint16_t)(new_idx - ev - 1) < (uint16_t)(new_idx - old);
}

static inline int rl_check_buffer(const struct rl_queue *q, uint64_t addr, uint32_t len) {
  return len > 0 && rl_translate(&q->m, addr, len) >= 0;
}

/* driver.addBuffers: returns the head, or -1 */
static inline int rl_add(struct rl_queue *q, uint64_t out, uint64_t in, double tok) {
  if (!rl_check_buffer(q, out, RL_OUT) || !rl_check_buffer(q, in, RL_IN)) return -1;
  unsigned total = 2;
  double readable = RL_OUT, writable = RL_IN;
  if (readable + writable > RL_MAX_CHAIN_BYTES || total > q->qs || q->num_free < total) return -1;
  uint16_t head = q->free_head, i = head;
  const uint64_t addrs[2] = {out, in};
  const uint32_t lens[2] = {RL_OUT, RL_IN};
  for (unsigned k = 0; k < total; k++) {
    uint16_t flags = (k + 1 < total ? VRING_DESC_F_NEXT : 0) | (k == 1 ? VRING_DESC_F_WRITE : 0);
    q->x_addr[i] = (double)addrs[k];
    q->x_len[i] = lens[k];
    q->x_flags[i] = flags;
    uint64_t at = q->desc + 16ull * i;
    RL_WR(uint64_t, htole64, &q->m, at, addrs[k]);
    RL_WR(uint32_t, htole32, &q->m, at + 8, lens[k]);
    RL_WR(uint16_t, htole16, &q->m, at + 12, flags);
    RL_WR(uint16_t, htole16, &q->m, at + 14, q->x_next[i]);
    i = q->x_next[i];
  }
  q->free_head = i;
  q->num_free -= total;
  q->chain_len[head] = total;
  q->head_state[head] = 1;
  q->token[head] = tok;
  q->writable[head] = writable;
  q->readable[head] = readable;
  q->in_flight++;
  RL_WR(uint16_t, htole16, &q->m, q->avail + 4 + 2ull * (q->avail_shadow & (q->qs - 1)), head);
  q->avail_shadow++;
  RL_PUBLISH16(&q->m, q->avail + 2, q->avail_shadow);
  q->num_added++;
  return head;
}

/* driver.needsKick (EVENT_IDX) */
static inline int rl_needs_kick(struct rl_queue *q) {
  uint16_t new_idx = q->avail_shadow, old = new_idx - q->num_added, ev;
  q->num_added = 0;
  RL_RD(uint16_t, le16toh, &q->m, q->used + 4 + 8ull * q->qs, ev);
  return rl_need_event(ev, new_idx, old);
}

/* device.popHead: the head, -2 when empty, -1 on a bad ring */
static inline int rl_pop(struct rl_queue *q) {
  uint16_t ai, head;
  RL_ACQUIRE16(&q->m, q->avail + 2, ai);
  uint16_t n = ai - q->last_avail;
  if (n > q->qs) return -1;
  if (n == 0) return -2;
  if (q->in_use >= q->qs) return -1;
  RL_RD(uint16_t, le16toh, &q->m, q->avail + 4 + 2ull * (q->last_avail & (q->qs - 1)), head);
  if (head >= q->qs) return -1;
  q->w_count = 0;
  q->w_readable = q->w_writable = 0;
  unsigned max = q->qs, i = head, writables = 0;
  for (unsigned visited = 1;; visited++) {
    uint64_t at = q->desc + 16ull * i, addr;
    uint32_t len;
    uint16_t flags, next;
    RL_RD(uint64_t, le64toh, &q->m, at, addr);
    RL_RD(uint32_t, le32toh, &q->m, at + 8, len);
    RL_RD(uint16_t, le16toh, &q->m, at + 12, flags);
    RL_RD(uint16_t, le16toh, &q->m, at + 14, next);
    if (flags & VRING_DESC_F_INDIRECT) return -1; /* not negotiated in this loop */
    if (len == 0) return -1;
    if (rl_translate(&q->m, addr, len) < 0) return -1;
    int is_write = (flags & VRING_DESC_F_WRITE) != 0;
    if (!is_write && writables > 0) return -1;
    unsigned k = q->w_count++;
    q->w_addr[k] = (double)addr;
    q->w_len[k] = len;
    q->w_flags[k] = flags;
    q->w_next[k] = next;
    q->w_index[k] = i;
    if (is_write) {
      writables++;
      q->w_writable += len;
    } else
      q->w_readable += len;
    if (q->w_readable + q->w_writable > RL_MAX_CHAIN_BYTES) return -1;
    if (!(flags & VRING_DESC_F_NEXT)) break;
    if (next >= max || visited >= max) return -1;
    i = next;
  }
  q->last_avail++;
  q->in_use++;
  q->held[head]++;
  q->held_writable[head] = q->w_writable;
  RL_WR(uint16_t, htole16, &q->m, q->used + 4 + 8ull * q->qs, q->last_avail);
  return head;
}

/* device.fillUsed */
static inline int rl_fill(struct rl_queue *q, unsigned head, uint32_t len) {
  if (head >= q->qs || q->held[head] == 0 || len > q->held_writable[head]) return -1;
  uint64_t at = q->used + 4 + 8ull * ((q->used_idx + q->pending) & (q->qs - 1));
  RL_WR(uint32_t, htole32, &q->m, at, head);
  RL_WR(uint32_t, htole32, &q->m, at + 4, len);
  q->pending_heads[q->pending++] = head;
  q->held[head]--;
  return 0;
}

/* device.flushUsed + needsInterrupt (EVENT_IDX) */
static inline int rl_flush_and_decide(struct rl_queue *q) {
  q->used_idx += q->pending;
  q->in_use -= q->pending;
  if (q->pending) RL_PUBLISH16(&q->m, q->used + 2, q->used_idx);
  q->pending = 0;
  uint16_t old = q->signalled_used, ev;
  int valid = q->signalled_valid;
  q->signalled_used = q->used_idx;
  q->signalled_valid = 1;
  RL_RD(uint16_t, le16toh, &q->m, q->avail + 4 + 2ull * q->qs, ev);
  return !valid || rl_need_event(ev, q->used_idx, old);
}

/* driver.reclaim: the head, -2 when nothing is used, -1 on a bad ring */
static inline int rl_reclaim(struct rl_queue *q) {
  uint16_t ui;
  RL_ACQUIRE16(&q->m, q->used + 2, ui);
  if (ui == q->last_used) return -2;
  if ((uint16_t)(ui - q->last_used) > q->in_flight) return -1;
  uint64_t at = q->used + 4 + 8ull * (q->last_used & (q->qs - 1));
  uint32_t id, len;
  RL_RD(uint32_t, le32toh, &q->m, at, id);
  RL_RD(uint32_t, le32toh, &q->m, at + 4, len);
  if (id >= q->qs || q->head_state[id] != 1 || len > q->writable[id]) return -1;
  q->last_len = len;
  q->last_token = q->token[id];
  q->in_flight--;
  unsigned n = q->chain_len[id];
  uint16_t tail = id;
  for (unsigned k = 1; k < n; k++) tail = q->x_next[tail];
  q->x_next[tail] = q->free_head;
  q->free_head = id;
  q->num_free += n;
  q->head_state[id] = 0;
  q->token[id] = 0;
  q->chain_len[id] = 0;
  q->writable[id] = q->readable[id] = 0;
  q->last_used++;
  RL_WR(uint16_t, htole16, &q->m, q->avail + 4 + 2ull * q->qs, q->last_used);
  return id;
}

static double ring_loop_once(unsigned qs, unsigned batch, uint64_t iterations, void *mem, size_t mem_size) {
  struct rl_queue q;
  memset(&q, 0, sizeof q);
  memset(mem, 0, mem_size);
  q.m.base = mem;
  q.m.size = mem_size;
  q.qs = qs;
  /* the modern layout the model uses: desc at 0, avail 16-aligned after it, used 4-aligned */
  q.desc = 0;
  q.avail = 16ull * qs;
  q.used = align_up(q.avail + 6 + 2ull * qs, 4);
  uint64_t out = align_up(q.used + 6 + 8ull * qs, 4096), in = out + 64;
  size_t n1 = qs + 1;
  void *blk = calloc(1, n1 * (8 * 8 + 4 * 2 + 2 * 6 + 1 * 2));
  if (!blk) return -1;
  uint8_t *p = blk;
#define TAKE(field, T) (q.field = (T *)p, p += n1 * sizeof(T))
  TAKE(x_addr, double); TAKE(token, double); TAKE(writable, double); TAKE(readable, double);
  TAKE(held_writable, double); TAKE(pending_heads, double); TAKE(w_addr, double);
  TAKE(x_len, uint32_t); TAKE(w_len, uint32_t);
  TAKE(x_flags, uint16_t); TAKE(x_next, uint16_t); TAKE(chain_len, uint16_t);
  TAKE(w_flags, uint16_t); TAKE(w_next, uint16_t); TAKE(w_index, uint16_t);
  TAKE(head_state, uint8_t); TAKE(held, uint8_t);
#undef TAKE
  for (unsigned i = 0; i < qs; i++) q.x_next[i] = (uint16_t)(i + 1);
  q.num_free = qs;
  uint64_t done = 0, sink = 0;
  double r = 0;

  double t0 = now();
  while (done < iterations) {
    for (unsigned b = 0; b < batch; b++)
      if (rl_add(&q, out, in, (double)b) < 0) goto bad;
    sink += rl_needs_kick(&q);
    for (;;) {
      int h = rl_pop(&q);
      if (h == -2) break;
      if (h < 0 || rl_fill(&q, (unsigned)h, RL_IN) < 0) goto bad;
    }
    sink += rl_flush_and_decide(&q);
    for (;;) {
      int h = rl_reclaim(&q);
      if (h == -2) break;
      if (h < 0) goto bad;
      sink += q.last_len;
      done++;
    }
  }
  r = (now() - t0) * 1e9 / done;
  __asm__ volatile("" : : "r"(sink) : "memory"); /* keep the work observable */
  free(blk);
  return r;
bad:
  free(blk);
  return -1;
}

int bench_ring_loop(unsigned qs, unsigned batch, uint64_t iterations, unsigned repeats, double *median_ns,
                    double *samples) {
  /* each request takes two descriptors, so a batch must fit in half the queue */
  if (qs < 2 || qs > 32768 || (qs & (qs - 1)) || batch == 0 || 2 * batch > qs || iterations == 0 || repeats == 0 ||
      repeats > BENCH_MAX_REPEATS)
    return -EINVAL;
  size_t sz = align_up(16ull * qs + 6 + 2ull * qs + 4 + 6 + 8ull * qs, 4096) + 4096;
  void *mem = aligned_alloc(4096, sz);
  if (!mem) return -ENOMEM;
  int r = 0;
  for (unsigned i = 0; i < repeats && r == 0; i++)
    if ((samples[i] = ring_loop_once(qs, batch, iterations, mem, sz)) < 0) r = -EIO;
  free(mem);
  if (r == 0) *median_ns = median(samples, repeats);
  return r;
}
