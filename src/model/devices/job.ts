/**
 * What a model device does with one chain, independent of the ring: given the bytes of its
 * device-readable buffers and the size of its device-writable part, say what to write where and
 * what used.len to report — or that the device drops the chain without a used entry (what
 * qemu-storage-daemon does with a malformed virtio-blk request).
 */
import type { GuestMemory } from '../memory/guest-memory';
import type { DescriptorChain } from '../virtio/chain';
import { echoResponse } from './echo';

export interface JobWrite {
  /** Offset into the chain's device-writable part (across buffers). */
  offset: number;
  bytes: Uint8Array;
}

export type JobResult = { writes: JobWrite[]; usedLen: number } | { drop: string };

export type DeviceJob = (readable: Uint8Array, writableBytes: number) => JobResult;

/** The echo/checksum job (the native device's), as a DeviceJob. */
export const echoJob: DeviceJob = (readable, writableBytes) => {
  const out = echoResponse(readable, writableBytes);
  return { writes: [{ offset: 0, bytes: out }], usedLen: out.length };
};

/** Write `bytes` at `offset` of the chain's device-writable part, across buffer boundaries. */
export function writeAt(mem: GuestMemory, chain: DescriptorChain, offset: number, bytes: Uint8Array): void {
  let skip = offset;
  let done = 0;
  for (const b of chain.writable) {
    if (done >= bytes.length) break;
    if (skip >= b.len) {
      skip -= b.len;
      continue;
    }
    const n = Math.min(b.len - skip, bytes.length - done);
    mem.writeBytes(b.addr + skip, bytes.subarray(done, done + n));
    done += n;
    skip = 0;
  }
  if (done < bytes.length)
    throw new RangeError(`job wrote ${bytes.length} bytes at ${offset} into ${chain.writableBytes} writable bytes`);
}
