/**
 * What a link asked for that a view could not honour. Each view's parser falls back to a
 * default on a bad value (so a stale link still opens); this says which parameters were
 * refused and why, so the page can tell the reader and rewrite the address to what it shows.
 * Each view lists its parameters with a rule; the rules use the same bounds as its parser.
 */

/** null when the value is accepted; otherwise what the value must be, in words. */
export type ParamRule = (value: string) => string | null;

export const MAX_SEED = 0xffffffff;

const isInt = (v: string) => v.trim() !== '' && Number.isInteger(Number(v));

export function intRule(min: number, max = Number.MAX_SAFE_INTEGER): ParamRule {
  const words =
    max === Number.MAX_SAFE_INTEGER ? `a whole number, ${min} or more` : `a whole number from ${min} to ${max}`;
  return (v) => (isInt(v) && Number(v) >= min && Number(v) <= max ? null : words);
}

export function numRule(min: number, max = Number.POSITIVE_INFINITY): ParamRule {
  const words = max === Number.POSITIVE_INFINITY ? `a number, ${min} or more` : `a number from ${min} to ${max}`;
  return (v) => {
    const n = Number(v);
    return v.trim() !== '' && Number.isFinite(n) && n >= min && n <= max ? null : words;
  };
}

export function choiceRule(allowed: readonly string[], noun = 'one of'): ParamRule {
  const list = allowed.length > 8 ? `${allowed.slice(0, 8).join(', ')}, …` : allowed.join(', ');
  return (v) => (allowed.includes(v) ? null : `${noun} ${list}`);
}

/** A rule from a test and the words for what passes it. */
export function testRule(test: (v: string) => boolean, words: string): ParamRule {
  return (v) => (test(v) ? null : words);
}

export const SEED_RULE = intRule(0, MAX_SEED);

/** The refused parameters of `search`, in order, as "name=value (what it must be)". */
export function refusedParams(search: string, rules: Record<string, ParamRule>): string[] {
  const out: string[] = [];
  for (const [k, v] of new URLSearchParams(search)) {
    const rule = Object.hasOwn(rules, k) ? rules[k] : undefined;
    const why = rule ? rule(v) : 'not a setting of this view';
    if (why) out.push(`${k}=${v} (${why})`);
  }
  return out;
}
