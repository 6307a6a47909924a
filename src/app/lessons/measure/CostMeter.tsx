/**
 * Ring access against wake-up, measured here and now: the reader guesses the ratio first, then
 * the page times the model's ring round trip and a two-thread wake-up round trip on this
 * machine, draws both on one logarithmic scale, and says which guess was closest.
 */
import { useEffect, useRef, useState } from 'react';
import { spread, type Spread } from '../../../bench/stats';
import { N } from '../words';
import { ringAccessSamples, ringRoundTripSamples } from './ring-cost';
import { wakeRoundTripSamples } from './wake-cost';

export interface CostResult {
  /** One ring index published and read back. */
  accessNs: Spread;
  /** One whole request through the model's ring (add, pop, publish, reclaim). */
  requestNs: Spread;
  /** Waking a sleeping thread and being woken back. */
  wakeUs: Spread;
  /** Ring accesses that fit in one wake-up round trip (medians). */
  ratio: number;
}

declare global {
  interface Window {
    __cost?: CostResult;
  }
}

const SAMPLES = 15;
const RING_PER_SAMPLE = 20_000;
const ACCESS_PER_SAMPLE = 200_000;
const WAKE_PER_SAMPLE = 1_000;

const GUESSES = [10, 100, 1000, 10_000] as const;
/** The guess nearest the measured ratio, on a log scale. */
export function nearestGuess(ratio: number): number {
  let best: number = GUESSES[0];
  for (const g of GUESSES)
    if (Math.abs(Math.log10(g) - Math.log10(ratio)) < Math.abs(Math.log10(best) - Math.log10(ratio))) best = g;
  return best;
}

type Phase =
  | { t: 'idle' }
  | { t: 'ring'; done: number }
  | { t: 'wake'; done: number }
  | { t: 'done' }
  | { t: 'failed'; why: string };

export function CostMeter() {
  const [guess, setGuess] = useState<number | null>(null);
  const [phase, setPhase] = useState<Phase>({ t: 'idle' });
  const [result, setResult] = useState<CostResult | null>(() =>
    typeof window === 'undefined' ? null : (window.__cost ?? null),
  );
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const measure = async () => {
    abort.current?.abort();
    const ac = new AbortController();
    abort.current = ac;
    setResult(null);
    try {
      // The ring samples run on this thread, one per task, so the page stays responsive.
      // Interleaved, one pair per task, so both see the same moments of a noisy machine.
      const ring: number[] = [];
      const access: number[] = [];
      for (let s = 0; s < SAMPLES; s++) {
        if (ac.signal.aborted) return;
        setPhase({ t: 'ring', done: s });
        await new Promise((r) => setTimeout(r, 0));
        access.push(...ringAccessSamples(1, ACCESS_PER_SAMPLE, () => performance.now()));
        ring.push(...ringRoundTripSamples(1, RING_PER_SAMPLE, () => performance.now()));
      }
      setPhase({ t: 'wake', done: 0 });
      const wake = await wakeRoundTripSamples(
        SAMPLES,
        WAKE_PER_SAMPLE,
        (p) => setPhase({ t: 'wake', done: p.done }),
        ac.signal,
      );
      const r = { accessNs: spread(access), requestNs: spread(ring), wakeUs: spread(wake), ratio: 0 };
      r.ratio = (r.wakeUs.median * 1000) / r.accessNs.median;
      window.__cost = r;
      setResult(r);
      setPhase({ t: 'done' });
    } catch (e) {
      if (ac.signal.aborted) return;
      setPhase({ t: 'failed', why: e instanceof Error ? e.message : String(e) });
    }
  };

  const busy = phase.t === 'ring' || phase.t === 'wake';
  const progress = phase.t === 'ring' ? phase.done : phase.t === 'wake' ? SAMPLES + phase.done : 0;
  return (
    <section className="cost-meter check-card" aria-labelledby="cost-title" data-testid="cost-meter">
      <h3 id="cost-title" className="check-title">
        Predict, then measure
      </h3>
      <p>
        A ring access here is one index written with a release store and read back with an acquire load, through the
        model's guest memory. How many of them take as long as waking one sleeping thread and being woken back?
      </p>
      <div className="check-choices" role="group" aria-label="Your guess">
        {GUESSES.map((g) => (
          <button
            key={g}
            type="button"
            className={`check-choice${result && nearestGuess(result.ratio) === g ? ' is-answer' : result && guess === g ? ' is-wrong' : ''}`}
            aria-pressed={guess === g}
            onClick={() => setGuess(g)}
            disabled={busy}
            data-guess={g}
          >
            about {g.toLocaleString('en-US')}
          </button>
        ))}
      </div>
      <p>
        <button type="button" className="primary-btn" onClick={measure} disabled={busy} data-testid="measure">
          {result ? 'Measure again' : 'Measure on this machine'}
        </button>{' '}
        {busy && (
          <button type="button" className="ghost-btn" onClick={() => abort.current?.abort()}>
            Cancel
          </button>
        )}
      </p>
      {busy && (
        <div
          className="cost-progress"
          role="progressbar"
          aria-label="Measuring"
          aria-valuemin={0}
          aria-valuemax={2 * SAMPLES}
          aria-valuenow={progress}
          aria-valuetext={
            phase.t === 'ring'
              ? `ring sample ${progress} of ${SAMPLES}`
              : `wake-up sample ${progress - SAMPLES} of ${SAMPLES}`
          }
        >
          <div className="cost-progress-fill" style={{ width: `${(100 * progress) / (2 * SAMPLES)}%` }} />
        </div>
      )}
      {phase.t === 'failed' && (
        <p role="alert" className="check-result is-wrong">
          Could not measure: {phase.why}.
        </p>
      )}
      {result && <CostResultView r={result} guess={guess} />}
    </section>
  );
}

function CostResultView({ r, guess }: { r: CostResult; guess: number | null }) {
  const best = nearestGuess(r.ratio);
  // One log scale from 1 ns to 100 µs for the three bars.
  const x = (ns: number) => Math.max(1, Math.min(100, ((Math.log10(ns) + 0) / 5) * 100));
  const bars = [
    { key: 'access', ns: r.accessNs.median, label: 'ring access' },
    { key: 'request', ns: r.requestNs.median, label: 'whole request through the ring' },
    { key: 'wake', ns: r.wakeUs.median * 1000, label: 'wake-up round trip' },
  ];
  return (
    <div className="cost-result" role="status" data-testid="cost-result">
      <p>
        {guess === null
          ? 'Measured.'
          : guess === best
            ? 'Right.'
            : `Not quite: the nearest is about ${best.toLocaleString('en-US')}.`}{' '}
        On this machine, now: a ring access took <N v={Number(r.accessNs.median.toFixed(1))} unit="ns" />, a whole
        request through the model's ring <N v={Math.round(r.requestNs.median)} unit="ns" />, and a wake-up round trip{' '}
        <N v={Number(r.wakeUs.median.toFixed(1))} unit="µs" /> (medians of <N v={r.wakeUs.samples} /> samples each). One
        wake-up costs about <N v={Math.round(r.ratio)} /> ring accesses.
      </p>
      <svg
        className="cost-bars"
        viewBox="0 0 100 42"
        role="img"
        aria-label="The three costs on one logarithmic scale from 1 ns to 100 µs"
      >
        <title>Ring access, request and wake-up round trip, logarithmic scale</title>
        {bars.map((b, i) => (
          <rect key={b.key} x="0" y={2 + 13 * i} width={x(b.ns)} height="10" className={`cost-bar-${b.key}`} />
        ))}
      </svg>
      <p className="muted cost-legend">
        {bars.map((b) => (
          <span key={b.key}>
            <span className={`cost-key cost-bar-${b.key}`} /> {b.label}{' '}
          </span>
        ))}
        · scale 1 ns … 100 µs, each fifth ×10
      </p>
      <p className="muted">
        A kick or an interrupt is that kind of wake-up: an eventfd write and a thread woken in the host; in a VM, also a
        trap out of the guest or an interrupt injected into it, which costs more. Telling an awake side that there is
        more work is only a ring access.
      </p>
    </div>
  );
}
