/* Errors a device can find in driver-written ring memory. Every code maps to the message that a trusted
 * implementation prints for the same input (see shared/reference/bad-input.md): QEMU's virtio device where
 * QEMU checks it, rust-vmm's virtio-queue error name where only rust-vmm does. Keeping the code separate
 * from the text lets tests and the JS side match on a stable identifier. */
#ifndef RS_VQ_ERROR_H
#define RS_VQ_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

enum vq_err_code {
  VQE_NONE = 0,
  VQE_AVAIL_IDX,           /* avail.idx - last_avail > QS */
  VQE_HEAD_RANGE,          /* head >= QS */
  VQE_NEXT_RANGE,          /* next >= QS (or >= indirect table length) */
  VQE_LOOP,                /* more descriptors than the table holds: a cycle */
  VQE_ORDER,               /* device-readable after device-writable */
  VQE_ZERO_LEN,            /* zero-length buffer */
  VQE_BAD_ADDR,            /* buffer (or indirect table) outside the memory region */
  VQE_INDIRECT_TOO_MANY,   /* indirect table longer than QS descriptors */
  VQE_INDIRECT_SIZE,       /* indirect len % 16 != 0 or 0 */
  VQE_INDIRECT_NESTED,     /* INDIRECT inside an indirect table */
  VQE_INDIRECT_NEXT,       /* INDIRECT | NEXT on a head */
  VQE_INDIRECT_FEATURE,    /* INDIRECT on a head but VIRTIO_RING_F_INDIRECT_DESC not negotiated */
  VQE_CHAIN_TOO_LONG,      /* a chain of more than 2^32 bytes */
  VQE_BLK_MISSING_HEADERS, /* virtio-blk: no readable or no writable part */
  VQE_BLK_OUTHDR,          /* virtio-blk: fewer than 16 readable bytes */
  VQE_INTERNAL,            /* a syscall on the device thread failed (not the guest's fault) */
  VQE__COUNT
};

struct vq_error {
  int code;           /* enum vq_err_code */
  char message[128];  /* the real implementation's message, formatted */
  char detail[160];   /* where it happened: avail slot, head, descriptor index, table */
};

/* Stable identifier for JS (e.g. "HEAD_OUT_OF_RANGE"). */
const char *vq_err_name(int code);

#ifdef __cplusplus
}
#endif
#endif
