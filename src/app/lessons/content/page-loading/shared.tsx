/**
 * What the page-loading steps share: the restore they run, and the check on what an access meets
 * (loaded, being read, not started) with the outline of the range it touches.
 */
import { PAGE_SIZE } from '../../../../model/pgalloc';
import { fmtBytes } from '../../../pgalloc/format';
import type { PgSpec } from '../../../pgalloc/spec';
import { type AccessOutcome, PgRun } from '../../pgalloc/pg-run';
import type { Choice, StepState } from '../../types';

export type S = StepState<PgRun>;

/** The restore most steps use: 32 MiB, four threads working mostly in a fifth of it. */
export const working = (seed: number, mode: PgSpec['mode'], inflight?: number): PgRun =>
  new PgRun({
    scenario: 'small-working-set',
    seed,
    mode,
    overrides: inflight === undefined ? {} : { inflight },
  });

export const addr = (page: number) => fmtBytes(page * PAGE_SIZE);

// ---- the three things an access can meet -------------------------------------------------

export const OUTCOME_CHOICES: Choice[] = [
  { id: 'loaded', label: 'It runs on: that memory is already loaded' },
  { id: 'inflight', label: 'It waits for a read that is already in flight' },
  { id: 'queued', label: 'It waits, and its range goes to the priority deque' },
];

export function touchPrompt(run: PgRun, at: number) {
  const t = run.touchAt(at);
  return (
    <p>
      Thread {t.thread} is about to touch {fmtBytes(t.pages * PAGE_SIZE)} at address {addr(t.memPage)} (outlined on the
      strip). What happens?
    </p>
  );
}

export function touchWhy(run: PgRun, at: number) {
  const o: AccessOutcome = run.accessOutcome(at);
  const t = run.touchAt(at);
  const reason: Record<AccessOutcome, string> = {
    loaded: 'every page of the range was green (loaded), so the access costs nothing extra.',
    inflight: `part of the range was not loaded, but every missing page was already orange (being read), so thread ${t.thread} only waits for those reads to complete.`,
    queued: `part of the range had not been started by any read (grey), so the loader put that part in the priority deque, ahead of every background read, and thread ${t.thread} waits for it.`,
    eio: 'the loader had already failed, so the access gets EIO.',
  };
  return (
    <>
      {run.events[at].text} In short: {reason[o]}
    </>
  );
}

/** A check on the access that follows the step's opening position. */
export function touchCheck(open: (run: PgRun) => number) {
  return {
    prompt: ({ run }: S) => touchPrompt(run, open(run)),
    choices: () => OUTCOME_CHOICES,
    answer: ({ run }: S) => run.accessOutcome(open(run)),
    why: ({ run }: S) => touchWhy(run, open(run)),
    reveal: ({ run }: S) => open(run) + 1,
  };
}

/** The access-marked range of the next access at or after `position`, for the strip. */
export function touchMark(run: PgRun, position: number) {
  const at = run.nextAccess(position);
  if (at === null || at > position + 40) return null;
  const t = run.touchAt(at);
  return { memPage: t.memPage, pages: t.pages };
}

// ---- 2. background -----------------------------------------------------------------------

export const bgOpen = (run: PgRun) => run.nextAccess(run.after('app-start') ?? 0) ?? 0;

// ---- 3. touching an unloaded range -------------------------------------------------------

export const stallOpen = (run: PgRun) => run.before('access-blocked') ?? bgOpen(run);
