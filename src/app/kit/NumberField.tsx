/** Typed numbers (settings, the seed): committed on Enter or blur, refused with words when out of range. */
import { useEffect, useId, useState } from 'react';
import { judgeNumber } from './number-input';

/**
 * A number the user types; committed on Enter or blur. A value out of range (or not whole,
 * when `integer`) is refused: the field goes back to what it had and says, beside it, what was
 * refused and the range (kit/number-input.ts words it).
 */
export function NumberField({
  label,
  value,
  onChange,
  min,
  max,
  step = 1,
  integer = false,
  unit,
  help,
  changed,
  className = '',
}: {
  label: string;
  value: number;
  onChange: (v: number) => void;
  min: number;
  max: number;
  step?: number;
  integer?: boolean;
  unit?: string;
  help: string;
  changed?: boolean;
  className?: string;
}) {
  const [text, setText] = useState(String(value));
  const [refused, setRefused] = useState<string | null>(null);
  const errorId = useId();
  useEffect(() => setText(String(value)), [value]);
  const commit = () => {
    const v = judgeNumber(text, { label, min, max, integer, unit }, value);
    if (v.ok) {
      setRefused(null);
      // Blur commits too: only a real change may reload the run.
      if (v.value !== value) onChange(v.value);
    } else {
      setRefused(v.message);
      setText(String(value));
    }
  };
  return (
    <span className="field-box">
      <label className={`field tt-num${changed ? ' is-changed' : ''} ${className}`} title={help}>
        <span className="field-label">
          {label}
          {unit ? <span className="tt-unit"> ({unit})</span> : null}
        </span>
        <input
          type="number"
          min={min}
          max={max}
          step={step}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setRefused(null);
          }}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit();
          }}
          title={help}
          aria-invalid={refused ? true : undefined}
          aria-describedby={refused ? errorId : undefined}
        />
      </label>
      <span id={errorId} className="field-error" role="status">
        {refused}
      </span>
    </span>
  );
}

export const SEED_MAX = 4294967295;

/** The run's seed (a 32-bit whole number) and a button that picks a random one. */
export function SeedField({
  value,
  onChange,
  help,
}: {
  value: number;
  onChange: (seed: number) => void;
  help: string;
}) {
  return (
    <>
      <NumberField
        label="Seed"
        value={value}
        min={0}
        max={SEED_MAX}
        integer
        onChange={onChange}
        help={help}
        className="field-seed"
      />
      <button
        type="button"
        className="icon-btn"
        onClick={() => onChange(Math.floor(Math.random() * 100000))}
        title="Pick a random seed"
        aria-label="Random seed"
      >
        ⚄
      </button>
    </>
  );
}
