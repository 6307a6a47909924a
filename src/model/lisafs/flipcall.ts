/**
 * The flipcall handoff: client and server share one u32 state word at the start of the
 * packet window, and whoever is "active" owns the packet window; sending means: write the data length, compare-and-swap
 * the word from "I am active" to "peer is active", FUTEX_WAKE the peer, then FUTEX_WAIT until
 * the word says "I am active" again (or shutdown). Shutdown is terminal: once the word says
 * shutdown, every later send fails and the channel is unusable.
 */
import { HandoffError } from './errors';

export type HandoffWord = 'client-active' | 'server-active' | 'shutdown';

/** The numeric values stored in the shared word. */
export const HANDOFF_VALUE: Record<HandoffWord, number> = {
  'client-active': 0,
  'server-active': 1,
  shutdown: 2,
};

/** Client hands the window to the server (CAS clientActive → serverActive). */
export function clientSend(word: HandoffWord): HandoffWord {
  if (word !== 'client-active') throw new HandoffError(`client cannot send while the word is ${word}`);
  return 'server-active';
}

/** Server hands the window back with its reply (CAS serverActive → clientActive). */
export function serverReply(word: HandoffWord): HandoffWord {
  if (word !== 'server-active') throw new HandoffError(`server cannot reply while the word is ${word}`);
  return 'client-active';
}

/** Either side may shut the endpoint down at any time; it wakes whoever is waiting. */
export function shutdown(_word: HandoffWord): HandoffWord {
  return 'shutdown';
}
