/**
 * Does a vhost-user back-end offer VIRTIO_F_RING_PACKED (bit 34) in its GET_FEATURES answer? Read before any
 * packed comparison against a real daemon: without the bit there is nothing to compare, and the report says so
 * plainly rather than faking a comparison.
 */
import { VhostUserChannel } from '../vhost-user/channel.ts';
import { Req, readU64 } from '../vhost-user/protocol.ts';

export const VIRTIO_F_RING_PACKED_BIT = 34n;

export interface PackedOffer {
  daemon: string;
  offered: bigint;
  packed: boolean;
  text: string;
}

export function packedOffer(daemon: string, offered: bigint): PackedOffer {
  const packed = ((offered >> VIRTIO_F_RING_PACKED_BIT) & 1n) === 1n;
  const hex = `0x${offered.toString(16).padStart(16, '0')}`;
  const text = packed
    ? `${daemon} offers VIRTIO_F_RING_PACKED (GET_FEATURES ${hex})`
    : `${daemon} does not offer VIRTIO_F_RING_PACKED (GET_FEATURES ${hex}): no packed comparison against it`;
  return { daemon, offered, packed, text };
}

/** GET_FEATURES on a fresh connection, nothing else (no SET_OWNER: the daemon is left as it was). */
export function readOffer(daemon: string, socket: string): PackedOffer {
  const ch = VhostUserChannel.connect(socket);
  try {
    return packedOffer(daemon, readU64(ch.call(Req.GET_FEATURES)));
  } finally {
    ch.close();
  }
}
