/** Rules checked after every step: bounded buffers, conserved bytes, credit respected. */
import { VirtproxyInvariantError as E } from './errors';
import { other } from './topology';
import type { VirtproxyConfig, VirtproxyState } from './types';

export function checkVpInvariants(s: VirtproxyState, cfg: VirtproxyConfig): void {
  for (const l of s.lanes) {
    if (l.bytes.length > cfg.laneBytes) throw new E('buffer-overflow', `lane ${l.id} holds ${l.bytes.length} bytes`);
    if (cfg.mode === 'credit' && l.pending)
      throw new E(
        'demux-blocked-with-credit',
        `the demultiplexer of ${l.id} blocked although credit should prevent it`,
      );
  }
  s.conns.forEach((c, i) => {
    for (const side of ['host', 'guest'] as const) {
      const me = c[side];
      const peer = c[other(side)];
      if (me.tx.length > cfg.sockBufBytes || me.rx.length > cfg.sockBufBytes)
        throw new E('buffer-overflow', `connection ${i} ${side} socket over its size`);
      if (me.sent !== me.tx.length + me.muxed)
        throw new E(
          'byte-conservation',
          `connection ${i} ${side}: written ${me.sent} ≠ buffered ${me.tx.length} + sent ${me.muxed}`,
        );
      if (peer.delivered > me.muxed)
        throw new E('byte-conservation', `connection ${i}: more bytes delivered than sent from the ${side}`);
      if (peer.delivered !== peer.rx.length + peer.read)
        throw new E('byte-conservation', `connection ${i} ${other(side)}: delivered ≠ buffered + read`);
      if (cfg.mode === 'credit') {
        // What the sender has sent but the receiver's application has not consumed must fit the
        // receiver's buffer: that is the whole point of the credit rule.
        const unconsumed = (me.credit.txCnt - peer.credit.fwdCnt) >>> 0;
        if (unconsumed > peer.credit.bufAlloc)
          throw new E(
            'credit-violated',
            `connection ${i}: ${unconsumed} bytes outstanding > buf_alloc ${peer.credit.bufAlloc}`,
          );
        if (me.credit.txCnt !== me.muxed)
          throw new E('credit-violated', `connection ${i} ${side}: tx_cnt ${me.credit.txCnt} ≠ bytes sent ${me.muxed}`);
      }
    }
  });
}
