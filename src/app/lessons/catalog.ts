/**
 * The course map: every lesson's place, title, promise, length and prerequisites, and where its
 * steps live (loaded on demand, so the index stays small). Adding a lesson is adding an entry
 * here and a module content/<id>.tsx that exports `steps` (a long lesson keeps its steps in
 * content/<id>/, by section, and the module only lists them).
 */
import type { Lesson, LessonStep } from './types';

export type LessonInfo = Omit<Lesson, 'steps' | 'number'> & {
  /** Its place in the course, counted over the lessons that exist. */
  number: number;
  /** Which mechanism it is about (the index groups by it). */
  part: 'virtqueue' | 'reality' | 'gvisor' | 'mux';
};

// biome-ignore lint/suspicious/noExplicitAny: each lesson's steps embed their own run types
type StepsModule = { steps: LessonStep<any>[] };

/** Each lesson's steps, by file name: content/<id>.tsx. Known at build time, loaded on demand. */
const CONTENT = import.meta.glob<StepsModule>('./content/*.tsx');

/** Load a lesson's steps. */
export function loadSteps(id: string): Promise<StepsModule> {
  const load = CONTENT[`./content/${id}.tsx`];
  return load ? load() : Promise.reject(new Error(`lesson "${id}" has no content module`));
}

export const PARTS: Record<LessonInfo['part'], string> = {
  virtqueue: 'The virtio split virtqueue',
  reality: 'Real systems',
  gvisor: 'Inside gVisor',
  mux: 'Multiplexing',
};

/** Every lesson planned, in course order; only those whose content exists are offered. */
const PLANNED: readonly Omit<LessonInfo, 'number'>[] = [
  {
    id: 'why-a-queue',
    part: 'virtqueue',
    title: 'Why a queue in shared memory',
    summary: 'What a guest and a host share, and why touching the ring is cheap while ringing a bell is not.',
    minutes: 6,
    requires: [],
  },
  {
    id: 'descriptors',
    part: 'virtqueue',
    title: 'Descriptors and chains',
    summary: 'How one request becomes a chain of descriptors taken from the free list.',
    minutes: 8,
    requires: ['why-a-queue'],
  },
  {
    id: 'rings',
    part: 'virtqueue',
    title: 'The available and used rings',
    summary: 'Who writes which ring, free-running 16-bit indices, and where slot numbers come from, across the wrap.',
    minutes: 10,
    requires: ['descriptors'],
  },
  {
    id: 'notifications',
    part: 'virtqueue',
    title: 'Notifications and their suppression',
    summary: 'When a kick or an interrupt is sent, and how EVENT_IDX decides it with one comparison.',
    minutes: 12,
    requires: ['rings'],
  },
  {
    id: 'indirect',
    part: 'virtqueue',
    title: 'Indirect descriptors',
    summary: 'A long scatter-gather list in one ring slot, and what happens to the ring without it.',
    minutes: 8,
    requires: ['notifications'],
  },
  {
    id: 'out-of-order',
    part: 'virtqueue',
    title: 'Out-of-order completion',
    summary: 'Why the used ring need not follow the available ring, and how the free list is rebuilt in return order.',
    minutes: 7,
    requires: ['indirect'],
  },
  {
    id: 'hostile-ring',
    part: 'virtqueue',
    title: 'A hostile ring',
    summary: 'What a device must check before it trusts a ring, and what the real implementations say when it fails.',
    minutes: 10,
    requires: ['out-of-order'],
  },
  {
    id: 'packed-ring',
    part: 'virtqueue',
    title: 'The packed virtqueue',
    summary: 'One ring both sides write, the AVAIL and USED bits against wrap counters, and what it saves.',
    minutes: 10,
    requires: ['out-of-order'],
  },
  {
    id: 'real-trace',
    part: 'reality',
    title: 'Reading a real trace',
    summary:
      "A QEMU trace of Linux's virtio-blk driver: what it shows, what it cannot tell, how it maps onto the model.",
    minutes: 9,
    requires: ['notifications'],
  },
  {
    id: 'model-vs-reality',
    part: 'reality',
    title: 'Model against reality',
    summary:
      'The same driver on real shared memory against a native device and qemu-storage-daemon, compared byte for byte.',
    minutes: 8,
    requires: ['real-trace'],
  },
  {
    id: 'lisafs-pool',
    part: 'gvisor',
    title: 'The lisafs channel pool',
    summary:
      'Flipcall channels, the LIFO stack and why that order, the socket fallback, dead channels and the watchdog.',
    minutes: 12,
    requires: ['why-a-queue'],
  },
  {
    id: 'gofer-walks',
    part: 'gvisor',
    title: 'Gofer path walks',
    summary: 'How many RPCs a stat or an open costs under VFS1, the three VFS2 interop modes and lisafs, and why.',
    minutes: 12,
    requires: ['lisafs-pool'],
  },
  {
    id: 'page-loading',
    part: 'gvisor',
    title: 'Loading pages on restore',
    summary:
      "pgalloc's background loading: what runs before loading ends, priority on touch, merging, and where it stops paying.",
    minutes: 10,
    requires: ['why-a-queue'],
  },
  {
    id: 'mux-deadlock',
    part: 'mux',
    title: 'The multiplexed channel that deadlocks',
    summary: 'Four peers, one synchronous mux, the wait cycle as it forms, and the two fixes on the same seed.',
    minutes: 12,
    requires: ['why-a-queue'],
  },
];

/** The course: the planned lessons that exist, numbered in order. */
export const LESSONS: readonly LessonInfo[] = PLANNED.filter((l) => `./content/${l.id}.tsx` in CONTENT).map((l, i) => ({
  ...l,
  number: i + 1,
}));

export function findLesson(id: string): LessonInfo | undefined {
  return LESSONS.find((l) => l.id === id);
}
