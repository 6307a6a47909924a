import { describe, expect, it } from 'vitest';
import { STEP_SHORTCUTS, stepCommandFor } from './keys';

const free = { text: false, slider: false, button: false };

describe('stepper shortcuts', () => {
  it('maps the documented keys', () => {
    expect(stepCommandFor({ key: ' ' }, free)).toBe('toggle');
    expect(stepCommandFor({ key: 'ArrowLeft' }, free)).toBe('back');
    expect(stepCommandFor({ key: 'ArrowRight', shiftKey: true }, free)).toBe('forward10');
    expect(stepCommandFor({ key: 'Home' }, free)).toBe('start');
    expect(stepCommandFor({ key: 'End' }, free)).toBe('end');
    expect(stepCommandFor({ key: '?' }, free)).toBe('help');
  });

  it('leaves keys to the focused control that uses them', () => {
    expect(stepCommandFor({ key: ' ' }, { ...free, button: true })).toBeNull();
    expect(stepCommandFor({ key: 'ArrowLeft' }, { ...free, slider: true })).toBeNull();
    expect(stepCommandFor({ key: 'i' }, { ...free, text: true })).toBeNull();
    expect(stepCommandFor({ key: 'Escape' }, { ...free, text: true })).toBe('escape');
    expect(stepCommandFor({ key: 'ArrowRight', ctrlKey: true }, free)).toBeNull();
  });

  it('lists every command once in the help table', () => {
    const cmds = STEP_SHORTCUTS.map((s) => s.command);
    expect(new Set(cmds).size).toBe(cmds.length);
  });
});
