import { describe, expect, it } from 'vitest';
import { judgeNumber } from './number-input';

const inflight = { label: 'In-flight reads', min: 1, max: 512, integer: true };

describe('number fields', () => {
  it('accept a number in range', () => {
    expect(judgeNumber(' 16 ', inflight, 8)).toEqual({ ok: true, value: 16 });
    expect(judgeNumber('0.5', { label: 'Latency', min: 0, max: 10, unit: 'ms' }, 1)).toEqual({ ok: true, value: 0.5 });
  });
  it('refuse what is out of range, not whole, empty or not a number, saying the range and what was kept', () => {
    expect(judgeNumber('-3', inflight, 8)).toEqual({
      ok: false,
      message: 'In-flight reads: “-3” was refused; it must be a whole number from 1 to 512. Kept 8.',
    });
    for (const bad of ['513', '2.5', '', 'abc', 'Infinity']) expect(judgeNumber(bad, inflight, 8).ok, bad).toBe(false);
    expect(judgeNumber('', inflight, 8)).toMatchObject({
      message: expect.stringMatching(/^In-flight reads: An empty field/),
    });
    expect(judgeNumber('11', { label: 'Latency', min: 0, max: 10, unit: 'ms' }, 1)).toMatchObject({
      message: expect.stringContaining('a number from 0 to 10 ms'),
    });
  });
});
