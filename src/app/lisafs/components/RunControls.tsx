/** Scenario, seed and channel count: the three things that define a pool run (and its URL). */
import { SeedField } from '../../kit/NumberField';
import { ScenarioPicker } from '../../kit/Widgets';
import { POOL_SCENARIOS, channelTarget, resolvePoolConfig } from '../../../model/lisafs/index';
import { CHANNEL_CHOICES, configFor, type PoolSpec } from '../spec';

const SCENARIO_OPTIONS = POOL_SCENARIOS.map((s) => ({ id: s.id, title: s.title, description: s.description }));

export function RunControls({ spec, onChange }: { spec: PoolSpec; onChange: (s: PoolSpec) => void }) {
  const auto = channelTarget(resolvePoolConfig({ ...configFor({ ...spec, channels: null }) }));
  const gmp = resolvePoolConfig(configFor(spec)).gomaxprocs;
  return (
    <div className="run-controls" role="group" aria-label="Run settings">
      <ScenarioPicker
        scenarios={SCENARIO_OPTIONS}
        value={spec.scenario}
        // A scenario starts from its own seed and the automatic channel count.
        onChange={(id) =>
          onChange({ scenario: id, seed: POOL_SCENARIOS.find((s) => s.id === id)!.config.seed, channels: null })
        }
      />
      <SeedField
        value={spec.seed}
        onChange={(seed) => onChange({ ...spec, seed })}
        help="The run’s seed: the same seed gives exactly the same run"
      />
      <label
        className="field"
        title="How many channels the client creates. The real client uses clamp(GOMAXPROCS, 2, 4); 0 means every RPC goes over the socket."
      >
        <span className="field-label">Channels</span>
        <select
          aria-label="Channels"
          value={spec.channels === null ? 'auto' : String(spec.channels)}
          onChange={(e) => onChange({ ...spec, channels: e.target.value === 'auto' ? null : Number(e.target.value) })}
        >
          <option value="auto">
            auto: {auto} (GOMAXPROCS {gmp})
          </option>
          {CHANNEL_CHOICES.map((n) => (
            <option key={n} value={String(n)}>
              {n === 0 ? '0 (socket only)' : n}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
