import { useEffect, useRef } from 'react';
import { ROUTES, type Route } from './routes';

/** The strip of links between Ringside's views; the current one is marked for screen readers too. */
export function SiteNav({ current }: { current: Route | null }) {
  const nav = useRef<HTMLElement>(null);
  // On a narrow screen the strip scrolls: bring the current tab into sight (without moving the page).
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs again when the route changes, which moves the current tab
  useEffect(() => {
    const el = nav.current;
    const tab = el?.querySelector<HTMLElement>('a.current');
    if (!el || !tab) return;
    const over = tab.offsetLeft + tab.offsetWidth - (el.scrollLeft + el.clientWidth);
    if (over > 0) el.scrollLeft += over + 24;
  }, [current]);
  return (
    <nav className="site-nav" aria-label="Ringside views" ref={nav}>
      {ROUTES.map((r) => (
        <a
          key={r.path}
          href={r.path}
          title={r.description}
          aria-current={r.path === current?.path ? 'page' : undefined}
          className={r.path === current?.path ? 'current' : undefined}
        >
          {r.label}
        </a>
      ))}
    </nav>
  );
}
