#!/usr/bin/env node
/**
 * Bundles a Node entry point (benchmarks) into plain ESM with esbuild, so what is measured
 * is the code as it ships — not a loader's on-the-fly transform, which adds getters and
 * helper calls to every module access.
 *   node scripts/build-node.mjs src/bench/run.ts .out/bench.mjs
 */
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const [entry, outfile] = process.argv.slice(2);
if (!entry || !outfile) {
  process.stderr.write('usage: node scripts/build-node.mjs ENTRY.ts OUT.mjs\n');
  process.exit(2);
}

// npm packages stay external (`packages: 'external'` would do that), except this repository's own
// workspace packages (@ringside/model, @ringside/trace, ringside-native-bridge): they are
// TypeScript source, which Node cannot load from node_modules, and bundling them keeps one copy
// of each model module however it is imported (package name or relative path).
const readJson = (path) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
const workspaces = new Set(
  readJson('../package.json').workspaces.map((dir) => readJson(`../${dir}/package.json`).name),
);
const packageName = (spec) => spec.split('/', spec.startsWith('@') ? 2 : 1).join('/');
const externalPackages = {
  name: 'external-packages-but-workspaces',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.kind === 'entry-point' || workspaces.has(packageName(args.path)) ? undefined : { external: true },
    );
  },
};

await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  plugins: [externalPackages],
  sourcemap: 'inline',
  logLevel: 'warning',
  // bundled ESM has no require(); give it one for the native addon loader
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
