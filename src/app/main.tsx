import { StrictMode, Suspense, lazy, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';
import { routeFor } from './shell/routes';
import { SiteNav } from './shell/SiteNav';
import './styles.css';

/**
 * One entry, several views: the path picks the view; each other view is loaded on demand
 * so the virtqueue page stays small. Views register here by path.
 */
const VIEWS: Record<string, () => Promise<{ default: ComponentType }>> = {
  '/learn': () => import('./lessons/LearnPage'),
  '/': () => import('./virtqueue-page'),
  '/replay': () => import('./replay/ReplayPage'),
  '/lisafs': () => import('./lisafs/LisafsPage'),
  '/gofer': () => import('./gofer/GoferPage'),
  '/pgalloc': () => import('./pgalloc/PgallocPage'),
  '/virtproxy': () => import('./virtproxy/VirtproxyPage'),
};

const route = routeFor(location.pathname);
const load = VIEWS[route.path] ?? VIEWS['/'];
const View = lazy(load);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SiteNav current={route} />
    <Suspense
      fallback={
        <main className="boot">
          <p>Loading {route.label}…</p>
        </main>
      }
    >
      <View />
    </Suspense>
  </StrictMode>,
);
