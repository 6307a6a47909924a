#!/usr/bin/env node
/**
 * Serves the production build (dist/) locally with the cross-origin-isolation headers
 * SharedArrayBuffer needs, and prints the URL. PORT and HOST may be set in the environment.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
if (!existsSync(join(dist, 'index.html'))) {
  process.stderr.write('serve: dist/index.html is missing — run `npm start` (it builds first) or `npm run build`.\n');
  process.exit(1);
}
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json', '.jsonl': 'application/x-ndjson', '.log': 'text/plain; charset=utf-8', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.map': 'application/json' };

export function startServer(port = Number(process.env.PORT ?? 4173), host = process.env.HOST ?? '127.0.0.1') {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    let path = normalize(join(dist, decodeURIComponent(url.pathname)));
    if (!path.startsWith(dist.endsWith(sep) ? dist : dist + sep) && path !== dist) {
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

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const server = await startServer();
  const { address, port } = server.address();
  process.stdout.write(`Ringside is running at http://${address}:${port}/  (Ctrl+C to stop)\n`);
}
