import { describe, expect, it } from 'vitest';
import { createStepperStore } from './stepperStore';
import type { Seekable } from '../../model/sim/steppable';

class Run implements Seekable {
  at = 0;
  constructor(readonly length: number) {}
  seek(p: number) {
    this.at = p;
  }
}

const make = (step: number | null = null) =>
  createStepperStore<{ n: number }, Run>({ build: ({ n }) => (n < 0 ? bad() : new Run(n)), spec: { n: 10 }, step });
function bad(): never {
  throw new Error('negative length');
}

describe('stepper store', () => {
  it('starts at the requested step, clamped to the run', () => {
    expect(make(4).getState().position).toBe(4);
    expect(make(99).getState().position).toBe(10);
    expect(make(null).getState().run.at).toBe(0);
  });

  it('seeks and steps within the run and counts every move', () => {
    const st = make();
    st.getState().seek(7);
    expect(st.getState().run.at).toBe(7);
    st.getState().stepBy(-3);
    expect(st.getState().position).toBe(4);
    expect(st.getState().cause).toBe('step');
    st.getState().stepBy(50);
    expect(st.getState().position).toBe(10);
    expect(st.getState().tick).toBe(3);
  });

  it('plays from the start when at the end; stepping pauses', () => {
    const st = make(10);
    st.getState().play();
    expect(st.getState().position).toBe(0);
    expect(st.getState().playing).toBe(true);
    st.getState().stepBy(1);
    expect(st.getState().playing).toBe(false);
  });

  it('keeps the old run and reports the error when a spec cannot be built', () => {
    const st = make(3);
    const run = st.getState().run;
    st.getState().load({ n: -1 });
    expect(st.getState().run).toBe(run);
    expect(st.getState().error).toMatch(/negative/);
    st.getState().load({ n: 5 }, 2);
    expect(st.getState().error).toBeNull();
    expect(st.getState().position).toBe(2);
  });

  it('clamps the speed', () => {
    const st = make();
    st.getState().setSpeed(1e9);
    expect(st.getState().speed).toBe(2000);
    st.getState().setSpeed(0);
    expect(st.getState().speed).toBe(0.25);
  });
});
