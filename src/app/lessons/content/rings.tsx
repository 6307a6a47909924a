/**
 * Lesson: the available and used rings. Who writes which, the free-running 16-bit indices and
 * slot = index mod queue size, the device's last_avail and the driver's last_used, and the wrap
 * from 65535 to 0. Every number is read from the run on screen.
 */

import { areas, publish, lastAvail, used } from './rings/indices';
import { wrapStep, practice } from './rings/wrap';

export const steps = [areas, publish, lastAvail, used, wrapStep, practice];
