import { StrictMode, Suspense, lazy, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';
import { movedFrom, routeFor } from './shell/routes';
import { NotFound } from './shell/NotFound';
import { SiteNav } from './shell/SiteNav';
import { SkipLink } from './shell/SkipLink';
import 'virtual:tokens.css';
import './styles.css';
// Each view's sheet, in the cascade order they had as one file; phone widths last.
import './kit/transport.css';
import './virtqueue/virtqueue.css';
import './rings/rings.css';
import './kit/stepper-views.css';
import './lisafs/lisafs.css';
import './gofer/gofer.css';
import './kit/explain-views.css';
import './kit/explain-panel.css';
import './pgalloc/pgalloc.css';
import './virtproxy/virtproxy.css';
import './replay/replay.css';
import './packed/packed.css';
import './phone.css';

/**
 * One entry, several views: the path picks the view; each other view is loaded on demand
 * so the virtqueue page stays small. Views register here by path.
 */
const VIEWS: Record<string, () => Promise<{ default: ComponentType }>> = {
  '/': () => import('./lessons/LearnPage'),
  '/virtqueue': () => import('./virtqueue/VirtqueuePage'),
  '/replay': () => import('./replay/ReplayPage'),
  '/lisafs': () => import('./lisafs/LisafsPage'),
  '/gofer': () => import('./gofer/GoferPage'),
  '/pgalloc': () => import('./pgalloc/PgallocPage'),
  '/virtproxy': () => import('./virtproxy/VirtproxyPage'),
  '/packed': () => import('./packed/PackedPage'),
};

const moved = movedFrom(location.pathname, location.search);
if (moved) history.replaceState(null, '', moved);
const route = routeFor(location.pathname);
const View = route ? lazy(VIEWS[route.path]) : () => <NotFound pathname={location.pathname} />;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SkipLink />
    <SiteNav current={route} />
    <Suspense
      fallback={
        <main className="boot">
          <p>Loading {route?.label}…</p>
        </main>
      }
    >
      <View />
    </Suspense>
  </StrictMode>,
);
