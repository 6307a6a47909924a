/** Buffer and channel sizes. Changed ones are marked; Reset brings back the scenario's. */
import { NumberField } from '../kit/NumberField';
import { effectiveKnobs, VP_LIMITS, type VpKnobs, type VpSpec } from './spec';

const FIELDS: { key: keyof VpKnobs; label: string; unit: string; help: string }[] = [
  {
    key: 'sockBufBytes',
    label: 'Socket buffer',
    unit: 'B',
    help: 'Every process socket buffer, each way. In credit mode also the buf_alloc each endpoint advertises: the most its peer may have in flight.',
  },
  {
    key: 'lanePackets',
    label: 'Channel',
    unit: 'packets',
    help: 'How many 64-byte packets the channel (or each port) buffers in each direction before the multiplexer must wait.',
  },
  {
    key: 'chunkMaxBytes',
    label: 'Max read chunk',
    unit: 'B',
    help: 'A read from the byte stream returns between 1 and this many bytes: partial packets are normal, and the reader reassembles them.',
  },
];

export function Settings({
  spec,
  error,
  onChange,
}: {
  spec: VpSpec;
  error: string | null;
  onChange: (o: Partial<VpKnobs>) => void;
}) {
  const k = effectiveKnobs(spec);
  const changed = Object.keys(spec.overrides).length;
  return (
    <section className="panel vp-settings" aria-labelledby="vp-set-h">
      <header className="panel-head">
        <h2 id="vp-set-h">Sizes</h2>
        <button
          className="link-btn"
          onClick={() => onChange({})}
          disabled={!changed}
          title="Use the scenario’s own sizes again"
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
            value={k[f.key]}
            min={VP_LIMITS[f.key].min}
            max={VP_LIMITS[f.key].max}
            help={f.help}
            changed={spec.overrides[f.key] !== undefined}
            onChange={(v) => onChange({ ...spec.overrides, [f.key]: v })}
          />
        ))}
      </div>
      {error && (
        <p className="load-error" role="alert">
          Not applied: {error}
        </p>
      )}
    </section>
  );
}
