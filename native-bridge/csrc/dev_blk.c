#include <endian.h>
#include <errno.h>
#include <linux/virtio_blk.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dev_kinds.h"

#define SECTOR 512u
#define OUTHDR_LEN 16u /* struct virtio_blk_outhdr: u32 type, u32 ioprio/reserved, u64 sector */

int blk_init(struct blk_disk *b, uint64_t size, const char *serial) {
  memset(b, 0, sizeof *b);
  if (size == 0 || size % SECTOR) return -EINVAL;
  b->data = calloc(1, size);
  if (!b->data) return -ENOMEM;
  b->size = size;
  strncpy(b->serial, serial ? serial : "ringside-blk", sizeof b->serial); /* NUL-padded, 20 bytes max */
  return 0;
}

void blk_free(struct blk_disk *b) {
  free(b->data);
  b->data = NULL;
}

static int broken(struct vq_error *e, int code, const char *msg, const struct chain *c) {
  e->code = code;
  snprintf(e->message, sizeof e->message, "%s", msg);
  snprintf(e->detail, sizeof e->detail, "head %u: %llu readable, %llu writable bytes", c->head,
           (unsigned long long)c->rd_bytes, (unsigned long long)c->wr_bytes);
  return -1;
}

/* Sector range check like QEMU's virtio_blk_sect_range_ok: whole sectors, inside the disk, no overflow. */
static int range_ok(const struct blk_disk *b, uint64_t sector, uint64_t len, uint64_t *off) {
  if (len % SECTOR) return 0;
  if (sector > b->size / SECTOR) return 0;
  *off = sector * SECTOR;
  return len <= b->size - *off;
}

int blk_handle(struct blk_disk *b, const struct chain *c, uint32_t *used_len, struct vq_error *e) {
  /* QEMU's virtio-blk treats these as driver bugs and breaks the device (virtio_error). */
  if (c->n_rd == 0 || c->n_wr == 0) return broken(e, VQE_BLK_MISSING_HEADERS, "virtio-blk missing headers", c);
  if (c->rd_bytes < OUTHDR_LEN) return broken(e, VQE_BLK_OUTHDR, "virtio-blk request outhdr too short", c);

  struct virtio_blk_outhdr hdr;
  chain_read(c, 0, &hdr, sizeof hdr);
  uint32_t type = le32toh(hdr.type);
  uint64_t sector = le64toh(hdr.sector);
  uint64_t din = c->wr_bytes - 1;            /* writable bytes before the status byte */
  uint64_t dout = c->rd_bytes - OUTHDR_LEN;  /* readable bytes after the header */
  uint64_t off;
  uint8_t status = VIRTIO_BLK_S_OK;
  uint64_t written = 0; /* data bytes written to the driver, status excluded */

  switch (type) {
    case VIRTIO_BLK_T_IN:
      if (!range_ok(b, sector, din, &off)) {
        status = VIRTIO_BLK_S_IOERR;
        break;
      }
      written = chain_write(c, 0, b->data + off, din);
      b->reads++;
      break;
    case VIRTIO_BLK_T_OUT:
      if (!range_ok(b, sector, dout, &off)) {
        status = VIRTIO_BLK_S_IOERR;
        break;
      }
      chain_read(c, OUTHDR_LEN, b->data + off, dout);
      b->writes++;
      break;
    case VIRTIO_BLK_T_FLUSH:
      b->flushes++; /* memory-backed: nothing to persist, but the request is honoured */
      break;
    case VIRTIO_BLK_T_GET_ID: {
      uint64_t n = din < VIRTIO_BLK_ID_BYTES ? din : VIRTIO_BLK_ID_BYTES;
      written = chain_write(c, 0, b->serial, n);
      b->get_ids++;
      break;
    }
    default:
      status = VIRTIO_BLK_S_UNSUPP;
      b->unsupported++;
      break;
  }
  if (status == VIRTIO_BLK_S_IOERR) b->errors++;
  chain_write(c, c->wr_bytes - 1, &status, 1); /* last writable byte is the status */
  /* used len = bytes actually written: data (reads, GET_ID) + the status byte. */
  *used_len = (uint32_t)(written + 1);
  return 0;
}
