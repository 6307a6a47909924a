import { describe, expect, it } from 'vitest';
import { commandFor, SHORTCUTS, STEP_SHORTCUTS, stepCommandFor } from './keys';

const none = { text: false, slider: false, button: false };

// The explain views (pgalloc, virtproxy) and the stepper views (lisafs, gofer) share one key
// map; they differ only in what Esc clears.
for (const [family, lookup, table] of [
  ['explain views', commandFor, SHORTCUTS],
  ['stepper views', stepCommandFor, STEP_SHORTCUTS],
] as const) {
  describe(`shortcuts of the ${family}`, () => {
    it('maps the transport keys', () => {
      expect(lookup({ key: ' ' }, none)).toBe('toggle');
      expect(lookup({ key: 'ArrowLeft' }, none)).toBe('back');
      expect(lookup({ key: 'ArrowRight', shiftKey: true }, none)).toBe('forward10');
      expect(lookup({ key: 'Home' }, none)).toBe('start');
      expect(lookup({ key: 'End' }, none)).toBe('end');
      expect(lookup({ key: '?' }, none)).toBe('help');
    });
    it('leaves keys to the focused control that uses them', () => {
      expect(lookup({ key: ' ' }, { ...none, button: true })).toBeNull();
      expect(lookup({ key: 'ArrowLeft' }, { ...none, slider: true })).toBeNull();
      expect(lookup({ key: 'a' }, { ...none, text: true })).toBeNull();
      expect(lookup({ key: 'Escape' }, { ...none, text: true })).toBe('escape');
    });
    it('ignores chords with modifiers (browser shortcuts)', () => {
      expect(lookup({ key: 'ArrowLeft', altKey: true }, none)).toBeNull();
      expect(lookup({ key: 'ArrowRight', ctrlKey: true }, none)).toBeNull();
    });
    it('lists every command in the help table exactly once', () => {
      const cmds = table.map((s) => s.command);
      expect(new Set(cmds).size).toBe(cmds.length);
    });
  });
}
