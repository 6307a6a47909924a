/**
 * The site's views, one per machine Ringside models. Each lives at its own path and owns
 * its own query string, so a link reproduces exactly one view's state. The static server
 * and Vite's dev server both answer every path with index.html.
 *
 * A newcomer lands on the lessons (`/`, and each lesson under `/learn/`). The virtqueue view
 * used to live at `/`; its permalinks (`/?s=…&seed=…`) are sent on to `/virtqueue`.
 */
export interface Route {
  path: string;
  /** Short name for the navigation bar. */
  label: string;
  /** What the view shows, for the link's tooltip. */
  description: string;
}

export const ROUTES: Route[] = [
  {
    path: '/',
    label: 'Lessons',
    description:
      'Guided lessons on live models: virtqueues, notifications, lisafs, gofer walks, page loading, multiplexing',
  },
  {
    path: '/virtqueue',
    label: 'Virtqueue',
    description: 'A virtio split virtqueue, step by step: descriptors, rings, kicks and interrupts',
  },
  {
    path: '/packed',
    label: 'Packed ring',
    description: 'The packed virtqueue (virtio 1.1): one descriptor ring, wrap counters, AVAIL and USED bits',
  },
  {
    path: '/replay',
    label: 'Trace replay',
    description: 'Open a Ringside trace or a QEMU trace log and replay what a real system did',
  },
  {
    path: '/lisafs',
    label: 'lisafs pool',
    description: "gVisor's lisafs channel pool: flipcall channels, the LIFO stack and the socket fallback",
  },
  {
    path: '/gofer',
    label: 'Path walks',
    description: "The gofer client's path-walk RPCs under VFS1, VFS2 9P (three interop modes) and lisafs",
  },
  {
    path: '/pgalloc',
    label: 'Page loading',
    description: "pgalloc's asynchronous, prioritised page loading on restore",
  },
  {
    path: '/virtproxy',
    label: 'Multiplexing',
    description: 'A multiplexed channel that deadlocks without per-stream flow control, and two fixes',
  },
];

/** Where the lessons' pages live: `/learn/<lesson>/<step>`; the course map is `/`. */
export const LEARN_PATH = '/learn';

/** The route for a pathname, or null for a path that is none of the views (the not-found page). */
export function routeFor(pathname: string): Route | null {
  const p = pathname.replace(/\/+$/, '') || '/';
  if (p === LEARN_PATH || p.startsWith(`${LEARN_PATH}/`)) return ROUTES[0];
  return ROUTES.find((r) => r.path === p) ?? null;
}

/**
 * The address an old link should be read at, or null if it is current: the virtqueue view's
 * permalinks from before the lessons took `/` carried their state in `/`'s query string (the
 * course map has none), so `/?…` becomes `/virtqueue?…`.
 */
export function movedFrom(pathname: string, search: string): string | null {
  return (pathname === '/' || pathname === '') && search.length > 1 ? `/virtqueue${search}` : null;
}
