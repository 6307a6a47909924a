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

/** What the static server's caller can tell a user: the port was taken and how to pick another. */
export class PortInUseError extends Error {
  constructor(port, host, envName) {
    super(
      `port ${port} on ${host} is already in use by another program; choose a free one, e.g. ${envName}=${port + 1}`,
    );
    this.name = 'PortInUseError';
    this.port = port;
  }
}

/**
 * Paths that name a file (an extension, or under the asset, sample and data folders) answer 404
 * when the file is missing; every other path is a page of the app and gets index.html. Without
 * this, a missing sample came back as the app's HTML with status 200.
 */
function namesAFile(pathname) {
  return /^\/(assets|samples|data)\//.test(pathname) || /\.[a-z0-9]+$/i.test(pathname);
}

/**
 * `extra(req, res)` may answer a request first (return true when it did): `npm run live`
 * adds its event stream on the same origin, so the isolated page can read it without CORS.
 *
 * `options.fallback`: when the port is taken, try the next ones (up to 20), as Vite's preview
 * does; without it (the user named the port), fail with a PortInUseError. `options.envName` is
 * how the user sets the port, for that message. `options.root` serves another folder (tests).
 */
export function startServer(
  port = Number(process.env.PORT ?? 4173),
  host = process.env.HOST ?? '127.0.0.1',
  extra = null,
  options = {},
) {
  const { fallback = false, envName = 'PORT', root = dist } = options;
  const base = root.endsWith(sep) ? root : root + sep;
  if (!existsSync(join(base, 'index.html'))) {
    throw new Error(
      `${join(base, 'index.html')} is missing — run \`npm start\` (it builds first) or \`npm run build\`.`,
    );
  }
  const server = createServer((req, res) => {
    if (extra?.(req, res)) return;
    const url = new URL(req.url ?? '/', 'http://x');
    let pathname;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      res
        .writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' })
        .end('bad request: malformed percent-encoding');
      return;
    }
    let path = normalize(join(base, pathname));
    if (!path.startsWith(base) && path + sep !== base) {
      res.writeHead(403).end('forbidden');
      return;
    }
    const missing = !existsSync(path) || statSync(path).isDirectory();
    if (missing && namesAFile(pathname)) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`not found: ${pathname}`);
      return;
    }
    if (missing) path = join(base, 'index.html');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('Content-Type', types[extname(path)] ?? 'application/octet-stream');
    createReadStream(path).pipe(res);
  });
  return new Promise((resolve, reject) => {
    let tries = 0;
    const attempt = (p) => {
      const onError = (e) => {
        if (e.code === 'EADDRINUSE' && fallback && tries < 20 && p < 65535) {
          tries++;
          attempt(p + 1);
        } else if (e.code === 'EADDRINUSE') reject(new PortInUseError(p, host, envName));
        else reject(e);
      };
      server.once('error', onError);
      server.listen(p, host, () => {
        server.off('error', onError);
        resolve(server);
      });
    };
    attempt(port);
  });
}
