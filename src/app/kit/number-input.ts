/**
 * What a number field does with what the user typed: accept it when it is a number in range
 * (and, if asked, whole), or refuse it with words that say why and what the field kept. Pure,
 * so the rule is unit-tested; the fields in Widgets.tsx show the refusal beside the input.
 */
export interface NumberRule {
  label: string;
  min: number;
  max: number;
  /** Whole numbers only (seeds, counts). */
  integer?: boolean;
  unit?: string;
}

export type Verdict = { ok: true; value: number } | { ok: false; message: string };

export function rangeWords(r: NumberRule): string {
  const u = r.unit ? ` ${r.unit}` : '';
  return `${r.integer ? 'a whole number' : 'a number'} from ${r.min} to ${r.max}${u}`;
}

export function judgeNumber(text: string, r: NumberRule, kept: number): Verdict {
  const t = text.trim();
  const n = Number(t);
  const fits = t !== '' && Number.isFinite(n) && n >= r.min && n <= r.max && (!r.integer || Number.isInteger(n));
  if (fits) return { ok: true, value: n };
  const shown = t === '' ? 'An empty field' : `“${t}”`;
  return { ok: false, message: `${r.label}: ${shown} was refused; it must be ${rangeWords(r)}. Kept ${kept}.` };
}
