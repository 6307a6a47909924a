/**
 * The fourth column: RPC counts measured on a real client (FUSE requests seen by virtiofsd
 * replaying WALK_CASES), keyed by case id. The page loads the recorded measurement
 * (public/data/virtiofsd-walk-counts.json); `window.__ringsideGofer.setMeasured(...)` replaces
 * or hides it. Without counts the column stays hidden.
 */
import { createStore } from 'zustand/vanilla';
import { measuredColumn, type CaseCount, type CountColumn } from '../../model/gofer/index';

export interface MeasuredCounts {
  id: string;
  label: string;
  protocol: string;
  counts: Record<string, number | CaseCount>;
}

export const measuredStore = createStore<{ column: CountColumn | null; source: MeasuredCounts | null }>()(() => ({
  column: null,
  source: null,
}));

export function setMeasured(m: MeasuredCounts | null): void {
  if (!m || Object.keys(m.counts).length === 0) measuredStore.setState({ column: null, source: null });
  else measuredStore.setState({ column: measuredColumn(m.id, m.label, m.protocol, m.counts), source: m });
}

/** Where `npm run measure:fuse` writes the real virtiofsd counts (public/data/, committed). */
export const MEASURED_URL = '/data/virtiofsd-walk-counts.json';

/**
 * Load the recorded virtiofsd counts, if the file is there and well formed. The file is
 * data measured on the real daemon (a test re-measures it); any problem leaves the column hidden.
 */
export async function loadRecordedCounts(fetcher: typeof fetch = fetch): Promise<boolean> {
  try {
    const res = await fetcher(MEASURED_URL);
    if (!res.ok) return false;
    const data = (await res.json()) as { measuredWith?: unknown; counts?: unknown };
    if (typeof data.counts !== 'object' || data.counts === null) return false;
    const counts: Record<string, CaseCount> = {};
    for (const [k, v] of Object.entries(data.counts as Record<string, unknown>)) {
      const c = v as Partial<CaseCount>;
      if (typeof c.count === 'number' && Number.isInteger(c.count) && c.count >= 0)
        counts[k] = { count: c.count, rpcs: Array.isArray(c.rpcs) ? c.rpcs.map(String) : null };
    }
    if (measuredStore.getState().source) return false; // someone already supplied counts: keep theirs
    setMeasured({
      id: 'virtiofsd/fuse',
      label: typeof data.measuredWith === 'string' ? 'virtiofsd (FUSE), measured' : 'measured',
      protocol: 'FUSE',
      counts,
    });
    return Object.keys(counts).length > 0;
  } catch {
    return false;
  }
}
