/** Figures of the run so far, from the model's own summary: paths, latency, errors, use per channel. */
import { summarizePool, type PoolState } from '../../../model/lisafs/index';
import { formatTime } from '../../format';

export function SummaryPanel({ state, now }: { state: Readonly<PoolState>; now: number }) {
  const s = summarizePool(state, now);
  const errs = Object.entries(s.errors);
  return (
    <section className="panel" aria-labelledby="lz-sum-h" data-testid="lz-summary">
      <header className="panel-head">
        <h2 id="lz-sum-h">So far</h2>
        <span className="muted small">application RPCs</span>
      </header>
      <table className="fields kit-facts">
        <tbody>
          <tr>
            <th scope="row">over a channel</th>
            <td className="mono">
              {s.rpcs.channel} · p50 {formatTime(s.latency.channel.p50Ns)} · p99 {formatTime(s.latency.channel.p99Ns)}
            </td>
          </tr>
          <tr>
            <th scope="row">over the socket</th>
            <td className="mono">
              {s.rpcs.socket} · p50 {formatTime(s.latency.socket.p50Ns)} · p99 {formatTime(s.latency.socket.p99Ns)}
            </td>
          </tr>
          <tr>
            <th scope="row">refused by the client</th>
            <td className="mono">{s.rpcs.rejected}</td>
          </tr>
          <tr>
            <th scope="row">mean wait for sockMu</th>
            <td className="mono">{formatTime(Math.round(s.meanMutexWaitNs))}</td>
          </tr>
          <tr>
            <th scope="row">uses per channel</th>
            <td className="mono" data-testid="lz-channel-uses">
              {s.channelUses.length ? s.channelUses.join(' · ') : '—'}
            </td>
          </tr>
          <tr>
            <th scope="row">dead channels</th>
            <td className="mono">{s.deadChannels}</td>
          </tr>
          <tr>
            <th scope="row">peak socket queue</th>
            <td className="mono">{s.peakSocketQueue}</td>
          </tr>
          <tr>
            <th scope="row">errors</th>
            <td className="mono">{errs.length ? errs.map(([k, v]) => `${k} ${v}`).join(' · ') : 'none'}</td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}
