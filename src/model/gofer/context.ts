/**
 * What a design sees while it runs one operation: the mutable state, the clocks, and `rpc()`,
 * which records one round trip (advancing virtual time) as an event. Designs decide which
 * RPCs to send; the context only books them.
 */
import type { CacheState, DesignId, GoferEvent, InteropMode, Protocol, RemoteState, RpcRecord } from './types';

export interface ClockConfig {
  /** Virtual cost of one round trip. */
  rpcNs: number;
  /** How far the remote clock runs ahead of the client clock. */
  remoteSkewNs: number;
}

export interface RunState {
  clientNow: number;
  remote: RemoteState;
  cache: CacheState;
  rpcSeq: number;
  runningCount: number;
  byName: Record<string, number>;
}

export class OpContext {
  readonly rpcs: RpcRecord[] = [];
  readonly events: Omit<GoferEvent, 'step'>[] = [];
  private touchedNow: NonNullable<GoferEvent['touched']> = [];

  constructor(
    readonly st: RunState,
    readonly design: DesignId,
    readonly mode: InteropMode,
    readonly protocol: Protocol,
    readonly clocks: ClockConfig,
    readonly item: number,
    /** lisafs only: the gofer donates host FDs with OpenAt. */
    readonly hostFdDonation: boolean,
  ) {}

  get cache(): CacheState {
    return this.st.cache;
  }

  get remote(): RemoteState {
    return this.st.remote;
  }

  get now(): number {
    return this.st.clientNow;
  }

  get remoteNow(): number {
    return this.st.clientNow + this.clocks.remoteSkewNs;
  }

  get shared(): boolean {
    return this.mode === 'shared';
  }

  /** Note a dentry change; it is attached to the next RPC event (or the op-end event). */
  touch(path: string, change: 'added' | 'refreshed' | 'dropped' | 'negative'): void {
    this.touchedNow.push({ path, change });
  }

  takeTouched(): GoferEvent['touched'] {
    const t = this.touchedNow;
    this.touchedNow = [];
    return t.length ? t : undefined;
  }

  /** Book one round trip. Call it before applying the RPC's effects; touch() after. */
  rpc(
    name: string,
    target: string,
    args: string,
    why: string,
    extra: { fid?: number | null; newFid?: number | null; result?: string } = {},
  ): RpcRecord {
    // Changes noted before this RPC belong to the previous event.
    this.flushTouchedToLast();
    this.st.clientNow += this.clocks.rpcNs;
    const rec: RpcRecord = {
      seq: this.st.rpcSeq++,
      name,
      protocol: this.protocol,
      target,
      args,
      fid: extra.fid ?? null,
      newFid: extra.newFid ?? null,
      result: extra.result ?? 'ok',
      why,
    };
    this.rpcs.push(rec);
    this.st.runningCount++;
    this.st.byName[name] = (this.st.byName[name] ?? 0) + 1;
    this.events.push({
      time: this.st.clientNow,
      kind: 'rpc',
      design: this.design,
      mode: this.mode,
      item: this.item,
      rpc: rec,
      runningCount: this.st.runningCount,
      text: `${name} ${args}${rec.result === 'ok' ? '' : ` → ${rec.result}`}: ${why}`,
    });
    return rec;
  }

  /** Set the result of the most recent RPC once the design knows it. */
  setResult(result: string): void {
    const last = this.events[this.events.length - 1];
    if (!last?.rpc) return;
    last.rpc.result = result;
    last.text = `${last.rpc.name} ${last.rpc.args}${result === 'ok' ? '' : ` → ${result}`}: ${last.rpc.why}`;
  }

  flushTouchedToLast(): void {
    const last = this.events[this.events.length - 1];
    const t = this.takeTouched();
    if (last && t) last.touched = [...(last.touched ?? []), ...t];
    else if (t) this.touchedNow = t;
  }
}
