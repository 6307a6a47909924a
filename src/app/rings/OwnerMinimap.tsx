/**
 * A strip of all QS descriptors' owners on one canvas, one column per descriptor (or, for big
 * tables, per pixel: the busiest owner among its descriptors). Clicking scrolls the table there.
 */
import { useEffect, useRef } from 'react';
import { OWNERS, type OwnerMap } from './owners';
import { OWNER_COLORS } from '../shared/tokens';

export function OwnerMinimap({ owners, onPick }: { owners: OwnerMap; onPick: (i: number) => void }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const W = 600;
  const H = 14;
  useEffect(() => {
    const cv = ref.current;
    const ctx = cv?.getContext('2d');
    if (!cv || !ctx) return;
    const qs = owners.qs;
    ctx.clearRect(0, 0, W, H);
    const colors = OWNER_COLORS;
    if (qs <= W) {
      const w = W / qs;
      for (let i = 0; i < qs; i++) {
        ctx.fillStyle = colors[owners.owner[i]];
        ctx.fillRect(i * w, 0, Math.max(1, w - (qs <= 64 ? 1 : 0)), H);
      }
    } else {
      // Each pixel column shows the "busiest" owner among its descriptors (free lowest).
      const per = qs / W;
      for (let x = 0; x < W; x++) {
        let best = 0;
        const a = Math.floor(x * per);
        const b = Math.floor((x + 1) * per);
        for (let i = a; i < b; i++)
          if (owners.owner[i] !== 0 && (best === 0 || owners.owner[i] > best)) best = owners.owner[i];
        ctx.fillStyle = colors[best];
        ctx.fillRect(x, 0, 1, H);
      }
    }
  }, [owners]);
  const summary = OWNERS.map((o, k) => `${owners.counts[k]} ${o}`).join(', ');
  return (
    <canvas
      ref={ref}
      width={W}
      height={H}
      className="minimap"
      role="img"
      aria-label={`Owners of all ${owners.qs} descriptors: ${summary}. Click to scroll the table there.`}
      onClick={(e) => {
        const r = e.currentTarget.getBoundingClientRect();
        onPick(Math.min(owners.qs - 1, Math.floor(((e.clientX - r.left) / r.width) * owners.qs)));
      }}
    />
  );
}
