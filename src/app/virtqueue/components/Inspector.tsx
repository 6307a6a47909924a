/** The inspector: bytes in hex (with field boundaries) for any descriptor, ring slot, index pointer or eventfd. */
import { memo, useState } from 'react';
import type { Simulation } from '../../../model/vqsim/engine';
import { inspect } from '../inspect';
import { POINTER_NAMES, type PointerName, type Selection } from '../../rings/selection';
import type { OwnerMap } from '../../rings/owners';
import { hex, hexBytes } from '../../format';
import { COLORS } from '../../shared/tokens';

const FIELD_COLORS = [COLORS.driver, COLORS.used, COLORS.device, COLORS.held];

function label(s: Selection): string {
  switch (s.t) {
    case 'desc':
      return `descriptor ${s.i}`;
    case 'ind':
      return `indirect ${s.head}.${s.k}`;
    case 'avail':
      return `avail.ring[${s.slot}]`;
    case 'used':
      return `used.ring[${s.slot}]`;
    case 'ptr':
      return s.name;
    case 'efd':
      return `${s.name} eventfd`;
  }
}

function Lookup({ qs, onSelect }: { qs: number; onSelect: (s: Selection) => void }) {
  const [what, setWhat] = useState<'desc' | 'avail' | 'used' | 'ptr'>('desc');
  const [n, setN] = useState('0');
  const [ptr, setPtr] = useState<PointerName>('avail.idx');
  return (
    <form
      className="lookup"
      onSubmit={(e) => {
        e.preventDefault();
        const i = Math.max(0, Math.min(qs - 1, Math.floor(Number(n) || 0)));
        if (what === 'ptr') onSelect({ t: 'ptr', name: ptr });
        else if (what === 'desc') onSelect({ t: 'desc', i });
        else onSelect({ t: what, slot: i });
      }}
    >
      <select value={what} onChange={(e) => setWhat(e.target.value as typeof what)} aria-label="What to inspect">
        <option value="desc">Descriptor</option>
        <option value="avail">Avail slot</option>
        <option value="used">Used slot</option>
        <option value="ptr">Index / flags</option>
      </select>
      {what === 'ptr' ? (
        <select
          value={ptr}
          onChange={(e) => setPtr(e.target.value as PointerName)}
          aria-label="Which index or flags field"
        >
          {POINTER_NAMES.map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
      ) : (
        <input
          type="number"
          min={0}
          max={qs - 1}
          value={n}
          onChange={(e) => setN(e.target.value)}
          aria-label={`Number, 0 to ${qs - 1}`}
        />
      )}
      <button type="submit">Inspect</button>
    </form>
  );
}

function InspectorImpl({
  sim,
  selection,
  owners,
  onSelect,
}: {
  sim: Simulation;
  tick: number;
  selection: Selection | null;
  owners: OwnerMap;
  onSelect: (s: Selection | null) => void;
}) {
  const view = selection ? inspect(sim, selection, owners) : null;
  return (
    <section className="panel inspector" aria-labelledby="insp-h" data-testid="inspector">
      <header className="panel-head">
        <h2 id="insp-h">Inspector</h2>
        {selection && (
          <button className="link-btn" onClick={() => onSelect(null)} aria-label="Clear the selection (Esc)">
            clear
          </button>
        )}
      </header>
      <Lookup qs={sim.vq.layout.queueSize} onSelect={onSelect} />
      {!view ? (
        <div className="insp-empty">
          <p>
            Click any descriptor, ring slot, index pointer or free-list entry to see its bytes in guest memory and what
            it means.
          </p>
          <p className="muted small">Everything here is read from the model’s memory at the current step.</p>
        </div>
      ) : (
        <div className="insp-body" aria-live="polite">
          <h3 className="insp-title" data-testid="insp-title">
            {view.title}
          </h3>
          <p className="insp-sub">{view.subtitle}</p>
          <p className="muted small">
            {view.where}
            {view.gpa !== null && (
              <>
                {' '}
                · GPA <span className="mono">{hex(view.gpa, 4)}</span>
              </>
            )}
          </p>
          <div
            className="hexdump"
            role="group"
            aria-label={`Bytes: ${hexBytes(view.bytes)}`}
            data-testid="insp-bytes"
            data-hex={hexBytes(view.bytes)}
          >
            {Array.from(view.bytes).map((b, k) => {
              const fi = view.fields.findIndex((f) => k >= f.offset && k < f.offset + f.size);
              return (
                <span
                  key={k}
                  className="hx"
                  style={{ borderBottomColor: FIELD_COLORS[fi % FIELD_COLORS.length] }}
                  title={fi >= 0 ? `${view.fields[fi].name} byte ${k - view.fields[fi].offset}` : ''}
                >
                  {b.toString(16).padStart(2, '0')}
                </span>
              );
            })}
          </div>
          <table className="fields">
            <caption className="sr-only">Fields</caption>
            <thead>
              <tr>
                <th scope="col">field</th>
                <th scope="col">offset</th>
                <th scope="col">size</th>
                <th scope="col">value (little-endian)</th>
              </tr>
            </thead>
            <tbody>
              {view.fields.map((f, k) => (
                <tr key={f.name}>
                  <th scope="row">
                    <span
                      className="fdot"
                      style={{ background: FIELD_COLORS[k % FIELD_COLORS.length] }}
                      aria-hidden="true"
                    />
                    {f.name}
                  </th>
                  <td className="mono">+{f.offset}</td>
                  <td className="mono">{f.size}</td>
                  <td className="mono">{f.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {view.notes.map((n, k) => (
            <p key={k} className="insp-note">
              {n}
            </p>
          ))}
          {view.payload && (
            <div className="payload">
              <p className="muted small">
                Buffer at <span className="mono">{hex(view.payload.gpa)}</span> ({view.payload.total} bytes)
                {view.payload.total > view.payload.bytes.length ? `, first ${view.payload.bytes.length}` : ''}:
              </p>
              <p className="mono payload-bytes">{hexBytes(view.payload.bytes)}</p>
            </div>
          )}
          {view.related && view.related.length > 0 && (
            <div className="related">
              <span className="muted small">Related:</span>
              {view.related.slice(0, 16).map((r) => (
                <button key={label(r)} className="chip" onClick={() => onSelect(r)}>
                  {label(r)}
                </button>
              ))}
            </div>
          )}
        </div>
      )}
    </section>
  );
}

export const Inspector = memo(InspectorImpl);
