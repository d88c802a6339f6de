// Shared setup of the demo's end-to-end tests (demo.test.mjs) and screenshots (screenshots.mjs):
// starts scripts/dev-server.mjs on a free port and drives Debian's /usr/bin/chromium through
// playwright-core, or /usr/bin/firefox-esr through puppeteer-core behind the same Playwright-like
// API (puppeteer-pages.mjs); no browser download. Needs a built pkg/ (scripts/build).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../../scripts/chromium.mjs';

export { CHROMIUM, CHROMIUM_ARGS };
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function checkPrerequisites() {
  if (!fs.existsSync(path.join(ROOT, 'pkg', 'index.js'))) {
    throw new Error('pkg/ is not built: run scripts/build first');
  }
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: run scripts/setup`);
}

/**
 * Starts `node <script> --port 0` and resolves to { url, proc, output(), stop() } once it prints
 * its URL. `env` is merged over a copy of process.env in which ZAI_API_KEY is unset (mock mode)
 * unless `env` sets it.
 */
export function startProcess(script, { env = {}, match = /(http:\/\/127\.0\.0\.1:\d+)/ } = {}) {
  const childEnv = { ...process.env };
  delete childEnv.ZAI_API_KEY;
  delete childEnv.ZAI_BASE_URL;
  Object.assign(childEnv, env);
  const proc = spawn(process.execPath, [path.join(ROOT, script), '--port', '0'], {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const stop = () =>
    new Promise((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      const kill = setTimeout(() => proc.kill('SIGKILL'), 3000);
      proc.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      proc.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`${script} did not start within 15 s:\n${out}`));
    }, 15_000);
    const onData = (d) => {
      out += d;
      const m = match.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], proc, output: () => out, stop });
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', (d) => (out += d));
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before it started:\n${out}`));
    });
  });
}

/** The demo server (scripts/dev-server.mjs) in mock mode, or in proxy mode with `env`. */
export const startDemoServer = (env) => startProcess('scripts/dev-server.mjs', { env });

/** 'chromium' (Playwright's own Browser) or 'firefox' (the same API subset: puppeteer-pages.mjs). */
export async function launchBrowser(engine = 'chromium') {
  if (engine === 'chromium') return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
  if (engine !== 'firefox') throw new Error(`launchBrowser: no driver for ${engine}`);
  const { default: puppeteer } = await import('puppeteer-core');
  const { playwrightLike } = await import('./puppeteer-pages.mjs');
  const { FIREFOX } = await import('../../scripts/browsers.mjs');
  return playwrightLike(await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true, timeout: 60_000 }));
}

/**
 * A fresh page (own context) that records console errors and page errors in `problems`.
 * The browser's own network lines ("Failed to load resource: the server responded with a status of
 * 429", "... net::ERR_INCOMPLETE_CHUNKED_ENCODING") are expected when a test injects that fault:
 * those matching a pattern of `allowNetwork` go to `expected` instead.
 */
export async function openDemo(browser, baseUrl, { viewport = { width: 1280, height: 900 }, allowNetwork = [] } = {}) {
  const context = await browser.newContext({ viewport, reducedMotion: 'reduce' });
  const page = await context.newPage();
  const problems = [];
  const expected = [];
  // The status of every answer to the page, in order (engines differ in what they log for one).
  const statuses = [];
  page.on('response', (r) => statuses.push(r.status()));
  page.on('console', (msg) => {
    if (msg.type() !== 'error' && msg.type() !== 'warning') return;
    const text = msg.text();
    if (text.startsWith('Failed to load resource:') && allowNetwork.some((re) => re.test(text))) expected.push(text);
    else if (msg.type() === 'error') problems.push(`console.error: ${text}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  await page.goto(baseUrl + '/', { waitUntil: 'load' });
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
  return { page, context, problems, expected, statuses };
}
