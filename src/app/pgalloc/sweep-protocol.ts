/** Messages between the page and the sweep worker. Plain data: configs and points clone as they are. */
import type { PgallocConfig, SweepParam, SweepProgress } from '../../model/pgalloc';

export interface SweepRequest {
  base: PgallocConfig;
  seed: number;
  param: SweepParam;
  values: number[];
}

/** Each point, then done — or an error, which ends the sweep (see sweepSteps). */
export type SweepReply = SweepProgress;
