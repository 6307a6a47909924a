/** Small pieces shared by the time-travelled views: scenario picker, number field, copy link, top-bar actions, intro box, explanation box. */
import { type ReactNode, useCallback, useId, useState } from 'react';
import { ExplainPanel, type Explanation } from './ExplainPanel';
import { NumberField, SEED_MAX } from './NumberField';

export interface ScenarioOption {
  id: string;
  title: string;
  description: string;
}

/** The scenario select of every view; its title (and, in explain views, a described-by) says what the scenario shows. */
export function ScenarioPicker({
  scenarios,
  value,
  onChange,
  describedBy,
  className = 'field',
}: {
  scenarios: readonly ScenarioOption[];
  value: string;
  onChange: (id: string) => void;
  /** Id of the full description shown on the page (ScenarioDescription), if any. */
  describedBy?: string;
  className?: string;
}) {
  const cur = scenarios.find((s) => s.id === value);
  return (
    <label className={className} title={cur?.description}>
      <span className="field-label">Scenario</span>
      <select
        aria-label="Scenario"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={describedBy}
      >
        {scenarios.map((s) => (
          <option key={s.id} value={s.id}>
            {s.title}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The chosen scenario's description, in full, where the select's description points. */
export function ScenarioDescription({ scenario }: { scenario: ScenarioOption | undefined }) {
  return (
    <p id="tt-scenario-desc" className="tt-scenario-desc">
      <b>{scenario?.title}.</b> {scenario?.description}
    </p>
  );
}

/** A scenario's own spec: its seed and mode, no overridden settings. */
export function scenarioSpec<M>(
  scenarios: readonly { id: string; seed: number; config: { mode: M } }[],
  id: string,
): { scenario: string; seed: number; mode: M; overrides: Record<string, never> } {
  const sc = scenarios.find((s) => s.id === id)!;
  return { scenario: id, seed: sc.seed, mode: sc.config.mode, overrides: {} };
}

/** The run settings every explained view starts with: scenario, seed and a segmented mode switch. */
export function RunBar<M extends string>(p: {
  scenarios: ScenarioOption[];
  scenario: string;
  onScenario: (id: string) => void;
  seed: number;
  onSeed: (seed: number) => void;
  seedHelp: string;
  /** The mode group's accessible name and its visible caption. */
  modeLabel: string;
  modeCaption: string;
  modes: readonly M[];
  mode: M;
  onMode: (m: M) => void;
  modeTitle: (m: M) => string;
  modeText: (m: M) => string;
  /** Tag each mode button with data-mode. */
  tagModes?: boolean;
}) {
  return (
    <div className="run-controls" role="group" aria-label="Run settings">
      <ScenarioPicker
        scenarios={p.scenarios}
        value={p.scenario}
        onChange={p.onScenario}
        describedBy="tt-scenario-desc"
        className="field tt-scenario"
      />
      <NumberField label="Seed" value={p.seed} min={0} max={SEED_MAX} integer onChange={p.onSeed} help={p.seedHelp} />
      <div className="field" role="radiogroup" aria-label={p.modeLabel}>
        <span className="field-label" aria-hidden="true">
          {p.modeCaption}
        </span>
        <div className="tt-seg">
          {p.modes.map((m) => (
            <button
              key={m}
              role="radio"
              aria-checked={p.mode === m}
              className={p.mode === m ? 'is-on' : ''}
              onClick={() => p.onMode(m)}
              title={p.modeTitle(m)}
              data-mode={p.tagModes ? m : undefined}
            >
              {p.modeText(m)}
            </button>
          ))}
        </div>
      </div>
    </div>
  );
}

/**
 * Copies a permalink. With `search`, the view's path plus that query string (what the URL will
 * say once its debounced update lands); without, the address as it is.
 */
export function CopyLink({
  search,
  title = 'Copy a link that reproduces exactly this view: scenario, seed, settings, mode and step',
}: {
  search?: () => string;
  title?: string;
}) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      className="ghost-btn"
      title={title}
      onClick={() => {
        const url = search ? location.origin + location.pathname + search() : location.href;
        navigator.clipboard?.writeText(url).then(
          () => {
            setCopied(true);
            setTimeout(() => setCopied(false), 1500);
          },
          () => undefined,
        );
      }}
    >
      {copied ? 'Link copied ✓' : 'Copy link'}
    </button>
  );
}

/** The copy link's title in the lisafs and gofer views. */
export const STEP_COPY_TITLE = 'Copy a link that reproduces exactly this view';

/** The top bar's right-hand buttons of every time-travelled view: intro, copy link, shortcuts. */
export function TopActions({
  intro,
  onIntro,
  onHelp,
  search,
  copyTitle,
  children,
}: {
  intro?: boolean;
  /** Without it, no Intro button (a view with no introduction, e.g. the replay). */
  onIntro?: () => void;
  onHelp: () => void;
  search?: () => string;
  copyTitle?: string;
  /** Shown after the copy link (what the link cannot hold). */
  children?: ReactNode;
}) {
  return (
    <div className="top-actions">
      {onIntro && (
        <button className="ghost-btn" onClick={onIntro} aria-pressed={intro} title="Show or hide the introduction (I)">
          Intro
        </button>
      )}
      <CopyLink search={search} title={copyTitle} />
      {children}
      <button
        className="ghost-btn help-btn"
        onClick={onHelp}
        aria-label="Keyboard shortcuts (?)"
        title="Keyboard shortcuts (?)"
      >
        ?
      </button>
    </div>
  );
}

/** A view's top bar (title, tagline, its run settings, the intro / link / keys buttons), then its load error if any. */
export function ViewHeader({
  title,
  tagline,
  settings,
  actions,
  error,
  logo,
}: {
  title: string;
  tagline: string;
  settings: ReactNode;
  actions: ReactNode;
  /** One load error, or several (each its own alert). */
  error?: string | readonly string[] | null;
  /** A mark before the title (decorative: the title names the view). */
  logo?: ReactNode;
}) {
  return (
    <>
      <header className="topbar">
        <div className="brand">
          {logo}
          <h1>{title}</h1>
          <span className="tagline">{tagline}</span>
        </div>
        {settings}
        {actions}
      </header>
      {(typeof error === 'string' ? [error] : (error ?? [])).map(
        (e) =>
          e && (
            <p key={e} className="load-error" role="alert">
              {e}
            </p>
          ),
      )}
    </>
  );
}

/** A view's newcomer introduction: a titled panel the reader hides with its button or I. */
export function IntroBox({
  open,
  onHide,
  title,
  className = 'intro tt-intro',
  children,
}: {
  open: boolean;
  onHide: () => void;
  title: string;
  /** The panel's classes (its view's intro styles). */
  className?: string;
  children: ReactNode;
}) {
  const headingId = useId();
  if (!open) return null;
  return (
    <section className={className} aria-labelledby={headingId}>
      <header className="panel-head">
        <h2 id={headingId}>{title}</h2>
        <button className="link-btn" onClick={onHide} aria-label="Hide the introduction (I)">
          hide
        </button>
      </header>
      {children}
    </section>
  );
}

export type { Explanation } from './ExplainPanel';

/** The explain family's panel: what the last clicked thing is, in words. */
export function ExplainBox({
  explanation,
  onClear,
  placeholder,
}: {
  explanation: Explanation | null;
  onClear: () => void;
  placeholder: string;
}) {
  return (
    <ExplainPanel
      explanation={explanation}
      onClear={onClear}
      empty={placeholder}
      heading="Explain"
      look="explain"
      clearLabel="Clear the explanation (Esc)"
    />
  );
}

/** An intro's shown/hidden choice, remembered per view. */
export function useIntroToggle(key: string): [boolean, () => void] {
  const [open, setOpen] = useState(() => {
    try {
      return localStorage.getItem(key) !== 'hidden';
    } catch {
      return true;
    }
  });
  const toggle = useCallback(
    () =>
      setOpen((v) => {
        try {
          localStorage.setItem(key, v ? 'hidden' : 'shown');
        } catch {
          /* private mode: remember for this page only */
        }
        return !v;
      }),
    [key],
  );
  return [open, toggle];
}
