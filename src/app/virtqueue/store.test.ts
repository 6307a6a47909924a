import { describe, expect, it } from 'vitest';
import { activeSim, createAppStore, urlStateOf, applyUrlState } from './store';
import { parseUrl, toSearch } from './url';
import { commandFor } from './keyboard';
import { sliderToSpeed, speedToSlider, u16Delta } from '../format';

describe('store', () => {
  it('loads, seeks both ways, and keeps the model at the position', () => {
    const st = createAppStore();
    st.getState().load(parseUrl('?s=steady&seed=3').spec, [], 10);
    expect(st.getState().position).toBe(10);
    expect(activeSim(st.getState()).position).toBe(10);
    st.getState().stepBy(5);
    expect(activeSim(st.getState()).position).toBe(15);
    st.getState().stepBy(-12);
    expect(activeSim(st.getState()).position).toBe(3);
    st.getState().seek(1e9);
    expect(st.getState().position).toBe(activeSim(st.getState()).log.length);
  });

  it('interventions fork a branch and keep the original', () => {
    const st = createAppStore();
    st.getState().load(parseUrl('?s=steady').spec, [], 30);
    const original = activeSim(st.getState());
    const before = original.log.length;
    st.getState().intervene({ action: 'corrupt', corruption: 'zero-length' });
    const s = st.getState();
    expect(s.branches.length).toBe(2);
    const forked = activeSim(s);
    expect(forked).not.toBe(original);
    expect(original.log.length).toBe(before);
    expect(forked.log[30].kind).toBe('intervention');
    expect(forked.log.some((e) => e.kind === 'error')).toBe(true);
    expect(s.position).toBe(31);
    // the URL names the fork; applying it to a fresh store reproduces the same state
    const url = toSearch(urlStateOf(s));
    const st2 = createAppStore();
    applyUrlState(st2, parseUrl(url));
    expect(activeSim(st2.getState()).log.map((e) => e.text)).toEqual(forked.log.map((e) => e.text));
    expect(st2.getState().position).toBe(31);
    st.getState().switchBranch(s.branches[0].id);
    expect(activeSim(st.getState())).toBe(original);
    expect(st.getState().position).toBe(30);
  });

  it('reports bad configurations instead of throwing', () => {
    const st = createAppStore();
    st.getState().load({
      scenario: 'nebula-rx',
      seed: 1,
      queueSize: 3,
      features: { eventIdx: false, indirect: false },
    });
    expect(st.getState().loadError).toMatch(/length 3/);
  });
});

describe('keyboard and helpers', () => {
  const none = { text: false, slider: false, button: false };
  it('maps keys to commands, leaving text fields and sliders alone', () => {
    expect(commandFor({ key: ' ' }, none)).toBe('toggle');
    expect(commandFor({ key: ' ' }, { ...none, button: true })).toBeNull();
    expect(commandFor({ key: 'ArrowLeft' }, none)).toBe('back');
    expect(commandFor({ key: 'ArrowRight', shiftKey: true }, none)).toBe('forward10');
    expect(commandFor({ key: 'ArrowRight' }, { ...none, slider: true })).toBeNull();
    expect(commandFor({ key: '?' }, none)).toBe('help');
    expect(commandFor({ key: 'a' }, { ...none, text: true })).toBeNull();
    expect(commandFor({ key: 'Escape' }, { ...none, text: true })).toBe('escape');
    expect(commandFor({ key: 'r', ctrlKey: true }, none)).toBeNull();
  });
  it('speed slider is logarithmic and invertible; u16 deltas cross the wrap', () => {
    expect(sliderToSpeed(0)).toBeCloseTo(0.25);
    expect(sliderToSpeed(1000)).toBeCloseTo(2000);
    expect(sliderToSpeed(500)).toBeCloseTo(Math.sqrt(0.25 * 2000));
    for (const v of [0, 123, 500, 999]) expect(speedToSlider(sliderToSpeed(v))).toBe(v);
    expect(u16Delta(65535, 0)).toBe(1);
    expect(u16Delta(0, 65534)).toBe(-2);
  });
});
