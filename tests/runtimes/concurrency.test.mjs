// maxConcurrency across tabs: pages of one origin share a model's budget through Web Locks
// (navigator.locks), in Chromium (the pages of one browser context). Two pages with a budget of 1
// for the same model run one after the other; a third page's other model runs alongside.
//   node --test tests/runtimes/      (scripts/test runs it after scripts/build)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { servePages } from './_lib.mjs';
import { launch } from '../../scripts/browsers.mjs';

const server = servePages();

test('chromium: two pages share a budget of 1 per model', async (t) => {
  const browser = await launch('chromium');
  t.diagnostic(browser.version);
  const tag = `pages-${Date.now()}`;
  try {
    const run = async (model) => {
      const page = await browser.newPage({ allowOrigin: server.url });
      await page.goto(`${server.url}/slot.html?tag=${tag}&model=${model}`);
      await page.waitFor(() => document.body?.dataset.done === 'true', undefined, { timeout: 30_000, what: `${model} to finish` });
      return { result: await page.evaluate(() => window.result), page };
    };
    const runs = await Promise.all([run('glm-shared'), run('glm-shared'), run('glm-other')]);
    for (const { result } of runs) assert.ok(result.chunks > 3, JSON.stringify(result));
    await Promise.all(runs.map(({ page }) => page.close()));
    const log = server.mock.log.filter((e) => e.tag === tag);
    const shared = log.filter((e) => e.json?.model === 'glm-shared');
    const other = log.find((e) => e.json?.model === 'glm-other');
    assert.equal(shared.length, 2);
    assert.ok(shared[1].t >= shared[0].tEnd,
      `the second page's request (${shared[1].t}) waited for the first's to end (${shared[0].tEnd})`);
    assert.ok(other.t < Math.max(shared[0].tEnd, shared[1].tEnd) && other.tEnd > Math.min(shared[0].t, shared[1].t),
      'the other model ran alongside');
  } finally {
    await browser.close();
  }
});
