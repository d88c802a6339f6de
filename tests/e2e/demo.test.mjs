// End-to-end tests of the demo page (www/) in headless Chromium via playwright-core and in
// Firefox ESR via puppeteer-core (the same Playwright-style calls: harness.mjs):
//
//   node --test tests/e2e/          (needs pkg/ built by scripts/build; part of scripts/test)
//   ZAI_E2E_ENGINES=firefox node --test tests/e2e/demo.test.mjs     (one engine)
//
// Not WebKit: WebKitGTK's driver is classic WebDriver, which has no network events, and the
// proxy-mode test reads every request and response the page makes (the key must be in none).
//
// Starts scripts/dev-server.mjs itself on a free port in mock mode, clicks through every panel
// and asserts what the page shows. Every test also asserts there were no console errors and no
// page errors (the only tolerated console lines are the browser's own "Failed to load resource"
// lines for a fault the test injected on purpose: an HTTP 429, a connection cut mid-stream).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPrerequisites, launchBrowser, openDemo, startDemoServer, startProcess } from './harness.mjs';

const DEFAULT_REPLY = 'Hello! 你好，世界 🌍 How can I help you today?';

const ENGINES = (process.env.ZAI_E2E_ENGINES || 'chromium,firefox').split(',').map((e) => e.trim()).filter(Boolean);

let server;
let browser;

before(async () => {
  checkPrerequisites();
  server = await startDemoServer();
});

after(async () => {
  await server?.stop();
});

/** Runs `body(page)` on a fresh demo page and then checks the page logged no errors. */
async function withDemo(body, options = {}, baseUrl = server.url) {
  const demo = await openDemo(browser, baseUrl, options);
  try {
    await body(demo.page, demo);
    assert.deepEqual(demo.problems, [], 'console errors or page errors');
  } finally {
    await demo.context.close();
  }
}

const text = (page, sel) => page.locator(sel).textContent();
const state = (page, sel) => page.locator(sel).getAttribute('data-state');

/** Waits until the status line `sel` leaves the busy state; returns its state. */
async function settled(page, sel, timeout = 15_000) {
  await page.waitForFunction((s) => {
    const el = document.querySelector(s);
    return el.dataset.state && el.dataset.state !== 'busy';
  }, sel, { timeout });
  return state(page, sel);
}

async function errorFields(page) {
  return page.evaluate(() => {
    const get = (id) => document.getElementById(id).textContent;
    return {
      visible: !document.getElementById('error-box').hidden,
      title: get('err-name'),
      call: get('err-call'),
      name: get('err-name-field'),
      status: get('err-status'),
      code: get('err-code'),
      requestId: get('err-request-id'),
      retryable: get('err-retryable'),
      message: get('err-message'),
    };
  });
}

for (const engine of ENGINES) describe(engine, () => {
  // One browser per engine, for both describes below.
  before(async () => {
    browser = await launchBrowser(engine);
  });
  after(async () => {
    await browser?.close();
    browser = undefined;
  });

  describe(`${engine}: demo page (mock mode)`, () => {
    test('loads in mock mode with the fault menu, landmarks and labelled controls', () =>
      withDemo(async (page) => {
        assert.match(await text(page, '#mode'), /Mock Z\.AI API/);
        assert.equal(await page.locator('#simulate').isVisible(), true);
        assert.equal(await page.locator('header').count(), 1);
        assert.equal(await page.locator('main').count(), 1);
        assert.equal(await page.locator('nav').count(), 1);
        assert.equal(await page.locator('main > section[aria-labelledby]').count(), 8);
        // Every form control has a label (explicit, wrapping, or aria-label).
        const unlabelled = await page.evaluate(() =>
          [...document.querySelectorAll('input, select, textarea')]
            .filter((c) => !(c.labels?.length || c.getAttribute('aria-label')))
            .map((c) => c.id));
        assert.deepEqual(unlabelled, []);
        assert.equal(await page.locator('#answer').getAttribute('aria-live'), 'polite');
        assert.equal(await page.locator('#reasoning').getAttribute('aria-live'), 'polite');
        assert.equal(await page.locator('#error-panel').getAttribute('role'), 'alert');
      }));

    test('chat: streamed text grows over time, then usage and finish_reason are shown', () =>
      withDemo(async (page) => {
        await page.uncheck('#thinking');
        await page.selectOption('#simulate', 'drip;ms=250');
        await page.click('#send');
        const lengths = [];
        while (lengths.length < 40) {
          lengths.push((await text(page, '#answer')).length);
          if ((await state(page, '#chat-status')) !== 'busy') break;
          await page.waitForTimeout(200);
        }
        assert.equal(await settled(page, '#chat-status'), 'done');
        const growing = lengths.filter((n, i) => n > 0 && n > (lengths[i - 1] ?? 0));
        assert.ok(growing.length >= 3, `the answer should grow in several steps, samples: ${lengths}`);
        assert.equal(await text(page, '#answer'), DEFAULT_REPLY);
        assert.equal(await page.locator('#reasoning-box').isHidden(), true);
        assert.match(await text(page, '#usage'), /^Usage: \d+ prompt \+ \d+ completion = \d+ tokens/);
        assert.match(await text(page, '#chat-status'), /finish_reason stop, request id \S+/);
      }));

    test('chat: Stop aborts the stream; the text stops growing and APIUserAbortError is shown', () =>
      withDemo(async (page) => {
        await page.uncheck('#thinking');
        await page.selectOption('#simulate', 'drip;ms=250');
        await page.click('#send');
        await page.waitForFunction(() => document.getElementById('answer').textContent.length > 0);
        assert.equal(await page.locator('#stop').isEnabled(), true);
        await page.click('#stop');
        assert.equal(await settled(page, '#chat-status'), 'stopped');
        const atStop = await text(page, '#answer');
        await page.waitForTimeout(1000);
        assert.equal(await text(page, '#answer'), atStop, 'no text after Stop');
        assert.ok(atStop.length > 0 && atStop.length < DEFAULT_REPLY.length, `partial answer: ${atStop}`);
        assert.match(await text(page, '#chat-status'), /Stopped \(APIUserAbortError\)/);
        const err = await errorFields(page);
        assert.equal(err.visible, true);
        assert.equal(err.name, 'APIUserAbortError');
        assert.equal(err.title, 'APIUserAbortError');
        assert.equal(err.call, 'chat.completions.create');
        assert.equal(err.retryable, 'false');
        assert.equal(await page.locator('#send').isEnabled(), true);
        assert.equal(await page.locator('#stop').isDisabled(), true);
      }));

    test('chat: thinking shows reasoning_content separately from the answer', () =>
      withDemo(async (page) => {
        await page.selectOption('#model', 'glm-4.7');
        await page.check('#thinking');
        await page.click('#send');
        assert.equal(await settled(page, '#chat-status'), 'done');
        assert.equal(await page.locator('#reasoning-box').isVisible(), true);
        const reasoning = await text(page, '#reasoning');
        assert.ok(reasoning.length > 0, 'reasoning text');
        assert.equal(await text(page, '#answer'), DEFAULT_REPLY);
        assert.ok(!reasoning.includes(DEFAULT_REPLY) && !DEFAULT_REPLY.includes(reasoning));
      }));

    test('chat: runTools runs the tools in the page and the answer uses their results', () =>
      withDemo(async (page) => {
        await page.check('#tools');
        await page.fill('#prompt', 'What is the weather in Beijing, and what did I select?');
        // The in-page tool reads the selection: select the page's title.
        await page.evaluate(() => getSelection().selectAllChildren(document.querySelector('h1')));
        // Keyboard: Ctrl+Enter in the message box sends.
        await page.focus('#prompt');
        await page.keyboard.press('Control+Enter');
        assert.equal(await settled(page, '#chat-status'), 'done');
        assert.match(await text(page, '#chat-status'), /Done: 2 model calls, stop reason answer, finish_reason stop/);
        assert.equal(await page.locator('#tool-box').isVisible(), true);
        const calls = await page.locator('#tool-calls li').allTextContents();
        assert.equal(calls.length, 2, calls.join('\n'));
        const title = await text(page, 'h1');
        assert.match(calls[0], /^get_weather\(\{"city":"Beijing"\}\) id call_\S+ → \{"city":"Beijing","sky":"clear"/);
        assert.ok(calls[1].startsWith(`read_selection({}) id call_`) && calls[1].endsWith(`→ ${title}`), calls[1]);
        // The mock answers with the tool messages it was sent.
        assert.match(await text(page, '#answer'), new RegExp(`^Tool results: \\{"city":"Beijing".*\\| ${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
      }));

    test('image generation shows the result image', () =>
      withDemo(async (page) => {
        await page.click('#image-go');
        assert.equal(await settled(page, '#image-status'), 'done');
        const img = page.locator('#image-result img');
        assert.equal(await img.isVisible(), true);
        assert.match(await img.getAttribute('alt'), /^Generated image: /);
        assert.match(await img.getAttribute('src'), /\/__mock\/asset\/.+\.png$/);
        assert.ok(await img.evaluate((el) => el.complete && el.naturalWidth > 0), 'the image loaded');
      }));

    test('video generation polls with live progress: PROCESSING, then SUCCESS with the result', () =>
      withDemo(async (page) => {
        // Record every text the status line shows, as it changes.
        await page.evaluate(() => {
          window.videoStates = [];
          const status = document.getElementById('video-status');
          new MutationObserver(() => window.videoStates.push(status.textContent)).observe(status, {
            childList: true,
            characterData: true,
            subtree: true,
          });
        });
        await page.click('#video-go');
        await page.waitForFunction(() => /PROCESSING/.test(document.getElementById('video-status').textContent));
        assert.equal(await page.locator('#video-progress').isVisible(), true, 'progress shown while polling');
        assert.equal(await page.locator('#video-cancel').isEnabled(), true);
        assert.equal(await settled(page, '#video-status'), 'done');
        const states = await page.evaluate(() => window.videoStates);
        const firstProcessing = states.findIndex((s) => /PROCESSING/.test(s));
        const firstSuccess = states.findIndex((s) => /SUCCESS/.test(s));
        assert.ok(firstProcessing >= 0 && firstSuccess > firstProcessing, `states: ${states.join(' | ')}`);
        assert.ok(states.some((s) => /PROCESSING \(poll 1, /.test(s)), 'onProgress updates the status');
        const log = await page.locator('#video-log li').allTextContents();
        assert.equal(log[0], 'submitted: PROCESSING');
        assert.equal(log.at(-1).endsWith('SUCCESS'), true, log.join(', '));
        assert.ok(log.length >= 3, log.join(', '));
        const cover = page.locator('#video-result img.cover');
        assert.match(await cover.getAttribute('src'), /\/__mock\/asset\/.+_cover\.png$/);
        assert.ok(await cover.evaluate((img) => img.complete && img.naturalWidth > 0), 'the cover loaded');
        const videoLink = page.locator('#video-result a', { hasText: 'Open the video' });
        assert.match(await videoLink.getAttribute('href'), /\/__mock\/asset\/.+\.mp4$/);
        assert.equal(await page.locator('#video-result a', { hasText: 'cover image' }).count(), 1);
        // "Play here" swaps in a player for the result (the mock's .mp4 is a placeholder: not played).
        await page.locator('#video-result .play').evaluate((b) => {
          HTMLMediaElement.prototype.play = () => Promise.resolve();
          b.click();
        });
        const video = page.locator('#video-result video');
        assert.equal(await video.getAttribute('src'), await videoLink.getAttribute('href'));
        assert.equal(await page.locator('#video-progress').isHidden(), true);
      }));

    test('a video task survives a reload: polling cancelled, the page reloaded, the stored task resumed, then removed', () =>
      withDemo(async (page) => {
        assert.equal(await page.locator('#video-tasks li').count(), 0, 'a fresh profile has no tasks');
        assert.equal(await page.locator('#video-tasks-empty').isVisible(), true);
        await page.click('#video-go');
        await page.waitForFunction(() => /PROCESSING/.test(document.getElementById('video-status').textContent));
        await page.waitForSelector('#video-tasks li[data-status="PROCESSING"]');
        const id = await page.locator('#video-tasks li').getAttribute('data-id');
        await page.click('#video-cancel');
        assert.equal(await settled(page, '#video-status'), 'error');
        assert.equal((await errorFields(page)).name, 'APIUserAbortError');

        // A reload: the task is still listed, still running.
        await page.goto(server.url + '/', { waitUntil: 'load' });
        await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
        await page.waitForSelector('#video-tasks li');
        assert.equal(await page.locator('#video-tasks li').count(), 1);
        assert.equal(await page.locator('#video-tasks li').getAttribute('data-id'), id);
        assert.equal(await page.locator('#video-tasks li').getAttribute('data-status'), 'PROCESSING');
        assert.equal(await page.locator('#video-tasks-empty').isHidden(), true);
        assert.match(await page.locator('#video-tasks li .resume').textContent(), /^Resume$/);

        await page.click('#video-tasks li .resume');
        assert.equal(await settled(page, '#video-status'), 'done');
        assert.match(await text(page, '#video-status'), new RegExp(`^Task ${id}: SUCCESS$`));
        assert.match(await page.locator('#video-result a', { hasText: 'Open the video' }).getAttribute('href'), new RegExp(`/__mock/asset/${id}\\.mp4$`));
        await page.waitForSelector('#video-tasks li[data-status="SUCCESS"]');
        assert.match(await page.locator('#video-tasks li .resume').textContent(), /^Show$/);

        await page.click('#video-tasks li .remove');
        await page.waitForFunction(() => document.querySelectorAll('#video-tasks li').length === 0);
        assert.equal(await page.locator('#video-tasks-empty').isVisible(), true);
      }));

    test('web search lists the results', () =>
      withDemo(async (page) => {
        await page.fill('#search-query', 'rust wasm');
        await page.fill('#search-count', '3');
        await page.press('#search-query', 'Enter');
        assert.equal(await settled(page, '#search-status'), 'done');
        assert.equal(await text(page, '#search-status'), '3 results');
        const links = page.locator('#search-results li a');
        assert.equal(await links.count(), 3);
        assert.equal(await links.first().textContent(), 'Result 1 for rust wasm');
        assert.equal(await links.first().getAttribute('href'), 'https://example.com/search/1');
        assert.match(await text(page, '#search-results li:first-child'), /Mock summary 1 about rust wasm/);
      }));

    test('the translation agent (general_translation) shows the translation', () =>
      withDemo(async (page) => {
        await page.fill('#agent-text', 'Good morning');
        await page.selectOption('#agent-target', 'fr');
        await page.click('#agent-go');
        assert.equal(await settled(page, '#agent-status'), 'done');
        assert.equal(await text(page, '#agent-output'), '[fr] Good morning');
      }));

    test('file upload shows the returned file object', () =>
      withDemo(async (page) => {
        const content = Buffer.from('zai-wasm demo upload\n');
        await page.setInputFiles('#file-input', { name: 'notes.txt', mimeType: 'text/plain', buffer: content });
        await page.selectOption('#file-purpose', 'batch');
        await page.click('#file-go');
        assert.equal(await settled(page, '#file-status'), 'done');
        const fileObject = JSON.parse(await text(page, '#file-output'));
        assert.equal(fileObject.object, 'file');
        assert.equal(fileObject.filename, 'notes.txt');
        assert.equal(fileObject.bytes, content.length);
        assert.equal(fileObject.purpose, 'batch');
        assert.match(fileObject.id, /^file-/);
        assert.match(await text(page, '#file-status'), new RegExp(`Uploaded as ${fileObject.id}`));
      }));

    test('the file list shows an upload and its Delete button removes it', () =>
      withDemo(async (page) => {
        await page.setInputFiles('#file-input', { name: 'to-delete.txt', mimeType: 'text/plain', buffer: Buffer.from('bye\n') });
        await page.click('#file-go');
        assert.equal(await settled(page, '#file-status'), 'done');
        const id = JSON.parse(await text(page, '#file-output')).id;
        await page.waitForSelector(`#file-list li[data-id="${id}"]`);
        assert.match(await text(page, `#file-list li[data-id="${id}"]`), /to-delete\.txt \(4 bytes/);
        await page.click(`#file-list li[data-id="${id}"] button`);
        await page.waitForFunction((s) => /^Deleted /.test(document.querySelector(s).textContent), '#file-list-status');
        assert.equal(await page.locator(`#file-list li[data-id="${id}"]`).count(), 0, 'gone from the list');
        assert.match(await text(page, '#file-list-status'), new RegExp(`Deleted ${id}`));
      }));

    test('text to speech plays the returned audio', () =>
      withDemo(async (page) => {
        await page.fill('#tts-text', 'Hello');
        await page.click('#tts-go');
        assert.equal(await settled(page, '#tts-status'), 'done');
        // 5 characters: 5 x 240 samples of 16-bit audio after the 44-byte WAV header.
        assert.equal(await text(page, '#tts-status'), '2444 bytes of audio/wav');
        const audio = await page.evaluate(() => {
          const a = document.getElementById('tts-audio');
          return { hidden: a.hidden, blob: a.src.startsWith('blob:') };
        });
        assert.deepEqual(audio, { hidden: false, blob: true });
        await page.waitForFunction(() => document.getElementById('tts-audio').readyState >= 1, null, { timeout: 10_000 });
        assert.ok(await page.evaluate(() => document.getElementById('tts-audio').duration > 0.04), 'the browser decodes it');
      }));

    test('an injected 429 (code 1302) shows RateLimitError with its typed fields', () =>
      withDemo(async (page, demo) => {
        await page.selectOption('#simulate', 'status=429;code=1302');
        await page.click('#send');
        assert.equal(await settled(page, '#chat-status'), 'error');
        const err = await errorFields(page);
        assert.equal(err.visible, true);
        assert.equal(err.title, 'RateLimitError');
        assert.equal(err.name, 'RateLimitError');
        assert.equal(err.status, '429');
        assert.equal(err.code, '1302');
        assert.equal(err.retryable, 'true');
        assert.match(err.requestId, /^\S{6,}$/);
        assert.match(err.message, /concurrency/i);
        assert.equal(await page.locator('#error-panel').getAttribute('data-error'), 'RateLimitError');
        assert.equal(demo.statuses.filter((st) => st === 429).length, 1, 'one 429 answer (maxRetries 0 while simulating)');
      }, { allowNetwork: [/status of 429/] }));

    test('other injected faults reach the error panel from every kind of call', () =>
      withDemo(async (page) => {
        // A non-retryable 429 (balance) from the image call.
        await page.selectOption('#simulate', 'status=429;code=1113');
        await page.click('#image-go');
        assert.equal(await settled(page, '#image-status'), 'error');
        let err = await errorFields(page);
        assert.deepEqual([err.name, err.code, err.retryable, err.call], ['RateLimitError', '1113', 'false', 'images.generate']);
        // An error frame inside a 200 stream: the chunks before it stay, then APIError with the code.
        await page.selectOption('#simulate', 'stream-error;code=1302');
        await page.uncheck('#thinking');
        await page.click('#send');
        assert.equal(await settled(page, '#chat-status'), 'error');
        err = await errorFields(page);
        assert.deepEqual([err.name, err.code, err.status], ['APIError', '1302', '—']);
        assert.ok((await text(page, '#answer')).length > 0, 'chunks before the error frame are shown');
        // A connection cut mid-stream.
        await page.selectOption('#simulate', 'stream-drop;after=3');
        await page.click('#send');
        assert.equal(await settled(page, '#chat-status'), 'error');
        assert.equal((await errorFields(page)).name, 'APIConnectionError');
        // A video task that ends in FAIL.
        await page.selectOption('#simulate', 'task-fail');
        await page.click('#video-go');
        assert.equal(await settled(page, '#video-status'), 'error');
        err = await errorFields(page);
        assert.equal(err.call, 'videos.generate / asyncResult.poll');
        assert.match(err.message, /FAIL/);
        // Dismiss hides the panel again; back to normal answers.
        await page.click('#error-clear');
        assert.equal(await page.locator('#error-box').isHidden(), true);
        await page.selectOption('#simulate', '');
        await page.click('#search-go');
        assert.equal(await settled(page, '#search-status'), 'done');
      }, { allowNetwork: [/status of 429/, /net::ERR_INCOMPLETE_CHUNKED_ENCODING/] }));

    test('a body past maxResponseBytes (endless JSON, gzip bomb) shows the typed error naming the limit', () =>
      withDemo(async (page) => {
        const limit = 'The response body is larger than maxResponseBytes (33554432 bytes)';
        // A JSON body that never ends, from a non-stream call.
        await page.selectOption('#simulate', 'endless-json');
        await page.click('#search-go');
        assert.equal(await settled(page, '#search-status', 30_000), 'error');
        let err = await errorFields(page);
        assert.deepEqual([err.visible, err.title, err.call, err.status, err.retryable, err.message],
          [true, 'APIError', 'webSearch.search', '200', 'false', limit]);
        // A gzip bomb answering a streamed chat (a JSON body where a stream was asked for).
        await page.selectOption('#simulate', 'gzip-bomb;mib=64');
        await page.uncheck('#thinking');
        await page.click('#send');
        assert.equal(await settled(page, '#chat-status', 30_000), 'error');
        err = await errorFields(page);
        assert.deepEqual([err.title, err.call, err.status, err.message],
          ['APIError', 'chat.completions.create', '200', limit]);
        // The client still works.
        await page.selectOption('#simulate', '');
        await page.click('#search-go');
        assert.equal(await settled(page, '#search-status'), 'done');
      }));

    test('the page stores nothing (no cookies, no storage)', () =>
      withDemo(async (page, demo) => {
        await page.click('#send');
        await settled(page, '#chat-status');
        const stored = await page.evaluate(() => [localStorage.length, sessionStorage.length, document.cookie]);
        assert.deepEqual(stored, [0, 0, '']);
        assert.deepEqual(await demo.context.cookies(), []);
      }));
  });

  describe(`${engine}: demo page (proxy mode)`, () => {
    // The dev server proxies /api to an upstream (a second mock instance here) and adds the key.
    const KEY = 'e2e-secret-id.e2e-secret-value';
    let upstream;
    let proxyServer;

    before(async () => {
      upstream = await startProcess('tests/mock/server.mjs');
      proxyServer = await startDemoServer({ ZAI_API_KEY: KEY, ZAI_BASE_URL: `${upstream.url}/api` });
    });

    after(async () => {
      await proxyServer?.stop();
      await upstream?.stop();
    });

    test('the key is added server-side and never reaches the page; no mock controls', () =>
      withDemo(async (page) => {
        const sent = [];
        page.on('request', (req) => sent.push({ url: req.url(), headers: req.headers(), body: req.postData() ?? '' }));
        const received = [];
        page.on('response', async (res) => {
          try {
            received.push(await res.text());
          } catch {
            // Streamed or aborted bodies: nothing to check.
          }
        });
        assert.match(await text(page, '#mode'), /through the local proxy/);
        assert.equal(await page.locator('#simulate-box').isHidden(), true);
        await page.uncheck('#thinking');
        await page.click('#send');
        assert.equal(await settled(page, '#chat-status'), 'done');
        assert.equal(await text(page, '#answer'), DEFAULT_REPLY);

        const html = await page.content();
        assert.ok(!html.includes(KEY) && !html.includes('e2e-secret'), 'the key is not in the page');
        for (const r of sent) {
          const all = JSON.stringify(r);
          assert.ok(!all.includes('e2e-secret'), `request ${r.url} carries no key`);
          assert.equal(r.headers['x-mock-scenario'], undefined, 'no mock headers in proxy mode');
        }
        assert.ok(received.every((b) => !b.includes('e2e-secret')), 'no response carries the key');

        const log = await (await fetch(`${upstream.url}/__mock/log`)).json();
        const chat = log.filter((e) => e.path === '/api/paas/v4/chat/completions' && e.method === 'POST');
        assert.equal(chat.length, 1);
        assert.equal(chat[0].headers.authorization, `Bearer ${KEY}`, 'the proxy added the key');
      }, {}, proxyServer.url));
  });
});
