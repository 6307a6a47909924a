/**
 * Lesson: gofer path walks. What one stat costs in round trips to the gofer: cold, warm under
 * the Shared interop mode (revalidation), warm when the cache is trusted, the seed's case of a
 * replaced file under VFS1, VFS2 over 9P and lisafs, what the QID decides, what a trusted cache
 * misses, and lisafs's donated host FD. Every number is read from the run on screen.
 */

import { cold, warmShared, trusted, replaced } from './gofer-walks/caching';
import { qid, missed, hostFd, practice } from './gofer-walks/revalidation';

export const steps = [cold, warmShared, trusted, replaced, qid, missed, hostFd, practice];
