/**
 * The frame every run view shares: top bar (title, settings, intro / link / keys), the notice for a
 * refused link, the transport, the main column and the side column, the event log at the foot of
 * the main column, the footer that says what is shown, and the shortcuts dialog with the view's
 * colours. A view fills in only its own panels and its log's rows.
 *
 * Two families differ in words and scales, not in structure: `step` views (lisafs, gofer, packed)
 * re-run to a position; `explain` views (pgalloc, virtproxy) restore snapshots and explain clicks.
 *
 * Every piece beyond the top bar, the notice, main and the dialog is optional, for a view that
 * has less: the replay has no run before a trace is open (transport null), no side column, no
 * intro, footer or colours, and opens files dropped anywhere on the page (`drop`).
 */
import { type DOMAttributes, type ReactNode, useCallback } from 'react';
import { useReducedMotion } from '../hooks';
import { HelpDialog, type HelpRow } from '../shared/HelpDialog';
import { EventList, EXPLAIN_LOG, type LogFilter, type LogFlavor, type LogRow, STEP_LOG } from './EventList';
import { EXPLAIN_HELP, STEP_HELP } from './keys';
import { LinkNotice } from './LinkNotice';
import { EXPLAIN_TRANSPORT, type Mark, STEP_TRANSPORT, Transport, type TransportStore } from './Transport';
import { STEP_COPY_TITLE, TopActions, ViewHeader } from './Widgets';

export type RunFamily = 'step' | 'explain';

const FAMILIES = {
  step: { help: STEP_HELP, transport: STEP_TRANSPORT, copyTitle: STEP_COPY_TITLE, layout: 'layout', log: STEP_LOG },
  explain: {
    help: EXPLAIN_HELP,
    transport: EXPLAIN_TRANSPORT,
    copyTitle: undefined,
    layout: 'tt-layout',
    log: EXPLAIN_LOG,
  },
} as const;

/** The run's event log at the foot of the main column; its flavour is the family's unless given. */
export interface RunLog<R extends LogRow = LogRow> {
  rows: readonly R[];
  filters: readonly LogFilter<R>[];
  /** The initial-state row's words. */
  startText: string;
  formatTime?: (ns: number) => string;
  flavor?: LogFlavor;
}

export interface RunTransport {
  /** A kit playback store, or a view's own store with the playback fields (see TransportState). */
  store: TransportStore;
  /** The words a screen reader hears for a position ("step 3 of 40: pop"). */
  describe: (position: number) => string;
  /** Virtual time at a position, formatted; null where the view has no clock. */
  timeAt: (position: number) => string | null;
  marks?: readonly Mark[];
  /** What the run is called in the bar's titles (default "run"), and how its counter is written. */
  noun?: string;
  formatCount?: (n: number) => string;
  /** Home and End, if they do more than seek (stable functions). */
  toStart?: () => void;
  toEnd?: () => void;
  /** Extra controls at the end of the bar (the replay's live session). */
  controls?: ReactNode;
}

/** The shortcuts dialog's table, heading id and note. */
export interface RunHelp {
  headingId: string;
  shortcuts: readonly HelpRow[];
  note: ReactNode;
  /** The table's caption for screen readers (default "Every keyboard shortcut"). */
  caption?: string;
}

export interface RunPageProps {
  family: RunFamily;
  /** The view's own classes beside `app` (its CSS scope). */
  className: string;
  title: string;
  tagline: string;
  /** A mark before the title in the top bar. */
  logo?: ReactNode;
  settings: ReactNode;
  /** A load error, or several (each its own alert). */
  error?: string | readonly string[] | null;
  /**
   * Intro and shortcuts-dialog state, as useStepperView / useExplainView return it. A view with
   * no introduction (the replay) leaves out the intro and has no Intro button.
   */
  chrome: { intro?: boolean; toggleIntro?: () => void; help: boolean; setHelp: (open: boolean) => void };
  /** The query string that reproduces what is shown now (copy link, and the refused-link rewrite). */
  search: () => string;
  /** The copy link's title; default: the family's. */
  copyTitle?: string;
  /** Shown beside the copy link (what the link cannot include). */
  linkNote?: ReactNode;
  /** What the link asked and the view refused, read before anything rewrote the address. */
  refused: readonly string[];
  /** The run's transport; null while there is no run to move through (the replay before a trace is open). */
  transport: RunTransport | null;
  /** The main column's panels (the whole of main when there is no aside). */
  children: ReactNode;
  /** The side column; without it, main is one column of the children. */
  aside?: ReactNode;
  asideLabel?: string;
  /** The class of main; default: the family's two-column layout. */
  layout?: string;
  /** What is shown, in a few facts ("scenario · seed 7 · 40 steps"); the reproducibility note follows. Without it, no footer. */
  footer?: ReactNode;
  /** The colours section of the shortcuts dialog; without it, the dialog has none. */
  legend?: ReactNode;
  /** The dialog of a view with keys of its own (its table, e.g. with E); default: the family's. */
  help?: RunHelp;
  /** Drag-and-drop on the whole page (the replay opens a file dropped anywhere). */
  drop?: Pick<DOMAttributes<HTMLDivElement>, 'onDragOver' | 'onDragLeave' | 'onDrop'>;
  /** The event log after the main column's panels (it needs `position` and `onJump`, which `frame` carries). */
  // biome-ignore lint/suspicious/noExplicitAny: each view's rows carry their own event type; the list only reads LogRow
  log?: RunLog<any>;
  position?: number;
  onJump?: (position: number) => void;
}

export function RunPage(p: RunPageProps) {
  const f = FAMILIES[p.family];
  const reduced = useReducedMotion();
  const log = p.log && (
    <EventList
      rows={p.log.rows}
      filters={p.log.filters}
      flavor={p.log.flavor ?? f.log}
      position={p.position ?? 0}
      startText={p.log.startText}
      formatTime={p.log.formatTime}
      onJump={p.onJump ?? (() => {})}
    />
  );
  return (
    <div className={`app ${p.className}${reduced ? ' reduced-motion' : ''}`} {...p.drop}>
      <ViewHeader
        title={p.title}
        tagline={p.tagline}
        logo={p.logo}
        settings={p.settings}
        actions={
          <TopActions
            intro={p.chrome.intro}
            onIntro={p.chrome.toggleIntro}
            onHelp={() => p.chrome.setHelp(true)}
            search={p.search}
            copyTitle={p.copyTitle ?? f.copyTitle}
          >
            {p.linkNote}
          </TopActions>
        }
        error={p.error}
      />
      <LinkNotice refused={p.refused} search={p.search} />
      {p.transport && (
        <Transport
          store={p.transport.store}
          flavor={f.transport}
          describe={p.transport.describe}
          timeAt={p.transport.timeAt}
          marks={p.transport.marks}
          noun={p.transport.noun}
          formatCount={p.transport.formatCount}
          toStart={p.transport.toStart}
          toEnd={p.transport.toEnd}
        >
          {p.transport.controls}
        </Transport>
      )}
      <main className={p.layout ?? f.layout}>
        {p.aside === undefined ? (
          <>
            {p.children}
            {log}
          </>
        ) : (
          <>
            <div className="col-main">
              {p.children}
              {log}
            </div>
            <aside className="col-side" aria-label={p.asideLabel}>
              {p.aside}
            </aside>
          </>
        )}
      </main>
      {p.footer !== undefined && (
        <footer className="foot muted small">{p.footer} · deterministic: the link reproduces this exact view.</footer>
      )}
      <HelpDialog {...(p.help ?? f.help)} open={p.chrome.help} onClose={() => p.chrome.setHelp(false)}>
        {p.legend !== undefined && (
          <>
            <h3>Colours</h3>
            {p.legend}
          </>
        )}
      </HelpDialog>
    </div>
  );
}

/** What an explain view shows while its first run is computed, or why it could not be. */
export function RunPageLoading({ title, error }: { title: string; error: string | null | undefined }) {
  return (
    <main className="boot">
      <h1>{title}</h1>
      <p>{error ?? 'Computing the run…'}</p>
    </main>
  );
}

/** The transport's spoken position: "step 3 of 40: what happened" (or "start" before the first step). */
export function stepWords(position: number, length: number, what: string | null): string {
  return `step ${position} of ${length}: ${what ?? 'start'}`;
}

/** An event's kind in words ("pop-chain" → "pop chain"): the spoken label of views that have no other. */
export const kindWords = (e: { kind: string }): string => e.kind.replace(/-/g, ' ');

/**
 * The transport's `describe` for a run whose step p is `events[p - 1]`, labelled by `label` (a
 * stable function): the same callback as long as the events are the same.
 */
export function useStepWords<E>(events: readonly E[], label: (e: E) => string): (position: number) => string {
  return useCallback((p: number) => stepWords(p, events.length, p > 0 ? label(events[p - 1]) : null), [events, label]);
}

/** The transport's `timeAt` for a run whose step p is `events[p - 1]`: its virtual time, formatted (0 at the start). */
export function useStepTime<E extends { time: number }>(
  events: readonly E[],
  format: (ns: number) => string,
): (position: number) => string {
  return useCallback((p: number) => format(p === 0 ? 0 : events[p - 1].time), [events, format]);
}
