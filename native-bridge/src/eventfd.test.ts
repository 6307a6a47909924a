import { describe, expect, it } from 'vitest';
import { EventFd, epollWaitBlocking, loadNativeBridge } from './index.ts';

const nb = loadNativeBridge();

describe('eventfd', () => {
  it('writes add, a read drains the sum, nonblocking empty read is null', () => {
    const e = EventFd.create({ nonblocking: true });
    try {
      expect(e.read()).toBeNull();
      e.write(1);
      e.write(2);
      e.write(39);
      expect(e.read()).toBe(42);
      expect(e.read()).toBeNull();
      e.write(); // default 1
      expect(e.read()).toBe(1);
    } finally {
      e.close();
    }
  });

  it('honours the initial value and semaphore mode', () => {
    const a = EventFd.create({ initial: 5, nonblocking: true });
    expect(a.read()).toBe(5);
    a.close();
    const s = EventFd.create({ initial: 2, nonblocking: true, semaphore: true });
    expect(s.read()).toBe(1);
    expect(s.read()).toBe(1);
    expect(s.read()).toBeNull();
    s.close();
  });

  it('a blocking eventfd read returns at once when the counter is set (no hang)', () => {
    const fd = nb.eventfdCreate(0, 0);
    nb.eventfdWrite(fd, 3);
    expect(nb.eventfdRead(fd)).toBe(3);
    nb.closeFd(fd);
  });

  it('overflow of a nonblocking counter is EAGAIN; bad fds are EBADF; bad args are TypeErrors', () => {
    const fd = nb.eventfdCreate(0, nb.eventfdFlags.EFD_NONBLOCK);
    nb.eventfdWrite(fd, 2 ** 53 - 1);
    // The counter max is 2^64-2: push it there, then one more must fail.
    for (let i = 0; i < 2047; i++) nb.eventfdWrite(fd, 2 ** 53 - 1);
    let code = '';
    try {
      for (let i = 0; i < 4096; i++) nb.eventfdWrite(fd, 2 ** 53 - 1);
    } catch (e) {
      code = (e as NodeJS.ErrnoException).code ?? '';
    }
    expect(code).toBe('EAGAIN');
    nb.closeFd(fd);
    expect(() => nb.eventfdRead(fd)).toThrow(expect.objectContaining({ code: 'EBADF' }));
    expect(() => nb.eventfdWrite(fd, 1)).toThrow(/eventfdWrite: write failed: Bad file descriptor \(EBADF\)/);
    expect(() => nb.eventfdWrite(-1 as number, 1)).toThrow(RangeError);
    expect(() => nb.eventfdRead('3' as unknown as number)).toThrow(TypeError);
  });

  it('epollWaitBlocking reports ready eventfds with their drained count, and times out', () => {
    const a = EventFd.create({ nonblocking: true });
    const b = EventFd.create();
    try {
      expect(epollWaitBlocking([a.fd, b.fd], 0)).toEqual([]);
      const t0 = Date.now();
      expect(epollWaitBlocking([a.fd], 30)).toEqual([]);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(25);
      b.write(4);
      b.write(3);
      const ready = epollWaitBlocking([a.fd, b.fd], 1000);
      expect(ready).toEqual([{ fd: b.fd, events: 1, count: 7 }]);
      a.write(1);
      expect(epollWaitBlocking([a.fd], 1000, false)).toEqual([{ fd: a.fd, events: 1, count: null }]);
      expect(a.read()).toBe(1); // not drained when drain = false
    } finally {
      a.close();
      b.close();
    }
  });
});
