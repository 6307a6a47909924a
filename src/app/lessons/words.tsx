/**
 * How lessons print numbers taken from the model: marked up so the reader sees they are live
 * values (and tests can read them back). Never pass a typed-in constant here. Ring indices and
 * byte counts below 100,000 are printed without separators (65535 reads as an index, 65,535 not).
 */
export function N({ v, unit }: { v: number | string; unit?: string }) {
  return (
    <b className="live-num" data-live={String(v)}>
      {typeof v === 'number' && Math.abs(v) >= 100_000 ? v.toLocaleString('en-US') : v}
      {unit ? ` ${unit}` : ''}
    </b>
  );
}

export function Hex({ v }: { v: number }) {
  return (
    <code className="live-num" data-live={String(v)}>
      0x{v.toString(16)}
    </code>
  );
}
