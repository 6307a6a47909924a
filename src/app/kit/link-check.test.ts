import { describe, expect, it } from 'vitest';
import { choiceRule, intRule, numRule, refusedParams, SEED_RULE, testRule } from './link-check';

const rules = {
  seed: SEED_RULE,
  step: intRule(0),
  mode: choiceRule(['sync', 'background']),
  lat: numRule(0, 10),
  qs: testRule((v) => /^(1|2|4|8)$/.test(v), 'a power of two from 1 to 8'),
};

describe('link check', () => {
  it('says nothing of a good link', () => {
    expect(refusedParams('?seed=7&step=0&mode=sync&lat=2.5&qs=8', rules)).toEqual([]);
    expect(refusedParams('', rules)).toEqual([]);
  });
  it('names every refused value with what it must be, and parameters the view does not have', () => {
    expect(refusedParams('?qs=7&seed=abc&step=-5&mode=fast&lat=11&zz=1&seed=99999999999999999999', rules)).toEqual([
      'qs=7 (a power of two from 1 to 8)',
      'seed=abc (a whole number from 0 to 4294967295)',
      'step=-5 (a whole number, 0 or more)',
      'mode=fast (one of sync, background)',
      'lat=11 (a number from 0 to 10)',
      'zz=1 (not a setting of this view)',
      'seed=99999999999999999999 (a whole number from 0 to 4294967295)',
    ]);
    expect(refusedParams('?step=end&step=', rules)).toEqual([
      'step=end (a whole number, 0 or more)',
      'step= (a whole number, 0 or more)',
    ]);
  });
  it('an inherited name is not a rule', () => {
    expect(refusedParams('?constructor=1&toString=x', rules)).toEqual([
      'constructor=1 (not a setting of this view)',
      'toString=x (not a setting of this view)',
    ]);
  });
});
