/**
 * Playback: while the store says `playing`, advance `speed` steps per second on animation
 * frames (several per frame at high speed), and stop at the end of the run.
 */
import type { Seekable } from './timeline';
import type { StepperStore } from './store';

export function startPlayLoop<Spec, Run extends Seekable>(store: StepperStore<Spec, Run>): () => void {
  let raf = 0;
  let last = 0;
  let acc = 0;
  const frame = (now: number) => {
    const s = store.getState();
    if (!s.playing) {
      raf = 0;
      return;
    }
    const dt = last ? Math.min(250, now - last) : 0;
    acc += (dt * s.speed) / 1000;
    let steps = Math.floor(acc);
    acc -= steps;
    // The first frame of a play steps at once so the button feels responsive.
    if (!last) steps = 1;
    last = now;
    if (steps > 0) {
      const to = Math.min(s.run.length, s.position + steps);
      s.seek(to, 'play');
      if (to >= s.run.length) {
        store.setState({ playing: false });
        raf = 0;
        return;
      }
    }
    raf = requestAnimationFrame(frame);
  };
  const unsub = store.subscribe((s, prev) => {
    if (s.playing && !prev.playing && !raf) {
      last = 0;
      acc = 0;
      raf = requestAnimationFrame(frame);
    }
  });
  return () => {
    unsub();
    if (raf) cancelAnimationFrame(raf);
  };
}
