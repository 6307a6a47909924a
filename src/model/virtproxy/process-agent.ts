/**
 * A process's turn in a virtproxy run: it carries out the next action of its script (write to or read from its
 * socket, sleep, signal or await another process directly), checking every byte it reads against the stream it
 * expects.
 */
import { onConsumed } from './credit';
import { VirtproxyInvariantError } from './errors';
import { streamByte } from './packet';
import { connName } from './topology';
import type { ProcState, VpEvent } from './types';
import { type AgentWorld, findProc, vpEvent } from './agent-world';

function advance(w: AgentWorld, p: ProcState): void {
  p.pc++;
  p.progress = 0;
  if (p.pc >= w.workload.scripts[p.name].length) p.status = 'done';
}

export function procAct(w: AgentWorld, p: ProcState, agent: string): VpEvent {
  const act = w.workload.scripts[p.name][p.pc];
  const cfg = w.config;
  if (p.status === 'sleeping') {
    p.status = 'ready';
    advance(w, p);
    return vpEvent(w, 'wake', `${p.name} wakes up and carries on.`, { agent });
  }
  switch (act.a) {
    case 'sleep':
      p.status = 'sleeping';
      w.s.scheduled[agent] = true;
      w.sched.schedule(act.ns, { agent });
      return vpEvent(w, 'sleep', `${p.name} is busy with other work for ${act.ns} ns.`, { agent });
    case 'signal': {
      findProc(w.s, act.to).signals.push(`${p.name}:${act.label}`);
      advance(w, p);
      return vpEvent(w, 'signal', `${p.name} tells ${act.to} "${act.label}" directly (not through the proxy).`, {
        agent,
      });
    }
    case 'await':
      advance(w, p);
      return vpEvent(w, 'await-done', `${p.name} has heard "${act.label}" from ${act.from} and carries on.`, { agent });
    case 'send': {
      const ep = w.s.conns[act.conn][p.side];
      const n = Math.min(act.bytes - p.progress, cfg.sockBufBytes - ep.tx.length);
      for (let k = 0; k < n; k++) ep.tx.push(streamByte(act.conn, p.side === 'host', ep.sent + k));
      ep.sent += n;
      p.progress += n;
      const left = act.bytes - p.progress;
      if (left === 0) advance(w, p);
      const more =
        left === 0
          ? `That completes ${act.label}.`
          : `${left} bytes of ${act.label} still to write; its socket buffer is full.`;
      return vpEvent(
        w,
        'send',
        `${p.name} writes ${n} bytes into its socket for ${connName(w.workload, act.conn)}. ${more}`,
        { agent, conn: act.conn, bytes: n },
      );
    }
    case 'recv': {
      const ep = w.s.conns[act.conn][p.side];
      const n = Math.min(act.bytes - p.progress, ep.rx.length);
      const got = ep.rx.splice(0, n);
      got.forEach((b, k) => {
        const want = streamByte(act.conn, p.side === 'guest', ep.read + k);
        if (b !== want)
          throw new VirtproxyInvariantError(
            'byte-mismatch',
            `${p.name} read byte ${ep.read + k} of ${connName(w.workload, act.conn)} wrong: lost or reordered data`,
          );
      });
      ep.read += n;
      p.progress += n;
      if (cfg.mode === 'credit') onConsumed(ep.credit, n, ep.rx.length, cfg.creditLowWater);
      const left = act.bytes - p.progress;
      if (left === 0) advance(w, p);
      const more = left === 0 ? `That completes ${act.label}.` : `${left} bytes of ${act.label} still to come.`;
      return vpEvent(w, 'recv', `${p.name} reads ${n} bytes from ${connName(w.workload, act.conn)}. ${more}`, {
        agent,
        conn: act.conn,
        bytes: n,
      });
    }
  }
}
