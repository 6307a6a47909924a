#include "vq.h"

#include <endian.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Loads/stores of ring fields shared with the driver. Relaxed atomics keep the compiler from tearing,
 * caching or re-reading them; ordering comes from the explicit acquire/release/fences below. */
#define LOAD16(p) le16toh(__atomic_load_n((p), __ATOMIC_RELAXED))
#define LOAD32(p) le32toh(__atomic_load_n((p), __ATOMIC_RELAXED))
#define LOAD64(p) le64toh(__atomic_load_n((p), __ATOMIC_RELAXED))
#define STORE16(p, v) __atomic_store_n((p), htole16(v), __ATOMIC_RELAXED)
#define STORE32(p, v) __atomic_store_n((p), htole32(v), __ATOMIC_RELAXED)

static const char *const names[VQE__COUNT] = {
    [VQE_NONE] = "NONE",
    [VQE_AVAIL_IDX] = "AVAIL_IDX_TOO_FAR",
    [VQE_HEAD_RANGE] = "HEAD_OUT_OF_RANGE",
    [VQE_NEXT_RANGE] = "NEXT_OUT_OF_RANGE",
    [VQE_LOOP] = "DESCRIPTOR_LOOP",
    [VQE_ORDER] = "READABLE_AFTER_WRITABLE",
    [VQE_ZERO_LEN] = "ZERO_LENGTH",
    [VQE_BAD_ADDR] = "ADDRESS_OUT_OF_REGION",
    [VQE_INDIRECT_TOO_MANY] = "INDIRECT_TOO_MANY",
    [VQE_INDIRECT_SIZE] = "INDIRECT_BAD_SIZE",
    [VQE_INDIRECT_NESTED] = "INDIRECT_NESTED",
    [VQE_INDIRECT_NEXT] = "INDIRECT_WITH_NEXT",
    [VQE_INDIRECT_FEATURE] = "INDIRECT_NOT_NEGOTIATED",
    [VQE_CHAIN_TOO_LONG] = "CHAIN_TOO_LONG",
    [VQE_BLK_MISSING_HEADERS] = "BLK_MISSING_HEADERS",
    [VQE_BLK_OUTHDR] = "BLK_OUTHDR_TOO_SHORT",
    [VQE_INTERNAL] = "INTERNAL",
};

const char *vq_err_name(int code) {
  if (code < 0 || code >= VQE__COUNT || !names[code]) return "UNKNOWN";
  return names[code];
}

/* Fill *e; the message format strings are the real implementations' (see vq_error.h). */
static int fail(struct vq_error *e, int code, const char *detail, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int fail(struct vq_error *e, int code, const char *detail, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  e->code = code;
  vsnprintf(e->message, sizeof e->message, fmt, ap);
  va_end(ap);
  snprintf(e->detail, sizeof e->detail, "%s", detail);
  return -1;
}

/* [addr, addr+len) inside [0, size), without overflowing addr+len. */
static bool in_region(uint64_t size, uint64_t addr, uint64_t len) {
  return addr <= size && len <= size - addr;
}

int vq_check_layout(uint64_t mem_size, unsigned num, uint64_t desc, uint64_t avail, uint64_t used, char *err,
                    size_t errlen) {
  if (num == 0 || num > 32768 || (num & (num - 1))) {
    snprintf(err, errlen, "Bad virtqueue length %u (must be a power of two <= 32768)", num);
    return -EINVAL;
  }
  struct {
    const char *what;
    uint64_t addr, size, align;
  } parts[3] = {
      {"descriptor table", desc, 16ULL * num, 16},
      {"available ring", avail, 6 + 2ULL * num, 2},
      {"used ring", used, 6 + 8ULL * num, 4},
  };
  for (int i = 0; i < 3; i++) {
    if (parts[i].addr % parts[i].align) {
      snprintf(err, errlen, "%s at 0x%llx is not %llu-byte aligned", parts[i].what,
               (unsigned long long)parts[i].addr, (unsigned long long)parts[i].align);
      return -EINVAL;
    }
    if (!in_region(mem_size, parts[i].addr, parts[i].size)) {
      snprintf(err, errlen, "%s [0x%llx, +%llu) is outside the %llu-byte region", parts[i].what,
               (unsigned long long)parts[i].addr, (unsigned long long)parts[i].size,
               (unsigned long long)mem_size);
      return -EINVAL;
    }
  }
  return 0;
}

void vq_init(struct vq *q, uint8_t *mem, uint64_t mem_size, unsigned num, uint64_t desc, uint64_t avail,
             uint64_t used, bool event_idx, bool indirect) {
  memset(q, 0, sizeof *q);
  q->mem = mem;
  q->mem_size = mem_size;
  q->num = num;
  q->vr.num = num;
  q->vr.desc = (struct vring_desc *)(mem + desc);
  q->vr.avail = (struct vring_avail *)(mem + avail);
  q->vr.used = (struct vring_used *)(mem + used);
  q->event_idx = event_idx;
  q->indirect = indirect;
  /* Start from whatever the region holds, like a device resuming at a known index would. A fresh queue
   * (zeroed memory) starts at 0. */
  q->used_idx = LOAD16(&q->vr.used->idx);
  q->last_avail = q->used_idx;
  q->signalled_used = q->used_idx;
}

int vq_avail_pending(struct vq *q, struct vq_error *e) {
  /* Acquire: everything the driver wrote before bumping avail.idx (ring slots, descriptors, data) is
   * visible once we see the new index. */
  uint16_t idx = le16toh(__atomic_load_n(&q->vr.avail->idx, __ATOMIC_ACQUIRE));
  uint16_t n = (uint16_t)(idx - q->last_avail);
  if (n > q->num) {
    char d[64];
    snprintf(d, sizeof d, "last_avail %u, avail.idx %u, queue size %u", q->last_avail, idx, q->num);
    return fail(e, VQE_AVAIL_IDX, d, "Guest moved used index from %u to %u", q->last_avail, idx);
  }
  return n;
}

int vq_pop_head(struct vq *q, uint16_t *head, struct vq_error *e) {
  uint16_t slot = q->last_avail & (q->num - 1);
  uint16_t h = LOAD16(&q->vr.avail->ring[slot]);
  if (h >= q->num) {
    char d[64];
    snprintf(d, sizeof d, "avail slot %u (last_avail %u), queue size %u", slot, q->last_avail, q->num);
    return fail(e, VQE_HEAD_RANGE, d, "Guest says index %u is available", h);
  }
  q->last_avail++;
  *head = h;
  return 0;
}

/* One descriptor, read exactly once: validation and use both work on this copy, so a driver rewriting
 * the table concurrently cannot make us use something we did not check. */
struct desc {
  uint64_t addr;
  uint32_t len;
  uint16_t flags, next;
};

static void read_desc(const struct vring_desc *table, bool direct, unsigned i, struct desc *d) {
  if (direct) { /* the descriptor table is 16-byte aligned (checked at setup) */
    d->addr = LOAD64(&table[i].addr);
    d->len = LOAD32(&table[i].len);
    d->flags = LOAD16(&table[i].flags);
    d->next = LOAD16(&table[i].next);
  } else { /* an indirect table may sit at any address the driver chose */
    struct vring_desc raw;
    memcpy(&raw, (const uint8_t *)table + 16ULL * i, sizeof raw);
    __atomic_signal_fence(__ATOMIC_SEQ_CST); /* use the copy, never re-read guest memory */
    d->addr = le64toh(raw.addr);
    d->len = le32toh(raw.len);
    d->flags = le16toh(raw.flags);
    d->next = le16toh(raw.next);
  }
}

int vq_walk_chain(struct vq *q, uint16_t head, struct chain *c, struct vq_error *e) {
  const struct vring_desc *table = q->vr.desc;
  bool direct = true;
  unsigned max = q->num; /* descriptors in the current table: also the loop ttl */
  unsigned i = head, seen = 0;
  bool writable_seen = false;
  char where[160];

  c->head = head;
  c->n_rd = c->n_wr = 0;
  c->rd_bytes = c->wr_bytes = 0;

  for (;;) {
    struct desc d;
#define WHERE (snprintf(where, sizeof where, "head %u, %s entry %u", head, direct ? "descriptor table" : \
                        "indirect table", i), where)
    /* A chain can hold each descriptor of its table at most once; one more means a cycle. */
    if (++seen > max) return fail(e, VQE_LOOP, WHERE, "Looped descriptor");
    read_desc(table, direct, i, &d);

    /* INDIRECT is honoured on the chain's head only (QEMU virtqueue_split_pop, libvhost-user
     * vu_queue_map_desc; the model's chain.ts does the same): on a later descriptor of the queue's own
     * table the flag is ignored and the descriptor is an ordinary buffer. Linux vringh and rust-vmm
     * follow it anywhere; see NestedIndirect in src/model/virtio/errors.ts for why we do not. Inside an
     * indirect table it is refused (rust-vmm's InvalidIndirectDescriptor; QEMU does not check). */
    if ((d.flags & VRING_DESC_F_INDIRECT) && !direct)
      return fail(e, VQE_INDIRECT_NESTED, WHERE, "indirect table entry %u has the INDIRECT flag", i);
    if ((d.flags & VRING_DESC_F_INDIRECT) && direct && seen == 1) {
      if (!q->indirect)
        return fail(e, VQE_INDIRECT_FEATURE, WHERE,
                    "descriptor %u has INDIRECT but VIRTIO_RING_F_INDIRECT_DESC was not negotiated", head);
      if (d.flags & VRING_DESC_F_NEXT)
        return fail(e, VQE_INDIRECT_NEXT, WHERE, "descriptor %u has both INDIRECT and NEXT", head);
      if (d.len == 0 || d.len % 16) return fail(e, VQE_INDIRECT_SIZE, WHERE, "Invalid size for indirect buffer table");
      /* Map before counting, as QEMU and libvhost-user do: a table both too long and outside memory is
       * reported as outside memory. */
      if (!in_region(q->mem_size, d.addr, d.len))
        return fail(e, VQE_BAD_ADDR, WHERE, "virtio: bogus descriptor or out of resources");
      if (d.len / 16 > q->num)
        return fail(e, VQE_INDIRECT_TOO_MANY, WHERE, "virtio: too many write descriptors in indirect table");
      table = (const struct vring_desc *)(q->mem + d.addr);
      direct = false;
      max = d.len / 16;
      i = 0;
      seen = 0;
      continue;
    }
    if (d.len == 0) return fail(e, VQE_ZERO_LEN, WHERE, "virtio: zero sized buffers are not allowed");
    if (!in_region(q->mem_size, d.addr, d.len))
      return fail(e, VQE_BAD_ADDR, WHERE, "virtio: bogus descriptor or out of resources");
    if (c->rd_bytes + c->wr_bytes + d.len > 0xffffffffULL)
      return fail(e, VQE_CHAIN_TOO_LONG, WHERE, "chain %u carries more than 4 GiB", head);

    struct seg s = {q->mem + d.addr, d.len};
    if (d.flags & VRING_DESC_F_WRITE) {
      writable_seen = true;
      c->wr[c->n_wr++] = s;
      c->wr_bytes += d.len;
    } else {
      if (writable_seen) return fail(e, VQE_ORDER, WHERE, "Incorrect order for descriptors");
      c->rd[c->n_rd++] = s;
      c->rd_bytes += d.len;
    }
    if (!(d.flags & VRING_DESC_F_NEXT)) return 0;
    if (d.next >= max) return fail(e, VQE_NEXT_RANGE, WHERE, "Desc next is %u", d.next);
    i = d.next;
  }
#undef WHERE
}

void vq_push_used(struct vq *q, uint16_t id, uint32_t len) {
  vring_used_elem_t *el = &q->vr.used->ring[q->used_idx & (q->num - 1)];
  STORE32(&el->id, id);
  STORE32(&el->len, len);
  q->used_idx++;
  /* Release: the element and everything written into the buffers become visible no later than the
   * new index. */
  __atomic_store_n(&q->vr.used->idx, htole16(q->used_idx), __ATOMIC_RELEASE);
}

bool vq_should_notify(struct vq *q) {
  /* Full fence: our used.idx store must be globally visible before we read the driver's used_event /
   * flags, mirroring the driver's "write used_event, fence, re-read used.idx". Without it both sides
   * could miss each other and the driver would sleep forever. */
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
  if (q->event_idx) {
    uint16_t ev = LOAD16(&vring_used_event(&q->vr));
    uint16_t old = q->signalled_used;
    q->signalled_used = q->used_idx;
    return vring_need_event(ev, q->used_idx, old);
  }
  q->signalled_used = q->used_idx;
  return !(LOAD16(&q->vr.avail->flags) & VRING_AVAIL_F_NO_INTERRUPT);
}

void vq_set_notification(struct vq *q, bool enable) {
  if (q->event_idx) {
    /* While busy we leave avail_event behind: the driver's need_event test then fails and it does not
     * kick. Going idle, ask for a kick on the very next add. */
    if (enable) STORE16(&vring_avail_event(&q->vr), q->last_avail);
  } else {
    STORE16(&q->vr.used->flags, enable ? 0 : VRING_USED_F_NO_NOTIFY);
  }
  if (enable) __atomic_thread_fence(__ATOMIC_SEQ_CST);
}
