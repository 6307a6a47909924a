#!/usr/bin/env node
/**
 * Bundles a Node entry point (benchmarks) into plain ESM with esbuild, so what is measured
 * is the code as it ships — not a loader's on-the-fly transform, which adds getters and
 * helper calls to every module access.
 *   node scripts/build-node.mjs src/bench/run.ts .out/bench.mjs
 */
import { build } from 'esbuild';

const [entry, outfile] = process.argv.slice(2);
if (!entry || !outfile) {
  process.stderr.write('usage: node scripts/build-node.mjs ENTRY.ts OUT.mjs\n');
  process.exit(2);
}
await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'inline',
  logLevel: 'warning',
  // bundled ESM has no require(); give it one for the native addon loader
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
