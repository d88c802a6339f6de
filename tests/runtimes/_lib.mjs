// Shared setup of the runtime tests (tests/runtimes/*.test.mjs): an in-process HTTP server that
// answers /api, /s/ and /__mock/ from the mock (tests/mock/server.mjs) and serves static
// directories under URL prefixes; Chromium through playwright-core (tests/e2e/harness.mjs).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { createMock } from '../mock/server.mjs';

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
