// The subset of Playwright's Browser / BrowserContext / Page / Locator API that the demo's
// end-to-end tests use, over puppeteer-core, so the same tests drive Firefox ESR (WebDriver BiDi;
// Playwright cannot drive a stock Firefox). Playwright's semantics are kept where the tests rely
// on them: locators re-query on every call, textContent/getAttribute wait for the element,
// waitForFunction(fn, arg, options), check/uncheck/fill/selectOption/setInputFiles, and
// keyboard.press('Control+Enter').
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Wraps a puppeteer Browser as a Playwright-like Browser. */
export function playwrightLike(browser) {
  return {
    version: () => browser.version(),
    async newContext({ viewport } = {}) {
      const context = await browser.createBrowserContext();
      const pages = [];
      const tempDirs = [];
      return {
        async newPage() {
          const page = await context.newPage();
          if (viewport) await page.setViewport(viewport);
          const p = wrapPage(page, tempDirs);
          pages.push(p);
          return p;
        },
        async cookies() {
          const all = [];
          for (const p of pages) all.push(...(await p.raw.cookies()));
          return all;
        },
        async close() {
          await context.close();
          for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
        },
      };
    },
    close: () => browser.close(),
  };
}

function wrapPage(page, tempDirs) {
  const timeoutOf = (o) => o?.timeout ?? 30_000;
  /** Resolves to a handle of the element `sel` (first of those with `hasText`, index `nth`). */
  const find = (sel, hasText, nth) =>
    page.evaluateHandle(
      (s, t, i) => [...document.querySelectorAll(s)].filter((e) => t === undefined || e.textContent.includes(t))[i] ?? null,
      sel,
      hasText,
      nth,
    );
  async function element(sel, hasText = undefined, nth = 0, timeout = 10_000) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const h = await find(sel, hasText, nth);
      if (await h.evaluate((e) => e !== null)) return h;
      await h.dispose();
      if (Date.now() > deadline) throw new Error(`no element ${sel}${hasText ? ` with text ${JSON.stringify(hasText)}` : ''}`);
      await sleep(50);
    }
  }
  const listAll = (sel, hasText) =>
    page.evaluate(
      (s, t) =>
        [...document.querySelectorAll(s)]
          .filter((e) => t === undefined || e.textContent.includes(t))
          .map((e) => ({
            text: e.textContent,
            visible: e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden',
            disabled: !!e.disabled,
          })),
      sel,
      hasText,
    );

  function locator(sel, { hasText } = {}, nth = 0) {
    const one = async () => (await listAll(sel, hasText))[nth];
    return {
      first: () => locator(sel, { hasText }, 0),
      count: async () => (await listAll(sel, hasText)).length,
      allTextContents: async () => (await listAll(sel, hasText)).map((e) => e.text),
      async textContent() {
        const h = await element(sel, hasText, nth);
        return h.evaluate((e) => e.textContent);
      },
      async getAttribute(name) {
        const h = await element(sel, hasText, nth);
        return h.evaluate((e, n) => e.getAttribute(n), name);
      },
      isVisible: async () => !!(await one())?.visible,
      isHidden: async () => !(await one())?.visible,
      isEnabled: async () => (await one())?.disabled === false,
      isDisabled: async () => (await one())?.disabled === true,
      async evaluate(fn, arg) {
        const h = await element(sel, hasText, nth);
        return h.evaluate(fn, arg);
      },
      async click() {
        const h = await element(sel, hasText, nth);
        await h.click();
      },
      async press(key) {
        const h = await element(sel, hasText, nth);
        await h.focus();
        await press(key);
      },
    };
  }

  async function press(combo) {
    const keys = combo.split('+');
    const key = keys.pop();
    for (const m of keys) await page.keyboard.down(m);
    await page.keyboard.press(key);
    for (const m of keys.reverse()) await page.keyboard.up(m);
  }

  async function setChecked(sel, want) {
    const h = await element(sel);
    if ((await h.evaluate((e) => e.checked)) !== want) await h.click();
    if ((await h.evaluate((e) => e.checked)) !== want) throw new Error(`${sel} did not become ${want ? 'checked' : 'unchecked'}`);
  }

  return {
    raw: page,
    on(event, fn) {
      if (event === 'console') {
        // Playwright says 'warning' where puppeteer says 'warn'.
        page.on('console', (m) => fn({ type: () => (m.type() === 'warn' ? 'warning' : m.type()), text: () => m.text() }));
      } else if (event === 'request') {
        // WebDriver BiDi has no synchronous postData(): the body is fetched first (so the event
        // arrives a moment later than in Playwright).
        page.on('request', async (r) => {
          let body = null;
          if (r.hasPostData()) body = await r.fetchPostData().catch((e) => `(request body unreadable: ${e.message})`);
          fn({ url: () => r.url(), headers: () => r.headers(), postData: () => body });
        });
      } else {
        page.on(event, fn);
      }
    },
    goto: (url, { waitUntil = 'load', timeout } = {}) => page.goto(url, { waitUntil, timeout: timeout ?? 30_000 }),
    waitForSelector: (sel, o) => page.waitForSelector(sel, { timeout: timeoutOf(o) }),
    waitForFunction: (fn, arg, o) => page.waitForFunction(fn, { timeout: timeoutOf(o), polling: 50 }, arg),
    waitForTimeout: sleep,
    evaluate: (fn, arg) => page.evaluate(fn, arg),
    content: () => page.content(),
    locator,
    click: async (sel) => (await element(sel)).click(),
    focus: async (sel) => (await element(sel)).focus(),
    check: (sel) => setChecked(sel, true),
    uncheck: (sel) => setChecked(sel, false),
    async selectOption(sel, value) {
      await element(sel);
      await page.select(sel, value);
    },
    async fill(sel, value) {
      const h = await element(sel);
      await h.evaluate((e, v) => {
        e.focus();
        e.value = v;
        e.dispatchEvent(new Event('input', { bubbles: true }));
        e.dispatchEvent(new Event('change', { bubbles: true }));
      }, value);
    },
    async press(sel, key) {
      await (await element(sel)).focus();
      await press(key);
    },
    keyboard: { press },
    async setInputFiles(sel, { name, buffer }) {
      // puppeteer uploads files by path: a private directory keeps the name exact. Firefox reads
      // the file after uploadFile() resolves, so it stays until the context closes.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zai-e2e-upload-'));
      tempDirs.push(dir);
      const file = path.join(dir, name);
      fs.writeFileSync(file, buffer);
      await (await element(sel)).uploadFile(file);
    },
  };
}
