import { describe, expect, it } from 'vitest';
import { createQueue } from '../virtio/queue';
import { fromHex, type SimEvent } from '../vqsim/events';
import { withDeviceWrites } from './device-writes';

const event = (step: number, writes: SimEvent['writes'] = []): SimEvent => ({
  step,
  time: step,
  actor: 'driver',
  kind: 'reclaim',
  text: '',
  data: {},
  writes,
  inFlight: 0,
  free: 8,
});

/** Replays exact writes onto zeroed memory (what the replay index does). */
function replay(size: number, events: SimEvent[], from?: Uint8Array): Uint8Array {
  const mem = from ? from.slice() : new Uint8Array(size);
  for (const e of events)
    for (const w of e.writes) {
      if (w.length !== 2) continue;
      mem.set(fromHex(w[1]), w[0]);
    }
  return mem;
}

describe('withDeviceWrites', () => {
  it('puts what another party wrote to the used ring in front of each event, once, so a replay shows it', () => {
    const q = createQueue({ queueSize: 8, features: { eventIdx: true, indirect: false } });
    const used = q.layout.used;
    const observed = withDeviceWrites(q);
    const out: SimEvent[] = [];
    // Nothing changed yet: the event goes out as it was.
    const first = event(0, [[0, '01']]);
    expect(observed(first)).toBe(first);
    out.push(first);
    // A device (not the model) completes head 3 with 513 bytes and publishes used.idx 1.
    q.mem.writeU32(used + 4, 3);
    q.mem.writeU32(used + 8, 513);
    q.mem.writeU16(used + 2, 1);
    const second = observed(event(1, [[16, 'ff']]));
    expect(second.writes).toEqual([
      // used.idx, then element 0 {id 3, len 513}: only the bytes that changed (513's upper zeros did not)
      [used + 2, '0100' + '03000000' + '0102'],
      [16, 'ff'],
    ]);
    out.push(second);
    // Already described: the next event carries nothing new.
    const third = event(2);
    expect(observed(third)).toBe(third);
    // Far-apart changes are separate writes: avail_event (after the last element) and element 7.
    q.mem.writeU16(used + 4 + 8 * 8, 5);
    q.mem.writeU32(used + 4 + 8 * 7, 6);
    const fourth = observed(event(3));
    expect(fourth.writes.map((w) => w[0])).toEqual([used + 4 + 8 * 7, used + 4 + 8 * 8]);
    out.push(fourth);
    const size = used + 4 + 8 * 8 + 2;
    const image = q.mem.readBytes(0, size);
    const replayed = replay(size, out);
    expect(Buffer.from(replayed.subarray(used)).equals(Buffer.from(image.subarray(used)))).toBe(true);
  });

  it('starts from the initial image a header carries (indices that begin at 65530)', () => {
    const q = createQueue({ queueSize: 4, features: { eventIdx: false, indirect: false } });
    const used = q.layout.used;
    q.mem.writeU16(used + 2, 65530);
    const initial = q.mem.readBytes(0, used + 4 + 8 * 4 + 2);
    const observed = withDeviceWrites(q, initial);
    const e = event(0);
    expect(observed(e)).toBe(e);
    q.mem.writeU16(used + 2, 65531);
    expect(observed(event(1)).writes).toEqual([[used + 2, 'fb']]); // fa ff → fb ff
    // Without the initial image the same memory is described from zero.
    expect(withDeviceWrites(q)(event(2)).writes).toEqual([[used + 2, 'fbff']]);
  });
});
