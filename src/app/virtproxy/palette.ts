/** One colour per connection, reused by lanes, packets, graph and plots. */
export const CONN_COLORS = ['#58a6ff', '#f2a93b', '#3fb950', '#d2a8ff', '#ff7b72', '#79c0ff', '#e3b341', '#56d4dd'];
export const connColor = (c: number) => CONN_COLORS[c % CONN_COLORS.length];
