/**
 * Synthetic QEMU trace logs shared by tests: two devices, three queues, two threads,
 * interleaved, with element pointers reused across queues and devices.
 */

export const MULTI_DEVICE_LOG = `
100@1000.000010:virtio_set_status vdev 0xa000 val 15
100@1000.000020:virtio_queue_notify vdev 0xa000 n 0 vq 0xa100
101@1000.000021:virtio_queue_notify vdev 0xb000 n 1 vq 0xb200
100@1000.000025:virtqueue_alloc_element elem 0xe1 size 240 in_num 2 out_num 1
100@1000.000026:virtqueue_pop vq 0xa100 elem 0xe1 in_num 2 out_num 1
101@1000.000027:virtqueue_pop vq 0xb200 elem 0xe2 in_num 0 out_num 1
100@1000.000028:virtio_blk_handle_read vdev 0xa000 req 0xe1 sector 8 nsectors 8
100@1000.000030:virtqueue_pop vq 0xa100 elem 0xe3 in_num 2 out_num 1
100@1000.000031:virtio_blk_handle_write vdev 0xa000 req 0xe3 sector 64 nsectors 1
101@1000.000035:virtqueue_fill vq 0xb200 elem 0xe2 len 0 idx 0
101@1000.000036:virtqueue_flush vq 0xb200 count 1
101@1000.000037:virtio_notify vdev 0xb000 vq 0xb200
100@1000.000040:virtio_blk_req_complete vdev 0xa000 req 0xe3 status 0
100@1000.000041:virtqueue_fill vq 0xa100 elem 0xe3 len 1 idx 0
100@1000.000042:virtio_blk_req_complete vdev 0xa000 req 0xe1 status 0
100@1000.000043:virtqueue_fill vq 0xa100 elem 0xe1 len 4097 idx 1
100@1000.000044:virtqueue_flush vq 0xa100 count 2
100@1000.000045:virtio_notify_irqfd vdev 0xa000 vq 0xa100
101@1000.000050:virtqueue_pop vq 0xb200 elem 0xe1 in_num 0 out_num 1
100@1000.000051:virtio_queue_notify vdev 0xa000 n 1 vq 0xa200
100@1000.000052:virtqueue_pop vq 0xa200 elem 0xe2 in_num 2 out_num 1
100@1000.000053:virtio_blk_handle_read vdev 0xa000 req 0xe2 sector 0 nsectors 1
101@1000.000060:virtqueue_fill vq 0xb200 elem 0xe1 len 0 idx 0
101@1000.000061:virtqueue_flush vq 0xb200 count 1
100@1000.000070:virtqueue_fill vq 0xa200 elem 0xe2 len 513 idx 0
100@1000.000071:virtqueue_flush vq 0xa200 count 1
100@1000.000072:virtio_notify_irqfd vdev 0xa000 vq 0xa200
101@1000.000080:virtio_net_something vdev 0xb000 foo 1
101@1000.000090:virtio_notify vdev 0xb000 vq 0xb200
100@1000.000095:virtio_queue_notify vdev 0xa000 n 0 vq 0xa100
`.trim();

/** The same log as QEMU writes it without -msg timestamp=on. */
export const MULTI_DEVICE_LOG_NO_TIMESTAMPS = MULTI_DEVICE_LOG.replace(/^\d+@[\d.]+:/gm, '');
