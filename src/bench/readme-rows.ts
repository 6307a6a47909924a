/**
 * Which figures the README's benchmark table has, in table order: the benchmark log each
 * comes from, the BENCH name it is recorded under, how the table describes it, and the
 * target it is held to.
 */
import { atLeast, atMost, everyProcess, p95AtMost, slowestAtMost, type Target } from './readme-targets';

export interface RowSpec {
  bench: string;
  name: string;
  unit?: string;
  label: string;
  target?: Target;
}

const ring = 'add → kick decision → pop with every check → fill/flush → interrupt decision → reclaim, QS 256';

function ringRows(): RowSpec[] {
  const rows: RowSpec[] = [];
  const per = (b: number, name: string, label: string, target?: Target) =>
    rows.push({ bench: 'bench', name: name.replace('{b}', String(b)), label: `${label}, batch ${b}`, target });
  for (const b of [1, 32]) per(b, 'model round trip, batch {b}', `model round trip (${ring})`);
  for (const b of [1, 32])
    per(
      b,
      'model round trip, explained calls, batch {b}',
      'the same through the calls that also describe each step (what the simulator logs)',
    );
  for (const b of [1, 32])
    per(
      b,
      'C ring loop (same work as the model), batch {b}',
      'C ring loop doing the same work (same checks and state)',
    );
  for (const b of [1, 32])
    per(b, 'same work as one JS function, batch {b}', 'the same work as one JavaScript function');
  for (const b of [1, 32])
    per(
      b,
      'same work as driver/device/memory objects, batch {b}',
      'the same work as driver, device and memory objects',
    );
  for (const b of [1, 32])
    per(b, 'ratio model / C ring loop, batch {b}', 'ratio model / C ring loop', everyProcess(3.0, 2.8));
  for (const b of [1, 32])
    per(b, 'ratio one JS function / C ring loop, batch {b}', 'factor 1, the language: one JS function / C');
  for (const b of [1, 32])
    per(b, 'ratio objects / one JS function, batch {b}', 'factor 2, the split: objects / one JS function');
  for (const b of [1, 32]) per(b, 'ratio model / objects, batch {b}', "factor 3, the model's duties: model / objects");
  for (const b of [1, 32]) per(b, 'ratio objects / C ring loop, batch {b}', 'ratio objects / C ring loop');
  for (const b of [1, 32])
    per(b, 'ratio explained / lean model calls, batch {b}', 'ratio explained calls / lean calls of the model');
  return rows;
}

/** The rows, in table order: which figure, in which benchmark's log, described how, against which target. */
export const ROWS: RowSpec[] = [
  ...ringRows(),
  { bench: 'bench', name: 'C↔C eventfd round trip (two threads)', label: 'C↔C eventfd round trip (two threads)' },
  {
    bench: 'bench',
    name: 'JS driver ↔ native device, unbatched',
    unit: 'ns/request',
    label: 'JS driver ↔ native device over eventfds, unbatched',
  },
  {
    bench: 'bench',
    name: 'ratio JS↔native unbatched / C↔C eventfd',
    label: 'ratio JS driver ↔ native device, unbatched / C↔C eventfd round trip',
    target: atMost(1.5),
  },
  {
    bench: 'bench',
    name: 'C driver ↔ native device, batch 32, EVENT_IDX',
    label: 'C driver ↔ native device, batch 32, EVENT_IDX',
  },
  {
    bench: 'bench',
    name: 'JS driver ↔ native device, batch 32, EVENT_IDX',
    label: 'JS driver ↔ native device, batch 32, EVENT_IDX',
  },
  {
    bench: 'bench',
    name: 'ratio JS / C driver throughput, batch 32',
    label: 'ratio JS / C driver throughput on the native device, batch 32, EVENT_IDX',
    target: atLeast(0.8),
  },
  {
    bench: 'bench',
    name: 'ratio lisafs socket / channel (futex), C client',
    label: 'lisafs pool: socket / futex channel round trip (C client)',
  },
  {
    bench: 'bench',
    name: 'ratio lisafs socket / channel (spin 2048), C client',
    label: 'lisafs pool: socket / spinning channel round trip (C client)',
  },
  {
    bench: 'bench',
    name: 'seed: ratio 9P legacy / 9P channel',
    label: "the seed's 9P legacy / channel round trip (its published figures)",
  },
  {
    bench: 'bench',
    name: 'ratio lisafs JS / C client, channel (futex)',
    label: 'lisafs pool: JS / C client, futex channel',
  },
  {
    bench: 'bench',
    name: 'ratio lisafs JS / C client, channel (spin 2048)',
    label: 'lisafs pool: JS / C client, spinning channel',
  },
  ...(['vhost-user-blk', 'native-blk'] as const).flatMap((d) =>
    [1, 8, 32].map((qd) => ({
      bench: 'devices',
      name: `${d} 4KiB read QD${qd} EVENT_IDX on iops`,
      label: `${d === 'native-blk' ? 'native blk device' : 'vhost-user-blk on null-co'}: 4 KiB reads, QD ${qd}, EVENT_IDX`,
    })),
  ),
  ...(['vhost-user-blk', 'native-blk'] as const).flatMap((d) =>
    [1, 32].map((qd) => ({
      bench: 'devices',
      name: `${d} 4KiB read QD${qd} EVENT_IDX on latency`,
      label: `${d === 'native-blk' ? 'native blk device' : 'vhost-user-blk on null-co'}: latency, QD ${qd}, EVENT_IDX`,
    })),
  ),
  {
    bench: 'devices',
    name: 'vhost-user-blk SIGKILL to first in-flight request failed',
    label: 'qemu-storage-daemon SIGKILLed: until the first in-flight request fails',
  },
  {
    bench: 'devices',
    name: 'vhost-user-blk SIGKILL to every in-flight request failed',
    label: 'qemu-storage-daemon SIGKILLed: until every in-flight request has failed',
  },
  {
    bench: 'traces',
    name: 'ratio reader/JSON.parse throughput',
    label: 'trace reader vs bare `JSON.parse` (objects kept), 1M events, throughput',
    target: atLeast(0.5),
  },
  { bench: 'traces', name: 'trace reader 1M events', label: 'trace reader, 1M events' },
  { bench: 'traces', name: 'replay index build 1M events', label: 'replay index of a 1M-event trace: build' },
  { bench: 'traces', name: 'replay index memoryAt', label: 'replay index: ring memory at a random step' },
  { bench: 'traces', name: 'QEMU importer 1M lines', label: 'QEMU importer, 1M lines' },
  {
    bench: 'ui',
    name: 'QS 256: frame time, playing at full speed',
    label: 'UI, QS 256: frame time while playing',
    target: p95AtMost(16.7, 'ms'),
  },
  {
    bench: 'ui',
    name: 'QS 256: seek to a random step, rendered',
    label: 'UI, QS 256: seek to a random step, rendered',
    target: p95AtMost(50, 'ms'),
  },
  {
    bench: 'ui',
    name: 'QS 32768: frame time, playing at full speed',
    label: 'UI, QS 32768: frame time while playing',
    target: slowestAtMost(50, 'ms'),
  },
  {
    bench: 'ui',
    name: 'QS 32768: seek to a random step, rendered',
    label: 'UI, QS 32768: seek to a random step, rendered',
    target: p95AtMost(50, 'ms'),
  },
  {
    bench: 'ui',
    name: '1M-event replay: load by file chooser, until drawn',
    label: '1M-event trace in `/replay`: load until drawn',
  },
  {
    bench: 'ui',
    name: '1M-event replay: main-thread long tasks in load',
    label: '1M-event trace in `/replay`: main-thread long tasks while loading',
  },
  {
    bench: 'ui',
    name: '1M-event replay: seek to a random step, drawn',
    label: '1M-event trace in `/replay`: seek to a random step, drawn',
    target: p95AtMost(50, 'ms'),
  },
];
