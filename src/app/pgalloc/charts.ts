/** Shared bits of the pgalloc plots: the mode colours and names. */
import type { RestoreMode } from '../../model/pgalloc';
import { COLORS } from '../shared/tokens';

export const MODE_COLOR: Record<RestoreMode, string> = { sync: COLORS.pale, background: COLORS.driver };
export const MODE_LABEL: Record<RestoreMode, string> = { sync: 'Synchronous', background: '--background' };
