/**
 * virtio-vsock credit, per connection endpoint: what it advertises (buf_alloc, fwd_cnt), what it
 * knows of its peer, and the resulting window peer_buf_alloc − (tx_cnt − peer_fwd_cnt).
 */
import { memo } from 'react';
import { peerFree, type VirtproxyModel } from '../../model/virtproxy';

function CreditTableImpl({ model }: { model: VirtproxyModel; tick: number }) {
  const s = model.view();
  const w = model.workload;
  return (
    <section className="panel vp-credit" aria-labelledby="vp-credit-h">
      <header className="panel-head">
        <h2 id="vp-credit-h">Credit (virtio-vsock rules)</h2>
        <span className="muted small">
          {s.stats.creditUpdates} CREDIT_UPDATE · {s.stats.creditRequests} CREDIT_REQUEST sent so far
        </span>
      </header>
      <table className="vp-credit-table">
        <caption className="sr-only">Credit counters of every connection endpoint</caption>
        <thead>
          <tr>
            <th scope="col">Endpoint</th>
            <th scope="col" title="Our receive buffer size, advertised in every header">
              buf_alloc
            </th>
            <th scope="col" title="Bytes our application has consumed (free-running)">
              fwd_cnt
            </th>
            <th scope="col" title="Payload bytes we have sent">
              tx_cnt
            </th>
            <th scope="col" title="The peer's last advertised fwd_cnt">
              peer_fwd
            </th>
            <th scope="col" title="peer_buf_alloc − (tx_cnt − peer_fwd_cnt): bytes we may still send">
              window
            </th>
            <th scope="col" title="A CREDIT_UPDATE is due / we asked for credit">
              flags
            </th>
          </tr>
        </thead>
        <tbody>
          {s.conns.flatMap((c, i) =>
            (['host', 'guest'] as const).map((side) => {
              const cr = c[side].credit;
              const win = peerFree(cr);
              const name = side === 'host' ? w.connections[i].host : w.connections[i].guest;
              return (
                <tr key={`${i}${side}`} data-endpoint={`${i}-${side}`}>
                  <th scope="row">
                    {name} → {side === 'host' ? w.connections[i].guest : w.connections[i].host}
                  </th>
                  <td className="mono">{cr.bufAlloc}</td>
                  <td className="mono">{cr.fwdCnt}</td>
                  <td className="mono">{cr.txCnt}</td>
                  <td className="mono">{cr.peerFwdCnt}</td>
                  <td className={`mono ${win === 0 ? 'bad' : ''}`} data-testid={`window-${i}-${side}`}>
                    {win}
                  </td>
                  <td className="small">
                    {[cr.needUpdate && 'update due', cr.creditRequested && 'asked'].filter(Boolean).join(', ') || '—'}
                  </td>
                </tr>
              );
            }),
          )}
        </tbody>
      </table>
    </section>
  );
}

export const CreditTable = memo(CreditTableImpl);
