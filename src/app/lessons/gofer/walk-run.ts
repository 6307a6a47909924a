/**
 * One gofer client run for a lesson: a scenario's script (or a seeded random one) through one
 * design in one interop mode, recorded to the end and seekable, with the per-operation lookups
 * the lesson's steps need. DOM-free.
 */
import {
  type DesignId,
  findGoferScenario,
  GOFER_SCENARIOS,
  type GoferEvent,
  GoferSim,
  type GoferSnapshot,
  type InteropMode,
  type OpOutcome,
  randomScript,
  type ScriptItem,
  type TreeSpec,
} from '../../../model/gofer/index';
import { Timeline } from '../../../model/sim/timeline';
import { RecordedRun } from '../recorded-run';

export interface WalkLessonSpec {
  design: DesignId;
  mode: InteropMode;
  /** A named scenario, or `random` with a seed and a length. */
  source: { scenario: string } | { random: number; length: number };
}

export class WalkRun extends RecordedRun<GoferSnapshot, GoferEvent, GoferSim> {
  readonly tree: TreeSpec;
  readonly script: ScriptItem[];
  protected readonly startText = 'A fresh mount: the client knows only the root of the file system.';

  constructor(readonly spec: WalkLessonSpec) {
    const { tree, script } = sourceOf(spec.source);
    super(new Timeline(new GoferSim({ design: spec.design, mode: spec.mode, tree, script }), 8));
    this.tree = tree;
    this.script = script;
  }

  /** What the application saw from operation `i` (null for a host change). */
  outcomeOf(i: number): OpOutcome | null {
    return this.events.find((e) => e.item === i && e.kind === 'op-end')?.outcome ?? null;
  }

  /** The script item the run is in after `position` events. */
  itemAt(position: number): number {
    return position > 0 ? this.events[Math.min(position, this.length) - 1].item : 0;
  }

  /** The position just after item `i` started (before any of its RPCs). */
  itemStart(i: number): number {
    const k = this.events.findIndex((e) => e.item === i);
    return k < 0 ? this.length : k + 1;
  }

  /** The position just after item `i`'s last event. */
  itemEnd(i: number): number {
    let last = -1;
    this.events.forEach((e, k) => {
      if (e.item === i) last = k;
    });
    return last < 0 ? this.length : last + 1;
  }

  /** Where a reveal shows item `i` whole: its diagram complete, just before it ends. */
  lastRpc(i: number): number {
    return Math.max(this.itemStart(i), this.itemEnd(i) - 1);
  }

  /** RPCs item `i` sent. */
  rpcCount(i: number): number {
    return this.events.filter((e) => e.item === i && e.kind === 'rpc').length;
  }

  /**
   * The item to draw at `position` and its events so far: once an item has ended, the next
   * one (with nothing sent yet). The model applies an operation's effect on the cache when the
   * operation starts, so "before an operation" is the position where the last one ended.
   */
  shown(position: number): { item: number; events: GoferEvent[] } {
    const last = position > 0 ? this.events[Math.min(position, this.length) - 1] : null;
    if (!last) return { item: 0, events: [] };
    if ((last.kind === 'op-end' || last.kind === 'remote-change') && last.item + 1 < this.script.length)
      return { item: last.item + 1, events: [] };
    return { item: last.item, events: this.events.slice(0, position).filter((e) => e.item === last.item) };
  }

  /** The position just before item `i` starts (its cache effects not yet applied). */
  beforeItem(i: number): number {
    return this.itemStart(i) - 1;
  }

  /** The most RPCs any item sent (rows to reserve so the diagram does not jump). */
  maxRpcs(): number {
    let m = 0;
    for (let i = 0; i < this.script.length; i++) m = Math.max(m, this.rpcCount(i));
    return m;
  }

  /** Indices of the script's operations (not the host's changes). */
  opItems(): number[] {
    return this.script.flatMap((s, i) => (s.type === 'op' ? [i] : []));
  }
}

/** The tree and script of a named scenario, or of a seeded random one. */
function sourceOf(source: WalkLessonSpec['source']): { tree: TreeSpec; script: ScriptItem[] } {
  if ('scenario' in source) {
    const sc = findGoferScenario(source.scenario) ?? GOFER_SCENARIOS[0];
    return { tree: sc.tree, script: sc.script };
  }
  return randomScript(source.random, source.length);
}
