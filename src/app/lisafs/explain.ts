/**
 * The inspector's words: for whatever part of the picture is selected, its live fields and a
 * plain explanation of what it is and why it is in this state. Pure, so tests can check the
 * facts shown against the model.
 */
import type { Explanation as KitExplanation } from '../kit/ExplainPanel';
import { HANDOFF_VALUE, type PoolState, midName } from '../../model/lisafs/index';

export type PoolSelection =
  | { kind: 'channel'; id: number }
  | { kind: 'word'; id: number }
  | { kind: 'window'; id: number }
  | { kind: 'caller'; id: number }
  | { kind: 'stack' }
  | { kind: 'socket' }
  | { kind: 'watchdog' };

/** Facts are always there in this view. */
export type Explanation = KitExplanation & { facts: [string, string][] };

const KIB = 1024;
export function bytes(n: number): string {
  if (n >= KIB * KIB && n % (KIB * KIB) === 0) return `${n / (KIB * KIB)} MiB`;
  if (n >= KIB * 16) return `${(n / KIB).toFixed(0)} KiB`;
  return `${n.toLocaleString('en-US')} B`;
}

export function selectionExists(s: Readonly<PoolState>, sel: PoolSelection | null): boolean {
  if (!sel) return false;
  if (sel.kind === 'channel' || sel.kind === 'word' || sel.kind === 'window') return sel.id < s.channels.length;
  if (sel.kind === 'caller') return sel.id < s.callers.length;
  return true;
}

export function explain(s: Readonly<PoolState>, sel: PoolSelection): Explanation | null {
  if (!selectionExists(s, sel)) return null;
  switch (sel.kind) {
    case 'channel': {
      const c = s.channels[sel.id];
      const depth = s.stack ? s.stack.length - 1 - s.stack.indexOf(c.id) : -1;
      return {
        title: `Channel ${c.id}`,
        facts: [
          ['status', c.status + (c.deathReason ? ` (${c.deathReason.replace('-', ' ')})` : '')],
          [
            'on the stack',
            s.stack === null
              ? 'no: the stack is gone'
              : s.stack.includes(c.id)
                ? depth === 0
                  ? 'yes, on top (next to be popped)'
                  : `yes, ${depth} below the top`
                : 'no',
          ],
          ['held by', c.holder === null ? '—' : `caller ${c.holder}`],
          ['uses', String(c.uses)],
          ['state word', `${c.word} (${HANDOFF_VALUE[c.word]})`],
          ['FDs donated', String(c.fdsDonated)],
          ['destroyed', c.destroyed ? 'yes: window unmapped, fd socket closed' : 'no'],
        ],
        lines: [
          'A channel is a shared-memory packet window plus a socket for passing file descriptors; the client and the gofer hand the window back and forth with a futex on its state word, so a round trip needs no data copy through the kernel.',
          c.status === 'dead'
            ? 'Dead channels are never pushed back onto the stack and never re-created: the pool only ever shrinks.'
            : c.status === 'active'
              ? 'A caller popped it and owns it until its RPC finishes; then it is pushed back on top of the stack.'
              : 'It waits on the stack of available channels. Because the stack is LIFO, the most recently used channel is popped first.',
        ],
      };
    }
    case 'word': {
      const c = s.channels[sel.id];
      return {
        title: `Channel ${c.id}: handoff state word`,
        facts: [
          ['value', `${HANDOFF_VALUE[c.word]} = ${c.word}`],
          [
            'owner of the window',
            c.word === 'client-active'
              ? 'the client (sandbox)'
              : c.word === 'server-active'
                ? 'the gofer'
                : 'nobody: shut down',
          ],
        ],
        lines: [
          'A u32 at the start of the window. Sending means: write dataLen, compare-and-swap the word from "I am active" to "peer is active", FUTEX_WAKE the peer, then FUTEX_WAIT until the word says "I am active" again.',
          '0 client-active → 1 server-active when the client sends; back to 0 when the gofer replies. 2 shutdown is final: once set, every send fails.',
        ],
      };
    }
    case 'window': {
      const c = s.channels[sel.id];
      return {
        title: `Channel ${c.id}: packet window`,
        facts: [
          ['size', bytes(c.packetWindow.bytes)],
          [
            'dataLen',
            c.packetWindow.dataLen ? `${c.packetWindow.dataLen.toLocaleString('en-US')} B` : '0 (nothing sent yet)',
          ],
          ['message id', c.packetWindow.mid === null ? '—' : `${c.packetWindow.mid} (${midName(c.packetWindow.mid)})`],
          ['numFDs', String(c.packetWindow.numFDs)],
        ],
        lines: [
          'Layout: connState u32 | dataLen u32 | reserved u64 | MID u16 | numFDs u8 | pad u8 | payload. The window holds one maximum-size message (maxMessageSize, 2 MiB − 4 KiB once mounted), rounded up to whole pages.',
          'dataLen covers the 4-byte channel header plus the payload of whichever side wrote last; MID 0 (Error) is how the gofer reports a failed handler.',
        ],
      };
    }
    case 'caller': {
      const c = s.callers[sel.id];
      const r = c.current;
      return {
        title:
          c.role === 'app' ? `Caller ${c.id}` : c.role === 'mount' ? 'Mount (start-up)' : `Channel creator ${c.id}`,
        facts: [
          ['role', c.role],
          ['status', c.status],
          [
            'current RPC',
            r
              ? `${midName(r.mid)} #${r.seq} via ${r.path ?? 'nothing yet'}${r.channel !== null ? ` ${r.channel}` : ''}`
              : '—',
          ],
          ['RPCs left', String(Math.max(0, c.rpcsLeft))],
          ['completed / failed', `${c.completed} / ${c.failed}`],
          ['host FDs received', String(c.fdsReceived)],
        ],
        lines: [
          c.role === 'app'
            ? 'An application goroutine in the sentry. For each RPC it pops a channel; if the stack is empty it falls back to the socket, queueing on the socket mutex if another RPC is using it.'
            : 'Start-up traffic: Mount, then one Channel RPC per channel, all over the socket, before any application RPC runs.',
        ],
      };
    }
    case 'stack': {
      const top = s.stack?.length ? s.stack[s.stack.length - 1] : null;
      return {
        title: 'availableChannels (LIFO stack)',
        facts: [
          [
            'bottom → top',
            s.stack === null ? 'nil (thrown away by the watchdog)' : s.stack.length ? s.stack.join(' → ') : 'empty',
          ],
          ['top (next pop)', top === null ? '—' : `channel ${top}`],
          ['active users', String(s.activeCount)],
        ],
        lines: [
          'Acquire pops the top; release pushes on top. So under light load one channel does nearly all the work and its window stays warm in the CPU cache, while the channels at the bottom sit idle.',
          'When it is empty a caller does not wait for a channel: it uses the socket instead.',
        ],
      };
    }
    case 'socket': {
      const k = s.socket;
      return {
        title: 'Socket and sockMu',
        facts: [
          ['holder', k.holder === null ? '—' : `caller ${k.holder}`],
          ['mutex queue', k.queue.length ? k.queue.map((q) => `caller ${q}`).join(', ') : 'empty'],
          ['uses', String(k.uses)],
          ['FDs donated', String(k.fdsDonated)],
          ['hung up', k.hungUp ? 'yes' : 'no'],
          ['destroyed', k.destroyed ? 'yes' : 'no'],
        ],
        lines: [
          'The connection’s Unix socket carries Mount and the Channel RPCs, and every RPC that finds no free channel. It has no tags, so only one RPC can be on it at a time: sockMu serialises them, in arrival order here.',
          'A socket round trip costs two system calls each way and copies the payload through the kernel twice.',
        ],
      };
    }
    case 'watchdog': {
      const w = s.watchdog;
      return {
        title: 'Watchdog',
        facts: [
          ['phase', w.phase],
          ['fired at', w.firedAt === null ? '—' : `${w.firedAt} ns`],
          ['destroyed at', w.destroyedAt === null ? '—' : `${w.destroyedAt} ns`],
          ['client phase', s.phase],
          [
            'open transport FDs',
            `socket ${s.fds.socket}, channel fd sockets ${s.fds.channelFdSockets}, mapped windows ${s.fds.mappedWindows}`,
          ],
        ],
        lines: [
          'A goroutine blocked in ppoll on the socket for POLLHUP|POLLRDHUP. When the gofer hangs up it shuts down every channel in use (their callers get EIO), sets the stack to nil so nothing can be popped or pushed, waits for the active users to let go, then destroys every channel and the socket.',
        ],
      };
    }
  }
}

/** What every clickable panel of the pool gets: the live state, what is selected, and how to select. */
export interface PoolPanelProps {
  state: Readonly<PoolState>;
  selection: PoolSelection | null;
  onSelect: (s: PoolSelection) => void;
}
