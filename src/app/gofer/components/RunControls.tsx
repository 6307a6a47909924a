/** Demo and interop mode: what the three columns run. */
import { GOFER_SCENARIOS, type InteropMode } from '../../../model/gofer/index';
import { defaultGoferSpec, MODES, type GoferSpec } from '../spec';

const MODE_HELP: Record<InteropMode, string> = {
  exclusive:
    'Exclusive (cache=fscache): the sandbox is the only one touching these files, so it may trust its cache and write back lazily.',
  writethrough: 'Writethrough: like Exclusive, but writes go to the gofer at once.',
  shared:
    'Shared (remote_revalidating): others may change the files, so every walk revalidates and I/O bypasses the page cache.',
};

export function GoferRunControls({ spec, onChange }: { spec: GoferSpec; onChange: (s: GoferSpec) => void }) {
  const sc = GOFER_SCENARIOS.find((s) => s.id === spec.scenario);
  return (
    <div className="run-controls" role="group" aria-label="Run settings">
      <label className="field" title={sc?.description}>
        <span className="field-label">Demo</span>
        <select aria-label="Demo" value={spec.scenario} onChange={(e) => onChange(defaultGoferSpec(e.target.value))}>
          {GOFER_SCENARIOS.map((s) => (
            <option key={s.id} value={s.id}>
              {s.title}
            </option>
          ))}
        </select>
      </label>
      <label className="field" title={MODE_HELP[spec.mode]}>
        <span className="field-label">Interop mode</span>
        <select
          aria-label="Interop mode"
          value={spec.mode}
          onChange={(e) => onChange({ ...spec, mode: e.target.value as InteropMode })}
        >
          {MODES.map((m) => (
            <option key={m} value={m} title={MODE_HELP[m]}>
              {m}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
