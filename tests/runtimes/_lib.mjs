// Shared setup of the runtime tests (tests/runtimes/*.test.mjs): an in-process HTTP server that
// answers /api, /s/ and /__mock/ from the mock (tests/mock/server.mjs) and serves static
// directories under URL prefixes; Chromium through playwright-core (tests/e2e/harness.mjs).
import http from 'node:http';
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createMock } from '../mock/server.mjs';
import { ROOT } from '../e2e/harness.mjs';
import { freePort, listening } from '../../scripts/browsers.mjs';

export { ROOT, launchBrowser, CHROMIUM } from '../e2e/harness.mjs';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.ts': 'text/plain',
  '.md': 'text/plain',
};

/**
 * Starts the mock plus static files on 127.0.0.1 (free port). `mounts` maps a URL prefix ("/",
 * "/pkg/") to a directory. `hook(req, res, pathname)`, if given, sees every other request first
 * and returns true when it answered it. Resolves to { url, mock, close() }.
 */
export async function serve(mounts, { hook } = {}) {
  const mock = createMock({});
  const entries = Object.entries(mounts).sort((a, b) => b[0].length - a[0].length);
  const server = http.createServer((req, res) => {
    if (mock.handle(req, res)) return;
    const p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (hook?.(req, res, p)) return;
    for (const [prefix, dir] of entries) {
      if (!p.startsWith(prefix)) continue;
      let file = path.join(dir, p.slice(prefix.length));
      if (!path.resolve(file).startsWith(path.resolve(dir))) break;
      if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
      if (!fs.existsSync(file)) break;
      res.writeHead(200, { 'content-type': MIME[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
      fs.createReadStream(file).pipe(res);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end(`not found: ${p}\n`);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  const close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { url, mock, close };
}

/**
 * For a test file that loads tests/runtimes/pages/ in browsers: before its tests, serves the pages
 * at /, the built package at /pkg/ and `mounts` (after checking that pkg/`need` is built); after
 * them, stops. Returns the server, whose `url` and `mock` are set once it runs.
 */
export function servePages({ need = 'index.js', mounts = {} } = {}) {
  const server = {};
  before(async () => {
    assert.ok(fs.existsSync(path.join(ROOT, 'pkg', need)), 'pkg/ is not built: run scripts/build');
    Object.assign(server, await serve({
      '/': path.join(ROOT, 'tests', 'runtimes', 'pages'),
      '/pkg/': path.join(ROOT, 'pkg'),
      ...mounts,
    }));
  });
  after(async () => {
    await server.close?.();
  });
  return server;
}

/** The mock's streamed chat reply (tests/mock/server.mjs DEFAULT_REPLY). */
export { DEFAULT_REPLY } from '../mock/server.mjs';

/**
 * A page that records console errors and page errors; `problems()` lists them. Requests to
 * anything but `allowedOrigin` are aborted and recorded (nothing may come from the internet).
 */
export async function newPage(browser, allowedOrigin) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith(allowedOrigin + '/') || u.startsWith('data:') || u.startsWith('blob:')) return route.continue();
    problems.push(`external request blocked: ${u}`);
    return route.abort();
  });
  return { page, context, problems: () => problems };
}

export { UPLOAD_NAME, UPLOAD_TEXT } from './scenario.mjs';

/**
 * Holds a result of scenario.mjs's exercise() to what the mock sends: the streamed reply three
 * ways, the abort, the typed 429 and the upload (its non-ASCII filename and size round-trip).
 */
export async function check(result) {
  const { default: assert } = await import('node:assert/strict');
  const { DEFAULT_REPLY } = await import('../mock/server.mjs');
  const { UPLOAD_NAME, UPLOAD_TEXT } = await import('./scenario.mjs');
  assert.equal(result.failure, undefined, result.failure);
  assert.equal(result.isStream, true, 'create({ stream: true }) resolves to a ChatCompletionStream');
  assert.ok(result.pieces.length > 3, 'the reply arrives in several chunks');
  assert.equal(result.pieces.join(''), DEFAULT_REPLY, 'for await');
  assert.equal(result.final, DEFAULT_REPLY, 'finalChatCompletion()');
  assert.equal(result.finish, 'stop');
  assert.equal(typeof result.requestId, 'string');
  assert.equal(result.manual, DEFAULT_REPLY, 'next() by hand');
  assert.equal(result.viaReader, DEFAULT_REPLY, 'toReadableStream().getReader()');
  assert.equal(result.aborted, 'APIUserAbortError', 'abort through the signal');
  assert.deepEqual(result.error, { name: 'RateLimitError', code: '1302', status: 429, rate: true, zai: true });
  assert.deepEqual(result.upload, { filename: UPLOAD_NAME, bytes: Buffer.byteLength(UPLOAD_TEXT), purpose: 'agent' });
}

/**
 * Starts workerd (node_modules/.bin/workerd, Cloudflare Workers' runtime) serving one worker on a
 * free port: `modules` lists the files of `dir` in order ({ name, type: 'esModule' | 'wasm' }),
 * the first is the main module. The worker may fetch 127.0.0.1 (the mock). Resolves to
 * { url, version, stop() }.
 */
export async function startWorkerd(dir, modules) {
  const { spawn, execFileSync } = await import('node:child_process');
  const bin = path.join(ROOT, 'node_modules', '.bin', 'workerd');
  const port = await freePort();
  const version = execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
  const date = /(\d{4}-\d{2}-\d{2})/.exec(version)?.[1] ?? '2025-01-01';
  const list = modules.map((m) => `(name = "${m.name}", ${m.type} = embed "${m.name}")`).join(',\n      ');
  fs.writeFileSync(
    path.join(dir, 'config.capnp'),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    # The mock listens on 127.0.0.1: the default outbound reaches public addresses only.
    (name = "net", network = (allow = ["private", "public", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [
      ${list}
  ],
  compatibilityDate = "${date}",
  globalOutbound = "net",
);
`,
  );
  const proc = spawn(bin, ['serve', 'config.capnp', '--verbose'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let log = '';
  proc.stdout.on('data', (d) => (log = (log + d).slice(-4000)));
  proc.stderr.on('data', (d) => (log = (log + d).slice(-4000)));
  const stop = () =>
    new Promise((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      proc.once('exit', () => resolve());
      try {
        process.kill(-proc.pid, 'SIGKILL');
      } catch {
        resolve();
      }
    });
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (await listening(port)) break;
    if (proc.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`workerd did not start (exit ${proc.exitCode}):\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url: `http://127.0.0.1:${port}`, version, stop, log: () => log };
}
