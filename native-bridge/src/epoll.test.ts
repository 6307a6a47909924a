import { describe, expect, it } from 'vitest';
import { EpollWatcher, EventFd, loadNativeBridge, unix } from './index.ts';
import { fdCount, forceGc, threadCount } from './proc.helper.ts';
import { waitFor } from './ring-writer.helper.ts';

type Ev = { fd: number; count: number | null; err?: Error };

function collector() {
  const events: Ev[] = [];
  let wake: (() => void) | undefined;
  const cb = (fd: number, count: number | null, err?: Error) => {
    events.push({ fd, count, err });
    wake?.();
  };
  const next = async (n: number, timeoutMs = 2000) => {
    const end = Date.now() + timeoutMs;
    while (events.length < n) {
      if (Date.now() > end) throw new Error(`only ${events.length} of ${n} events`);
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, 20);
      });
    }
  };
  return { events, cb, next };
}

describe('EpollWatcher', () => {
  it('calls back on the JS thread with the drained eventfd count while JS keeps running', async () => {
    const e = EventFd.create({ nonblocking: true });
    const c = collector();
    const w = new EpollWatcher(c.cb);
    try {
      expect(w.add(e.fd)).toBe('eventfd');
      // Busy the JS thread for a while: the watcher thread drains the fd meanwhile and the result
      // arrives through the event loop afterwards.
      e.write(5);
      let spins = 0;
      const t0 = Date.now();
      while (Date.now() - t0 < 20) spins++;
      expect(spins).toBeGreaterThan(0);
      await c.next(1);
      expect(c.events[0]).toEqual({ fd: e.fd, count: 5, err: undefined });
      // Drained on the watcher thread: the counter is empty now.
      expect(e.read()).toBeNull();
    } finally {
      w.close();
      e.close();
    }
  });

  it('reports several fds, coalesces, removes, and keeps working after the caller closes its fd', async () => {
    const a = EventFd.create({ nonblocking: true });
    const b = EventFd.create({ nonblocking: true });
    const c = collector();
    const w = new EpollWatcher(c.cb);
    try {
      w.add(a.fd);
      w.add(b.fd);
      expect(w.size).toBe(2);
      expect(() => w.add(a.fd)).toThrow(expect.objectContaining({ code: 'EEXIST' }));
      a.write(1);
      b.write(2);
      await c.next(2);
      const byFd = new Map(c.events.map((e) => [e.fd, e.count]));
      expect(byFd.get(a.fd)).toBe(1);
      expect(byFd.get(b.fd)).toBe(2);
      expect(a.read()).toBeNull(); // drained by the watcher
      expect(w.remove(a.fd)).toBe(true);
      expect(w.remove(a.fd)).toBe(false);
      a.write(9);
      await new Promise((r) => setTimeout(r, 30));
      expect(c.events.length).toBe(2); // removed: no report
      expect(a.read()).toBe(9);
    } finally {
      w.close();
      a.close();
      b.close();
    }
  });

  it('one-shot sockets report readiness once until rearmed', async () => {
    const [s0, s1] = unix.socketpair();
    const c = collector();
    const w = new EpollWatcher(c.cb);
    try {
      expect(w.add(s1)).toBe('oneshot');
      unix.sendmsgFds(s0, Buffer.from('ping'));
      await c.next(1);
      expect(c.events[0]).toEqual({ fd: s1, count: null, err: undefined });
      unix.sendmsgFds(s0, Buffer.from('more'));
      await new Promise((r) => setTimeout(r, 30));
      expect(c.events.length).toBe(1); // disarmed
      expect(unix.recvmsgFds(s1, 64, 0, 0).data.toString()).toBe('pingmore');
      w.rearm(s1);
      unix.sendmsgFds(s0, Buffer.from('x'));
      await c.next(2);
    } finally {
      w.close();
      unix.close(s0);
      unix.close(s1);
    }
  });

  it('close() from inside the callback stops delivery; methods on a closed watcher throw', async () => {
    const e = EventFd.create();
    let calls = 0;
    const w = new EpollWatcher(() => {
      calls++;
      w.close();
      forceGc(); // a closed watcher may be collected: not while its delivery loop is running
    });
    w.add(e.fd);
    e.write(1);
    await waitFor(() => calls > 0, 5000, 'the first callback');
    e.write(1);
    await new Promise((r) => setTimeout(r, 30)); // time in which a second delivery would show
    expect(calls).toBe(1);
    expect(() => w.add(e.fd)).toThrow(expect.objectContaining({ code: 'ERR_WATCHER_CLOSED' }));
    w.close(); // idempotent
    e.close();
  });

  it('an open watcher is kept alive by its native handle even with no JS reference', async () => {
    const nb = loadNativeBridge();
    const e = EventFd.create();
    let got = 0;
    let ref: WeakRef<object>;
    (() => {
      const raw = new nb.EpollWatcher((_fd, count) => {
        got += count ?? 0;
      });
      raw.add(e.fd);
      ref = new WeakRef(raw);
    })();
    forceGc();
    await new Promise((r) => setTimeout(r, 10));
    forceGc();
    const raw = ref!.deref() as InstanceType<typeof nb.EpollWatcher> | undefined;
    expect(raw).toBeDefined();
    e.write(2);
    await waitFor(() => got === 2, 5000, 'the watcher to report the write');
    expect(got).toBe(2);
    raw!.close();
    e.close();
  });

  it('EpollWatcher.once resolves with the count; 300 open/close cycles leak no fds or threads', async () => {
    const e = EventFd.create();
    setTimeout(() => e.write(3), 5);
    expect(await EpollWatcher.once(e.fd)).toBe(3);
    const fds0 = fdCount();
    const th0 = threadCount();
    for (let i = 0; i < 300; i++) {
      const w = new EpollWatcher(() => {});
      w.add(e.fd);
      w.close();
    }
    // libuv closes the async handles on a later loop turn: wait for it rather than for a fixed time.
    await waitFor(() => fdCount() === fds0 && threadCount() === th0, 5000, 'fds and threads to return').catch(() => {});
    expect(fdCount()).toBe(fds0);
    expect(threadCount()).toBe(th0);
    e.close();
  });
});
