#!/usr/bin/env node
/**
 * Installs whatever `npm start` or `npm test` needs, and says clearly what is missing when
 * it cannot: npm dependencies, the native addon build, and (as root, for tests) Debian's
 * chromium and qemu-system-common. Safe to run repeatedly: each step checks first.
 *
 *   node scripts/setup.mjs start   — dependencies only (the site needs nothing else)
 *   node scripts/setup.mjs test    — dependencies, addon, chromium, qemu-system-common
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const mode = process.argv[2] ?? 'test';
const say = (msg) => process.stderr.write(`setup: ${msg}\n`);

function run(cmd, args, opts = {}) {
  say(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.error) throw new Error(`could not run ${cmd}: ${r.error.message}`);
  return r.status === 0;
}

function die(msg) {
  say(`cannot continue: ${msg}`);
  process.exit(1);
}

function mtime(p) {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return 0;
  }
}

// 1. Node itself.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 10))
  die(`Node ${process.versions.node} is too old; Ringside needs Node 20.10 or newer.`);

// 2. npm dependencies: install when missing or when the lock file changed since.
const lock = join(root, 'package-lock.json');
const stamp = join(root, 'node_modules', '.package-lock.json');
if (!existsSync(stamp) || mtime(lock) > mtime(stamp)) {
  const ok = existsSync(stamp)
    ? run('npm', ['install', '--no-audit', '--no-fund'])
    : run('npm', ['ci', '--no-audit', '--no-fund']);
  if (!ok) die('npm could not install the dependencies (see its output above). Is the npm registry reachable?');
}

if (mode === 'start') process.exit(0);

// 3. The native addon. npm 11 skips install scripts of dependencies unless allowed, so
//    build it here when it is missing or older than its sources.
const bridge = join(root, 'native-bridge');
if (existsSync(join(bridge, 'binding.gyp'))) {
  const built = join(bridge, 'build', 'Release', 'ringside_bridge.node');
  const srcDir = join(bridge, 'csrc');
  const newest = Math.max(
    mtime(join(bridge, 'binding.gyp')),
    ...(existsSync(srcDir)
      ? readdirSync(srcDir)
          .filter((f) => /\.(c|cc|cpp|h)$/.test(f))
          .map((f) => mtime(join(srcDir, f)))
      : [0]),
  );
  if (!existsSync(built) || mtime(built) < newest) {
    // `npm run install` uses npm's own bundled node-gyp and its nodedir setting: it works
    // offline, where `npx node-gyp` would try to download a newer node-gyp.
    const ok = run('npm', ['run', 'install'], { cwd: bridge });
    if (!ok)
      die(
        'the native addon did not build: it needs python3, make and g++ (Debian: apt-get install -y python3 make g++).',
      );
  }
}

// 4. System packages the tests use for real: Chromium (Playwright) and QEMU's vhost-user daemons.
const wanted = [
  { pkg: 'chromium', file: '/usr/bin/chromium', why: 'the end-to-end tests drive a real Chromium' },
  {
    pkg: 'qemu-system-common',
    file: '/usr/bin/qemu-storage-daemon',
    why: 'the real-device tests start qemu-storage-daemon and virtiofsd',
  },
];
const missing = wanted.filter((w) => !existsSync(w.file));
if (missing.length > 0) {
  const names = missing.map((m) => m.pkg);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    die(
      `missing Debian packages: ${names.join(', ')} (${missing.map((m) => m.why).join('; ')}). Install them as root: apt-get install -y ${names.join(' ')}`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (
    !run('apt-get', ['update', '-qq'], { env }) ||
    !run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...names], { env })
  ) {
    die(`apt-get could not install ${names.join(', ')} (see its output above).`);
  }
  for (const m of missing) if (!existsSync(m.file)) die(`${m.pkg} installed but ${m.file} is still missing.`);
}
say('everything needed is in place.');
