/**
 * The static server behind `npm start`, e2e and the UI bench: a taken port is either skipped
 * (no port named) or refused in one clear line (port named); missing files answer 404 while
 * app pages get index.html. Real sockets on loopback, real child processes.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
// @ts-expect-error: a plain .mjs module without types
import { PortInUseError, startServer } from './static-server.mjs';

let root: string;
let blocker: Server;
let taken: number;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'ringside-serve-'));
  mkdirSync(join(root, 'dist', 'samples'), { recursive: true });
  writeFileSync(join(root, 'dist', 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(root, 'dist', 'samples', 'here.log'), '1@2.0:virtqueue_pop x\n');
  blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
  taken = (blocker.address() as AddressInfo).port;
});

afterAll(() => {
  blocker.close();
  rmSync(root, { recursive: true, force: true });
});

const dist = () => join(root, 'dist');

describe('port already in use', () => {
  test('a named port that is taken is refused with the port and how to choose another', async () => {
    const e = await startServer(taken, '127.0.0.1', null, { root: dist() }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PortInUseError);
    expect((e as Error).message).toBe(
      `port ${taken} on 127.0.0.1 is already in use by another program; choose a free one, e.g. PORT=${taken + 1}`,
    );
  });

  test('with fallback, the next free port is taken', async () => {
    const s = await startServer(taken, '127.0.0.1', null, { root: dist(), fallback: true });
    const got = (s.address() as AddressInfo).port;
    expect(got).toBeGreaterThan(taken);
    s.close();
  });

  const serve = (env: Record<string, string>) =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const p = spawn(process.execPath, [join(import.meta.dirname, 'serve.mjs')], {
        cwd: root,
        env: { ...process.env, ...env },
      });
      let out = '';
      let err = '';
      p.stdout.on('data', (d) => {
        out += d;
        if (out.includes('Ringside is running at')) p.kill();
      });
      p.stderr.on('data', (d) => {
        err += d;
      });
      p.on('exit', (code) => resolve({ code, out, err }));
    });

  test('npm start with PORT set to a taken port: one line, exit status 1, no stack trace', async () => {
    const r = await serve({ PORT: String(taken) });
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n')).toEqual([
      `serve: port ${taken} on 127.0.0.1 is already in use by another program; choose a free one, e.g. PORT=${taken + 1}`,
    ]);
  });

  test('npm start with PORT=abc says it is not a port', async () => {
    const r = await serve({ PORT: 'abc' });
    expect(r.code).toBe(1);
    expect(r.err).toContain('PORT=abc is not a port number');
  });
});

describe('what it answers', () => {
  let s: Server;
  let base: string;
  beforeAll(async () => {
    s = await startServer(0, '127.0.0.1', null, { root: dist() });
    base = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  });
  afterAll(() => s.close());

  test('files that exist are served with cross-origin isolation', async () => {
    const r = await fetch(`${base}/samples/here.log`);
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('virtqueue_pop');
    expect(r.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
  });

  test('missing samples, assets and data files are 404, not the app page', async () => {
    for (const p of ['/samples/nope.log', '/assets/nope.js', '/data/nope.json', '/nope.jsonl']) {
      const r = await fetch(base + p);
      expect(r.status, p).toBe(404);
      expect(await r.text()).toBe(`not found: ${p}`);
    }
  });

  test('app routes get index.html; malformed escapes are a 400', async () => {
    for (const p of ['/', '/lisafs', '/learn/rings/two-rings']) {
      const r = await fetch(base + p);
      expect(r.status, p).toBe(200);
      expect(await r.text()).toContain('<title>app</title>');
    }
    expect((await fetch(`${base}/%E0%A4%A`)).status).toBe(400);
  });
});
