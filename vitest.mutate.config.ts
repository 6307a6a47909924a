import { defineConfig } from 'vitest/config';

// The tests `npm run mutate` runs against each mutant of src/model/virtio and src/model/memory:
// their own unit and property tests, and the simulator's golden hashes (vqsim), which see any
// change of behaviour as a changed event log or memory image.
export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 60_000,
    setupFiles: ['vitest.mutate.setup.ts'],
    include: ['src/model/virtio/**/*.test.ts', 'src/model/memory/**/*.test.ts', 'src/model/vqsim/**/*.test.ts'],
  },
});
