/* The C driver floor (bench_c_driver_batched): a driver on the calling thread feeding the native echo device
 * over one split queue in a memfd, so the TypeScript driver has a same-device C baseline to compare against. */
#include "bench.h"

#include <endian.h>
#include <errno.h>
#include <linux/virtio_ring.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <math.h>
#include <unistd.h>

#include "bench_internal.h"
#include "vdev.h"

#define SLOT 64u /* bytes of buffer per descriptor */
#define PAYLOAD 16u

struct drv {
  struct vring vr;
  uint8_t *mem;
  unsigned num;
  uint64_t buf_base;
  uint16_t free_head, num_free, avail_shadow, last_used;
};

struct run_stats {
  double seconds;
  uint64_t kicks, irqs, wakeups;
};

/* One repeat: fresh memfd, eventfds and device, so each run starts from the same state. */
static int driver_run(unsigned qs, unsigned batch, uint64_t requests, struct run_stats *rs, char *err,
                      size_t errlen) {
  uint64_t desc = 0, avail = align_up(16ULL * qs, 4096), used = align_up(avail + 6 + 2ULL * qs, 4096);
  uint64_t bufs = align_up(used + 6 + 8ULL * qs, 4096);
  uint64_t size = align_up(bufs + (uint64_t)qs * SLOT, 4096);
  int memfd = -1, kick = -1, call = -1, r = 0;
  uint8_t *mem = MAP_FAILED;
  struct vdev *dev = NULL;

  memfd = memfd_create("ringside-bench", MFD_CLOEXEC);
  kick = eventfd(0, EFD_CLOEXEC);
  call = eventfd(0, EFD_CLOEXEC);
  if (memfd < 0 || kick < 0 || call < 0 || ftruncate(memfd, size) < 0) {
    r = -errno;
    snprintf(err, errlen, "bench setup: %s", strerror(errno));
    goto out;
  }
  mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, memfd, 0);
  if (mem == MAP_FAILED) {
    r = -errno;
    snprintf(err, errlen, "bench mmap: %s", strerror(errno));
    goto out;
  }
  struct vdev_config cfg = {.mem_fd = memfd, .mem_size = size, .queue_size = qs, .desc_addr = desc,
                            .avail_addr = avail, .used_addr = used, .kick_fd = kick, .call_fd = call,
                            .config_fd = -1, .event_idx = 1, .indirect_desc = 0, .kind = VDEV_ECHO};
  if ((r = vdev_create(&cfg, &dev, err, errlen)) < 0) goto out;

  struct drv d = {.mem = mem, .num = qs, .buf_base = bufs, .num_free = qs};
  d.vr.num = qs;
  d.vr.desc = (struct vring_desc *)(mem + desc);
  d.vr.avail = (struct vring_avail *)(mem + avail);
  d.vr.used = (struct vring_used *)(mem + used);
  for (unsigned i = 0; i + 1 < qs; i++) d.vr.desc[i].next = htole16(i + 1);

  uint64_t done = 0, kicks = 0;
  double t0 = now();
  while (done < requests) {
    unsigned b = requests - done < batch ? (unsigned)(requests - done) : batch;
    uint16_t old = d.avail_shadow;
    for (unsigned k = 0; k < b; k++) { /* out buffer (readable) + in buffer (writable) */
      uint16_t h = d.free_head, w = le16toh(d.vr.desc[h].next);
      d.free_head = le16toh(d.vr.desc[w].next);
      d.num_free -= 2;
      uint64_t seq = done + k;
      memcpy(mem + bufs + (uint64_t)h * SLOT, &seq, sizeof seq);
      d.vr.desc[h] = (struct vring_desc){htole64(bufs + (uint64_t)h * SLOT), htole32(PAYLOAD),
                                         htole16(VRING_DESC_F_NEXT), htole16(w)};
      d.vr.desc[w].addr = htole64(bufs + (uint64_t)w * SLOT);
      d.vr.desc[w].len = htole32(PAYLOAD);
      d.vr.desc[w].flags = htole16(VRING_DESC_F_WRITE);
      d.vr.avail->ring[d.avail_shadow & (qs - 1)] = htole16(h);
      d.avail_shadow++;
    }
    __atomic_store_n(&d.vr.avail->idx, htole16(d.avail_shadow), __ATOMIC_RELEASE);
    __atomic_thread_fence(__ATOMIC_SEQ_CST); /* publish avail.idx before reading avail_event */
    uint16_t ev = le16toh(__atomic_load_n(&vring_avail_event(&d.vr), __ATOMIC_RELAXED));
    if (vring_need_event(ev, d.avail_shadow, old)) {
      if ((r = efd_write(kick, 1)) < 0) goto fail_io;
      kicks++;
    }
    unsigned got = 0;
    while (got < b) {
      uint16_t u = le16toh(__atomic_load_n(&d.vr.used->idx, __ATOMIC_ACQUIRE));
      while (d.last_used != u) {
        vring_used_elem_t *el = &d.vr.used->ring[d.last_used & (qs - 1)];
        uint16_t id = (uint16_t)le32toh(el->id);
        uint32_t len = le32toh(el->len);
        if (id >= qs || len != PAYLOAD) {
          snprintf(err, errlen, "bench: device returned id %u len %u", id, len);
          r = -EIO;
          goto out;
        }
        uint16_t w = le16toh(d.vr.desc[id].next); /* detach: tail -> old free head */
        d.vr.desc[w].next = htole16(d.free_head);
        d.free_head = id;
        d.num_free += 2;
        d.last_used++;
        got++;
      }
      if (got >= b) break;
      /* Interrupt me when the last entry of this batch is used, then re-check (the device may have
       * finished between our read of used.idx and its read of used_event). */
      vring_used_event(&d.vr) = htole16((uint16_t)(d.last_used + (b - got) - 1));
      __atomic_thread_fence(__ATOMIC_SEQ_CST);
      if (le16toh(__atomic_load_n(&d.vr.used->idx, __ATOMIC_ACQUIRE)) != d.last_used) continue;
      uint64_t v;
      if ((r = efd_read(call, &v)) < 0) goto fail_io;
    }
    done += b;
  }
  rs->seconds = now() - t0;
  vdev_stop(dev);
  struct vdev_stats st;
  vdev_get_stats(dev, &st);
  struct vq_error e;
  if (vdev_get_error(dev, &e)) {
    snprintf(err, errlen, "bench: device broke: %s", e.message);
    r = -EIO;
    goto out;
  }
  rs->kicks = kicks;
  rs->irqs = st.irq_signalled;
  rs->wakeups = st.kick_wakeups;
  goto out;
fail_io:
  snprintf(err, errlen, "bench eventfd I/O: %s", strerror(-r));
out:
  vdev_destroy(dev);
  if (mem != MAP_FAILED) munmap(mem, size);
  if (memfd >= 0) close(memfd);
  if (kick >= 0) close(kick);
  if (call >= 0) close(call);
  return r;
}

int bench_c_driver_batched(unsigned qs, unsigned batch, uint64_t requests, unsigned repeats,
                           struct bench_driver_result *out, char *err, size_t errlen) {
  if (qs < 2 || qs > 32768 || (qs & (qs - 1)) || batch == 0 || 2ULL * batch > qs || requests == 0 ||
      repeats == 0 || repeats > BENCH_MAX_REPEATS) {
    snprintf(err, errlen, "bench: need power-of-two qs >= 2, 1 <= batch <= qs/2, requests > 0, 1..%d repeats",
             BENCH_MAX_REPEATS);
    return -EINVAL;
  }
  struct run_stats runs[BENCH_MAX_REPEATS];
  memset(out, 0, sizeof *out);
  for (unsigned i = 0; i < repeats; i++) {
    int r = driver_run(qs, batch, requests, &runs[i], err, errlen);
    if (r < 0) return r;
    out->samples[i] = requests / runs[i].seconds;
  }
  out->requests_per_sec = median(out->samples, repeats);
  unsigned m = 0; /* the run closest to the median supplies the notification counts */
  for (unsigned i = 1; i < repeats; i++)
    if (fabs(out->samples[i] - out->requests_per_sec) < fabs(out->samples[m] - out->requests_per_sec)) m = i;
  out->kicks_per_request = (double)runs[m].kicks / requests;
  out->irqs_per_request = (double)runs[m].irqs / requests;
  out->notifications_per_request = (double)(runs[m].kicks + runs[m].irqs) / requests;
  out->device_wakeups_per_request = (double)runs[m].wakeups / requests;
  out->requests = requests;
  out->repeats = repeats;
  return 0;
}
