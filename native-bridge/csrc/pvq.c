/* One pass of a packed-ring device: turn kicks off, pop every available buffer (flags first, a read barrier,
 * then addr/id/len, with every check of src/model/packed/chain.ts and device.ts, in the same order and with the
 * same words), complete each at once with an echo pattern, flush them as one batch (first element's flags
 * last), decide about the interrupt from the driver event area, and ask for kicks again. The model device does
 * exactly this sequence in native-bridge/src/packed/model-pass.ts, so the two can be compared byte for byte. */
#include "pvq.h"

#include <errno.h>
#include <linux/virtio_ring.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define AVAIL_F (1u << VRING_PACKED_DESC_F_AVAIL)
#define USED_F (1u << VRING_PACKED_DESC_F_USED)

struct pq {
  uint8_t *mem;
  uint64_t size;
  unsigned qs;
  uint64_t desc;
  bool indirect;
};

struct rd {
  uint64_t addr;
  uint32_t len;
  uint16_t id, flags;
};

/* GuestMemory.contains: [addr, addr+len) inside the memory, len > 0 */
static bool contains(const struct pq *q, uint64_t addr, uint64_t len) {
  return len > 0 && addr < q->size && len <= q->size - addr;
}

/* Flags first, then (read barrier) the rest: a driver publishes a descriptor by its flags store. */
static struct rd read_desc(const struct pq *q, uint64_t at) {
  struct vring_packed_desc d;
  struct rd o;
  memcpy(&d.flags, q->mem + at + offsetof(struct vring_packed_desc, flags), sizeof d.flags);
  __atomic_thread_fence(__ATOMIC_ACQUIRE);
  memcpy(&d.addr, q->mem + at + offsetof(struct vring_packed_desc, addr), sizeof d.addr);
  memcpy(&d.id, q->mem + at + offsetof(struct vring_packed_desc, id), sizeof d.id);
  memcpy(&d.len, q->mem + at + offsetof(struct vring_packed_desc, len), sizeof d.len);
  o.addr = d.addr;
  o.len = d.len;
  o.id = d.id;
  o.flags = d.flags;
  return o;
}

static uint64_t slot_at(const struct pq *q, unsigned slot) { return q->desc + sizeof(struct vring_packed_desc) * slot; }

static bool is_avail(unsigned flags, unsigned wrap) {
  unsigned a = !!(flags & AVAIL_F), u = !!(flags & USED_F);
  return a != u && a == wrap;
}
static bool is_used(unsigned flags, unsigned wrap) {
  unsigned a = !!(flags & AVAIL_F), u = !!(flags & USED_F);
  return a == u && u == wrap;
}

static int fail(struct pvq_result *r, const char *kind, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(struct pvq_result *r, const char *kind, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(r->message, sizeof r->message, fmt, ap);
  va_end(ap);
  snprintf(r->kind, sizeof r->kind, "%s", kind);
  r->broken = true;
  return -1;
}

/* One buffer being walked: its id, ring slots and byte counts (the echo pattern is written after the walk). */
struct walk {
  uint16_t id;
  unsigned ndescs;
  uint64_t readable, writable;
  unsigned nwritable;
};

/* chain.ts takeElement: zero length, bounds, readable-after-writable, in that order. */
static int take(const struct pq *q, const struct rd *d, struct walk *w, struct pvq_result *r) {
  if (d->len == 0) return fail(r, "ZeroSizedBuffer", "virtio: zero sized buffers are not allowed");
  if (!contains(q, d->addr, d->len)) return fail(r, "AddressOutOfRange", "virtio: bogus descriptor or out of resources");
  if (d->flags & VRING_DESC_F_WRITE) {
    w->writable += d->len;
    w->nwritable++;
  } else {
    if (w->nwritable > 0) return fail(r, "ReadableAfterWritable", "Incorrect order for descriptors");
    w->readable += d->len;
  }
  return 0;
}

/* The echo: byte k of the writable part is (id + k) & 0xff, all of it (the model writes the same). Walked a
 * second time over descriptors already checked, so it cannot fail — in this synchronous probe nothing writes
 * the ring between the walk and here. A device thread beside a live driver would have to keep what the walk
 * read instead of reading the ring again. */
static void fill_pattern(const struct pq *q, unsigned slot, const struct rd *head, uint16_t id) {
  uint64_t k = 0;
  if (head->flags & VRING_DESC_F_INDIRECT) {
    unsigned count = head->len / sizeof(struct vring_packed_desc);
    for (unsigned e = 0; e < count; e++) {
      struct rd d = read_desc(q, head->addr + sizeof(struct vring_packed_desc) * e);
      if (!(d.flags & VRING_DESC_F_WRITE)) continue;
      for (uint32_t j = 0; j < d.len; j++, k++) q->mem[d.addr + j] = (uint8_t)(id + k);
    }
    return;
  }
  struct rd d = *head;
  unsigned i = slot;
  for (;;) {
    if (d.flags & VRING_DESC_F_WRITE)
      for (uint32_t j = 0; j < d.len; j++, k++) q->mem[d.addr + j] = (uint8_t)(id + k);
    if (!(d.flags & VRING_DESC_F_NEXT)) return;
    if (++i == q->qs) i = 0;
    d = read_desc(q, slot_at(q, i));
  }
}

/* chain.ts walkPackedChain, check for check. */
static int walk_chain(const struct pq *q, unsigned slot, unsigned wrap, const struct rd *head, struct walk *w,
                      struct pvq_result *r) {
  unsigned qs = q->qs;
  memset(w, 0, sizeof *w);
  w->id = head->id;
  if (head->flags & VRING_DESC_F_INDIRECT) {
    if (!q->indirect)
      return fail(r, "FeatureNotNegotiated",
                  "descriptor at slot %u has INDIRECT but VIRTIO_RING_F_INDIRECT_DESC was not negotiated", slot);
    if (head->flags & VRING_DESC_F_NEXT)
      return fail(r, "IndirectWithNext", "descriptor at slot %u has both INDIRECT and NEXT", slot);
    if (head->len == 0 || head->len % sizeof(struct vring_packed_desc) != 0)
      return fail(r, "InvalidIndirectSize", "Invalid size for indirect buffer table");
    unsigned count = head->len / sizeof(struct vring_packed_desc);
    if (count > qs) return fail(r, "IndirectTableTooLarge", "virtio: too many write descriptors in indirect table");
    if (!contains(q, head->addr, head->len)) return fail(r, "AddressOutOfRange", "Cannot map indirect buffer");
    w->ndescs = 1;
    for (unsigned k = 0; k < count; k++) {
      struct rd d = read_desc(q, head->addr + sizeof(struct vring_packed_desc) * k);
      if (d.flags & VRING_DESC_F_INDIRECT)
        return fail(r, "NestedIndirect", "indirect table entry %u has the INDIRECT flag", k);
      if (take(q, &d, w, r) < 0) return -1;
    }
    return 0;
  }
  struct rd d = *head;
  unsigned i = slot, wr = wrap;
  for (unsigned n = 1;; n++) {
    if (take(q, &d, w, r) < 0) return -1;
    if (!(d.flags & VRING_DESC_F_NEXT)) {
      w->ndescs = n;
      return 0;
    }
    /* the QS-th descriptor still has NEXT: the list claims more descriptors than the ring has */
    if (n >= qs) return fail(r, "DescriptorLoop", "Looped descriptor");
    if (++i == qs) {
      i = 0;
      wr ^= 1;
    }
    d = read_desc(q, slot_at(q, i));
    if (!is_avail(d.flags, wr))
      return fail(r, "ChainNotAvailable",
                  "descriptor at slot %u has NEXT but slot %u is not available (flags 0x%x, wrap counter %u)",
                  (i + qs - 1) % qs, i, d.flags, wr);
    if (d.flags & VRING_DESC_F_INDIRECT)
      return fail(r, "IndirectInChain", "slot %u has INDIRECT inside a list linked by NEXT", i);
  }
}

static void put16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static uint16_t get16(const uint8_t *p) {
  uint16_t v;
  memcpy(&v, p, 2);
  return v;
}

/* vring_need_event on u16 arithmetic */
static bool need_event(uint16_t ev, uint16_t nw, uint16_t old) { return (uint16_t)(nw - ev - 1) < (uint16_t)(nw - old); }

int pvq_probe_run(uint8_t *mem, uint64_t mem_size, unsigned qs, uint64_t desc, uint64_t driver_event,
                  uint64_t device_event, bool event_idx, bool indirect, struct pvq_state *st, struct pvq_result *r,
                  char *msg, size_t msglen) {
  struct pq q = {mem, mem_size, qs, desc, indirect};
  memset(r, 0, sizeof *r);
  r->interrupt = -1;
  if (qs < 1 || qs > 32768 || !contains(&q, desc, (uint64_t)qs * sizeof(struct vring_packed_desc)) ||
      !contains(&q, driver_event, sizeof(struct vring_packed_desc_event)) ||
      !contains(&q, device_event, sizeof(struct vring_packed_desc_event))) {
    snprintf(msg, msglen, "packed ring (QS %u) does not fit in %llu bytes of memory", qs, (unsigned long long)mem_size);
    return -EINVAL;
  }
  uint8_t *dev_ev = mem + device_event, *drv_ev = mem + driver_event;
  const size_t EV_FLAGS = offsetof(struct vring_packed_desc_event, flags);
  const size_t EV_OFF = offsetof(struct vring_packed_desc_event, off_wrap);
  /* woken: kicks off while reading (virtio_queue_packed_set_notification(false)) */
  put16(dev_ev + EV_FLAGS, VRING_PACKED_EVENT_FLAG_DISABLE);

  uint8_t *held = calloc(qs, 1);
  uint16_t *pid = malloc(sizeof(uint16_t) * qs);
  uint32_t *plen = malloc(sizeof(uint32_t) * qs), *pnd = malloc(sizeof(uint32_t) * qs);
  if (!held || !pid || !plen || !pnd) {
    free(held), free(pid), free(plen), free(pnd);
    return -ENOMEM;
  }
  unsigned in_use = 0, count = 0;
  for (;;) {
    unsigned slot = st->last_avail, wrap = st->avail_wrap;
    struct rd head = read_desc(&q, slot_at(&q, slot));
    if (!is_avail(head.flags, wrap)) {
      if (is_used(head.flags, wrap))
        fail(r, "UsedInCurrentLap",
             "slot %u is already marked used for wrap counter %u before the device read it (flags 0x%x)", slot, wrap,
             head.flags);
      break;
    }
    if (in_use >= qs) {
      fail(r, "QueueSizeExceeded", "Virtqueue size exceeded");
      break;
    }
    struct walk w;
    if (walk_chain(&q, slot, wrap, &head, &w, r) < 0) break;
    if (w.id >= qs) {
      fail(r, "BufferIdOutOfRange", "Guest says index %u is available", w.id);
      break;
    }
    if (held[w.id]) {
      fail(r, "BufferIdInUse", "buffer id %u at slot %u is already held by the device", w.id, slot);
      break;
    }
    if (in_use + w.ndescs > qs) {
      fail(r, "QueueSizeExceeded", "Virtqueue size exceeded");
      break;
    }
    unsigned p = slot + w.ndescs;
    if (p >= qs) {
      p -= qs;
      st->avail_wrap ^= 1;
    }
    st->last_avail = (uint16_t)p;
    in_use += w.ndescs;
    held[w.id] = 1;
    /* completed at once, whole writable part, in pop order */
    fill_pattern(&q, slot, &head, w.id);
    pid[count] = w.id;
    plen[count] = (uint32_t)w.writable;
    pnd[count] = w.ndescs;
    count++;
  }
  if (!r->broken && count > 0) {
    /* flush: element k at used_idx + slots of elements 0..k-1; elements 1..n-1 first, element 0's flags last */
    unsigned pos = st->used_idx, wr = st->used_wrap, total = 0;
    unsigned head_pos = pos, head_wrap = wr;
    for (unsigned k = 0; k < count; k++) {
      uint64_t at = slot_at(&q, pos);
      uint16_t flags = wr ? (uint16_t)(AVAIL_F | USED_F) : 0;
      if (k > 0) {
        memcpy(mem + at + offsetof(struct vring_packed_desc, id), &pid[k], 2);
        memcpy(mem + at + offsetof(struct vring_packed_desc, len), &plen[k], 4);
        put16(mem + at + offsetof(struct vring_packed_desc, flags), flags);
      }
      total += pnd[k];
      pos += pnd[k];
      while (pos >= qs) {
        pos -= qs;
        wr ^= 1;
      }
    }
    uint64_t at = slot_at(&q, head_pos);
    memcpy(mem + at + offsetof(struct vring_packed_desc, id), &pid[0], 2);
    memcpy(mem + at + offsetof(struct vring_packed_desc, len), &plen[0], 4);
    __atomic_thread_fence(__ATOMIC_RELEASE);
    put16(mem + at + offsetof(struct vring_packed_desc, flags), head_wrap ? (uint16_t)(AVAIL_F | USED_F) : 0);
    /* after a wrap the last signalled index belongs to the other lap (QEMU 8.0 virtqueue_packed_flush) */
    if (st->used_idx + total >= qs) st->signalled_valid = false;
    st->used_idx = (uint16_t)pos;
    st->used_wrap = (uint16_t)wr;
    r->completed = count;

    /* virtio_packed_should_notify: driver flags first, then off_wrap */
    uint16_t dflags = get16(drv_ev + EV_FLAGS);
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    uint16_t off_wrap = get16(drv_ev + EV_OFF);
    uint16_t old_idx = st->signalled_used, new_idx = st->used_idx;
    st->signalled_used = new_idx;
    bool valid = st->signalled_valid;
    st->signalled_valid = true;
    if (dflags == VRING_PACKED_EVENT_FLAG_DISABLE)
      r->interrupt = 0;
    else if (dflags == VRING_PACKED_EVENT_FLAG_ENABLE)
      r->interrupt = 1;
    else {
      uint16_t off = off_wrap & 0x7fff;
      unsigned ev_wrap = (off_wrap >> VRING_PACKED_EVENT_F_WRAP_CTR) & 1;
      uint16_t ev = ev_wrap != st->used_wrap ? (uint16_t)(off - qs) : off;
      r->interrupt = !valid || need_event(ev, new_idx, old_idx);
    }
  }
  if (!r->broken) {
    /* asleep again: ask for kicks (with EVENT_IDX at the slot it reads next, off_wrap before the flags) */
    if (event_idx) {
      put16(dev_ev + EV_OFF, (uint16_t)((st->last_avail & 0x7fff) | (st->avail_wrap << VRING_PACKED_EVENT_F_WRAP_CTR)));
      __atomic_thread_fence(__ATOMIC_RELEASE);
      put16(dev_ev + EV_FLAGS, VRING_PACKED_EVENT_FLAG_DESC);
    } else {
      put16(dev_ev + EV_FLAGS, VRING_PACKED_EVENT_FLAG_ENABLE);
    }
  }
  free(held), free(pid), free(plen), free(pnd);
  return 0;
}
