/**
 * Lesson: notifications and their suppression. A kick after publishing, an interrupt after
 * handing back; the flags that turn them off (NO_NOTIFY, NO_INTERRUPT); EVENT_IDX's one
 * comparison, worked through with the run's own numbers, across the wrap too; and the counts
 * with and without it on the same seed. Every number is read from the run on screen.
 */

import { kick, noNotify, interrupt } from './notifications/flags';
import { eventIdx, acrossWrap, compare, practice } from './notifications/event-idx';

export const steps = [kick, noNotify, interrupt, eventIdx, acrossWrap, compare, practice];
