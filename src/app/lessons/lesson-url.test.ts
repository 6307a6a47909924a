import { describe, expect, it } from 'vitest';
import { lessonHref, parseLessonLocation } from './lesson-url';

describe('lesson URLs', () => {
  it('round-trips a step with its run state', () => {
    const href = lessonHref('rings', 'wrap', { at: 12, seed: 7, knob: 'on' });
    expect(href).toBe('/learn/rings/wrap?at=12&seed=7&k=on');
    const [path, search] = href.split('?');
    expect(parseLessonLocation(path, `?${search}`)).toEqual({
      lesson: 'rings',
      step: 'wrap',
      at: 12,
      seed: 7,
      knob: 'on',
      refused: [],
    });
  });

  it('the map, and refused values said, not dropped silently', () => {
    expect(parseLessonLocation('/learn/', '').lesson).toBeNull();
    const l = parseLessonLocation('/learn/rings', '?at=-3&seed=abc');
    expect(l.at).toBeNull();
    expect(l.seed).toBeNull();
    expect(l.refused).toEqual([
      'at=-3 (a whole number from 0 to 1000000)',
      'seed=abc (a whole number from 0 to 4294967295)',
    ]);
  });
});
