/** The page for a path that is none of Ringside's views: what was asked, and where each view is. */
import { ROUTES } from './routes';

export function NotFound({ pathname }: { pathname: string }) {
  return (
    <main className="not-found">
      <h1>No page at {pathname}</h1>
      <p>
        Ringside has no view at this address. It may be a mistyped or an old link. These are the views; each keeps its
        state in its own address, so a link to one of them reproduces what it showed.
      </p>
      <ul className="not-found-list">
        {ROUTES.map((r) => (
          <li key={r.path}>
            <a href={r.path}>{r.label}</a> <span className="muted">— {r.description}</span>
          </li>
        ))}
      </ul>
    </main>
  );
}
