/**
 * Lesson: the lisafs channel pool. How gVisor's lisafs client talks to its gofer: Mount over the
 * socket, channels made with Channel RPCs, one RPC through a channel's shared window and state
 * word, the LIFO stack and the hot channel it produces, the socket fallback under sockMu,
 * channels that die and are never replaced, and the watchdog's teardown when the gofer hangs up.
 * Every number is read from the run on screen.
 */

import { setup, channelRpc, lifo, hot } from './lisafs-pool/channels';
import { socket, dying, watchdog, practice } from './lisafs-pool/failures';

export const steps = [setup, channelRpc, lifo, hot, socket, dying, watchdog, practice];
