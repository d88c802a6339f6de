#!/usr/bin/env node
// Cargo runner for the browser tests (wasm32-unknown-unknown), used by scripts/test:
//
//   CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER="node scripts/web-test-runner.mjs" \
//     cargo test --target wasm32-unknown-unknown --test web [-- filter]
//
// Why: under chromedriver, Chromium sometimes never finished loading wasm-bindgen-test-runner's
// page ("Loading scripts...", then "Timed out receiving message from renderer"), measured here at
// up to one start in two, and at every start for some builds. The same page driven by
// playwright-core loads every time. So wasm-bindgen-test-runner only serves the page
// (NO_HEADLESS=1) and this script drives it in headless Chromium, prints the runner's output and
// exits 0 only on "test result: ok".
//
// Environment: WASM_BINDGEN_TEST_TIMEOUT (seconds, default 240) bounds the whole run;
// ZAI_CHROMIUM (default /usr/bin/chromium, see scripts/chromium.mjs). Everything else is passed
// to the test page unchanged.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, CHROMIUM_ARGS_WITH_GC } from './chromium.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { chromium } = await import(path.join(ROOT, 'node_modules/playwright-core/index.mjs'));


const [wasm, ...testArgs] = process.argv.slice(2);
if (!wasm) fail('usage: web-test-runner.mjs <test.wasm> [test args...]');
const timeoutMs = Number(process.env.WASM_BINDGEN_TEST_TIMEOUT || 240) * 1000;
const LOAD_TIMEOUT_MS = 15_000;
const MAX_LOAD_ATTEMPTS = 8;

function fail(message) {
  console.error(`web-test-runner: ${message}`);
  process.exit(2);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// A TCP probe, not an HTTP request: a keep-alive connection left open by a probe could hold up
// the runner's server.
function listening(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitForServer(port, runner, deadline) {
  while (!(await listening(port))) {
    // Thrown, not exited: runOnce's cleanup still stops the runner and removes the profile.
    if (runner.exitCode !== null) throw new Error(`wasm-bindgen-test-runner exited (${runner.exitCode}) before serving`);
    if (Date.now() > deadline) throw new Error(`wasm-bindgen-test-runner did not listen on port ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * One run: serve the page, open it, wait for the report. Resolves to the exit code, or to null
 * when the page never finished loading (no test has started: safe to retry).
 */
async function runOnce(deadline) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const runner = spawn('wasm-bindgen-test-runner', [wasm, ...testArgs], {
    env: { ...process.env, NO_HEADLESS: '1', WASM_BINDGEN_TEST_ADDRESS: `127.0.0.1:${port}` },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const profile = mkdtempSync(path.join(os.tmpdir(), 'zai-web-test-'));
  let browser;
  try {
    await waitForServer(port, runner, deadline);
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS_WITH_GC,
      headless: true,
    });
    const page = browser.pages()[0] ?? (await browser.newPage());
    page.on('pageerror', (e) => console.error(`page error: ${e}`));
    try {
      await page.goto(url, { timeout: LOAD_TIMEOUT_MS });
    } catch (e) {
      console.error(`web-test-runner: the test page did not load (${e.message.split('\n')[0]})`);
      return null;
    }
    // The runner's page writes its libtest-style report into #output and ends it with the summary.
    const summary = page.locator('#output', { hasText: /test result: (ok|FAILED)/ });
    await summary.waitFor({ timeout: Math.max(1000, deadline - Date.now()) }).catch(() => {});
    const output = (await page.locator('#output').textContent().catch(() => null)) ?? '';
    process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
    if (/test result: ok\./.test(output)) return 0;
    if (!/test result:/.test(output)) console.error(`web-test-runner: no test result within ${timeoutMs / 1000} s`);
    return 1;
  } finally {
    await browser?.close().catch(() => {});
    runner.kill();
    rmSync(profile, { recursive: true, force: true });
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
