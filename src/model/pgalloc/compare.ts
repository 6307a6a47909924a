/**
 * Running the same restore twice, synchronously and with --background, and saying plainly which
 * one lets the application finish its work sooner, and why.
 */
import { withConfig, type PgallocConfig } from './config';
import { fmtNs } from './format';
import { PgallocModel } from './model';
import type { PgallocSummary } from './summary';

export interface ModeComparison {
  sync: PgallocSummary;
  background: PgallocSummary;
  /** How much earlier the application finishes in background mode (negative: later). */
  appFinishGainNs: number | null;
  /** By how much the gain clears the win margin (see WIN_MARGIN); > 0 exactly when background wins. Null if a run did not finish. */
  winMarginNs: number | null;
  backgroundWins: boolean;
  text: string;
}

/**
 * Background must let the application finish more than this fraction of the synchronous finish
 * time earlier to count as a win: within 1% is a draw, as the application could not do anything
 * useful before its memory arrived.
 */
export const WIN_MARGIN = 0.01;

export function runSummary(config: PgallocConfig, seed: number, checkInvariants = false): PgallocSummary {
  return new PgallocModel(config, seed, { checkInvariants }).runToEnd();
}

export function compareModes(config: PgallocConfig, seed: number, checkInvariants = false): ModeComparison {
  const sync = runSummary(withConfig(config, { mode: 'sync' }), seed, checkInvariants);
  const background = runSummary(withConfig(config, { mode: 'background' }), seed, checkInvariants);
  const gain =
    sync.appFinishNs !== null && background.appFinishNs !== null ? sync.appFinishNs - background.appFinishNs : null;
  const margin = gain !== null && sync.appFinishNs !== null ? gain - sync.appFinishNs * WIN_MARGIN : null;
  const wins = margin !== null && margin > 0;
  let text: string;
  if (gain === null)
    text = 'One of the runs did not finish (a read error or an unfinished run), so there is nothing to compare.';
  else if (wins)
    text = `Background restore wins: the application starts ${fmtNs(sync.timeToFirstInstructionNs! - background.timeToFirstInstructionNs!)} earlier and finishes ${fmtNs(gain)} earlier, because it works on the memory it needs while the rest is still loading (${config.app.threads === 1 ? 'its thread spent' : `its ${config.app.threads} threads spent, added up,`} ${fmtNs(background.totalStallNs)} waiting for memory).`;
  else
    text = `Background restore does not help here: the application starts early but then waits ${fmtNs(background.totalStallNs)} for memory, and finishes ${gain >= 0 ? `only ${fmtNs(gain)} earlier` : `${fmtNs(-gain)} later`}. It needs (nearly) everything before it can make progress, so it ends up waiting for the whole load anyway${background.reads > sync.reads ? `, and its scattered urgent reads (${background.reads} reads instead of ${sync.reads}) make the load itself slower` : ''}.`;
  return { sync, background, appFinishGainNs: gain, winMarginNs: margin, backgroundWins: wins, text };
}
