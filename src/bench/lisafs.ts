/**
 * The real lisafs channel pool (native-bridge, csrc/lisafs_*.c) measured in this process run: a C client
 * thread doing round trips over a channel (flipcall-style futex handoff, and spin-then-futex) and over the
 * Unix-socket fallback, and the same round trips from JavaScript through the addon. The seed's published
 * figures (AMD EPYC 7B13) come from a different machine, so only ratios are compared with them.
 */
import { spread, type Spread } from './stats';

export interface LisafsFigures {
  available: boolean;
  reason?: string;
  figures: { name: string; unit: string; value: Spread | number; note?: string }[];
  ratios: { name: string; unit: string; value: number; note?: string }[];
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

const median = (v: number[]) => spread(v).median;

export async function lisafsFigures(samples: number): Promise<LisafsFigures> {
  let l: Lisafs;
  try {
    l = await import('../../native-bridge/src/lisafs/index.ts');
    l.lisafsConstants(); // loads the addon or throws with the reason
  } catch (e) {
    return { available: false, reason: (e as Error).message, figures: [], ratios: [] };
  }
  const figures: LisafsFigures['figures'] = [];
  const ratios: LisafsFigures['ratios'] = [];
  const reps = Math.max(1, Math.min(samples, 15));
  const c = (channels: 0 | 1, spin: number, iterations: number) =>
    l.lisafsCRoundTrip({ channels, spin, iterations, repeats: 1 }).nsPerRoundTrip;

  // FStat: a 4-byte request and a 24-byte answer, the small-RPC case the seed's benchmark measures. The
  // variants are interleaved sample by sample, and ratios are medians of per-sample ratios, so that load
  // from other processes on a shared machine hits both sides of every ratio alike.
  const k = {
    cChan: [] as number[],
    cSpin: [] as number[],
    cSock: [] as number[],
    jsChan: [] as number[],
    jsSpin: [] as number[],
    jsSock: [] as number[],
  };
  for (let i = 0; i < reps; i++) {
    k.cChan.push(c(1, 0, 5_000));
    k.cSpin.push(c(1, SPIN, 50_000));
    k.cSock.push(c(0, 0, 5_000));
    k.jsChan.push(jsRoundTrips(l, 1, 0, 5_000));
    k.jsSpin.push(jsRoundTrips(l, 1, SPIN, 50_000));
    k.jsSock.push(jsRoundTrips(l, 0, 0, 5_000));
  }
  const [cChan, cSpin, cSock, jsChan, jsSpin, jsSock] = [k.cChan, k.cSpin, k.cSock, k.jsChan, k.jsSpin, k.jsSock].map(
    spread,
  );
  const paired = (a: number[], b: number[]) => median(a.map((x, i) => x / b[i]));
  const op = 'FStat round trip';
  figures.push({
    name: `lisafs C client, channel (futex), ${op}`,
    unit: 'ns/op',
    value: cChan,
    note: 'flipcall-style: CAS, FUTEX_WAKE, FUTEX_WAIT',
  });
  figures.push({
    name: `lisafs C client, channel (spin ${SPIN}), ${op}`,
    unit: 'ns/op',
    value: cSpin,
    note: 'spin on the word, then futex',
  });
  figures.push({
    name: `lisafs C client, socket, ${op}`,
    unit: 'ns/op',
    value: cSock,
    note: 'framed sendmsg/read both ways',
  });
  figures.push({ name: `lisafs JS client, channel (futex), ${op}`, unit: 'ns/op', value: jsChan });
  figures.push({ name: `lisafs JS client, channel (spin ${SPIN}), ${op}`, unit: 'ns/op', value: jsSpin });
  figures.push({ name: `lisafs JS client, socket, ${op}`, unit: 'ns/op', value: jsSock });
  const seed = 'published by the seed (AMD EPYC 7B13), not measured here';
  figures.push({ name: 'seed: 9P legacy round trip', unit: 'ns/op', value: PUBLISHED.ninePLegacy, note: seed });
  figures.push({ name: 'seed: 9P channel round trip', unit: 'ns/op', value: PUBLISHED.ninePChannel, note: seed });
  figures.push({ name: 'seed: lisafs round trip', unit: 'ns/op', value: PUBLISHED.lisafs, note: seed });

  const publishedSpeedup = PUBLISHED.ninePLegacy / PUBLISHED.ninePChannel;
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
  ratios.push({
    name: 'ratio lisafs channel (futex) here / lisafs published',
    unit: '×',
    value: cChan.median / PUBLISHED.lisafs,
    note: `${PUBLISHED.lisafs} ns/op published`,
  });
  ratios.push({
    name: `ratio lisafs channel (spin ${SPIN}) here / lisafs published`,
    unit: '×',
    value: cSpin.median / PUBLISHED.lisafs,
    note: `${PUBLISHED.lisafs} ns/op published`,
  });
  ratios.push({
    name: 'ratio lisafs socket here / 9P legacy published',
    unit: '×',
    value: cSock.median / PUBLISHED.ninePLegacy,
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
