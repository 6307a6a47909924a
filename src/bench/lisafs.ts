/**
 * The real lisafs channel pool (native-bridge, csrc/lisafs_*.c) measured in this process run: a C client
 * thread doing round trips over a channel (flipcall-style futex handoff, and spin-then-futex) and over the
 * Unix-socket fallback, and the same round trips from JavaScript through the addon. The seed's published
 * figures (AMD EPYC 7B13) come from a different machine, so only ratios are compared with them.
 */
import { type BenchFigure, interleave, paired, type Sampler, spread } from './stats';

export interface LisafsFigures {
  available: boolean;
  reason?: string;
  figures: BenchFigure[];
  ratios: BenchFigure[];
}

/** The seed's benchmark (lisafs-client-poc): ns per round trip. */
export const PUBLISHED = { ninePLegacy: 14053, ninePChannel: 1551, lisafs: 853.5 } as const;
/** Polls of the handoff word before FUTEX_WAIT in the spinning variant (≈ tens of µs of spinning at most). */
export const SPIN = 2048;

type Lisafs = typeof import('../../native-bridge/src/lisafs/index.ts');

/** JS client: callInto on the JS thread (JS → native call → handoff → gofer → handoff → copy back). */
function jsRoundTrips(l: Lisafs, channels: 0 | 1, spin: number, iterations: number): number {
  const pool = l.LisafsPool.create({ channels, spin, windowBytes: 64 * 1024 });
  const req = l.fstatRequest(1);
  const out = Buffer.alloc(64);
  try {
    for (let i = 0; i < Math.min(iterations, 2000); i++) pool.callInto(l.MID.FStat, req, out); // warm up
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) pool.callInto(l.MID.FStat, req, out);
    const ns = Number(process.hrtime.bigint() - t0) / iterations;
    const st = pool.stats();
    if (st.lastRoute !== (channels ? 0 : -1) || st.errors !== 0)
      throw new Error(`JS lisafs bench took route ${st.lastRoute} with ${st.errors} errors`);
    return ns;
  } finally {
    pool.close();
  }
}

export async function lisafsFigures(rounds: number): Promise<LisafsFigures> {
  let l: Lisafs;
  try {
    l = await import('../../native-bridge/src/lisafs/index.ts');
    l.lisafsConstants(); // loads the addon or throws with the reason
  } catch (e) {
    return { available: false, reason: (e as Error).message, figures: [], ratios: [] };
  }
  const figures: BenchFigure[] = [];
  const ratios: BenchFigure[] = [];
  const c = (channels: 0 | 1, spin: number, iterations: number): Sampler => ({
    sample: () => l.lisafsCRoundTrip({ channels, spin, iterations, repeats: 1 }).nsPerRoundTrip,
  });
  const js = (channels: 0 | 1, spin: number, iterations: number): Sampler => ({
    sample: () => jsRoundTrips(l, channels, spin, iterations),
  });

  // FStat: a 4-byte request and a 24-byte answer, the small-RPC case the seed's benchmark measures. The
  // variants are interleaved sample by sample (order rotated each round), and ratios are medians of per-round
  // ratios, so that load from other processes on a shared machine hits both sides of every ratio alike. Each
  // sample makes its own pool (the C side does too), so no idle pool's threads wait beside the measured one.
  const k = interleave(
    {
      cChan: c(1, 0, 2_000),
      cSpin: c(1, SPIN, 10_000),
      cSock: c(0, 0, 2_000),
      jsChan: js(1, 0, 2_000),
      jsSpin: js(1, SPIN, 10_000),
      jsSock: js(0, 0, 2_000),
    },
    Math.max(1, rounds),
  );
  const op = 'FStat round trip';
  figures.push({
    name: `lisafs C client, channel (futex), ${op}`,
    unit: 'ns/op',
    value: spread(k.cChan),
    note: 'flipcall-style: CAS, FUTEX_WAKE, FUTEX_WAIT',
  });
  figures.push({
    name: `lisafs C client, channel (spin ${SPIN}), ${op}`,
    unit: 'ns/op',
    value: spread(k.cSpin),
    note: 'spin on the word, then futex',
  });
  figures.push({
    name: `lisafs C client, socket, ${op}`,
    unit: 'ns/op',
    value: spread(k.cSock),
    note: 'framed sendmsg/read both ways',
  });
  figures.push({ name: `lisafs JS client, channel (futex), ${op}`, unit: 'ns/op', value: spread(k.jsChan) });
  figures.push({ name: `lisafs JS client, channel (spin ${SPIN}), ${op}`, unit: 'ns/op', value: spread(k.jsSpin) });
  figures.push({ name: `lisafs JS client, socket, ${op}`, unit: 'ns/op', value: spread(k.jsSock) });
  const seed = 'published by the seed (AMD EPYC 7B13), not measured here';
  const ref = { origin: 'reference' as const, note: seed };
  figures.push({ name: 'seed: 9P legacy round trip', unit: 'ns/op', value: PUBLISHED.ninePLegacy, ...ref });
  figures.push({ name: 'seed: 9P channel round trip', unit: 'ns/op', value: PUBLISHED.ninePChannel, ...ref });
  figures.push({ name: 'seed: lisafs round trip', unit: 'ns/op', value: PUBLISHED.lisafs, ...ref });

  const publishedSpeedup = PUBLISHED.ninePLegacy / PUBLISHED.ninePChannel;
  ratios.push({ name: 'seed: ratio 9P legacy / 9P channel', unit: '×', value: publishedSpeedup, ...ref });
  ratios.push({
    name: 'ratio lisafs socket / channel (futex), C client',
    unit: '×',
    value: paired(k.cSock, k.cChan),
    note: `seed: 9P legacy / 9P channel = ${publishedSpeedup.toFixed(2)}`,
  });
  ratios.push({
    name: `ratio lisafs socket / channel (spin ${SPIN}), C client`,
    unit: '×',
    value: paired(k.cSock, k.cSpin),
    note: `seed: ${publishedSpeedup.toFixed(2)}`,
  });
  // Against a published figure from another machine: each sample divided by the same constant.
  const over = (v: number[], published: number) => spread(v.map((x) => x / published));
  ratios.push({
    name: 'ratio lisafs channel (futex) here / lisafs published',
    unit: '×',
    value: over(k.cChan, PUBLISHED.lisafs),
    note: `${PUBLISHED.lisafs} ns/op published`,
  });
  ratios.push({
    name: `ratio lisafs channel (spin ${SPIN}) here / lisafs published`,
    unit: '×',
    value: over(k.cSpin, PUBLISHED.lisafs),
    note: `${PUBLISHED.lisafs} ns/op published`,
  });
  ratios.push({
    name: 'ratio lisafs socket here / 9P legacy published',
    unit: '×',
    value: over(k.cSock, PUBLISHED.ninePLegacy),
    note: `${PUBLISHED.ninePLegacy} ns/op published`,
  });
  ratios.push({
    name: 'ratio lisafs JS / C client, channel (futex)',
    unit: '×',
    value: paired(k.jsChan, k.cChan),
    note: 'cost of the JS → addon call',
  });
  ratios.push({
    name: `ratio lisafs JS / C client, channel (spin ${SPIN})`,
    unit: '×',
    value: paired(k.jsSpin, k.cSpin),
    note: 'cost of the JS → addon call',
  });
  return { available: true, figures, ratios };
}
