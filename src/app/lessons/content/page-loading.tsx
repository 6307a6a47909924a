/**
 * Lesson: loading pages on restore. gVisor's pgalloc reads a sandbox's saved memory back from the
 * pages file: a plain restore waits for all of it; `runsc restore --background` lets the
 * application run meanwhile, stalling only on ranges it touches too early, which jump the queue
 * through the priority deque; reads merge ranges that sit back to back in the file; and a sweep
 * shows where running early stops paying. Every number is read from the run on screen.
 */

import { plain, background, stall } from './page-loading/restore';
import { priority, merging } from './page-loading/reads';
import { sweep, practice } from './page-loading/sweep';

export const steps = [plain, background, stall, priority, merging, sweep, practice];
