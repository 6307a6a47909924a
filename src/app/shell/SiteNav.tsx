import { ROUTES, type Route } from './routes';

/** The strip of links between Ringside's views; the current one is marked for screen readers too. */
export function SiteNav({ current }: { current: Route }) {
  return (
    <nav className="site-nav" aria-label="Ringside views">
      {ROUTES.map((r) => (
        <a
          key={r.path}
          href={r.path}
          title={r.description}
          aria-current={r.path === current.path ? 'page' : undefined}
          className={r.path === current.path ? 'current' : undefined}
        >
          {r.label}
        </a>
      ))}
    </nav>
  );
}
