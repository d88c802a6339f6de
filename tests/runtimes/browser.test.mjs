// The built package (pkg/) without a bundler in every browser engine (Chromium, Firefox, WebKit:
// scripts/browsers.mjs; ZAI_ENGINES=a,b picks some): a plain <script type="module"> page and a
// module Web Worker, each running tests/runtimes/scenario.mjs against the in-process mock (the
// worker also persists a task: 'zai-wasm/tasks' in a worker).
//   node --test tests/runtimes/      (scripts/test runs it after scripts/build)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ROOT, servePages, check, DEFAULT_REPLY } from './_lib.mjs';
import { enginesFromEnv, launch } from '../../scripts/browsers.mjs';

const server = servePages({ mounts: { '/lib/': path.join(ROOT, 'tests', 'runtimes') } });

async function run(browser, pageName) {
  const page = await browser.newPage({ allowOrigin: server.url });
  try {
    await page.goto(`${server.url}/${pageName}`);
    await page.waitFor(() => document.body?.dataset.done === 'true', undefined, { timeout: 30_000, what: `${pageName} to finish` });
    const result = await page.evaluate(() => window.result);
    // The 429 the scenario asks for is logged by some engines as a failed resource load.
    return { result, problems: page.problems().filter((p) => !/\b429\b/.test(p)) };
  } finally {
    await page.close();
  }
}

for (const engine of enginesFromEnv()) {
  test(`${engine}: plain module page and module Web Worker`, async (t) => {
    const browser = await launch(engine);
    t.diagnostic(browser.version);
    try {
      await t.test('plain <script type="module"> page (import map, no bundler)', async () => {
        const { result, problems } = await run(browser, 'module.html');
        await check(result);
        assert.equal(result.shown, DEFAULT_REPLY, 'rendered as it arrived');
        assert.deepEqual(problems, []);
      });
      await t.test('module Web Worker: the scenario, chunks posted to the page', async () => {
        const { result, problems } = await run(browser, 'worker.html');
        await check(result);
        assert.ok(result.chunks.length > 3);
        assert.equal(result.shown, DEFAULT_REPLY);
        assert.equal(result.chunks[0].id, result.requestId, 'chunks arrive as plain objects with their fields');
        assert.deepEqual(result.tasks, { stored: [[true, 'video', 'PROCESSING']], status: 'SUCCESS', after: 'SUCCESS' },
          'a task persisted in the worker (IndexedDB) and resumed');
        assert.deepEqual(problems, []);
      });
    } finally {
      await browser.close();
    }
  });
}
