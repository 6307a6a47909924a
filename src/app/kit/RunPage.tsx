/**
 * The frame every run view shares: top bar (title, settings, intro / link / keys), the notice for a
 * refused link, the transport, the main column and the side column, the footer that says what is
 * shown, and the shortcuts dialog with the view's colours. A view fills in only its own panels.
 *
 * Two families differ in words and scales, not in structure: `step` views (lisafs, gofer, packed)
 * re-run to a position; `explain` views (pgalloc, virtproxy) restore snapshots and explain clicks.
 */
import type { ReactNode } from 'react';
import { useReducedMotion } from '../hooks';
import { HelpDialog, type HelpRow } from '../shared/HelpDialog';
import { EXPLAIN_HELP, STEP_HELP } from './keys';
import { LinkNotice } from './LinkNotice';
import { EXPLAIN_TRANSPORT, type Mark, STEP_TRANSPORT, Transport, type TransportStore } from './Transport';
import { STEP_COPY_TITLE, TopActions, ViewHeader } from './Widgets';

export type RunFamily = 'step' | 'explain';

const FAMILIES = {
  step: { help: STEP_HELP, transport: STEP_TRANSPORT, copyTitle: STEP_COPY_TITLE, layout: 'layout' },
  explain: { help: EXPLAIN_HELP, transport: EXPLAIN_TRANSPORT, copyTitle: undefined, layout: 'tt-layout' },
} as const;

export interface RunTransport {
  /** A kit playback store, or a view's own store with the playback fields (see TransportState). */
  store: TransportStore;
  /** The words a screen reader hears for a position ("step 3 of 40: pop"). */
  describe: (position: number) => string;
  /** Virtual time at a position, formatted; null where the view has no clock. */
  timeAt: (position: number) => string | null;
  marks?: readonly Mark[];
}

/** The shortcuts dialog's table, heading id and note. */
export interface RunHelp {
  headingId: string;
  shortcuts: readonly HelpRow[];
  note: ReactNode;
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
  error?: string | null;
  /** Intro and shortcuts-dialog state, as useStepperView / useExplainView return it. */
  chrome: { intro: boolean; toggleIntro: () => void; help: boolean; setHelp: (open: boolean) => void };
  /** The query string that reproduces what is shown now (copy link, and the refused-link rewrite). */
  search: () => string;
  /** What the link asked and the view refused, read before anything rewrote the address. */
  refused: readonly string[];
  transport: RunTransport;
  /** The main column's panels. */
  children: ReactNode;
  aside: ReactNode;
  asideLabel: string;
  /** What is shown, in a few facts ("scenario · seed 7 · 40 steps"); the reproducibility note follows. */
  footer: ReactNode;
  /** The colours section of the shortcuts dialog. */
  legend: ReactNode;
  /** The dialog of a view with keys of its own (its table, e.g. with E); default: the family's. */
  help?: RunHelp;
}

export function RunPage(p: RunPageProps) {
  const f = FAMILIES[p.family];
  const reduced = useReducedMotion();
  return (
    <div className={`app ${p.className}${reduced ? ' reduced-motion' : ''}`}>
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
            copyTitle={f.copyTitle}
          />
        }
        error={p.error}
      />
      <LinkNotice refused={p.refused} search={p.search} />
      <Transport
        store={p.transport.store}
        flavor={f.transport}
        describe={p.transport.describe}
        timeAt={p.transport.timeAt}
        marks={p.transport.marks}
      />
      <main className={f.layout}>
        <div className="col-main">{p.children}</div>
        <aside className="col-side" aria-label={p.asideLabel}>
          {p.aside}
        </aside>
      </main>
      <footer className="foot muted small">{p.footer} · deterministic: the link reproduces this exact view.</footer>
      <HelpDialog {...(p.help ?? f.help)} open={p.chrome.help} onClose={() => p.chrome.setHelp(false)}>
        <h3>Colours</h3>
        {p.legend}
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
