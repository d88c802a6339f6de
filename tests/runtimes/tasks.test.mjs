// A generation that survives a reload: a page submits a video task with `persist: true`, is
// reloaded, finds the task in `client.tasks.list()` and resumes it to its end (Chromium; the
// store is IndexedDB, so a reload keeps it).
//   node --test tests/runtimes/      (scripts/test runs it after scripts/build)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { servePages } from './_lib.mjs';
import { launch } from '../../scripts/browsers.mjs';

const server = servePages({ need: 'tasks.js' });

test('chromium: a persisted video task survives a page reload and is resumed to its end', async (t) => {
  const browser = await launch('chromium');
  t.diagnostic(browser.version);
  const tag = `reload-${Date.now()}`;
  try {
    const page = await browser.newPage({ allowOrigin: server.url });
    const finished = async (what) => {
      await page.waitFor(() => document.body?.dataset.done === 'true', undefined, { timeout: 30_000, what });
      return page.evaluate(() => window.result);
    };
    await page.goto(`${server.url}/task.html?tag=${tag}`);
    const first = await finished('the submission');
    assert.equal(first.failure, undefined, first.failure);
    assert.deepEqual(first.stored.map((s) => [s.id, s.kind, s.status]), [[first.submitted, 'video', 'PROCESSING']]);

    await page.raw.reload();
    const second = await finished('the resumed poll');
    assert.equal(second.failure, undefined, second.failure);
    assert.deepEqual(second.before.map((s) => s.id), [first.submitted], 'the reloaded page found the task');
    assert.equal(second.resumed.task_status, 'SUCCESS');
    assert.ok(second.resumed.video_result[0].url.endsWith('.mp4'));
    assert.deepEqual(second.after.map((s) => [s.id, s.status]), [[first.submitted, 'SUCCESS']], 'stored as done');
    assert.deepEqual(page.problems(), []);

    const log = server.mock.log.filter((e) => e.tag === tag);
    assert.deepEqual(log.map((e) => e.method), ['POST', 'GET', 'GET', 'GET', 'GET'],
      'one submission before the reload; after it, retrieves until SUCCESS');
    await page.close();
  } finally {
    await browser.close();
  }
});
