/**
 * How lessons print numbers taken from the model: marked up so the reader sees they are live
 * values (and tests can read them back). Never pass a typed-in constant here.
 */
export function N({ v, unit }: { v: number | string; unit?: string }) {
  return (
    <b className="live-num" data-live={String(v)}>
      {typeof v === 'number' ? v.toLocaleString('en-US') : v}
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
