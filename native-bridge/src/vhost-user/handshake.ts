/**
 * The front-end's side of a vhost-user session, step by step, in the order that works against
 * both QEMU 7.2 back-ends (shared/reference/vhost-user.md):
 *
 *   GET_FEATURES → GET_PROTOCOL_FEATURES → SET_OWNER → SET_PROTOCOL_FEATURES → SET_FEATURES
 *   → [GET_QUEUE_NUM] → SET_MEM_TABLE → [GET_CONFIG] → per queue: SET_VRING_NUM → SET_VRING_BASE
 *   → SET_VRING_ADDR → SET_VRING_CALL → SET_VRING_KICK → SET_VRING_ENABLE(1)
 *   stop: SET_VRING_ENABLE(0) → GET_VRING_BASE
 *
 * Traps it avoids: the memory table must precede SET_VRING_ADDR (else libvhost-user panics with
 * "Invalid vring_addr message"); SET_VRING_ADDR reads used.idx from our memory, so the rings are
 * initialised before; SET_VRING_KICK starts the queue, so it comes last; SET_VRING_CALL writes 1
 * to the call eventfd at once, so the caller drains it afterwards; queue indices are checked here
 * because the back-ends' handlers do not check them.
 */
import type { RingFeatures } from '@ringside/model/virtio/constants.ts';
import type { SplitLayout } from '@ringside/model/virtio/layout.ts';
import type { VhostUserChannel } from './channel.ts';
import { VhostUserError } from './errors.ts';
import {
  Feature,
  ProtocolFeature,
  Req,
  bit,
  configRequest,
  hasBit,
  memoryTable,
  readConfig,
  readU64,
  readVringState,
  u64,
  vringAddr,
  vringFile,
  vringState,
  type MemRegion,
} from './protocol.ts';

/** libvhost-user's VIRTQUEUE_MAX_SIZE: larger queues are refused (virtio-rings.md). */
export const MAX_QUEUE_SIZE = 1024;

export interface NegotiateOptions {
  ring: RingFeatures;
  /** Device-specific bits (virtio-blk FLUSH, DISCARD, …) to accept when offered. */
  deviceFeatures?: bigint;
}

export interface Negotiated {
  offered: bigint;
  acked: bigint;
  protocolOffered: bigint;
  protocolAcked: bigint;
  /** GET_QUEUE_NUM when MQ was negotiated, else 1 — the bound on every queue index we send. */
  queueNum: number;
  replyAck: boolean;
  config: boolean;
}

const WANTED_PROTOCOL = bit(ProtocolFeature.REPLY_ACK) | bit(ProtocolFeature.CONFIG) | bit(ProtocolFeature.MQ);

export function featureNames(word: bigint): string[] {
  const names: Record<number, string> = {
    24: 'NOTIFY_ON_EMPTY',
    27: 'ANY_LAYOUT',
    28: 'INDIRECT_DESC',
    29: 'EVENT_IDX',
    30: 'PROTOCOL_FEATURES',
    32: 'VERSION_1',
    33: 'ACCESS_PLATFORM',
    34: 'RING_PACKED',
  };
  const out: string[] = [];
  for (let i = 0; i < 64; i++) if (hasBit(word, i)) out.push(names[i] ?? `bit${i}`);
  return out;
}

export function negotiate(ch: VhostUserChannel, opts: NegotiateOptions): Negotiated {
  const offered = readU64(ch.call(Req.GET_FEATURES));
  // libvhost-user's own words for a driver without VERSION_1 ("virtio legacy devices aren't
  // supported by libvhost-user"); we refuse first rather than make the back-end panic.
  if (!hasBit(offered, Feature.VERSION_1)) {
    throw new VhostUserError(
      'NEGOTIATION',
      "the back-end does not offer VIRTIO_F_VERSION_1 (virtio legacy devices aren't supported by libvhost-user)",
      'VHOST_USER_GET_FEATURES',
    );
  }
  if (!hasBit(offered, Feature.PROTOCOL_FEATURES)) {
    throw new VhostUserError(
      'NEGOTIATION',
      'the back-end does not offer VHOST_USER_F_PROTOCOL_FEATURES (bit 30); this front-end needs SET_VRING_ENABLE semantics',
      'VHOST_USER_GET_FEATURES',
    );
  }
  for (const [on, b, name] of [
    [opts.ring.eventIdx, Feature.EVENT_IDX, 'EVENT_IDX'],
    [opts.ring.indirect, Feature.INDIRECT_DESC, 'INDIRECT_DESC'],
  ] as const) {
    if (on && !hasBit(offered, b))
      throw new VhostUserError(
        'NEGOTIATION',
        `VIRTIO_RING_F_${name} was asked for but the back-end does not offer it`,
        'VHOST_USER_GET_FEATURES',
      );
  }
  const protocolOffered = readU64(ch.call(Req.GET_PROTOCOL_FEATURES));
  ch.send(Req.SET_OWNER);
  const protocolAcked = protocolOffered & WANTED_PROTOCOL;
  ch.send(Req.SET_PROTOCOL_FEATURES, u64(protocolAcked));
  const replyAck = hasBit(protocolAcked, ProtocolFeature.REPLY_ACK);

  let acked = bit(Feature.VERSION_1) | bit(Feature.PROTOCOL_FEATURES) | ((opts.deviceFeatures ?? 0n) & offered);
  if (opts.ring.eventIdx) acked |= bit(Feature.EVENT_IDX);
  if (opts.ring.indirect) acked |= bit(Feature.INDIRECT_DESC);
  // The ring features are exactly what the caller chose: a device bit set by mistake in
  // deviceFeatures must not switch them on behind the model driver's back.
  if (!opts.ring.eventIdx) acked &= ~bit(Feature.EVENT_IDX);
  if (!opts.ring.indirect) acked &= ~bit(Feature.INDIRECT_DESC);
  sendMaybeAck(ch, replyAck, Req.SET_FEATURES, u64(acked));

  const queueNum = hasBit(protocolAcked, ProtocolFeature.MQ) ? Number(readU64(ch.call(Req.GET_QUEUE_NUM))) : 1;
  return {
    offered,
    acked,
    protocolOffered,
    protocolAcked,
    queueNum,
    replyAck,
    config: hasBit(protocolAcked, ProtocolFeature.CONFIG),
  };
}

/** With REPLY_ACK every set-up message is confirmed, so a refusal shows at the step that caused it. */
export function sendMaybeAck(
  ch: VhostUserChannel,
  replyAck: boolean,
  request: number,
  payload?: Uint8Array,
  fds: number[] = [],
): void {
  if (replyAck) ch.callAck(request, payload, fds);
  else ch.send(request, payload, fds);
}

export function setMemTable(ch: VhostUserChannel, n: Negotiated, region: MemRegion, fd: number): void {
  sendMaybeAck(ch, n.replyAck, Req.SET_MEM_TABLE, memoryTable([region]), [fd]);
}

/** GET_CONFIG (needs the CONFIG protocol feature). libvhost-user answers size 0 when it fails. */
export function getConfig(ch: VhostUserChannel, n: Negotiated, size: number, offset = 0): Uint8Array {
  if (!n.config)
    throw new VhostUserError(
      'NEGOTIATION',
      'GET_CONFIG needs VHOST_USER_PROTOCOL_F_CONFIG, which the back-end does not offer',
      'VHOST_USER_GET_CONFIG',
    );
  const reply = ch.call(Req.GET_CONFIG, configRequest(offset, size));
  if (reply.length === 0)
    throw new VhostUserError(
      'CONFIG',
      `the back-end could not read ${size} bytes of config space at offset ${offset}`,
      'VHOST_USER_GET_CONFIG',
    );
  const c = readConfig(reply);
  if (c.size !== size)
    throw new VhostUserError('BAD_REPLY', `GET_CONFIG asked for ${size} bytes, got ${c.size}`, 'VHOST_USER_GET_CONFIG');
  return c.region;
}

export function checkQueueIndex(n: Negotiated, index: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= n.queueNum || index > 0xff) {
    // libvhost-user's text for the same condition; we refuse instead of sending it, because the
    // SET_VRING_NUM/BASE/ADDR handlers index their array without checking.
    throw new VhostUserError(
      'INVALID_ARGUMENT',
      `Invalid queue index: ${index} (the back-end has ${n.queueNum} queue(s))`,
    );
  }
}

export interface VringSetup {
  index: number;
  layout: SplitLayout;
  /** avail/used index to start from (SET_VRING_BASE). */
  base: number;
  /** Front-end user address of GPA 0 (the memory table's userspace_addr - guest_phys_addr). */
  userBase: bigint;
  kickFd: number;
  callFd: number;
}

export function setupVring(ch: VhostUserChannel, n: Negotiated, v: VringSetup): void {
  checkQueueIndex(n, v.index);
  const qs = v.layout.queueSize;
  if (qs > MAX_QUEUE_SIZE)
    throw new VhostUserError(
      'INVALID_ARGUMENT',
      `queue size ${qs} exceeds libvhost-user's maximum of ${MAX_QUEUE_SIZE}`,
    );
  const ack = (req: number, p: Uint8Array, fds: number[] = []) => sendMaybeAck(ch, n.replyAck, req, p, fds);
  ack(Req.SET_VRING_NUM, vringState(v.index, qs));
  ack(Req.SET_VRING_BASE, vringState(v.index, v.base & 0xffff));
  // SET_VRING_ADDR takes user addresses (translated through userspace_addr), not GPAs.
  const uva = (gpa: number) => v.userBase + BigInt(gpa);
  ack(
    Req.SET_VRING_ADDR,
    vringAddr({ index: v.index, desc: uva(v.layout.desc), used: uva(v.layout.used), avail: uva(v.layout.avail) }),
  );
  ack(Req.SET_VRING_CALL, vringFile(v.index), [v.callFd]);
  ack(Req.SET_VRING_KICK, vringFile(v.index), [v.kickFd]);
  ack(Req.SET_VRING_ENABLE, vringState(v.index, 1));
}

/** Stop a queue: disable it, then GET_VRING_BASE (the back-end stops and closes its kick/call fds). */
export function stopVring(ch: VhostUserChannel, n: Negotiated, index: number): { index: number; lastAvail: number } {
  checkQueueIndex(n, index);
  sendMaybeAck(ch, n.replyAck, Req.SET_VRING_ENABLE, vringState(index, 0));
  const s = readVringState(ch.call(Req.GET_VRING_BASE, vringState(index, 0)));
  if (s.index !== index)
    throw new VhostUserError(
      'BAD_REPLY',
      `GET_VRING_BASE for queue ${index} answered for queue ${s.index}`,
      'VHOST_USER_GET_VRING_BASE',
    );
  return { index: s.index, lastAvail: s.num };
}
