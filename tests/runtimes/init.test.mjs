// How the built package (pkg/) loads its .wasm in headless Chromium: the fetch + compile that
// starts when the module is imported, init() using it, a failed load retried by the next init(),
// a server sending the wrong MIME type, and initSync() when the early fetch failed.
//   node --test tests/runtimes/      (scripts/test runs it after scripts/build)
// Each case imports pkg/ under its own URL prefix (/v/<case>/), so every case starts with a fresh
// module instance and the server can count and shape that case's .wasm requests.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import { ROOT, serve, launchBrowser, newPage } from './_lib.mjs';

const PKG = path.join(ROOT, 'pkg');
const WASM = 'zai_wasm_bg.wasm';
const requests = {}; // case -> number of .wasm requests
const aborted = {}; // case -> the page closed the .wasm response before its end

let server;
let browser;

function hook(req, res, p) {
  if (p === '/blank.html') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end('<!doctype html><meta charset="utf-8"><title>init</title>');
    return true;
  }
  if (p === '/aborted') {
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(aborted));
    return true;
  }
  const m = /^\/v\/([a-z]+)\/([\w.]+)$/.exec(p);
  if (!m) return false;
  const [, name, file] = m;
  const send = (status, type, body) => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(body);
  };
  if (file !== WASM) {
    if (!fs.existsSync(path.join(PKG, file))) return false;
    send(200, 'text/javascript; charset=utf-8', fs.readFileSync(path.join(PKG, file)));
    return true;
  }
  const n = (requests[name] = (requests[name] ?? 0) + 1);
  if (name === 'slow') {
    // Half the module, the rest a second later: long enough for the page to abort the fetch.
    const bytes = fs.readFileSync(path.join(PKG, WASM));
    res.writeHead(200, { 'content-type': 'application/wasm', 'cache-control': 'no-store' });
    res.write(bytes.subarray(0, bytes.length >> 1));
    const timer = setTimeout(() => res.end(bytes.subarray(bytes.length >> 1)), 1000);
    res.on('close', () => {
      clearTimeout(timer);
      aborted[name] = !res.writableFinished;
    });
    return true;
  }
  if (name === 'missing' || (name === 'flaky' && n === 1)) send(name === 'flaky' ? 503 : 404, 'text/plain', 'no\n');
  else send(200, name.startsWith('octet') ? 'application/octet-stream' : 'application/wasm', fs.readFileSync(path.join(PKG, WASM)));
  return true;
}

before(async () => {
  assert.ok(fs.existsSync(path.join(PKG, 'index.js')), 'pkg/ is not built: run scripts/build');
  server = await serve({}, { hook });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Runs `fn(caseName)` in a fresh page; returns its result and the page's problems. */
async function inPage(name, fn) {
  const { page, context, problems } = await newPage(browser, server.url);
  try {
    await page.goto(`${server.url}/blank.html`);
    const result = await page.evaluate(fn, name);
    // Chromium logs every failed resource load as a console error: expected in the failure cases.
    return { result, problems: problems().filter((p) => !/Failed to load resource/.test(p)) };
  } finally {
    await context.close();
  }
}

test('the .wasm is fetched when the module is imported, and init() uses that fetch', async () => {
  const { result, problems } = await inPage('ok', async (name) => {
    const m = await import(`/v/${name}/index.js`);
    const wasm = () => performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.wasm')).length;
    await new Promise((ok) => setTimeout(ok, 300)); // resource entries appear once loaded
    const beforeInit = wasm();
    const exports = await m.default();
    new m.ZaiClient({ apiKey: 'k' });
    return { beforeInit, same: (await m.default()) === exports };
  });
  assert.deepEqual(problems, []);
  assert.equal(result.beforeInit, 1, 'requested before init() was called');
  assert.equal(result.same, true);
  assert.equal(requests.ok, 1, 'one .wasm request in all');
});

test('a failed load rejects init(); the next init() fetches again and succeeds', async () => {
  const { result, problems } = await inPage('flaky', async (name) => {
    const m = await import(`/v/${name}/index.js`);
    let first = null;
    try {
      await m.default();
    } catch (e) {
      first = String(e.message);
    }
    const exports = await m.default();
    new m.ZaiClient({ apiKey: 'k' });
    return { first, ok: !!exports, same: (await m.default()) === exports };
  });
  assert.deepEqual(problems, [], 'no unhandled rejection, no warning');
  assert.match(result.first ?? 'resolved', /503/);
  assert.equal(result.ok, true);
  assert.equal(result.same, true);
  assert.equal(requests.flaky, 2);
});

test('a .wasm served as application/octet-stream still loads (one request)', async () => {
  const { result, problems } = await inPage('octet', async (name) => {
    const m = await import(`/v/${name}/index.js`);
    await m.default();
    new m.ZaiClient({ apiKey: 'k' });
    // The case the fallback is for: compileStreaming refuses that response.
    const streaming = await WebAssembly.compileStreaming(fetch('/v/octetprobe/zai_wasm_bg.wasm')).then(() => 'compiled', (e) => e.name);
    return { streaming };
  });
  assert.deepEqual(problems, []);
  assert.deepEqual(result, { streaming: 'TypeError' });
  assert.equal(requests.octet, 1);
});

test('an early fetch that fails unused reports nothing; initSync() still works', async () => {
  const { result, problems } = await inPage('missing', async (name) => {
    const m = await import(`/v/${name}/index.js`);
    await new Promise((ok) => setTimeout(ok, 300)); // the 404 arrives, nobody awaits it
    const bytes = await (await fetch('/v/bytes/zai_wasm_bg.wasm')).arrayBuffer();
    const exports = m.initSync({ module: bytes });
    new m.ZaiClient({ apiKey: 'k' });
    return { same: (await m.default()) === exports };
  });
  assert.deepEqual(problems, [], 'no unhandled rejection');
  assert.equal(result.same, true, 'init() after initSync() resolves to the same instance, no fetch');
  assert.equal(requests.missing, 1);
});

test('init(input) aborts the early fetch and uses the input', async () => {
  const { result, problems } = await inPage('slow', async (name) => {
    const m = await import(`/v/${name}/index.js`);
    const bytes = await (await fetch('/v/bytes/zai_wasm_bg.wasm')).arrayBuffer();
    const exports = await m.default({ module_or_path: bytes });
    new m.ZaiClient({ apiKey: 'k' });
    await new Promise((ok) => setTimeout(ok, 300)); // < the 1 s the server holds the rest back
    return { same: (await m.default()) === exports, aborted: (await (await fetch('/aborted')).json())[name] };
  });
  assert.deepEqual(problems, [], 'no unhandled rejection');
  assert.equal(result.same, true);
  assert.equal(requests.slow, 1);
  assert.equal(result.aborted, true, 'the early .wasm fetch was aborted');
});
