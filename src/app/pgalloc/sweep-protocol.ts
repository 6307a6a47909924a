/** Messages between the page and the sweep worker. Plain data: configs and points clone as they are. */
import type { PgallocConfig, SweepParam, SweepPoint } from '../../model/pgalloc';

export interface SweepRequest {
  /** Which request this is; replies carry it so a late reply to a cancelled sweep is ignored. */
  job: number;
  base: PgallocConfig;
  seed: number;
  param: SweepParam;
  values: number[];
}

export type SweepReply = { job: number; type: 'point'; index: number; point: SweepPoint } | { job: number; type: 'done' } | { job: number; type: 'error'; message: string };
