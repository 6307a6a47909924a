/**
 * The same one-descriptor requests on a split ring and on this packed ring, measured from both
 * models' own writes to ring memory: bytes and cache-line writes per request. Computed once per
 * seed, size, request count and EVENT_IDX setting. Notifications are not compared: the two
 * runners pace work differently (the split simulator in virtual time, the packed one step by
 * step), so their kick and interrupt counts measure the pacing as much as the ring.
 */
import { memo, useMemo } from 'react';
import { isValidQueueSize } from '../../../model/virtio/layout';
import { packedCost, splitCost } from '../ring-cost';

const per = (x: number, n: number) => (n ? (x / n).toFixed(1) : '—');

function BesideSplitImpl({
  seed,
  queueSize,
  requests,
  eventIdx,
}: {
  seed: number;
  queueSize: number;
  requests: number;
  eventIdx: boolean;
}) {
  const fits = isValidQueueSize(queueSize);
  const c = useMemo(() => {
    if (!fits) return null;
    const spec = { seed, queueSize, requests, eventIdx };
    return { split: splitCost(spec), packed: packedCost(spec) };
  }, [fits, seed, queueSize, requests, eventIdx]);
  return (
    <section className="panel pk-beside" aria-labelledby="pk-beside-h" data-testid="pk-beside">
      <header className="panel-head">
        <h2 id="pk-beside-h">Beside the split ring</h2>
        <span className="muted small">one-descriptor requests, ring memory only</span>
      </header>
      {!c ? (
        <p className="small">
          A split ring cannot have {queueSize} slots: it needs a power of two, because it finds a slot as a 16-bit index
          modulo the size. Pick 1, 2, 4, 8… to compare.
        </p>
      ) : (
        <table className="pk-cost small">
          <caption className="sr-only">Ring memory written per request on each ring</caption>
          <thead>
            <tr>
              <th scope="col">ring</th>
              <th scope="col">requests</th>
              <th scope="col">bytes per request</th>
              <th scope="col">cache-line writes per request</th>
            </tr>
          </thead>
          <tbody>
            {(
              [
                ['split', c.split],
                ['packed', c.packed],
              ] as const
            ).map(([name, r]) => (
              <tr key={name} data-ring={name}>
                <th scope="row">{name}</th>
                <td className="mono">{r.requests}</td>
                <td className="mono" data-testid={`pk-beside-${name}-bytes`}>
                  {per(r.bytes, r.requests)}
                </td>
                <td className="mono" data-testid={`pk-beside-${name}-lines`}>
                  {per(r.lines, r.requests)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export const BesideSplit = memo(BesideSplitImpl);
