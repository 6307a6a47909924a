/**
 * The page's handle on one trace worker: promises for load, state and export; progress
 * and a live stream's prefixes as callbacks. `cancel()` terminates the worker — the one
 * cancellation that always works, whatever the parser is doing; `stop()` only ends a live
 * stream's reading, keeping what arrived.
 */
import type { FromWorker, LoadOptions, Progress, SourceSpec, StepState, ToWorker, TraceInfo } from './protocol';

export class TraceWorker {
  private readonly worker: Worker;
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (v: never) => void; reject: (e: Error) => void }>();
  private loading: { resolve: (i: TraceInfo) => void; reject: (e: LoadError) => void } | null = null;

  constructor(
    private readonly onProgress: (p: Progress) => void,
    private readonly onPrefix: (info: TraceInfo) => void = () => undefined,
  ) {
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'ringside-replay' });
    this.worker.onmessage = (ev: MessageEvent<FromWorker>) => this.receive(ev.data);
    this.worker.onerror = (ev) => {
      const err = new LoadError(ev.message || 'the trace worker failed', null);
      this.loading?.reject(err);
      this.loading = null;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
  }

  private receive(m: FromWorker): void {
    switch (m.type) {
      case 'progress':
        this.onProgress(m.progress);
        return;
      case 'prefix':
        if (this.loading) this.onPrefix(m.info);
        return;
      case 'loaded':
        this.loading?.resolve(m.info);
        this.loading = null;
        return;
      case 'failed':
        this.loading?.reject(new LoadError(m.message, m.line));
        this.loading = null;
        return;
      case 'state':
      case 'export':
      case 'error': {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (!p) return;
        if (m.type === 'error') p.reject(new Error(m.message));
        else p.resolve((m.type === 'state' ? m.state : m.blob) as never);
      }
    }
  }

  load(source: SourceSpec, options: LoadOptions): Promise<TraceInfo> {
    return new Promise((resolve, reject) => {
      this.loading = { resolve, reject };
      this.worker.postMessage({ type: 'load', source, options });
    });
  }

  private ask<T>(msg: Record<string, unknown>): Promise<T> {
    const id = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: never) => void, reject });
      this.worker.postMessage({ ...msg, id });
    });
  }

  state(position: number, rowsFrom: number, rowsTo: number): Promise<StepState> {
    return this.ask({ type: 'state', position, rowsFrom, rowsTo });
  }

  exportChrome(): Promise<Blob> {
    return this.ask({ type: 'export' });
  }

  /** Stop reading a live stream: the load resolves with what has arrived. */
  stop(): void {
    this.worker.postMessage({ type: 'stop' } satisfies ToWorker);
  }

  cancel(): void {
    this.worker.terminate();
    const err = new LoadError('Loading was cancelled.', null);
    this.loading?.reject(err);
    this.loading = null;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}

export class LoadError extends Error {
  constructor(
    message: string,
    readonly line: number | null,
  ) {
    super(message);
  }
}
