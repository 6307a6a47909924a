/** The loader, disk and application knobs. Changed ones are marked; Reset brings back the scenario's. */
import { NumberField } from '../kit/NumberField';
import { effectiveKnobs, KNOB_LIMITS, PATTERN_LABEL, type Knobs, type PatternChoice, type PgSpec } from './spec';

interface Props {
  spec: PgSpec;
  error: string | null;
  onChange: (overrides: Partial<Knobs>) => void;
}

const FIELDS: { key: Exclude<keyof Knobs, 'pattern'>; label: string; unit?: string; step?: number; help: string }[] = [
  {
    key: 'inflight',
    label: 'In-flight reads',
    help: 'Operation slots: reads the loader may have outstanding at once (gVisor: 128). Reads overlap their latency, so more slots hide the disk’s latency.',
  },
  {
    key: 'readKiB',
    label: 'Max read',
    unit: 'KiB',
    step: 4,
    help: 'Largest single read (gVisor: 256 KiB). Bigger reads pay the per-read cost less often; an awaited range bigger than this is split.',
  },
  {
    key: 'iovecs',
    label: 'Max iovecs',
    help: 'Memory ranges one readv may fill (gVisor: 64). Ranges separated by holes in memory are back to back in the pages file, so one read can fill many.',
  },
  {
    key: 'latencyUs',
    label: 'Disk latency',
    unit: 'µs',
    help: 'Wait before a read’s data starts to move. Many reads in flight overlap this wait.',
  },
  { key: 'bandwidthMBps', label: 'Bandwidth', unit: 'MB/s', help: 'Transfer rate of the one pipe every read shares.' },
  {
    key: 'seekUs',
    label: 'Seek penalty',
    unit: 'µs',
    help: 'Extra cost of a read that does not continue where the previous one ended in the pages file (a head seek on a spinning disk). 0 is an ideal SSD.',
  },
];

export function Settings({ spec, error, onChange }: Props) {
  const k = effectiveKnobs(spec);
  const changed = Object.keys(spec.overrides).length;
  return (
    <section className="panel pg-settings" aria-labelledby="pg-set-h">
      <header className="panel-head">
        <h2 id="pg-set-h">Loader settings</h2>
        <button
          className="link-btn"
          onClick={() => onChange({})}
          disabled={!changed}
          title="Use the scenario’s own settings again"
        >
          Reset{changed ? ` (${changed} changed)` : ''}
        </button>
      </header>
      <div className="tt-fields">
        {FIELDS.map((f) => (
          <NumberField
            key={f.key}
            label={f.label}
            unit={f.unit}
            step={f.step}
            value={k[f.key]}
            min={KNOB_LIMITS[f.key].min}
            max={KNOB_LIMITS[f.key].max}
            help={f.help}
            changed={spec.overrides[f.key] !== undefined}
            onChange={(v) =>
              onChange({ ...spec.overrides, [f.key]: f.key === 'readKiB' ? Math.max(4, Math.round(v / 4) * 4) : v })
            }
          />
        ))}
        <label
          className={`field tt-wide${spec.overrides.pattern ? ' is-changed' : ''}`}
          title="How the application touches its memory. Locality: most accesses near the last one, in a hot fifth of memory. Touch everything: each thread walks all of its share."
        >
          <span className="field-label">Access pattern</span>
          <select
            value={k.pattern}
            onChange={(e) => onChange({ ...spec.overrides, pattern: e.target.value as PatternChoice })}
            aria-label="Access pattern"
          >
            {(Object.keys(PATTERN_LABEL) as PatternChoice[])
              .filter((p) => p !== 'explicit' || k.pattern === 'explicit' || spec.scenario === 'tiny-hand-checked')
              .map((p) => (
                <option key={p} value={p}>
                  {PATTERN_LABEL[p]}
                </option>
              ))}
          </select>
        </label>
      </div>
      {error && (
        <p className="load-error" role="alert">
          Not applied: {error}
        </p>
      )}
      <p className="muted small">
        Every change re-runs both modes with the same seed, so the figures compare like with like.
      </p>
    </section>
  );
}
