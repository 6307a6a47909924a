/**
 * One gofer demo for the view: the scenario's script run through VFS1 (Shared, its only
 * mode), VFS2 over 9P and lisafs (both in the chosen mode), each under its own Timeline,
 * stepped together through a lockstep so all three are on the same script item.
 */
import {
  DESIGNS,
  GoferSim,
  type DesignId,
  type GoferEvent,
  type GoferScenario,
  type GoferSnapshot,
  type InteropMode,
} from '../../model/gofer/index';
import { Timeline, type Seekable } from '../../model/sim/timeline';
import { buildLockstep, type Lockstep } from './lockstep';
import { goferScenarioOf, type GoferSpec } from './spec';

/** The runs are tiny (tens of events); a snapshot every 8 keeps seeks trivial. */
const SNAPSHOT_EVERY = 8;

export interface GoferColumn {
  design: DesignId;
  mode: InteropMode;
  label: string;
  /** Set when the column cannot run in the chosen mode and shows its own instead. */
  note: string | null;
  timeline: Timeline<GoferSnapshot, GoferEvent, GoferSim>;
}

/** Short column names; the model's labels are long. */
export const SHORT_LABEL: Record<DesignId, string> = { vfs1: 'VFS1', 'vfs2-9p': 'VFS2 9P', lisafs: 'lisafs' };

export class GoferRun implements Seekable {
  readonly scenario: GoferScenario;
  readonly columns: GoferColumn[];
  readonly lock: Lockstep;
  private pos: number;

  constructor(readonly spec: GoferSpec) {
    this.scenario = goferScenarioOf(spec);
    const sc = this.scenario;
    this.columns = (['vfs1', 'vfs2-9p', 'lisafs'] as const).map((design) => {
      const modes = DESIGNS[design].modes;
      const mode = modes.includes(spec.mode) ? spec.mode : modes[0];
      const note =
        mode === spec.mode
          ? null
          : `${SHORT_LABEL[design]} has only ${modes.join(', ')} mode (cacheRemoteRevalidating), so it runs in ${mode}.`;
      const sim = new GoferSim({ design, mode, tree: sc.tree, script: sc.script });
      return { design, mode, label: SHORT_LABEL[design], note, timeline: new Timeline(sim, SNAPSHOT_EVERY) };
    });
    this.lock = buildLockstep(
      this.columns.map((c) => c.timeline.events.map((e) => e.item)),
      sc.script.length,
    );
    this.pos = this.lock.length;
  }

  get length(): number {
    return this.lock.length;
  }
  get position(): number {
    return this.pos;
  }

  seek(position: number): void {
    const g = Math.max(0, Math.min(this.lock.length, Math.round(position)));
    const ps = this.lock.positions(g);
    this.columns.forEach((c, i) => {
      c.timeline.seek(ps[i]);
    });
    this.pos = g;
  }

  /** The script item being worked on (-1 at the start). */
  get item(): number {
    return this.lock.itemAt(this.pos);
  }

  column(design: DesignId): GoferColumn {
    return this.columns.find((c) => c.design === design)!;
  }

  /** Events of column `c` that belong to `item` and have happened by now. */
  eventsOfItem(c: GoferColumn, item: number): GoferEvent[] {
    return c.timeline.events.slice(0, c.timeline.position).filter((e) => e.item === item);
  }

  /** The column's latest event, if it advanced on this very step. */
  freshEvent(c: GoferColumn): GoferEvent | null {
    const i = this.columns.indexOf(c);
    const k = c.timeline.position;
    return k > 0 && this.lock.globalOf(i, k) === this.pos ? c.timeline.events[k - 1] : null;
  }
}
