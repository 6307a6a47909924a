/** Run controls: scenario, seed, queue size, features, starting index, request shape (the transport is the kit's). */
import { useState } from 'react';
import { scenarioChangeNote } from '../scenario-change';
import { NumberField, SeedField } from '../../kit/NumberField';
import { FeatureSwitches, Switch } from '../../kit/Switch';
import { SCENARIOS } from '../../../model/vqsim/scenarios';
import { type RunSpec, specBaseIndex } from '../url';

const SIZES = Array.from({ length: 16 }, (_, k) => 2 ** k);

export function RunControls({ spec, onChange }: { spec: RunSpec; onChange: (p: Partial<RunSpec>) => void }) {
  const scenario = SCENARIOS.find((s) => s.name === spec.scenario);
  // Said where it happens: a scenario brings its own queue size and features.
  const [note, setNote] = useState<string | null>(null);
  const change = (p: Partial<RunSpec>) => {
    setNote(p.scenario ? scenarioChangeNote(spec, p.scenario) : null);
    onChange(p);
  };
  return (
    <div className="run-controls" role="group" aria-label="Run settings">
      <label className="field" title={scenario?.description}>
        <span className="field-label">Scenario</span>
        <select aria-label="Scenario" value={spec.scenario} onChange={(e) => change({ scenario: e.target.value })}>
          <optgroup label="Scenarios">
            {SCENARIOS.filter((s) => !s.hostile).map((s) => (
              <option key={s.name} value={s.name}>
                {s.title}
              </option>
            ))}
          </optgroup>
          <optgroup label="Hostile input (the other side must refuse)">
            {SCENARIOS.filter((s) => s.hostile).map((s) => (
              <option key={s.name} value={s.name}>
                {s.title.replace(/^Hostile: /, '')}
              </option>
            ))}
          </optgroup>
        </select>
      </label>
      <span className="field-note" role="status">
        {note}
      </span>
      <SeedField
        value={spec.seed}
        onChange={(seed) => change({ seed })}
        help="The run’s seed: the same seed gives exactly the same run"
      />
      <label className="field" title="Queue size: a power of two. Large rings are drawn on canvas.">
        <span className="field-label">Queue size</span>
        <select
          aria-label="Queue size"
          value={spec.queueSize}
          onChange={(e) => change({ queueSize: Number(e.target.value) })}
        >
          {SIZES.map((q) => (
            <option key={q} value={q}>
              {q}
            </option>
          ))}
        </select>
      </label>
      <FeatureSwitches ring="split" features={spec.features} onChange={(features) => change({ features })} />
      <NumberField
        label="Start index"
        value={specBaseIndex(spec)}
        min={0}
        max={65535}
        integer
        onChange={(baseIndex) => change({ baseIndex })}
        help="Where avail.idx and used.idx start (0 to 65535). They are free-running 16-bit counters: start near 65535 to watch them wrap to 0 after a few requests."
        className="field-base"
        changed={spec.baseIndex !== undefined}
      />
      <Switch
        label="1 descriptor each"
        help="Make every request a single descriptor (one buffer) instead of the scenario's chain: then one request is one descriptor, one avail slot and one used entry, the simplest case to follow by hand"
        checked={spec.single ?? false}
        onChange={(single) => change({ single })}
      />
    </div>
  );
}
