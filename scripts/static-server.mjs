/**
 * A static server for the production build (dist/) with the cross-origin-isolation
 * headers SharedArrayBuffer needs. Used by `npm start` (scripts/serve.mjs), Playwright and
 * the UI benchmark; it has no side effects on import.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const dist = join(process.cwd(), 'dist') + sep;
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.jsonl': 'application/x-ndjson',
  '.log': 'text/plain; charset=utf-8',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/**
 * `extra(req, res)` may answer a request first (return true when it did): `npm run live`
 * adds its event stream on the same origin, so the isolated page can read it without CORS.
 */
export function startServer(
  port = Number(process.env.PORT ?? 4173),
  host = process.env.HOST ?? '127.0.0.1',
  extra = null,
) {
  if (!existsSync(join(dist, 'index.html'))) {
    throw new Error('dist/index.html is missing — run `npm start` (it builds first) or `npm run build`.');
  }
  const server = createServer((req, res) => {
    if (extra?.(req, res)) return;
    const url = new URL(req.url ?? '/', 'http://x');
    let path = normalize(join(dist, decodeURIComponent(url.pathname)));
    if (!path.startsWith(dist) && path + sep !== dist) {
      res.writeHead(403).end('forbidden');
      return;
    }
    if (!existsSync(path) || statSync(path).isDirectory()) path = join(dist, 'index.html');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('Content-Type', types[extname(path)] ?? 'application/octet-stream');
    createReadStream(path).pipe(res);
  });
  return new Promise((resolve) => server.listen(port, host, () => resolve(server)));
}
