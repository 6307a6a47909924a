/**
 * The site's views, one per machine Ringside models. Each lives at its own path and owns
 * its own query string, so a link reproduces exactly one view's state. The static server
 * and Vite's dev server both answer every path with index.html.
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
    path: '/learn',
    label: 'Lessons',
    description:
      'Guided lessons on live models: virtqueues, notifications, lisafs, gofer walks, page loading, multiplexing',
  },
  {
    path: '/',
    label: 'Virtqueue',
    description: 'A virtio split virtqueue, step by step: descriptors, rings, kicks and interrupts',
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

/** The route for a pathname (unknown paths show the virtqueue view). */
export function routeFor(pathname: string): Route {
  const p = pathname.replace(/\/+$/, '') || '/';
  if (p === '/learn' || p.startsWith('/learn/')) return ROUTES[0];
  return ROUTES.find((r) => r.path === p) ?? ROUTES.find((r) => r.path === '/')!;
}
