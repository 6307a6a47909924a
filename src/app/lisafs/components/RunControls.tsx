/** Scenario, seed and channel count: the three things that define a pool run (and its URL). */
import { SeedField } from '../../kit/NumberField';
import { POOL_SCENARIOS, channelTarget, resolvePoolConfig } from '../../../model/lisafs/index';
import { CHANNEL_CHOICES, configFor, type PoolSpec } from '../spec';

export function RunControls({ spec, onChange }: { spec: PoolSpec; onChange: (s: PoolSpec) => void }) {
  const sc = POOL_SCENARIOS.find((s) => s.id === spec.scenario);
  const auto = channelTarget(resolvePoolConfig({ ...configFor({ ...spec, channels: null }) }));
  const gmp = resolvePoolConfig(configFor(spec)).gomaxprocs;
  return (
    <div className="run-controls" role="group" aria-label="Run settings">
      <label className="field" title={sc?.description}>
        <span className="field-label">Scenario</span>
        <select
          aria-label="Scenario"
          value={spec.scenario}
          onChange={(e) =>
            onChange({
              scenario: e.target.value,
              seed: POOL_SCENARIOS.find((s) => s.id === e.target.value)!.config.seed,
              channels: null,
            })
          }
        >
          {POOL_SCENARIOS.map((s) => (
            <option key={s.id} value={s.id}>
              {s.title}
            </option>
          ))}
        </select>
      </label>
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
