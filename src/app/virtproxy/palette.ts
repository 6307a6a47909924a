/** One colour per connection, reused by lanes, packets, graph and plots. */
import { COLORS } from '../shared/tokens';

export const CONN_COLORS = [
  COLORS.driver,
  COLORS.device,
  COLORS.used,
  COLORS.lilac,
  COLORS.other,
  COLORS.highlight,
  COLORS.warn,
  COLORS.teal,
];
export const connColor = (c: number) => CONN_COLORS[c % CONN_COLORS.length];
