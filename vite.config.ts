import { existsSync } from 'node:fs';
import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { tokensCss } from './src/app/shared/tokens';

// SharedArrayBuffer in the page needs cross-origin isolation on every server.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * The dev server answers a missing sample or data file with 404, as the production server
 * (scripts/static-server.mjs) does, instead of the app's index.html: otherwise a mistyped
 * ?trace= link is reported as a parse error of HTML.
 */
const missingFiles404: Plugin = {
  name: 'ringside-missing-files-404',
  configureServer(server) {
    server.middlewares.use((req, res, next) => {
      const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
      if (/^\/(samples|data)\//.test(path) && !existsSync(join(server.config.publicDir, path))) {
        res.statusCode = 404;
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        res.end(`not found: ${path}`);
        return;
      }
      next();
    });
  },
};

/**
 * `import 'virtual:tokens.css'` is the style sheet of the design tokens (src/app/shared/tokens.ts):
 * the CSS custom properties come from the same module as the colours canvas code draws with.
 */
const TOKENS_ID = 'virtual:tokens.css';
const TOKENS_FILE = '/__ringside-tokens.css';
const designTokens: Plugin = {
  name: 'ringside-design-tokens',
  resolveId: (id) => (id === TOKENS_ID ? TOKENS_FILE : null),
  load: (id) => (id === TOKENS_FILE ? tokensCss() : null),
};

export default defineConfig({
  plugins: [react(), missingFiles404, designTokens],
  server: { headers: isolation },
  preview: { headers: isolation },
  build: { outDir: 'dist', sourcemap: true, target: 'es2022' },
});
