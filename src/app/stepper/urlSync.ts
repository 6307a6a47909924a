/**
 * Keeps a view's query string in step with its store: a new run or a jump pushes a history
 * entry (so Back returns to it), stepping and playing replace the current one (debounced, so
 * history is not flooded), and Back/Forward re-apply the URL.
 */
import type { Seekable } from './timeline';
import type { StepperStore } from './store';

export interface UrlCodec<Spec> {
  encode(spec: Spec, step: number): string;
  decode(search: string): { spec: Spec; step: number | null };
  same(a: Spec, b: Spec): boolean;
}

export function startUrlSync<Spec, Run extends Seekable>(store: StepperStore<Spec, Run>, codec: UrlCodec<Spec>): () => void {
  let applying = false;
  let timer = 0;
  const write = (push: boolean) => {
    const s = store.getState();
    const search = codec.encode(s.spec, s.position);
    if (search === location.search) return;
    if (push) history.pushState(null, '', search || location.pathname);
    else history.replaceState(null, '', search || location.pathname);
  };
  const unsub = store.subscribe((s, prev) => {
    if (applying) return;
    const runChanged = s.run !== prev.run || !codec.same(s.spec, prev.spec);
    const jump = s.cause === 'seek' && !s.playing && Math.abs(s.position - prev.position) > 1;
    if (runChanged || jump) {
      clearTimeout(timer);
      write(true);
    } else if (s.position !== prev.position) {
      clearTimeout(timer);
      timer = window.setTimeout(() => write(false), s.playing ? 400 : 120);
    }
  });
  const onPop = () => {
    applying = true;
    try {
      const u = codec.decode(location.search);
      const s = store.getState();
      if (codec.same(u.spec, s.spec)) {
        s.pause();
        s.seek(u.step ?? 0, 'seek');
      } else s.load(u.spec, u.step);
    } finally {
      applying = false;
    }
  };
  window.addEventListener('popstate', onPop);
  return () => {
    unsub();
    window.removeEventListener('popstate', onPop);
  };
}
