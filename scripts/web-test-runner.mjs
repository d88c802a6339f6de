#!/usr/bin/env node
// Cargo runner for the browser tests (wasm32-unknown-unknown), used by scripts/test:
//
//   ZAI_ENGINE=firefox cargo test --target wasm32-unknown-unknown --test web [-- filter]
//
// (.cargo/config.toml names this script as the target's runner.) wasm-bindgen-test-runner only
// serves the test page (NO_HEADLESS=1); this script opens it in the engine ZAI_ENGINE names
// (chromium, the default; firefox; webkit: see scripts/browsers.mjs for how each is driven),
// prints the runner's report and exits 0 only on "test result: ok". The same test .wasm serves
// every engine: cargo builds it once, and only this runner changes.
//
// Why not wasm-bindgen-test-runner's own WebDriver client: under chromedriver, Chromium sometimes
// never finished loading the page ("Loading scripts...", then "Timed out receiving message from
// renderer"), measured here at up to one start in two; it has no MiniBrowser support either.
//
// Environment: WASM_BINDGEN_TEST_TIMEOUT (seconds, default 240) bounds the whole run; ZAI_ENGINE;
// ZAI_CHROMIUM / ZAI_FIREFOX / ZAI_MINIBROWSER (binaries). Everything else is passed to the test
// page unchanged.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { engineFromEnv, freePort, launch, listening } from './browsers.mjs';

const [wasm, ...testArgs] = process.argv.slice(2);
if (!wasm) fail('usage: web-test-runner.mjs <test.wasm> [test args...]');
const engine = (() => {
  try {
    return engineFromEnv();
  } catch (e) {
    return fail(e.message);
  }
})();
const timeoutMs = Number(process.env.WASM_BINDGEN_TEST_TIMEOUT || 240) * 1000;
const LOAD_TIMEOUT_MS = 15_000;
const MAX_LOAD_ATTEMPTS = 8;

function fail(message) {
  console.error(`web-test-runner: ${message}`);
  process.exit(2);
}

async function waitForServer(port, runner, deadline) {
  while (!(await listening(port))) {
    // Thrown, not exited: runOnce's cleanup still stops the runner.
    if (runner.exitCode !== null) throw new Error(`wasm-bindgen-test-runner exited (${runner.exitCode}) before serving`);
    if (Date.now() > deadline) throw new Error(`wasm-bindgen-test-runner did not listen on port ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The browser talks to this proxy, not to wasm-bindgen-test-runner's server: under Chromium that
 * server sometimes never answered one or two of the ~20 test modules the page imports in
 * parallel (measured here: the same two requests pending after 15 s, in up to 8 starts in a row
 * under load), leaving the page at "Loading scripts...". Each proxied request gets its own
 * upstream connection (no keep-alive to hold a server thread), and a GET without an answer
 * within UPSTREAM_STALL_MS is asked again on a new connection.
 */
const UPSTREAM_STALL_MS = 3000;

function startProxy(upstreamPort) {
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => forward(req, Buffer.concat(chunks), res, 0));
  });
  function forward(req, body, res, attempt) {
    let answered = false;
    const up = http.request(
      {
        host: '127.0.0.1',
        port: upstreamPort,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: `127.0.0.1:${upstreamPort}`, connection: 'close' },
        agent: false,
      },
      (upRes) => {
        answered = true;
        clearTimeout(timer);
        if (res.headersSent || res.destroyed) return upRes.resume();
        res.writeHead(upRes.statusCode, upRes.headers);
        upRes.pipe(res);
      },
    );
    const retry = () => {
      if (answered || res.headersSent || res.destroyed) return;
      up.destroy();
      if (req.method === 'GET' && attempt < 5) {
        console.error(`web-test-runner: no answer for ${req.url} within ${UPSTREAM_STALL_MS} ms: asking again`);
        return forward(req, body, res, attempt + 1);
      }
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`web-test-runner proxy: no answer from wasm-bindgen-test-runner for ${req.url}\n`);
    };
    const timer = setTimeout(retry, UPSTREAM_STALL_MS);
    up.on('error', () => {
      clearTimeout(timer);
      retry();
    });
    up.end(body);
  }
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/**
 * One run: serve the page, open it, wait for the report. Resolves to the exit code, or to null
 * when the page never finished loading (no test has started: safe to retry).
 */
async function runOnce(deadline) {
  const port = await freePort();
  let proxy;
  const runner = spawn('wasm-bindgen-test-runner', [wasm, ...testArgs], {
    env: { ...process.env, NO_HEADLESS: '1', WASM_BINDGEN_TEST_ADDRESS: `127.0.0.1:${port}` },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let browser;
  try {
    await waitForServer(port, runner, deadline);
    proxy = await startProxy(port);
    const url = `http://127.0.0.1:${proxy.address().port}/`;
    browser = await launch(engine, { gc: true });
    console.error(`web-test-runner: ${browser.version}`);
    const page = await browser.newPage();
    try {
      await page.goto(url, { timeout: LOAD_TIMEOUT_MS });
    } catch (e) {
      const shown = await page.evaluate(() => document.getElementById('output')?.textContent ?? '(no #output)').catch((e2) => `(evaluate failed: ${e2.message.split('\n')[0]})`);
      console.error(`web-test-runner: the test page did not load (${e.message.split('\n')[0]}); it shows: ${shown.slice(0, 300)}`);
      return null;
    }
    // The runner's page writes its libtest-style report into #output and ends it with the summary.
    const read = () => document.getElementById('output')?.textContent ?? '';
    await page
      .waitFor(() => /test result: (ok|FAILED)/.test(document.getElementById('output')?.textContent ?? ''), undefined, {
        timeout: Math.max(1000, deadline - Date.now()),
        interval: 250,
        what: 'the test report',
      })
      .catch(() => {});
    const output = (await page.evaluate(read).catch(() => null)) ?? '';
    process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
    if (/test result: ok\./.test(output)) return 0;
    // Only for a failed run: many tests provoke console errors on purpose (CORS, cut connections).
    for (const p of page.problems()) console.error(`page: ${p}`);
    if (!/test result:/.test(output)) console.error(`web-test-runner: no test result within ${timeoutMs / 1000} s`);
    return 1;
  } finally {
    await browser?.close();
    runner.kill();
    proxy?.closeAllConnections();
    proxy?.close();
  }
}

// The runner's server (tiny_http) now and then never answers one of the page's requests (seen on
// the snippet .js files, with chromedriver and Playwright alike). Then no test has run, so a new
// server and browser are safe. Intercepting the page's requests instead would change how the
// browser treats the mock's connections, so the page is left alone.
const deadline = Date.now() + timeoutMs;
let code = null;
for (let attempt = 1; code === null && attempt <= MAX_LOAD_ATTEMPTS; attempt++) {
  if (attempt > 1) console.error(`web-test-runner: retrying with a new server and browser (attempt ${attempt})`);
  code = await runOnce(deadline).catch((e) => fail(e.message));
}
process.exit(code ?? 1);
