/**
 * Lesson "Reading a real trace" in Chromium. The figures are counted here straight from the raw
 * log lines (not from the importer the lesson uses), and each used length is read from the
 * request's own virtqueue_fill line.
 */
import { test } from '@playwright/test';
import { walkLesson } from './lesson-walk';

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    const w = window as any;
    w.__log = () => {
      const run = w.__lesson.run;
      const parsed = run.lines.map((l: string) => {
        const m = /^(\d+)@([\d.]+):(\w+) ?(.*)$/.exec(l);
        return m ? { tid: Number(m[1]), name: m[3], args: m[4] } : null;
      });
      const count = (name: string) => parsed.filter((p: any) => p?.name === name).length;
      // The used len of the request popped on 1-based line n: the first fill of the same elem after it.
      const fillLen = (n: number) => {
        const elem = /elem (0x[0-9a-f]+)/.exec(parsed[n - 1].args)![1];
        for (let i = n; i < parsed.length; i++) {
          const p = parsed[i];
          if (p?.name === 'virtqueue_fill' && p.args.includes(`elem ${elem}`))
            return Number(/len (\d+)/.exec(p.args)![1]);
        }
        return -1;
      };
      return { run, parsed, count, fillLen };
    };
  });
});

test('real-trace: every step, figures from the raw log, checks wrong then right, axe, 390 px', async ({ page }) => {
  test.setTimeout(240_000);
  const full = () => {
    const { run } = (window as any).__log();
    return run.trace.requests.findIndex(
      (q: any) => q.kickId !== undefined && q.flushId !== undefined && q.interruptId !== undefined,
    );
  };
  await page.addInitScript(`window.__full = ${full.toString()}`);
  await walkLesson(page, 'real-trace', {
    lines: {
      live: () => {
        const { parsed } = (window as any).__log();
        const names = new Set(parsed.filter(Boolean).map((p: any) => p.name));
        const threads = new Set(parsed.filter((p: any) => p?.name === 'virtqueue_pop').map((p: any) => p.tid));
        return [parsed.length, names.size, threads.size].map(String);
      },
      answer: () => 'virtqueue_pop',
    },
    'one-request': {
      live: () => {
        const w = window as any;
        const { run, parsed } = w.__log();
        const i = w.__full();
        const q = run.trace.requests[i];
        const kick = run.trace.kicks[q.kickId];
        const flush = run.trace.flushes[q.flushId];
        const irq = run.trace.interrupts[q.interruptId];
        // The lines the lesson names are the events it says they are.
        const named = (n: number, name: string) => {
          if (parsed[n - 1]?.name !== name) throw new Error(`line ${n} is not ${name}`);
          return n;
        };
        const pop = parsed[q.popLine - 1];
        const inNum = Number(/in_num (\d+)/.exec(pop.args)![1]);
        const outNum = Number(/out_num (\d+)/.exec(pop.args)![1]);
        return [
          i,
          named(kick.line, 'virtio_queue_notify'),
          outNum,
          inNum,
          named(q.popLine, 'virtqueue_pop'),
          q.blk.nsectors,
          q.blk.sector,
          named(flush.line, 'virtqueue_flush'),
          irq.line,
          Math.round(q.interruptTime - q.kickTime),
        ].map(String);
      },
      answer: () => {
        const w = window as any;
        const { run, fillLen } = w.__log();
        return String(fillLen(run.trace.requests[w.__full()].popLine));
      },
    },
    mapping: {
      live: () => {
        const { run, count } = (window as any).__log();
        const q = run.trace.queues[0];
        return [
          count('virtqueue_pop'),
          count('virtio_queue_notify'),
          count('virtqueue_flush'),
          count('virtio_notify_irqfd'),
          q.maxInFlight,
          q.emptyKicks,
          q.kicklessRequests,
        ].map(String);
      },
      answer: () => {
        const { count } = (window as any).__log();
        return (count('virtqueue_fill') / count('virtio_notify_irqfd')).toFixed(2);
      },
    },
    'cannot-tell': {
      live: () => [String((window as any).__log().run.trace.limitations.length)],
      answer: () => 'no',
    },
    practice: {
      live: () => {
        const { run } = (window as any).__log();
        const i = (run.seed * 17) % run.trace.requests.length;
        const q = run.trace.requests[i];
        return [i, q.popLine, q.blk.nsectors].map(String);
      },
      answer: () => {
        const { run, fillLen } = (window as any).__log();
        return String(fillLen(run.trace.requests[(run.seed * 17) % run.trace.requests.length].popLine));
      },
    },
  });
});
