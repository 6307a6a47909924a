/**
 * Runs a script of operations and remote changes through one client design in one interop
 * mode. Each script item runs atomically against the model (cache and remote change at
 * once); its events are then handed out one per step: op-start, one per RPC, op-end. So a
 * view can animate a client↔gofer sequence diagram RPC by RPC, with a running count.
 */
import type { Steppable } from '../sim/steppable';
import { createCache } from './cache';
import { type ClockConfig, OpContext, type RunState } from './context';
import { DESIGNS } from './designs/index';
import { GoferInvariantError } from './errors';
import { checkGoferInvariants } from './invariants';
import { createRemote, lookup, remoteCreate, remoteDelete, remoteReplace, remoteWrite } from './remote';
import type {
  DesignId,
  GoferEvent,
  InteropMode,
  OpOutcome,
  OpRecord,
  Operation,
  RemoteChange,
  ScriptItem,
  TreeSpec,
} from './types';
import type { DesignResult } from './designs/design';

export interface GoferConfig {
  design: DesignId;
  mode: InteropMode;
  tree: TreeSpec;
  script: ScriptItem[];
  /** Virtual cost of one RPC; defaults to the design's (9P channel 1551 ns, lisafs 854 ns). */
  rpcNs?: number;
  /** Remote clock minus client clock, so timestamps from the two clocks are easy to tell apart. */
  remoteSkewNs?: number;
  /** Virtual time between script items. */
  opGapNs?: number;
  /** lisafs: whether OpenAt donates the host FD (it does in gVisor). */
  hostFdDonation?: boolean;
}

export interface GoferState {
  run: RunState;
  /** Next script item to execute. */
  item: number;
  /** Events of the current item not yet handed out. */
  pending: Omit<GoferEvent, 'step'>[];
  ops: OpRecord[];
  step: number;
}

export interface GoferSnapshot {
  config: GoferConfig;
  state: GoferState;
}

export const DEFAULT_REMOTE_SKEW_NS = 3_000_000_000;
export const DEFAULT_OP_GAP_NS = 1_000_000;

export class GoferSim implements Steppable<GoferSnapshot, GoferEvent> {
  readonly config: GoferConfig;
  private s: GoferState;
  private clocks: ClockConfig;

  constructor(config: GoferConfig) {
    const design = DESIGNS[config.design];
    if (!design) throw new RangeError(`unknown design ${config.design}`);
    if (!design.modes.includes(config.mode))
      throw new GoferInvariantError(
        'mode-unsupported',
        `${design.label} has no ${config.mode} mode (it supports ${design.modes.join(', ')})`,
      );
    this.config = structuredClone(config);
    this.clocks = { rpcNs: config.rpcNs ?? design.rpcNs, remoteSkewNs: config.remoteSkewNs ?? DEFAULT_REMOTE_SKEW_NS };
    const remote = createRemote(config.tree, this.clocks.remoteSkewNs);
    this.s = {
      run: { clientNow: 0, remote, cache: createCache(remote.nodes['/'], 0), rpcSeq: 0, runningCount: 0, byName: {} },
      item: 0,
      pending: [],
      ops: [],
      step: 0,
    };
  }

  get state(): Readonly<GoferState> {
    return this.s;
  }

  get done(): boolean {
    return this.s.pending.length === 0 && this.s.item >= this.config.script.length;
  }

  step(): GoferEvent | null {
    if (this.s.pending.length === 0) {
      if (this.s.item >= this.config.script.length) return null;
      this.execute(this.config.script[this.s.item], this.s.item);
      this.s.item++;
    }
    const ev = { step: ++this.s.step, ...this.s.pending.shift()! };
    checkGoferInvariants(this.s.run.cache, this.config.mode, this.s.ops, this.s.run.runningCount);
    return ev;
  }

  run(maxSteps = 1_000_000): GoferEvent[] {
    const out: GoferEvent[] = [];
    for (let i = 0; i < maxSteps; i++) {
      const e = this.step();
      if (!e) break;
      out.push(e);
    }
    return out;
  }

  snapshot(): GoferSnapshot {
    return structuredClone({ config: this.config, state: this.s });
  }

  restore(snap: GoferSnapshot): void {
    if (JSON.stringify(snap.config) !== JSON.stringify(this.config))
      throw new Error('snapshot belongs to a different configuration');
    this.s = structuredClone(snap.state);
  }

  static fromSnapshot(snap: GoferSnapshot): GoferSim {
    const sim = new GoferSim(snap.config);
    sim.restore(snap);
    return sim;
  }

  private execute(item: ScriptItem, index: number): void {
    const run = this.s.run;
    run.clientNow += this.config.opGapNs ?? DEFAULT_OP_GAP_NS;
    const base = { design: this.config.design, mode: this.config.mode, item: index };
    if (item.type === 'remote') {
      const text = applyRemote(run, item, run.clientNow + this.clocks.remoteSkewNs);
      this.s.pending.push({
        ...base,
        time: run.clientNow,
        kind: 'remote-change',
        runningCount: run.runningCount,
        text,
      });
      return;
    }
    const op: Operation = { op: item.op, path: item.path, ...(item.bytes !== undefined ? { bytes: item.bytes } : {}) };
    const design = DESIGNS[this.config.design];
    this.s.pending.push({
      ...base,
      time: run.clientNow,
      kind: 'op-start',
      runningCount: run.runningCount,
      text: `${describeOp(op)} — ${design.label}, ${this.config.mode} mode.`,
    });
    const ctx = new OpContext(
      run,
      this.config.design,
      this.config.mode,
      design.protocol,
      this.clocks,
      index,
      this.config.hostFdDonation ?? true,
    );
    const res = design.run(op, ctx);
    ctx.flushTouchedToLast();
    const leftover = ctx.takeTouched();
    const outcome = outcomeOf(op, res, run);
    const count = ctx.rpcs.length;
    this.s.ops.push({ index, op, rpcs: ctx.rpcs.map((r) => r.name), count, outcome });
    this.s.pending.push(...ctx.events);
    this.s.pending.push({
      ...base,
      time: run.clientNow,
      kind: 'op-end',
      outcome,
      runningCount: run.runningCount,
      ...(leftover ? { touched: leftover } : {}),
      text: `${describeOp(op)} ${outcome.ok ? 'succeeded' : `failed with ${outcome.errno}`} after ${count} RPC${count === 1 ? '' : 's'}. ${res.note}${divergenceText(outcome)}`,
    });
  }
}

function describeOp(op: Operation): string {
  return `${op.op}("${op.path}")${op.bytes !== undefined ? ` ${op.bytes} bytes` : ''}`;
}

function applyRemote(run: RunState, ch: RemoteChange, remoteNow: number): string {
  const r = run.remote;
  const who = "On the host, behind the client's back:";
  switch (ch.change) {
    case 'write':
      return remoteWrite(r, ch.path, ch.size, remoteNow)
        ? `${who} ${ch.path} was rewritten to ${ch.size} bytes (same inode, new content, new mtime from the host clock).`
        : `${who} nothing to write at ${ch.path}.`;
    case 'replace':
      return remoteReplace(r, ch.path, remoteNow)
        ? `${who} ${ch.path} was deleted and re-created; it is now inode ${lookup(r, ch.path)!.ino}, so a QID check will notice.`
        : `${who} nothing to replace at ${ch.path}.`;
    case 'delete':
      return remoteDelete(r, ch.path) ? `${who} ${ch.path} was deleted.` : `${who} nothing to delete at ${ch.path}.`;
    case 'create':
      return remoteCreate(r, ch.path, ch.kind, remoteNow)
        ? `${who} ${ch.path} was created.`
        : `${who} could not create ${ch.path}.`;
  }
}

/** What the application saw, compared with the truth on the host. */
function outcomeOf(op: Operation, res: DesignResult, run: RunState): OpOutcome {
  const node = lookup(run.remote, op.path);
  const base: OpOutcome = {
    ok: res.errno === null,
    errno: res.errno,
    size: null,
    ino: null,
    mtime: null,
    mtimeClock: null,
    version: null,
    divergence: 'none',
  };
  if (res.errno)
    return { ...base, divergence: res.errno === 'ENOENT' && node && op.op !== 'unlink' ? 'stale' : 'none' };
  const d = res.dentry;
  if (!d?.attrs) return base;
  const out: OpOutcome = {
    ...base,
    size: d.attrs.size,
    ino: d.attrs.ino,
    mtime: d.attrs.mtime,
    mtimeClock: d.attrs.mtimeClock,
  };
  if (d.page.dirtyBytes > 0) return { ...out, version: res.version ?? null, divergence: 'ahead' };
  if (op.op === 'read')
    return {
      ...out,
      version: res.version ?? null,
      divergence: node && res.version === node.version ? 'none' : 'stale',
    };
  const stale = !node || node.ino !== d.attrs.ino || (node.type === 'file' && node.size !== d.attrs.size);
  return { ...out, divergence: stale ? 'stale' : 'none' };
}

function divergenceText(o: OpOutcome): string {
  if (o.divergence === 'stale') return ' The answer is stale: the host has changed and the client did not notice.';
  if (o.divergence === 'ahead') return ' The client is ahead of the host: its writes are still only in the page cache.';
  return '';
}
