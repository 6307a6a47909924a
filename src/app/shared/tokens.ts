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

  // dark text on a filled chip, tab, pill or packet (the fill is an owner or state colour)
  textOnChip: '#07111c',
  // dark text on a driver-blue button (play, open file, a segment that is on)
  textOnPrimary: '#06101c',

  // driver-blue controls: a button's hover, the dark end of a progress fill, the lessons'
  // outlined primary button, a link's hover, the focus ring of the ring canvas
  primaryHover: '#79b8ff',
  progressStart: '#2f6fbf',
  primarySubtleBg: '#12304f',
  primarySubtleBgHover: '#174068',
  linkHover: '#a5d6ff',
  canvasFocusRing: '#7cc4ff',
  // the glow at a scrolled nav edge; the legend key of the sweep chart's window band
  navScrollGlow: 'rgba(88, 166, 255, 0.55)',
  windowBandKey: 'rgba(88, 166, 255, 0.25)',

  // chrome and surfaces: the top bar's gradient and the nav under it, the see-through sticky
  // transport bar and drop hint, a card sunk into a panel, wells (a bar's track, a channel,
  // the hex dump), the virtqueue intro card
  chromeTop: '#0f151d',
  chrome: '#0b1016',
  stickyBarBg: 'rgba(13, 19, 26, 0.96)',
  dropHintBg: 'rgba(17, 24, 33, 0.95)',
  cardSunken: '#0f151d',
  well: '#0d141c',
  wellDeep: '#0a1017',
  introStart: '#12243a',
  introEnd: '#131b26',
  introBorder: '#24456b',

  // lines: hover borders, lifelines, box outlines and underlines that must stand out more than
  // line2; chart axes and the channel outline; a list row's divider; a table cell's rule
  lineStrong: '#3d5168',
  chartLine: '#34465a',
  rowDivider: '#172230',
  cellBorder: '#243243',

  // hover and selection: a hovered button or RPC, a hovered row, the current row of a log
  // (soft/faint: the replay list, the virtproxy mode table), a selected row (strong: a
  // key/value row), an indirect descriptor's sub-row, a pressed toggle button
  hoverBg: '#1d2a38',
  rowHover: '#182433',
  rowCurrent: '#1b3350',
  rowCurrentSoft: '#1a2a3d',
  rowCurrentFaint: '#16263a',
  rowSelected: '#1e3048',
  rowSelectedStrong: '#22354b',
  rowIndirect: '#121c28',
  toggleOnBg: '#15263a',

  // neutral fills: an empty slot or bar, a node box in a diagram, chips (state: a ring's
  // state chip; kind: a replay record's kind), the free-owner chip, the switch, the start
  // actor's tag, a phase not reached yet
  emptyFill: '#1a2430',
  nodeFill: '#15202c',
  chipBg: '#1a2431',
  chipBgState: '#1c2a39',
  chipBgKind: '#1d2733',
  chipFreeBorder: '#4a5565',
  chipFreeText: '#c3ccd6',
  switchTrack: '#2a3646',
  switchKnob: '#c9d4df',
  actorStart: '#5d6b7a',
  phasePendingRing: '#5d6b7a',

  // dimmed text: rows and events not reached yet, segments that are off, index labels
  // (soft: future events, uncached entries; slot: a slot's value; arrow: flow arrows)
  dimText: '#7d8fa3',
  dimTextSoft: '#8d9bab',
  dimTextSlot: '#8a9aab',
  dimTextArrow: '#6c7d90',

  // errors: tints behind text (strong: a broken state, an error row, a blocked agent; check: a
  // wrong answer; fade: the start of the error card's gradient; box: the error box; dead: a
  // dead channel), borders (danger: a destructive button), text on dark (kind: a replay
  // record's kind; danger: a destructive button; future: an error event not reached yet)
  errorTint: '#2a1215',
  errorTintStrong: '#3a1418',
  errorTintCheck: '#2a1416',
  errorTintFade: '#2a1317',
  errorTintBox: '#1f0f12',
  errorTintDead: '#1d1418',
  errorBorder: '#6e2a2f',
  errorBorderDanger: '#8a3a3f',
  errorText: '#ffb3ad',
  errorTextKind: '#ffb3ae',
  errorTextDanger: '#ffc9c4',
  errorTextFuture: '#d99a95',
  // the losing value in a sweep table
  loseText: '#ff8f8f',
  // the band of a blocked demultiplexer in the stream chart, and its legend key
  blockedBand: 'rgba(255,107,107,0.18)',
  blockedBandKey: 'rgba(255,107,107,0.35)',

  // the remote party (other) in the gofer view: its box and its text
  otherTint: '#2a1a1c',
  otherText: '#ffc2bd',

  // warnings: tints behind text (notice: link notices and field notes; verdict: a no-win
  // verdict; strong: a saturated state; faint: the replay limits note), a border (no-win
  // verdict, a waiting process), text on dark (reason: why a process waits; strong: a
  // saturated state)
  warnTint: '#2a2414',
  warnTintNotice: '#2a2210',
  warnTintVerdict: '#2a2110',
  warnTintStrong: '#3a2a10',
  warnTintFaint: '#1c1a12',
  warnBorder: '#7a5d20',
  warnText: '#f0c86a',
  warnTextReason: '#f0c46c',
  warnTextStrong: '#ffd08a',

  // an RPC's result label in the gofer sequence diagram (a failed one: errorText)
  rpcResultText: '#c9a56b',

  // success: tints behind text (strong: the top slot; state: a polling ring; check: a right
  // answer; verdict: a winning verdict), borders, the flash of a pushed slot, text on dark
  // (win: the window label in the virtproxy diagram), the glow of an active eventfd
  okTint: '#13261a',
  okTintStrong: '#1b3a24',
  okTintState: '#16351f',
  okTintCheck: '#10281a',
  okTintVerdict: '#0f2417',
  okBorder: '#2f7a3f',
  okBorderVerdict: '#2a6b3a',
  okFlash: '#2f6f3d',
  okText: '#7ee2a8',
  okTextWin: '#9be9a8',
  activeGlow: 'rgba(63, 185, 80, 0.35)',

  // outlined tags: the border of a tag in highlight or lilac text (next / indirect flags, the
  // client clock, page chips), a lilac tag's fill and text, the accent tag (a write flag, the
  // remote clock) and its border
  tagHighlightBorder: '#2f5c8a',
  tagLilacBorder: '#6a4a99',
  tagLilacBg: '#221a33',
  tagLilacBgStrong: '#2a2140',
  tagLilacText: '#e2d0ff',
  tagAccent: '#ffb86b',
  tagAccentBorder: '#7a5520',

  // a replay record that diverges from the model: its pill's fill and text, its row's outline
  divergeTint: 'rgba(188, 140, 255, 0.18)',
  divergeText: '#d8c2ff',
  divergeOutline: 'rgba(188, 140, 255, 0.5)',
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
