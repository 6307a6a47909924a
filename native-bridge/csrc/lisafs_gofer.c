#include "lisafs_gofer.h"

#include <errno.h>
#include <string.h>

#include "lisafs_wire.h"

#define BIT(m) (1ull << (m))

uint64_t lisafs_gofer_supported(void) {
  return BIT(LISAFS_MID_MOUNT) | BIT(LISAFS_MID_CHANNEL) | BIT(LISAFS_MID_FSTAT) | BIT(LISAFS_MID_FSYNC) |
         BIT(LISAFS_MID_PWRITE) | BIT(LISAFS_MID_PREAD);
}

/* Little-endian field access that does not care about alignment (payloads start at offset 20). */
static uint32_t get32(const uint8_t *p) {
  uint32_t v;
  memcpy(&v, p, 4);
  return v;
}
static uint64_t get64(const uint8_t *p) {
  uint64_t v;
  memcpy(&v, p, 8);
  return v;
}
static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

static int64_t mount(uint8_t *resp, uint32_t cap, uint32_t max_message) {
  uint64_t set = lisafs_gofer_supported();
  uint32_t n = (uint32_t)__builtin_popcountll(set);
  if (cap < 8 + 2 * n) return -EINVAL;
  put32(resp, max_message);
  put32(resp + 4, n);
  uint32_t k = 0;
  for (uint16_t m = 0; m < LISAFS_MID_LIMIT; m++)
    if (set & BIT(m)) memcpy(resp + 8 + 2 * k++, &m, 2);
  return 8 + 2 * n;
}

int64_t lisafs_gofer_handle(const struct lisafs_gofer_env *env, uint16_t mid, const uint8_t *req, uint32_t len,
                            uint8_t *resp, uint32_t cap) {
  if (mid >= LISAFS_MID_LIMIT || !(lisafs_gofer_supported() & BIT(mid)) || mid == LISAFS_MID_CHANNEL)
    return -EOPNOTSUPP;
  if (mid == LISAFS_MID_MOUNT) return mount(resp, cap, env->max_message);
  if (len < 4) return -EINVAL;
  uint32_t fd = get32(req); /* read every request field before writing: req and resp may alias */
  if (fd == 0) return -EBADF;
  switch (mid) {
    case LISAFS_MID_FSTAT:
      if (cap < 24) return -EINVAL;
      put64(resp, fd);
      put64(resp + 8, (uint64_t)fd * 4096 + 17);
      put32(resp + 16, 0100644);
      put32(resp + 20, 1);
      return 24;
    case LISAFS_MID_FSYNC: {
      if (len < 8) return -EINVAL;
      uint32_t us = get32(req + 4);
      env->sleep_us(env->ctx, us > 10000000u ? 10000000u : us);
      return 0;
    }
    case LISAFS_MID_PWRITE: {
      if (len < 16 || cap < 8) return -EINVAL;
      uint32_t h = 2166136261u; /* FNV-1a over the data, before the answer overwrites it */
      for (uint32_t i = 16; i < len; i++) h = (h ^ req[i]) * 16777619u;
      put32(resp, len - 16);
      put32(resp + 4, h);
      return 8;
    }
    case LISAFS_MID_PREAD: {
      if (len < 16) return -EINVAL;
      uint32_t count = get32(req + 4);
      uint64_t off = get64(req + 8);
      if (count > cap) return -EINVAL;
      uint8_t base = (uint8_t)(fd * 31u + off);
      for (uint32_t i = 0; i < count; i++) resp[i] = (uint8_t)(base + i);
      return count;
    }
    default:
      return -EOPNOTSUPP;
  }
}
