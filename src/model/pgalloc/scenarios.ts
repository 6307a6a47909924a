/** Named presets a UI can list. Each changes a few knobs of the default restore and says why. */
import { DEFAULT_CONFIG, KiB, MiB, withConfig, type PgallocConfig } from './config';

export interface PgallocScenario {
  id: string;
  title: string;
  description: string;
  config: PgallocConfig;
  seed: number;
}

const base = withConfig(DEFAULT_CONFIG, {
  layout: { kind: 'random', memoryBytes: 32 * MiB, committedFraction: 0.75, meanSegmentBytes: 512 * KiB },
});

/**
 * More saved memory than the loader's window: 128 reads × 256 KiB (gVisor's limits, see
 * config.ts) cover 32 MiB, and three quarters of 192 MiB is saved (136 MiB with seed 5; the
 * scenario test checks the description's figures), so most ranges the application touches
 * early are not being read yet. Disk and kernel restore time are the defaults (an SSD-like
 * 1000 MB/s, 100 µs; made up but plausible). The 2 MiB fault range is a huge page: gVisor's mm
 * allocates private memory in `privateAllocUnit = HugePageSize` units (pkg/sentry/mm/pma.go),
 * so a fault asks for up to that much — more than one 256 KiB read, which is what makes the
 * loader split awaited ranges. 16 threads × 60 accesses × 0.5 ms of work is a made-up server.
 */
const dequeDemo = withConfig(DEFAULT_CONFIG, {
  layout: { kind: 'random', memoryBytes: 192 * MiB, committedFraction: 0.75, meanSegmentBytes: 512 * KiB },
  app: {
    threads: 16,
    computeNsPerAccess: 500_000,
    faultBytes: 2 * MiB,
    pattern: { kind: 'locality', accessesPerThread: 60, locality: 0.8, windowBytes: 4 * MiB, hotFraction: 0.3 },
  },
});

export const PGALLOC_SCENARIOS: PgallocScenario[] = [
  {
    id: 'waiters-jump-the-queue',
    title: 'Waiting threads jump the queue',
    description:
      'With this seed 136 MiB of memory is saved, but the loader’s 128 reads of 256 KiB cover only 32 MiB at a time. Sixteen threads start 2 ms into the restore and work in 2 MiB chunks spread over about a third of memory, so most chunks they touch are not even being read yet: those ranges go into the priority deque and wait for a free slot. Each time a read completes, the loader gives the slot to the range at the front of the deque, reads 256 KiB of it and sends the rest to the back, so the waiting threads are served in turn instead of one after the other. An awaited read still queues behind the background reads already handed to the disk, so the threads spend much of their time waiting, yet they finish well before a synchronous restore, which keeps them from running at all until every page is back. The sweep below shows that fewer reads in flight would serve them sooner here.',
    config: withConfig(dequeDemo, { mode: 'background' }),
    seed: 5,
  },
  {
    id: 'small-working-set',
    title: 'Small working set: background wins',
    description:
      'The application spends most of its time in a fifth of its memory, with strong locality. With a synchronous restore it cannot run a single instruction until every saved page is back. With --background it starts right after the kernel is restored, waits only for the few ranges it touches before the loader reaches them, and those ranges jump ahead of the background reads. It finishes well before the synchronous run even starts.',
    config: withConfig(base, { mode: 'background' }),
    seed: 1,
  },
  {
    id: 'touch-everything',
    title: 'Touches everything at once: background gains nothing',
    description:
      'Every thread immediately walks all of its share of memory in random order, doing almost no work per page. It starts early in background mode but then spends nearly all its time blocked, because it needs every page before it can finish. The application ends at about the same time as with a synchronous restore: starting early only moved the waiting.',
    config: withConfig(base, {
      mode: 'background',
      app: { computeNsPerAccess: 1_000, pattern: { kind: 'touch-all', order: 'shuffled' } },
    }),
    seed: 2,
  },
  {
    id: 'spinning-disk',
    title: 'Spinning disk: urgent reads cost seeks',
    description:
      'The pages file is on a disk where a read that does not continue the previous one pays a 4 ms seek, and only 8 reads are in flight. The synchronous loader streams the file from start to end. In background mode an application touching memory at random sends the loader jumping around the file to serve it, and every jump costs a seek, so the whole load takes much longer and the application finishes later than with a plain restore.',
    config: withConfig(base, {
      mode: 'background',
      loader: { maxInflight: 8 },
      disk: { seekNs: 4_000_000, bandwidthMBps: 200, latencyNs: 200_000 },
      app: { computeNsPerAccess: 1_000, pattern: { kind: 'touch-all', order: 'shuffled' } },
    }),
    seed: 3,
  },
  {
    id: 'shallow-queue',
    title: 'One read at a time',
    description:
      'The loader may have only one read in flight. Every read then pays the full disk latency before its data moves, and nothing overlaps, so the same memory takes far longer to load than with 128 reads in flight. Raise the in-flight limit to watch the latency disappear behind the queue.',
    config: withConfig(base, { mode: 'sync', loader: { maxInflight: 1 } }),
    seed: 4,
  },
  {
    id: 'fragmented-no-iovecs',
    title: 'Fragmented memory, one iovec per read',
    description:
      'Saved memory is chopped into small committed pieces separated by holes. They are back to back in the pages file, so normally one read fills many pieces with one iovec each. Here a read may fill only one memory range, so reads shrink to the size of a fragment and the loader needs many more of them.',
    config: withConfig(base, {
      mode: 'sync',
      layout: { kind: 'random', memoryBytes: 32 * MiB, committedFraction: 0.5, meanSegmentBytes: 16 * KiB },
      loader: { maxIovecs: 1 },
    }),
    seed: 5,
  },
  {
    id: 'short-read',
    title: 'A short read is a permanent EIO',
    description:
      'The disk returns fewer bytes than asked for one read in the middle of the pages file. gVisor does not retry: the loader records EIO and stops, reads still in flight are abandoned, and every thread waiting for memory that is not loaded yet is woken with the error. Memory that did arrive stays usable; anything else fails forever.',
    config: withConfig(base, { mode: 'background', disk: { shortReadAtFileByte: 8 * MiB } }),
    seed: 6,
  },
  {
    id: 'tiny-hand-checked',
    title: 'Tiny restore you can follow by hand',
    description:
      'Eight pages of memory, reads of at most two pages, two reads in flight, a disk that needs 1 µs of latency and 1 µs per page, and one thread that touches page 6 and then page 0. Every time in the trace can be checked with pencil and paper; it is the example used by the unit tests.',
    config: {
      mode: 'background',
      kernelRestoreNs: 0,
      layout: { kind: 'explicit', memoryBytes: 8 * 4096, segments: [[0, 8 * 4096]] },
      loader: { maxInflight: 2, maxReadBytes: 8 * KiB, maxIovecs: 64 },
      disk: {
        latencyNs: 1000,
        latencyJitterNs: 0,
        opOverheadNs: 0,
        seekNs: 0,
        bandwidthMBps: 4096,
        shortReadAtFileByte: null,
      },
      app: {
        threads: 1,
        computeNsPerAccess: 500,
        faultBytes: 4096,
        pattern: { kind: 'explicit', addresses: [[6 * 4096, 0]] },
      },
    },
    seed: 0,
  },
];

/** The scenario with this id, or undefined. */
export function findPgallocScenario(id: string): PgallocScenario | undefined {
  return PGALLOC_SCENARIOS.find((s) => s.id === id);
}
