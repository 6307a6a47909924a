/**
 * virtio-vsock's credit rules (virtio spec, "Device Operation: Flow control"; Linux
 * net/vmw_vsock/virtio_transport_common.c). Each endpoint advertises `buf_alloc`, its receive
 * buffer size, and `fwd_cnt`, the free-running count of bytes its application has consumed; every
 * packet header carries both. The sender keeps `tx_cnt`, bytes it has sent, and may send only
 *   peer_free = peer_buf_alloc − (tx_cnt − peer_fwd_cnt)
 * more payload bytes. A receiver that gets more than that drops it (Linux since 2019), so a
 * correct sender never does. Counters are u32 and wrap; the arithmetic below wraps the same way.
 */
export interface CreditState {
  /** Our receive buffer size, advertised to the peer. */
  bufAlloc: number;
  /** Bytes our application has consumed from the receive buffer (free-running). */
  fwdCnt: number;
  /** fwd_cnt as last told to the peer (in any packet header). */
  lastFwdCntSent: number;
  /** Payload bytes we have sent (free-running). */
  txCnt: number;
  /** The peer's last advertised values. */
  peerBufAlloc: number;
  peerFwdCnt: number;
  /** We must send a CREDIT_UPDATE (asked for, or our consumption warrants one). */
  needUpdate: boolean;
  /** We sent a CREDIT_REQUEST and have heard nothing from the peer since. */
  creditRequested: boolean;
}

export function initialCredit(bufAlloc: number, peerBufAlloc: number): CreditState {
  // Connection setup (OP_REQUEST / OP_RESPONSE) already carried both buf_alloc values.
  return {
    bufAlloc,
    fwdCnt: 0,
    lastFwdCntSent: 0,
    txCnt: 0,
    peerBufAlloc,
    peerFwdCnt: 0,
    needUpdate: false,
    creditRequested: false,
  };
}

/** Bytes we may still send: peer_buf_alloc − (tx_cnt − peer_fwd_cnt), in u32 arithmetic. */
export function peerFree(c: CreditState): number {
  const inFlight = (c.txCnt - c.peerFwdCnt) >>> 0;
  return inFlight >= c.peerBufAlloc ? 0 : c.peerBufAlloc - inFlight;
}

export function onSent(c: CreditState, payloadBytes: number): void {
  c.txCnt = (c.txCnt + payloadBytes) >>> 0;
  // Every header we send carries our buf_alloc and fwd_cnt, so the peer is now up to date.
  c.lastFwdCntSent = c.fwdCnt;
  c.needUpdate = false;
}

/**
 * Any packet from the peer refreshes what we know of its buffer. An outstanding CREDIT_REQUEST
 * counts as answered only once credit actually grows: asking again on every unchanged reply would
 * make the two sides ping-pong while the reader is busy elsewhere. The reader's own rule sends an
 * update when its queue runs empty, so a sender that stops asking is still woken.
 */
export function onHeader(c: CreditState, bufAlloc: number, fwdCnt: number): void {
  const before = peerFree(c);
  c.peerBufAlloc = bufAlloc;
  c.peerFwdCnt = fwdCnt;
  if (peerFree(c) > before) c.creditRequested = false;
}

/**
 * Our application consumed `n` bytes. Linux then sends a CREDIT_UPDATE only when the bytes
 * consumed since the last report leave less than one maximum packet buffer of "free space"
 * (buf_alloc − (fwd_cnt − last_fwd_cnt) < VIRTIO_VSOCK_MAX_PKT_BUF_SIZE), or when the receive
 * queue ran empty, so a stalled sender is never left waiting. `lowWater` plays the role of
 * VIRTIO_VSOCK_MAX_PKT_BUF_SIZE at this model's scale.
 */
export function onConsumed(c: CreditState, n: number, rxBytesLeft: number, lowWater: number): void {
  c.fwdCnt = (c.fwdCnt + n) >>> 0;
  const delta = (c.fwdCnt - c.lastFwdCntSent) >>> 0;
  if (delta > 0 && (c.bufAlloc - delta < lowWater || rxBytesLeft === 0)) c.needUpdate = true;
}
