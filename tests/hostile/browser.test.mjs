// The hostile-server suite in headless Chromium: a page served by the hostile servers
// (servers.mjs: page, package and API on one origin) loads pkg/index.js and cases.mjs and runs
// every case there, with the JS heap from performance.memory (precise) and the wasm memory.
//   node --test tests/hostile/      (scripts/test runs it after scripts/build)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../../scripts/chromium.mjs';
import { startServers } from './servers.mjs';
import { CASES, ANSWER, runCase } from './cases.mjs';

assert.ok(fs.existsSync(new URL('../../pkg/index.js', import.meta.url)), 'pkg/ is not built: run scripts/build');

let servers;
let browser;
let page;
const problems = [];
const external = [];

/** A fresh page (own context) on the servers' blank page; requests elsewhere are refused and recorded. */
async function openPage() {
  const context = await browser.newContext();
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if ([servers.url, servers.attacker, ...servers.apis].some((o) => u.startsWith(o + '/'))) return route.continue();
    external.push(u);
    return route.abort();
  });
  const p = await context.newPage();
  p.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  p.on('console', (m) => {
    // The browser logs every non-2xx answer and every aborted body: those are the cases themselves.
    if (m.type() === 'error' && !/Failed to load resource|net::ERR_/.test(m.text())) problems.push(`console.error: ${m.text()}`);
  });
  await p.goto(`${servers.url}/blank.html`);
  return p;
}

before(async () => {
  servers = await startServers();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS, '--js-flags=--expose-gc', '--enable-precise-memory-info'],
    timeout: 30_000,
  });
});

after(async () => {
  await browser?.close();
  await servers?.stop();
});

test('init() after a failed load (a corrupt .wasm from the server; bad bytes) works', async () => {
  const p = await openPage();
  try {
    const r = await p.evaluate(async (answer) => {
      const out = {};
      const ask = async (Z) => {
        const c = new Z.ZaiClient({ apiKey: 'k.secret-part', baseURL: `${location.origin}/api`, maxRetries: 0 });
        return (await c.chat.completions.create({ model: 'glm-4.6', messages: [{ role: 'user', content: 'Hi' }] })).choices[0].message.content === answer;
      };
      // The module's early fetch gets a corrupt .wasm (200 application/wasm): init() rejects, the
      // next init() fetches again and works.
      const A = await import('/pkg-corrupt/index.js');
      out.corrupt = await A.default().then(() => 'resolved', (e) => e.name);
      const exportsA = await A.default();
      out.corruptThen = Object.values(exportsA).some((v) => v instanceof WebAssembly.Memory) && await ask(A);
      // A fresh module instance: bad bytes first.
      const B = await import('/pkg/index.js?fresh=bad-bytes');
      out.bad = await B.default({ module_or_path: new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0xff]) }).then(() => 'resolved', (e) => e.name);
      await B.default();
      out.badThen = await ask(B);
      return out;
    }, ANSWER);
    assert.deepEqual(r, { corrupt: 'CompileError', corruptThen: true, bad: 'CompileError', badThen: true });
    assert.equal((await servers.stats()).corruptWasm, 2, 'the corrupt .wasm, then a fresh fetch');
  } finally {
    await p.context().close();
  }
});

test('setup: the page loads the package and the cases', async () => {
  page = await openPage();
  const ok = await page.evaluate(async ([attacker, apis]) => {
    const Z = await import('/pkg/index.js');
    const exports = await Z.default();
    window.__cases = (await import('/hostile/cases.mjs')).CASES;
    const stats = async (tag) => (await fetch(`/__stats${tag ? `?tag=${encodeURIComponent(tag)}` : ''}`, { cache: 'no-store' })).json();
    window.__env = {
      Z,
      exports,
      url: location.origin,
      attacker,
      apis,
      stats,
      async waitClosed(ms = 3000) {
        const until = Date.now() + ms;
        for (;;) {
          const s = await stats();
          if (s.open === 0) return s;
          if (Date.now() > until) throw new Error(`${s.open} hostile responses still open after ${ms} ms: ${s.openSpecs.join(', ')}`);
          await new Promise((r) => setTimeout(r, 20));
        }
      },
      gc: () => window.gc(),
      jsBytes: () => performance.memory.usedJSHeapSize,
    };
    return typeof window.gc === 'function' && typeof performance.memory?.usedJSHeapSize === 'number';
  }, [servers.attacker, servers.apis]);
  assert.equal(ok, true, 'gc() and performance.memory are available (--js-flags=--expose-gc, --enable-precise-memory-info)');
});

for (const name of Object.keys(CASES)) {
  test(name, { timeout: 60_000 }, async (t) => {
    assert.ok(page, 'the page did not load: see the setup test');
    await runCase(t, name, () => page.evaluate((n) => window.__cases[n](window.__env), name), 'chromium');
  });
}

test('no page errors, no request outside the two servers', () => {
  assert.deepEqual(problems, []);
  assert.deepEqual(external, []);
});
