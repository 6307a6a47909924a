/** The loader, disk and application knobs. Changed ones are marked; Reset brings back the scenario's. */
import { type KnobField, KnobPanel } from '../kit/KnobPanel';
import { effectiveKnobs, KNOB_LIMITS, PATTERN_LABEL, type Knobs, type PatternChoice, type PgSpec } from './spec';

interface Props {
  spec: PgSpec;
  error: string | null;
  onChange: (overrides: Partial<Knobs>) => void;
}

const FIELDS: KnobField<Exclude<keyof Knobs, 'pattern'>>[] = [
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
    snap: (v) => Math.max(4, Math.round(v / 4) * 4),
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
  return (
    <KnobPanel
      title="Loader settings"
      className="pg-settings"
      fields={FIELDS}
      values={k}
      limits={KNOB_LIMITS}
      overrides={spec.overrides}
      error={error}
      onChange={onChange}
      resetTitle="Use the scenario’s own settings again"
      note="Every change re-runs both modes with the same seed, so the figures compare like with like."
    >
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
    </KnobPanel>
  );
}
