import { defineConfig } from 'vitest/config';

// Two projects so each suite runs once: `vitest run --project unit` (model, app, traces, scripts,
// CLIs, benchmarks) and `--project native` (the addon, real eventfds, real daemons).
// A path filter like `vitest run src` would also match native-bridge/src.
const shared = { environment: 'node' as const, testTimeout: 60_000, hookTimeout: 60_000 };

export default defineConfig({
  test: {
    projects: [
      { test: { ...shared, name: 'unit', include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scripts/**/*.test.ts'] } },
      { test: { ...shared, name: 'native', include: ['native-bridge/src/**/*.test.ts'] } },
    ],
  },
});
