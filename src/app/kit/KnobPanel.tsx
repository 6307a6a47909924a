/**
 * A run's numeric settings as a panel: one field per knob, each marked when it differs from the
 * scenario's, a Reset that brings the scenario's back, and why a change was not applied.
 */
import type { ReactNode } from 'react';
import { useId } from 'react';
import { NumberField } from './NumberField';

export interface KnobField<K extends string> {
  key: K;
  label: string;
  unit?: string;
  step?: number;
  help: string;
  /** Rounds a typed value to one the model takes (e.g. whole pages). */
  snap?: (v: number) => number;
}

export function KnobPanel<K extends string>({
  title,
  className,
  fields,
  values,
  limits,
  overrides,
  error,
  onChange,
  resetTitle,
  children,
  note,
}: {
  title: string;
  className: string;
  fields: readonly KnobField<K>[];
  /** The values in effect: the scenario's, with the overrides applied. */
  values: Record<K, number>;
  limits: Record<K, { min: number; max: number }>;
  /** What the user changed (any key, numeric or not); {} is the scenario as it is. */
  overrides: Readonly<Record<string, unknown>>;
  error: string | null;
  onChange: (overrides: Record<string, unknown>) => void;
  resetTitle: string;
  /** Settings that are not numbers (a choice of pattern), after the fields. */
  children?: ReactNode;
  /** A line under the panel: what a change does. */
  note?: ReactNode;
}) {
  const headingId = useId();
  const changed = Object.keys(overrides).length;
  return (
    <section className={`panel ${className}`} aria-labelledby={headingId}>
      <header className="panel-head">
        <h2 id={headingId}>{title}</h2>
        <button type="button" className="link-btn" onClick={() => onChange({})} disabled={!changed} title={resetTitle}>
          Reset{changed ? ` (${changed} changed)` : ''}
        </button>
      </header>
      <div className="tt-fields">
        {fields.map((f) => (
          <NumberField
            key={f.key}
            label={f.label}
            unit={f.unit}
            step={f.step}
            value={values[f.key]}
            min={limits[f.key].min}
            max={limits[f.key].max}
            help={f.help}
            changed={overrides[f.key] !== undefined}
            onChange={(v) => onChange({ ...overrides, [f.key]: f.snap ? f.snap(v) : v })}
          />
        ))}
        {children}
      </div>
      {error && (
        <p className="load-error" role="alert">
          Not applied: {error}
        </p>
      )}
      {note && <p className="muted small">{note}</p>}
    </section>
  );
}
