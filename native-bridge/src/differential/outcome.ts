// What one device side did with a ring, in terms both sides share: the model's error kind (the C
// device's codes mapped onto it), the message, and the used entries it wrote before it stopped.
import type { RingErrorKind } from '@ringside/model/virtio/errors.ts';
import { ring } from '@ringside/model/virtio/layout.ts';
import type { DeviceErrorCode } from '../native.ts';
import type { RingCase } from './ring-case.ts';

export interface Outcome {
  /** null: the side served every available chain. `unmapped:CODE` for a C code with no model kind. */
  kind: RingErrorKind | `unmapped:${string}` | null;
  message: string | null;
  /** Chains the side says it completed. */
  completed: number;
  /** used.idx in memory afterwards. */
  usedIdx: number;
  /** The used entries from the start index to used.idx, as [id, len]. */
  used: [number, number][];
}

/** The C device's error codes (vq_error.h) as the model's kinds: one-to-one for every ring error. */
export const C_TO_MODEL: Readonly<Partial<Record<DeviceErrorCode, RingErrorKind>>> = {
  AVAIL_IDX_TOO_FAR: 'AvailIndexTooFar',
  HEAD_OUT_OF_RANGE: 'HeadOutOfRange',
  NEXT_OUT_OF_RANGE: 'NextOutOfRange',
  DESCRIPTOR_LOOP: 'DescriptorLoop',
  READABLE_AFTER_WRITABLE: 'ReadableAfterWritable',
  ZERO_LENGTH: 'ZeroSizedBuffer',
  ADDRESS_OUT_OF_REGION: 'AddressOutOfRange',
  INDIRECT_TOO_MANY: 'IndirectTableTooLarge',
  INDIRECT_BAD_SIZE: 'InvalidIndirectSize',
  INDIRECT_NESTED: 'NestedIndirect',
  INDIRECT_WITH_NEXT: 'IndirectWithNext',
  INDIRECT_NOT_NEGOTIATED: 'FeatureNotNegotiated',
  CHAIN_TOO_LONG: 'ChainTooLong',
};

export function mapCode(code: string, map: Readonly<Partial<Record<string, RingErrorKind>>> = C_TO_MODEL) {
  return map[code] ?? (`unmapped:${code}` as const);
}

/** The used entries written since the case's start index, read back from guest memory. */
export function readUsed(c: RingCase, bytes: Uint8Array): { usedIdx: number; used: [number, number][] } {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const usedIdx = dv.getUint16(ring.usedIdx(c.layout), true);
  const n = (usedIdx - c.base) & 0xffff;
  const used: [number, number][] = [];
  // More than a queue's worth cannot have been written in one pass; show at most that many.
  for (let k = 0; k < Math.min(n, c.qs); k++) {
    const at = ring.usedElem(c.layout, (c.base + k) & (c.qs - 1));
    used.push([dv.getUint32(at, true), dv.getUint32(at + 4, true)]);
  }
  return { usedIdx, used };
}

/**
 * Every way `b` differs from `a`, in words; empty when they agree. Besides equality, each side must
 * have published exactly the chains it completed (nothing completed lost, nothing invented).
 */
export function differences(a: Outcome, b: Outcome, names: [string, string] = ['model', 'C']): string[] {
  const out: string[] = [];
  const [na, nb] = names;
  if (a.kind !== b.kind) out.push(`error kind: ${na} ${a.kind}, ${nb} ${b.kind}`);
  else if (a.message !== b.message) out.push(`message: ${na} "${a.message}", ${nb} "${b.message}"`);
  if (a.completed !== b.completed) out.push(`completed: ${na} ${a.completed}, ${nb} ${b.completed}`);
  if (a.usedIdx !== b.usedIdx) out.push(`used.idx: ${na} ${a.usedIdx}, ${nb} ${b.usedIdx}`);
  if (JSON.stringify(a.used) !== JSON.stringify(b.used))
    out.push(`used entries: ${na} ${JSON.stringify(a.used)}, ${nb} ${JSON.stringify(b.used)}`);
  for (const [n, o] of [
    [na, a],
    [nb, b],
  ] as const) {
    if (o.used.length !== o.completed)
      out.push(`${n} lost or invented completions: ${o.completed} completed, ${o.used.length} published`);
  }
  return out;
}
