/**
 * The words the lessons and views use that a newcomer may not know, each said once, in plain
 * terms, with the lesson that shows it at work. Lessons mark a use with <Term id=…>; the page
 * /learn/glossary lists them all. Facts follow the virtio spec and gVisor's sources.
 */

export interface GlossaryEntry {
  /** Anchor and <Term> id: lower case, stable. */
  id: string;
  term: string;
  /** One sentence: the tooltip and the first line of the entry. */
  short: string;
  /** A few more sentences for the glossary page. */
  more?: string;
  /** The lesson where it is seen at work. */
  lesson?: string;
  area: 'virtio' | 'gvisor' | 'os';
}

export const GLOSSARY: readonly GlossaryEntry[] = [
  // virtio
  {
    id: 'virtqueue',
    term: 'virtqueue',
    area: 'virtio',
    short: 'A queue of buffers in memory shared by a driver and a device, the way virtio devices move requests.',
    more: 'The split form has three areas (descriptor table, available ring, used ring); the packed form folds them into one ring of descriptors.',
    lesson: 'why-a-queue',
  },
  {
    id: 'descriptor',
    term: 'descriptor',
    area: 'virtio',
    short: 'A 16-byte entry naming one buffer: its guest address, length, flags and (in a chain) the next entry.',
    more: 'Flags say whether the device may write the buffer (WRITE), whether another descriptor follows (NEXT) and whether it points at a table of descriptors (INDIRECT).',
    lesson: 'descriptors',
  },
  {
    id: 'avail-ring',
    term: 'available ring',
    area: 'virtio',
    short: 'Where the driver publishes the heads of the chains it hands to the device; only the driver writes it.',
    lesson: 'rings',
  },
  {
    id: 'used-ring',
    term: 'used ring',
    area: 'virtio',
    short: 'Where the device returns finished chains, with how many bytes it wrote; only the device writes it.',
    lesson: 'rings',
  },
  {
    id: 'kick',
    term: 'kick',
    area: 'virtio',
    short: 'The driver telling the device there is new work: in a VM, a write that exits to the hypervisor.',
    more: 'With vhost-user the kick is an eventfd write that wakes the device process. The device can ask not to be kicked while it is already busy.',
    lesson: 'notifications',
  },
  {
    id: 'call',
    term: 'call (interrupt)',
    area: 'virtio',
    short: 'The device telling the driver that buffers were used: an interrupt injected into the guest.',
    lesson: 'notifications',
  },
  {
    id: 'event-idx',
    term: 'EVENT_IDX',
    area: 'virtio',
    short: 'A feature that lets each side name the index at which it next wants to be notified, instead of on or off.',
    more: 'The test is vring_need_event(event, new, old): notify if event lies in the entries just published, [old, new), counted modulo 65536.',
    lesson: 'notifications',
  },
  {
    id: 'vhost-user',
    term: 'vhost-user',
    area: 'virtio',
    short:
      'A protocol that lets a separate process be the device: it gets the guest memory and the kick and call eventfds over a Unix socket.',
    lesson: 'model-vs-reality',
  },
  // gVisor
  {
    id: 'sentry',
    term: 'sentry',
    area: 'gvisor',
    short: "gVisor's user-space kernel: it runs the application's system calls instead of the host kernel.",
    lesson: 'lisafs-pool',
  },
  {
    id: 'gofer',
    term: 'gofer',
    area: 'gvisor',
    short: 'A separate gVisor process that opens and reads host files on behalf of the sandbox.',
    more: 'The sentry never touches the host file system itself; it sends the gofer requests, over 9P in older versions and lisafs now.',
    lesson: 'lisafs-pool',
  },
  {
    id: 'lisafs',
    term: 'lisafs',
    area: 'gvisor',
    short:
      "The protocol between gVisor's sentry and its gofer that replaced 9P: fewer round trips, shared-memory channels.",
    lesson: 'lisafs-pool',
  },
  {
    id: 'channel',
    term: 'channel (lisafs)',
    area: 'gvisor',
    short: 'A shared-memory window plus a state word, through which one request and its reply travel without a socket.',
    more: 'The client makes clamp(GOMAXPROCS, 2, 4) of them right after Mount; free ones wait on a LIFO stack.',
    lesson: 'lisafs-pool',
  },
  {
    id: 'flipcall',
    term: 'flipcall',
    area: 'gvisor',
    short:
      "gVisor's handoff over shared memory: the sender writes the window, flips a state word to the peer and wakes it.",
    more: 'The word says whose turn it is (client-active 0, server-active 1, shutdown 2); whoever it names owns the whole window. Shutdown is final.',
    lesson: 'lisafs-pool',
  },
  {
    id: 'state-word',
    term: 'state word',
    area: 'gvisor',
    short: "The 32-bit word at the start of a channel's window that says whose turn it is (flipcall).",
    lesson: 'lisafs-pool',
  },
  {
    id: 'sockmu',
    term: 'sockMu',
    area: 'gvisor',
    short: "The lisafs client's mutex on its socket: only one request may use the socket at a time.",
    lesson: 'lisafs-pool',
  },
  {
    id: 'watchdog',
    term: 'watchdog',
    area: 'gvisor',
    short: 'A lisafs client thread that waits for the gofer to hang up, then shuts down and destroys every channel.',
    lesson: 'lisafs-pool',
  },
  {
    id: 'fid',
    term: 'fid / FD ID',
    area: 'gvisor',
    short: 'A number the client picks to name a file the server has open for it, so later requests can refer to it.',
    more: '9P calls it a fid and releases each with its own Tclunk; lisafs calls it an FD ID, and one Close request can release many.',
    lesson: 'gofer-walks',
  },
  {
    id: 'qid',
    term: 'QID',
    area: 'gvisor',
    short:
      "9P's identity of a file on the server (type, version, path): two names with the same QID are the same file.",
    more: "gVisor's gofer client compares QIDs while revalidating a path: same QID, keep the cached dentry; changed, drop it.",
    lesson: 'gofer-walks',
  },
  {
    id: 'tclunk',
    term: 'Tclunk',
    area: 'gvisor',
    short: "9P's request to forget a fid. Every fid a walk creates and does not keep costs one more round trip.",
    lesson: 'gofer-walks',
  },
  {
    id: 'dentry',
    term: 'dentry',
    area: 'gvisor',
    short: "A cached directory entry: the client's memory of one name in a path and the file it led to.",
    lesson: 'gofer-walks',
  },
  {
    id: 'revalidate',
    term: 'revalidation',
    area: 'gvisor',
    short: 'Asking the server whether a cached dentry still names the same file, before trusting it.',
    more: 'Under the Shared interop mode the client must revalidate on every walk, because something outside the sandbox may change the files.',
    lesson: 'gofer-walks',
  },
  {
    id: 'interop-mode',
    term: 'interop mode',
    area: 'gvisor',
    short:
      'How far the gofer client may trust its caches: Exclusive (the sandbox owns the files), Writethrough, or Shared.',
    lesson: 'gofer-walks',
  },
  {
    id: 'pgalloc',
    term: 'pgalloc',
    area: 'gvisor',
    short: "gVisor's allocator of the sandbox's memory; on restore it also reads saved pages back from a file.",
    lesson: 'page-loading',
  },
  // OS
  {
    id: 'futex',
    term: 'futex',
    area: 'os',
    short:
      'A Linux call to sleep until a word in memory changes (FUTEX_WAIT) and to wake whoever sleeps on it (FUTEX_WAKE).',
    more: 'Threads or processes sharing memory use it to hand off work without a socket; only the sleep and the wake enter the kernel.',
    lesson: 'lisafs-pool',
  },
  {
    id: 'eventfd',
    term: 'eventfd',
    area: 'os',
    short:
      'A Linux file descriptor holding a counter: a write adds to it and wakes a reader. Kicks and calls travel this way.',
    lesson: 'why-a-queue',
  },
  {
    id: 'memfd',
    term: 'memfd',
    area: 'os',
    short: 'A Linux file that lives only in memory; two processes that map it share that memory.',
    lesson: 'lisafs-pool',
  },
  {
    id: 'gomaxprocs',
    term: 'GOMAXPROCS',
    area: 'os',
    short: 'How many OS threads a Go program (such as gVisor) runs Go code on at once.',
    lesson: 'lisafs-pool',
  },
];

const BY_ID = new Map(GLOSSARY.map((g) => [g.id, g]));

export function glossaryEntry(id: string): GlossaryEntry | undefined {
  return BY_ID.get(id);
}

export const GLOSSARY_PATH = '/learn/glossary';
