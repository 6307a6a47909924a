// npm run mutate: StrykerJS over the split ring's model (src/model/virtio) and the memory it
// lives in (src/model/memory). Not part of npm test (it runs the model's tests once per mutant);
// the score and the surviving mutants go in the closing note of issue 19.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [
    'src/model/virtio/**/*.ts',
    'src/model/memory/**/*.ts',
    '!**/*.test.ts',
    '!**/*.helper.ts',
    // Words for people (explanations, the real implementations' messages): a changed string is
    // checked where it is shown, not by the ring's behaviour.
    '!src/model/virtio/errors.ts',
  ],
  coverageAnalysis: 'perTest',
  // Static mutants (module-level constants) would need every test for each; the layout constants
  // are pinned by the layout tests against the kernel header's offsets instead.
  ignoreStatic: true,
  concurrency: 2,
  // A mutant that loops forever (a chain walk's bound removed) is a kill, found after the test's
  // usual time plus this, not after a minute.
  timeoutMS: 5_000,
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: '.out/mutation/mutation.json' },
  htmlReporter: { fileName: '.out/mutation/mutation.html' },
  thresholds: { high: 90, low: 85, break: null },
  // Results kept between runs (not in git): a run after a change tests only the mutants it touched.
  incremental: true,
  incrementalFile: '.out/mutation/incremental.json',
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
