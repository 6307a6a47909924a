import { describe, expect, it } from 'vitest';
import { initialCredit, onConsumed, onHeader, onSent, peerFree } from './credit';

describe('virtio-vsock credit arithmetic', () => {
  it('peer_free = peer_buf_alloc − (tx_cnt − peer_fwd_cnt)', () => {
    const c = initialCredit(100, 128);
    expect(peerFree(c)).toBe(128);
    onSent(c, 100);
    expect(peerFree(c)).toBe(28);
    onHeader(c, 128, 60); // the peer consumed 60
    expect(peerFree(c)).toBe(88);
    onSent(c, 88);
    expect(peerFree(c)).toBe(0);
  });

  it('works across u32 wrap-around of the free-running counters', () => {
    const c = initialCredit(100, 128);
    c.txCnt = 0xfffffff0;
    c.peerFwdCnt = 0xffffffe0; // 16 bytes outstanding
    expect(peerFree(c)).toBe(112);
    onSent(c, 32); // tx_cnt wraps to 0x10
    expect(c.txCnt).toBe(0x10);
    expect(peerFree(c)).toBe(80);
  });

  it('asks for a CREDIT_UPDATE only when much was consumed unreported, or the queue ran dry', () => {
    const c = initialCredit(128, 128);
    onConsumed(c, 10, 50, 48); // 10 consumed, free seen by peer = 118 ≥ 48, queue not empty
    expect(c.needUpdate).toBe(false);
    onConsumed(c, 80, 5, 48); // 90 unreported: 128 − 90 = 38 < 48
    expect(c.needUpdate).toBe(true);
    onSent(c, 0); // any header carries fwd_cnt
    expect(c.needUpdate).toBe(false);
    expect(c.lastFwdCntSent).toBe(90);
    onConsumed(c, 5, 0, 48); // the queue ran empty
    expect(c.needUpdate).toBe(true);
  });

  it('keeps a CREDIT_REQUEST outstanding until credit actually grows', () => {
    const c = initialCredit(128, 128);
    onSent(c, 128);
    c.creditRequested = true;
    onHeader(c, 128, 0);
    expect(c.creditRequested).toBe(true);
    onHeader(c, 128, 64);
    expect(c.creditRequested).toBe(false);
  });
});
