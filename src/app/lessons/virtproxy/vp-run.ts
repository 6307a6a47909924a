/**
 * A virtproxy run for a lesson: the review's four peers (or a variant of them) under one of the
 * three multiplexers, recorded once and seekable, with the lookups lessons need. DOM-free.
 */
import {
  aliceBobMaryJoe,
  findCycle,
  type MuxMode,
  VirtproxyModel,
  type VirtproxyState,
  type VirtproxySummary,
  type VpEvent,
  type WaitEdge,
  waitEdges,
} from '../../../model/virtproxy';
import { Cursor, record } from '../../../model/sim/recording';
import { EventRun } from '../recorded-run';

export interface VpLessonSpec {
  mode: MuxMode;
  seed: number;
  /** Size of Mary's upload (the review scenario: 4096). */
  maryBytes: number;
}

export class VpRun extends EventRun<VpEvent> {
  readonly model: VirtproxyModel;
  readonly events: readonly VpEvent[];
  readonly final: VirtproxySummary;
  private readonly cursor: Cursor<VirtproxyState, VpEvent, VirtproxyModel>;

  protected readonly startText = 'Before anything happens: empty sockets, an empty channel.';

  constructor(readonly spec: VpLessonSpec) {
    super();
    const w = aliceBobMaryJoe(spec.maryBytes);
    const m = new VirtproxyModel(w, { mode: spec.mode }, spec.seed, { checkInvariants: false });
    const rec = record<VirtproxyState, VpEvent, never, VirtproxyModel>(m, { every: 32, maxSteps: 200_000 });
    this.final = m.summary();
    this.events = rec.events;
    this.model = new VirtproxyModel(w, { mode: spec.mode }, spec.seed, { checkInvariants: false });
    this.cursor = new Cursor(this.model, rec);
  }

  get position(): number {
    return this.cursor.position;
  }
  get state(): Readonly<VirtproxyState> {
    return this.model.view();
  }
  seek(position: number): void {
    this.cursor.seek(position);
  }
  /** Who waits for whom now, and the cycle if there is one. */
  graph(): { edges: WaitEdge[]; cycle: WaitEdge[] | null } {
    const s = this.model.view();
    const edges = waitEdges(s, this.model.config, this.model.workload);
    return { edges, cycle: s.deadlock?.cycle ?? findCycle(edges) };
  }
}
