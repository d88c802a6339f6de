// The built package (pkg/) in headless Chromium without a bundler: a plain <script type="module">
// page and a module Web Worker, both streaming a chat from the in-process mock.
//   node --test tests/runtimes/      (scripts/test runs it after scripts/build)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import { ROOT, serve, launchBrowser, newPage, DEFAULT_REPLY } from './_lib.mjs';

let server;
let browser;

before(async () => {
  assert.ok(fs.existsSync(path.join(ROOT, 'pkg', 'index.js')), 'pkg/ is not built: run scripts/build');
  server = await serve({ '/': path.join(ROOT, 'tests', 'runtimes', 'pages'), '/pkg/': path.join(ROOT, 'pkg') });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function run(pageName) {
  const { page, context, problems } = await newPage(browser, server.url);
  try {
    await page.goto(`${server.url}/${pageName}`);
    await page.waitForSelector('body[data-done="true"]', { timeout: 20_000 });
    const result = await page.evaluate(() => window.result);
    return { result, problems: problems().filter((p) => !/status of 429/.test(p)) };
  } finally {
    await context.close();
  }
}

test('plain <script type="module"> page (import map, no bundler)', async () => {
  const { result, problems } = await run('module.html');
  assert.equal(result.failure, undefined);
  assert.deepEqual(problems, []);
  assert.equal(result.isStream, true);
  assert.ok(result.pieces.length > 3, 'the reply arrives in several chunks');
  assert.equal(result.pieces.join(''), DEFAULT_REPLY);
  assert.equal(result.shown, DEFAULT_REPLY);
  assert.equal(result.final, DEFAULT_REPLY);
  assert.equal(result.finish, 'stop');
  assert.equal(result.manual, DEFAULT_REPLY, 'next() by hand (the Safari path)');
  assert.equal(result.viaReader, DEFAULT_REPLY, 'toReadableStream().getReader()');
  assert.deepEqual(result.error, { name: 'RateLimitError', code: '1302', status: 429, rate: true, zai: true });
});

test('module Web Worker streams a chat and posts the chunks to the page', async () => {
  const { result, problems } = await run('worker.html');
  assert.equal(result.failure, undefined);
  assert.deepEqual(problems, []);
  assert.ok(result.chunks.length > 3);
  assert.equal(result.shown, DEFAULT_REPLY);
  assert.equal(result.final, DEFAULT_REPLY);
  assert.equal(typeof result.requestId, 'string');
  assert.equal(result.chunks[0].id, result.requestId, 'chunks arrive as plain objects with their fields');
  assert.equal(result.aborted, 'APIUserAbortError');
});
