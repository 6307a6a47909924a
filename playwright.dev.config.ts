/**
 * Playwright against Vite's dev server instead of the built site: for working on one spec while
 * others share the machine (no shared dist/ to rebuild). `E2E_PORT` picks the port.
 *   E2E_PORT=4301 npx playwright test -c playwright.dev.config.ts e2e/lesson-rings.spec.ts
 * CI and `npm test` use playwright.config.ts (the built site, as users get it).
 */
import { defineConfig } from '@playwright/test';
import base from './playwright.config';

const port = Number(process.env.E2E_PORT ?? 4301);

export default defineConfig({
  ...base,
  retries: 0,
  use: { ...base.use, baseURL: `http://127.0.0.1:${port}` },
  webServer: {
    command: `npx vite --port ${port} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: true,
    timeout: 60_000,
  },
});
