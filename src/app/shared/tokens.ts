/**
 * Ringside's design tokens: the one place a colour or font stack is written. vite.config.ts
 * turns them into the CSS custom properties on :root (`--driver`, `--panel2`, `--stale-stroke`,
 * …), and canvas and SVG code that needs a value imports them from here. So a colour can never
 * mean one thing in a sheet and another in a chart.
 */

/** Colours by role. The six descriptor owners (free … other) are the same everywhere. */
export const COLORS = {
  bg: '#0a0e13',
  panel: '#111821',
  panel2: '#16202b',
  line: '#223040',
  line2: '#2c3b4d',
  text: '#e6edf3',
  muted: '#9fb0c0',
  // who owns a descriptor, and the actors named after them
  free: '#8b97a5',
  driver: '#58a6ff',
  device: '#f2a93b',
  used: '#3fb950',
  held: '#bc8cff',
  other: '#ff7b72',
  error: '#ff6b6b',
  warn: '#e3b341',
  focus: '#ffd166',
  // supporting tones for drawings
  white: '#ffffff',
  highlight: '#79c0ff',
  rim: '#3b4a5c',
  track: '#263140',
  stale: '#1f2833',
  staleStroke: '#2e3a48',
  hole: '#151c25',
  unloaded: '#4a5868',
  ink: '#c8d3de',
  lilac: '#d2a8ff',
  teal: '#56d4dd',
  pale: '#d0d7de',
} as const;

export type ColorName = keyof typeof COLORS;

export const FONTS = {
  mono: "ui-monospace, 'SF Mono', 'Cascadia Mono', 'JetBrains Mono', Menlo, Consolas, monospace",
  sans: "'Inter', system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
} as const;

/** The colour of each descriptor owner, in the order of rings/owners.ts OWNERS (index = owner code). */
export const OWNER_COLORS = [
  COLORS.free,
  COLORS.driver,
  COLORS.device,
  COLORS.used,
  COLORS.held,
  COLORS.other,
] as const;

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The tokens as CSS custom properties on :root (what vite.config.ts serves as a style sheet). */
export function tokensCss(): string {
  const lines = [...Object.entries(COLORS), ...Object.entries(FONTS)].map(([k, v]) => `  --${kebab(k)}: ${v};`);
  return `:root {\n${lines.join('\n')}\n  color-scheme: dark;\n}\n`;
}
