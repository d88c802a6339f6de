// The three browser engines of the tests behind one small interface, each driven the way that
// works with Debian's own builds on this machine (nothing downloads a browser):
//
//   chromium  /usr/bin/chromium          playwright-core (CDP)                 scripts/chromium.mjs
//   firefox   /usr/bin/firefox-esr       puppeteer-core over WebDriver BiDi     (Playwright 1.65's
//             BiDi client needs commands Firefox ESR 153 lacks: emulation.setMediaFeaturesOverride)
//   webkit    WebKitGTK's MiniBrowser    W3C WebDriver (classic, over HTTP) through
//             /usr/bin/WebKitWebDriver, under an Xvfb display this module starts (MiniBrowser
//             has no working headless mode)
//
//   const browser = await launch('firefox');
//   const page = await browser.newPage();
//   await page.goto(url);
//   const value = await page.evaluate((arg) => ..., arg);   // fn is serialised: no closures
//   await page.waitFor(() => document.body.dataset.done === 'true');
//   page.problems();  // console errors and uncaught page errors (Chromium, Firefox; WebKit: none)
//   await browser.close();
//
// `engineFromEnv()` reads ZAI_ENGINE (chromium | firefox | webkit; default chromium);
// `enginesFromEnv()` reads ZAI_ENGINES (a comma list; default all three). ZAI_CHROMIUM,
// ZAI_FIREFOX and ZAI_MINIBROWSER override the binaries.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CHROMIUM, CHROMIUM_ARGS, CHROMIUM_ARGS_WITH_GC } from './chromium.mjs';

export const ENGINES = Object.freeze(['chromium', 'firefox', 'webkit']);

export const FIREFOX = process.env.ZAI_FIREFOX || '/usr/bin/firefox-esr';
export const WEBKIT_DRIVER = '/usr/bin/WebKitWebDriver';
export const MINIBROWSER = process.env.ZAI_MINIBROWSER || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/** The binaries each engine needs (scripts/setup installs them). */
export const BINARIES = Object.freeze({
  chromium: [CHROMIUM],
  firefox: [FIREFOX],
  webkit: [WEBKIT_DRIVER, MINIBROWSER, '/usr/bin/Xvfb'],
});

function checkEngine(name) {
  if (!ENGINES.includes(name)) throw new Error(`unknown browser engine '${name}' (one of ${ENGINES.join(', ')})`);
  return name;
}

export function engineFromEnv(env = process.env) {
  return checkEngine((env.ZAI_ENGINE || 'chromium').trim());
}

export function enginesFromEnv(env = process.env) {
  const list = (env.ZAI_ENGINES || ENGINES.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  return list.map(checkEngine);
}

/** Throws naming what is missing when `engine`'s binaries are not installed. */
export function checkInstalled(engine) {
  const missing = BINARIES[checkEngine(engine)].filter((f) => !fs.existsSync(f));
  if (missing.length) throw new Error(`${engine}: ${missing.join(', ')} not found: run scripts/setup`);
}

/**
 * Launches `engine`. `gc: true` exposes `gc()` to pages where the engine can (Chromium's
 * --expose-gc; the others have no switch for it, and the tests check for the function).
 * Resolves to { engine, version, newPage(), close() }.
 */
export async function launch(engine, { gc = false } = {}) {
  checkInstalled(engine);
  if (engine === 'chromium') return launchChromium(gc);
  if (engine === 'firefox') return launchFirefox();
  return launchWebKit();
}

// ---------------------------------------------------------------------------------------------
// Chromium: playwright-core.

async function launchChromium(gc) {
  const { chromium } = await import('playwright-core');
  // A persistent context, as the browser tests have always used: measured here, it loaded
  // wasm-bindgen-test-runner's page every time (see scripts/web-test-runner.mjs).
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'zai-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: gc ? CHROMIUM_ARGS_WITH_GC : CHROMIUM_ARGS,
      headless: true,
      timeout: 30_000,
    });
  } catch (e) {
    fs.rmSync(profile, { recursive: true, force: true });
    throw e;
  }
  const blank = context.pages()[0];
  return {
    engine: 'chromium',
    version: `Chromium ${context.browser()?.version() ?? ''}`.trim(),
    async newPage({ allowOrigin } = {}) {
      const page = await context.newPage();
      await blank?.close().catch(() => {});
      const problems = [];
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      if (allowOrigin) {
        // Nothing may come from the internet: anything else is aborted and reported.
        await page.route('**/*', (route) => {
          const u = route.request().url();
          if (u.startsWith(allowOrigin + '/') || u.startsWith('data:') || u.startsWith('blob:')) return route.continue();
          problems.push(`external request blocked: ${u}`);
          return route.abort();
        });
      }
      return {
        raw: page,
        async goto(url, { timeout = 30_000 } = {}) {
          await page.goto(url, { timeout });
        },
        evaluate: (fn, arg) => page.evaluate(fn, arg),
        waitFor: (fn, arg, options) => poll((a) => page.evaluate(fn, a), arg, options),
        problems: () => [...problems],
        close: () => page.close().catch(() => {}),
      };
    },
    async close() {
      await context.close().catch(() => {});
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Firefox: puppeteer-core over WebDriver BiDi.

async function launchFirefox() {
  const { default: puppeteer } = await import('puppeteer-core');
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    timeout: 60_000,
    // No dialling out: the tests reach only 127.0.0.1.
    extraPrefsFirefox: {
      'network.dns.disablePrefetch': true,
      'network.prefetch-next': false,
      'browser.safebrowsing.malware.enabled': false,
      'browser.safebrowsing.phishing.enabled': false,
      'app.update.enabled': false,
      'app.normandy.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
      'network.captive-portal-service.enabled': false,
      'network.connectivity-service.enabled': false,
    },
  });
  const version = (await browser.version()).replace(/^firefox\//, 'Firefox ');
  return {
    engine: 'firefox',
    version,
    async newPage() {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      const problems = [];
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      return {
        raw: page,
        async goto(url, { timeout = 30_000 } = {}) {
          await page.goto(url, { timeout, waitUntil: 'load' });
        },
        evaluate: (fn, arg) => page.evaluate(fn, arg),
        waitFor: (fn, arg, options) => poll((a) => page.evaluate(fn, a), arg, options),
        problems: () => [...problems],
        close: () => context.close().catch(() => {}),
      };
    },
    close: () => browser.close().catch(() => {}),
  };
}

// ---------------------------------------------------------------------------------------------
// WebKit: WebKitWebDriver + MiniBrowser under a private Xvfb display.

/** A port free on 127.0.0.1 right now. */
export function freePort() {
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

/** Whether something accepts TCP connections on 127.0.0.1:`port` (a TCP probe, not an HTTP
 *  request: a keep-alive connection left open by a probe could hold up a one-thread server). */
export function listening(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts Xvfb on the first free display (-displayfd); resolves to { display, stop() }. */
function startXvfb() {
  // Own process group, so stop() also ends anything it started.
  const proc = spawn('/usr/bin/Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let log = '';
  proc.stderr.on('data', (d) => (log = (log + d).slice(-2000)));
  const stop = () => killGroup(proc);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`Xvfb did not start within 10 s: ${log}`));
    }, 10_000);
    let out = '';
    proc.stdio[3].on('data', (d) => {
      out += d;
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve({ display: `:${out.trim()}`, stop });
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited (${code}): ${log}`));
    });
  });
}

function killGroup(proc) {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      try {
        process.kill(-proc.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 3000);
    proc.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    try {
      process.kill(-proc.pid, 'SIGTERM');
    } catch {
      clearTimeout(force);
      resolve();
    }
  });
}

async function launchWebKit() {
  const xvfb = await startXvfb();
  const port = await freePort();
  const driver = spawn(WEBKIT_DRIVER, [`--port=${port}`, '--host=127.0.0.1'], {
    env: { ...process.env, DISPLAY: xvfb.display },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let driverLog = '';
  driver.stderr.on('data', (d) => (driverLog = (driverLog + d).slice(-4000)));
  const stopAll = async () => {
    await killGroup(driver);
    await xvfb.stop();
  };
  try {
    const deadline = Date.now() + 15_000;
    while (!(await listening(port))) {
      if (driver.exitCode !== null) throw new Error(`WebKitWebDriver exited (${driver.exitCode}): ${driverLog}`);
      if (Date.now() > deadline) throw new Error(`WebKitWebDriver did not listen within 15 s: ${driverLog}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } catch (e) {
    await stopAll();
    throw e;
  }
  const base = `http://127.0.0.1:${port}`;
  async function call(method, p, body) {
    const r = await fetch(base + p, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body && JSON.stringify(body),
    });
    const text = await r.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`WebKitWebDriver ${method} ${p}: ${r.status} ${text.slice(0, 300)}`);
    }
    if (!r.ok) {
      const v = json.value ?? {};
      const err = new Error(`WebKitWebDriver ${method} ${p}: ${v.error ?? r.status}: ${v.message ?? text.slice(0, 300)}`);
      err.webdriverError = v.error;
      throw err;
    }
    return json.value;
  }
  let version = 'WebKitGTK';
  const sessions = new Set();
  async function newSession() {
    const s = await call('POST', '/session', {
      capabilities: {
        alwaysMatch: {
          browserName: 'MiniBrowser',
          'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
        },
      },
    });
    version = `WebKitGTK ${s.capabilities?.browserVersion ?? '?'} (MiniBrowser)`;
    sessions.add(s.sessionId);
    return s.sessionId;
  }
  // One session up front: it reports the version and shows the driver works.
  let spare;
  try {
    spare = await newSession();
  } catch (e) {
    await stopAll();
    throw e;
  }
  return {
    engine: 'webkit',
    get version() {
      return version;
    },
    async newPage() {
      // A session per page: a new MiniBrowser, so pages share no state (as contexts elsewhere).
      const id = spare ?? (await newSession());
      spare = undefined;
      const s = `/session/${id}`;
      let scriptTimeout = 0;
      const evaluate = async (fn, arg, timeoutMs = 60_000) => {
        if (timeoutMs !== scriptTimeout) {
          await call('POST', `${s}/timeouts`, { script: timeoutMs });
          scriptTimeout = timeoutMs;
        }
        // execute/sync awaits a returned promise (W3C WebDriver).
        const script = `return (${fn.toString()}).apply(null, arguments)`;
        return call('POST', `${s}/execute/sync`, { script, args: arg === undefined ? [] : [arg] });
      };
      return {
        raw: null,
        async goto(url, { timeout = 30_000 } = {}) {
          await call('POST', `${s}/timeouts`, { pageLoad: timeout });
          await call('POST', `${s}/url`, { url });
        },
        evaluate: (fn, arg) => evaluate(fn, arg),
        waitFor: (fn, arg, options) => poll((a) => evaluate(fn, a), arg, options),
        problems: () => [],
        async close() {
          sessions.delete(id);
          await call('DELETE', s).catch(() => {});
        },
      };
    },
    async close() {
      for (const id of [...sessions]) await call('DELETE', `/session/${id}`).catch(() => {});
      sessions.clear();
      await stopAll();
    },
  };
}

// ---------------------------------------------------------------------------------------------

/** Calls `check(arg)` until it returns a truthy value (resolved to) or `timeout` ms pass. */
async function poll(check, arg, { timeout = 20_000, interval = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const v = await check(arg);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}
