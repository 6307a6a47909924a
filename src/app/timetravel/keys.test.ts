import { describe, expect, it } from 'vitest';
import { commandFor, SHORTCUTS } from './keys';

const none = { text: false, slider: false, button: false };

describe('commandFor', () => {
  it('maps the transport keys', () => {
    expect(commandFor({ key: ' ' }, none)).toBe('toggle');
    expect(commandFor({ key: 'ArrowLeft' }, none)).toBe('back');
    expect(commandFor({ key: 'ArrowRight', shiftKey: true }, none)).toBe('forward10');
    expect(commandFor({ key: 'Home' }, none)).toBe('start');
    expect(commandFor({ key: 'End' }, none)).toBe('end');
    expect(commandFor({ key: '?' }, none)).toBe('help');
  });
  it('leaves keys to the focused control that uses them', () => {
    expect(commandFor({ key: ' ' }, { ...none, button: true })).toBeNull();
    expect(commandFor({ key: 'ArrowLeft' }, { ...none, slider: true })).toBeNull();
    expect(commandFor({ key: 'a' }, { ...none, text: true })).toBeNull();
    expect(commandFor({ key: 'Escape' }, { ...none, text: true })).toBe('escape');
  });
  it('ignores chords with modifiers (browser shortcuts)', () => {
    expect(commandFor({ key: 'ArrowLeft', altKey: true }, none)).toBeNull();
  });
  it('lists every command in the help table exactly once', () => {
    const cmds = SHORTCUTS.map((s) => s.command);
    expect(new Set(cmds).size).toBe(cmds.length);
  });
});
