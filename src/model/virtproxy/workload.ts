/**
 * Who talks to whom. Processes live on the host or in the guest; each connection joins one host
 * process to one guest process through the proxy. Scripts are built from one global order of
 * messages and local signals (each process's script lists its part in that order), so with
 * independent, flow-controlled streams every script can finish: the earliest unfinished message
 * always has its sender sending and its receiver receiving. Any deadlock is then the proxy's fault.
 */
import { Prng } from '../sim/prng';
import { VirtproxyInvariantError } from './errors';

export type Side = 'host' | 'guest';

export type Action =
  | { a: 'send'; conn: number; bytes: number; label: string }
  | { a: 'recv'; conn: number; bytes: number; label: string }
  /** A local signal to a process on the same side (a pipe, a lock): not through the proxy. */
  | { a: 'signal'; to: string; label: string }
  | { a: 'await'; from: string; label: string }
  | { a: 'sleep'; ns: number };

export interface Workload {
  processes: { name: string; side: Side }[];
  /** Connection i joins host process `host` and guest process `guest`. */
  connections: { host: string; guest: string }[];
  scripts: Record<string, Action[]>;
}

/** One step of the global order. */
export type GlobalItem =
  | { kind: 'message'; conn: number; toGuest: boolean; bytes: number; label: string }
  | { kind: 'signal'; from: string; to: string; label: string };

export function buildScripts(
  processes: Workload['processes'],
  connections: Workload['connections'],
  order: GlobalItem[],
  sleeps: Record<string, number> = {},
): Workload {
  const scripts: Record<string, Action[]> = {};
  for (const p of processes) scripts[p.name] = sleeps[p.name] ? [{ a: 'sleep', ns: sleeps[p.name] }] : [];
  for (const it of order) {
    if (it.kind === 'message') {
      const c = connections[it.conn];
      const [from, to] = it.toGuest ? [c.host, c.guest] : [c.guest, c.host];
      scripts[from].push({ a: 'send', conn: it.conn, bytes: it.bytes, label: it.label });
      scripts[to].push({ a: 'recv', conn: it.conn, bytes: it.bytes, label: it.label });
    } else {
      scripts[it.from].push({ a: 'signal', to: it.to, label: it.label });
      scripts[it.to].push({ a: 'await', from: it.from, label: it.label });
    }
  }
  const w = { processes, connections, scripts };
  validateWorkload(w);
  return w;
}

export function validateWorkload(w: Workload): void {
  const side = new Map(w.processes.map((p) => [p.name, p.side]));
  const bad = (m: string) => {
    throw new VirtproxyInvariantError('bad-workload', m);
  };
  if (w.connections.length > 255) bad('at most 255 connections fit the packet header');
  for (const c of w.connections)
    if (side.get(c.host) !== 'host' || side.get(c.guest) !== 'guest')
      bad(`connection ${c.host}↔${c.guest} must join a host and a guest process`);
  for (const [name, acts] of Object.entries(w.scripts)) {
    if (!side.has(name)) bad(`script for unknown process ${name}`);
    for (const a of acts) {
      if (
        (a.a === 'signal' && side.get(a.to) !== side.get(name)) ||
        (a.a === 'await' && side.get(a.from) !== side.get(name))
      )
        bad(`${name}: local signals stay on one side`);
      if ((a.a === 'send' || a.a === 'recv') && (a.conn < 0 || a.conn >= w.connections.length || a.bytes <= 0))
        bad(`${name}: bad message`);
    }
  }
}

/**
 * The review's scenario. Alice (host) talks to Bob (guest), Mary (host) to Joe (guest), all over
 * one channel. Joe will not read Mary's data until Bob tells him to (a guest-local pipe), and
 * Bob does that only after Alice's request reaches him. Mary starts first with a large message.
 */
export function aliceBobMaryJoe(maryBytes = 4096): Workload {
  const processes: Workload['processes'] = [
    { name: 'Alice', side: 'host' },
    { name: 'Mary', side: 'host' },
    { name: 'Bob', side: 'guest' },
    { name: 'Joe', side: 'guest' },
  ];
  const connections = [
    { host: 'Alice', guest: 'Bob' },
    { host: 'Mary', guest: 'Joe' },
  ];
  const order: GlobalItem[] = [
    { kind: 'message', conn: 0, toGuest: true, bytes: 40, label: 'Alice’s request' },
    { kind: 'signal', from: 'Bob', to: 'Joe', label: 'go ahead' },
    { kind: 'message', conn: 1, toGuest: true, bytes: maryBytes, label: 'Mary’s upload' },
    { kind: 'message', conn: 1, toGuest: false, bytes: 16, label: 'Joe’s receipt' },
    { kind: 'message', conn: 0, toGuest: false, bytes: 16, label: 'Bob’s answer' },
  ];
  // Alice sends a little later, so Mary's upload is already filling the channel.
  return buildScripts(processes, connections, order, { Alice: 50_000 });
}

export interface RandomWorkloadOptions {
  hostProcs: number;
  guestProcs: number;
  connections: number;
  items: number;
  maxMessageBytes: number;
  /** Probability that an item is a local signal rather than a message. */
  signalRate: number;
  maxSleepNs: number;
}

export const DEFAULT_RANDOM_WORKLOAD: RandomWorkloadOptions = {
  hostProcs: 3,
  guestProcs: 3,
  connections: 4,
  items: 14,
  maxMessageBytes: 600,
  signalRate: 0.3,
  maxSleepNs: 2_000,
};

/** A random workload that always completes when streams are isolated (see the file comment). */
export function randomWorkload(seed: number, o: RandomWorkloadOptions = DEFAULT_RANDOM_WORKLOAD): Workload {
  const rng = Prng.stream(seed, 'virtproxy-workload');
  const processes: Workload['processes'] = [];
  for (let i = 0; i < o.hostProcs; i++) processes.push({ name: `H${i}`, side: 'host' });
  for (let i = 0; i < o.guestProcs; i++) processes.push({ name: `G${i}`, side: 'guest' });
  const connections: Workload['connections'] = [];
  for (let i = 0; i < o.connections; i++)
    connections.push({ host: `H${rng.int(0, o.hostProcs - 1)}`, guest: `G${rng.int(0, o.guestProcs - 1)}` });
  const order: GlobalItem[] = [];
  for (let i = 0; i < o.items; i++) {
    const onHost = rng.bool();
    const sideProcs = onHost ? o.hostProcs : o.guestProcs;
    const prefix = onHost ? 'H' : 'G';
    if (sideProcs > 1 && rng.bool(o.signalRate)) {
      const a = rng.int(0, sideProcs - 1);
      let b = rng.int(0, sideProcs - 2);
      if (b >= a) b++;
      order.push({ kind: 'signal', from: `${prefix}${a}`, to: `${prefix}${b}`, label: `signal ${i}` });
    } else {
      order.push({
        kind: 'message',
        conn: rng.int(0, o.connections - 1),
        toGuest: rng.bool(),
        bytes: rng.int(1, o.maxMessageBytes),
        label: `message ${i}`,
      });
    }
  }
  const sleeps: Record<string, number> = {};
  for (const p of processes) if (o.maxSleepNs > 0 && rng.bool(0.5)) sleeps[p.name] = rng.int(1, o.maxSleepNs);
  return buildScripts(processes, connections, order, sleeps);
}
