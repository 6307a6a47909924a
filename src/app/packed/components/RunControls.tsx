/** Scenario, seed, queue size, features, requests and out-of-order completion: what defines a packed run (and its URL). */
import { NumberField, SeedField } from '../../kit/NumberField';
import { FeatureSwitches } from '../../kit/Switch';
import { ScenarioPicker } from '../../kit/Widgets';
import { PACKED_SCENARIOS } from '../scenarios';
import { defaultPackedSpec, MAX_REQUESTS, type PackedSpec, QUEUE_SIZES } from '../spec';

const SCENARIO_OPTIONS = PACKED_SCENARIOS.map((s) => ({ id: s.id, title: s.title, description: s.description }));

export function RunControls({ spec, onChange }: { spec: PackedSpec; onChange: (s: PackedSpec) => void }) {
  const sizes = QUEUE_SIZES.includes(spec.queueSize)
    ? QUEUE_SIZES
    : [...QUEUE_SIZES, spec.queueSize].sort((a, b) => a - b);
  return (
    <div className="run-controls" role="group" aria-label="Run settings">
      <ScenarioPicker
        scenarios={SCENARIO_OPTIONS}
        value={spec.scenario}
        // A scenario starts from its own settings, keeping the seed.
        onChange={(id) => onChange({ ...defaultPackedSpec(id), seed: spec.seed })}
      />
      <SeedField
        value={spec.seed}
        onChange={(seed) => onChange({ ...spec, seed })}
        help="The run’s seed: the same seed gives exactly the same run"
      />
      <label
        className="field"
        title="Slots in the ring. A packed ring may have any size (a split ring needs a power of two); try 3 or 5."
      >
        <span className="field-label">Queue size</span>
        <select
          aria-label="Queue size"
          value={spec.queueSize}
          onChange={(e) => onChange({ ...spec, queueSize: Number(e.target.value) })}
        >
          {sizes.map((q) => (
            <option key={q} value={q}>
              {q}
            </option>
          ))}
        </select>
      </label>
      <NumberField
        label="Requests"
        value={spec.requests}
        min={1}
        max={MAX_REQUESTS}
        integer
        onChange={(requests) => onChange({ ...spec, requests })}
        help="How many requests the driver makes in the whole run"
      />
      <NumberField
        label="Out of order"
        unit="%"
        value={spec.outOfOrder}
        min={0}
        max={100}
        integer
        onChange={(outOfOrder) => onChange({ ...spec, outOfOrder })}
        help="The chance that the device completes a random held buffer instead of the oldest: used descriptors then come back in a different order from the one they were made available in"
      />
      <FeatureSwitches
        ring="packed"
        features={spec}
        onChange={(f) => onChange({ ...spec, eventIdx: f.eventIdx, indirect: f.indirect })}
      />
    </div>
  );
}
