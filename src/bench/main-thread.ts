/**
 * Main-thread work per frame from a Chromium trace. rAF intervals are quantised to the display's
 * 16.7 ms, so they cannot show how much of a frame is left over; the renderer main thread's own
 * tasks can. Given the trace events of a playback window (Playwright's browser.startTracing with
 * the devtools.timeline category), this finds the renderer's main thread, cuts its time at each
 * frame the compositor asked of it (BeginMainThreadFrame), and sums the top-level tasks (RunTask)
 * inside each cut: milliseconds of main-thread work per frame.
 */

/** The fields of a trace event this reads (Chrome's trace-event format, times in µs). */
export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

/** The renderer main thread: the thread named CrRendererMain with the most tasks (the page's, not a blank one). */
function rendererMain(events: readonly TraceEvent[]): { pid: number; tid: number } | null {
  const named = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  let best: { pid: number; tid: number } | null = null;
  let most = -1;
  for (const t of named) {
    const n = events.filter((e) => e.pid === t.pid && e.tid === t.tid && e.name === 'RunTask').length;
    if (n > most) {
      most = n;
      best = { pid: t.pid, tid: t.tid };
    }
  }
  return best;
}

/**
 * Milliseconds of main-thread work in each frame of the window: one figure per interval between
 * consecutive BeginMainThreadFrame events (tasks cut at the boundaries). Empty if the trace has
 * no renderer main thread or fewer than two frames.
 */
export function workPerFrame(events: readonly TraceEvent[]): number[] {
  const main = rendererMain(events);
  if (!main) return [];
  const mine = events.filter((e) => e.pid === main.pid && e.tid === main.tid);
  const frames = mine
    .filter((e) => e.name === 'BeginMainThreadFrame')
    .map((e) => e.ts)
    .sort((a, b) => a - b);
  if (frames.length < 2) return [];
  const tasks = mine
    .filter((e) => e.name === 'RunTask' && e.ph === 'X' && typeof e.dur === 'number')
    .map((e) => [e.ts, e.ts + (e.dur ?? 0)] as const)
    .sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  let k = 0;
  for (let f = 0; f + 1 < frames.length; f++) {
    const from = frames[f];
    const to = frames[f + 1];
    while (k < tasks.length && tasks[k][1] <= from) k++;
    let busy = 0;
    for (let j = k; j < tasks.length && tasks[j][0] < to; j++) {
      busy += Math.max(0, Math.min(to, tasks[j][1]) - Math.max(from, tasks[j][0]));
    }
    out.push(busy / 1000);
  }
  return out;
}
