import { describe, expect, it } from 'vitest';
import { CallWaiter } from './call-waiter';

describe('CallWaiter', () => {
  it('hands out signals counted before the wait at once, summed', async () => {
    const w = new CallWaiter();
    w.signal(2);
    w.signal(1);
    await expect(w.wait(1000, null, () => new Error('timeout'))).resolves.toBe(3);
    expect(w.drain()).toBe(0);
  });

  it('wakes a sleeping waiter with the signal, and only once', async () => {
    const w = new CallWaiter();
    const p = w.wait(10_000, null, () => new Error('timeout'));
    w.signal(4);
    await expect(p).resolves.toBe(4);
    w.signal(1); // nobody waits: counted for the next wait
    expect(w.drain()).toBe(1);
  });

  it('refuses when the port says so, but not while signals are counted', async () => {
    const w = new CallWaiter();
    await expect(w.wait(1000, new Error('closed'), () => new Error('timeout'))).rejects.toThrow('closed');
    w.signal(1);
    await expect(w.wait(1000, new Error('closed'), () => new Error('timeout'))).resolves.toBe(1);
  });

  it('allows one waiter at a time, and a failure wakes it with the error', async () => {
    const w = new CallWaiter();
    const p = w.wait(10_000, null, () => new Error('timeout'));
    await expect(w.wait(10_000, null, () => new Error('timeout'))).rejects.toThrow('already waiting');
    w.fail(new Error('device died'));
    await expect(p).rejects.toThrow('device died');
    // the slot is free again
    const q = w.wait(10_000, null, () => new Error('timeout'));
    w.signal(1);
    await expect(q).resolves.toBe(1);
  });

  it('times out with the port’s own error', async () => {
    const w = new CallWaiter();
    await expect(w.wait(1, null, () => new Error('no interrupt within 1 ms'))).rejects.toThrow('no interrupt');
  });
});
