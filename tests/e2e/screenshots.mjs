// Screenshots of the demo's main panels for the README, against the mock:
//
//   node tests/e2e/screenshots.mjs [OUT_DIR]       (default www/screenshots/; needs pkg/ built)
//
// Same setup as the end-to-end tests (tests/e2e/harness.mjs): scripts/dev-server.mjs in mock mode on
// a free port, /usr/bin/chromium through playwright-core. Fails when the page logs an error.
// (Chinese text in the mock answers needs a CJK font, e.g. Debian's fonts-wqy-zenhei.)
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, checkPrerequisites, launchBrowser, openDemo, startDemoServer } from './harness.mjs';

const outDir = path.resolve(process.argv[2] ?? path.join(ROOT, 'www', 'screenshots'));
fs.mkdirSync(outDir, { recursive: true });

async function settled(page, sel) {
  await page.waitForFunction((s) => {
    const el = document.querySelector(s);
    return el.dataset.state && el.dataset.state !== 'busy';
  }, sel, { timeout: 15_000 });
}

const shots = [];
async function shot(locator, name) {
  const file = path.join(outDir, name);
  await locator.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  shots.push(`${path.relative(ROOT, file)} (${fs.statSync(file).size} bytes)`);
}

checkPrerequisites();
const [server, browser] = await Promise.all([startDemoServer(), launchBrowser()]);
const problems = [];
try {
  // Desktop: every panel.
  const desktop = await openDemo(browser, server.url, { allowNetwork: [/status of 429/] });
  const page = desktop.page;

  await page.check('#thinking');
  await page.click('#send');
  await settled(page, '#chat-status');
  await shot(page.locator('#chat'), 'chat.png');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(outDir, 'overview.png'), animations: 'disabled', caret: 'hide' });
  shots.push(path.relative(ROOT, path.join(outDir, 'overview.png')));

  await page.check('#tools');
  await page.fill('#prompt', 'What is the weather in Beijing, and what did I select?');
  await page.click('#send');
  await settled(page, '#chat-status');
  await shot(page.locator('#chat'), 'chat-tools.png');

  await page.click('#image-go');
  await page.click('#video-go');
  await page.click('#search-go');
  await page.click('#agent-go');
  await page.setInputFiles('#file-input', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('zai-wasm demo upload\n') });
  await page.click('#file-go');
  for (const s of ['#image-status', '#video-status', '#search-status', '#agent-status', '#file-status']) await settled(page, s);
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300); // the video poster replaces the loading spinner
  await shot(page.locator('#images'), 'image.png');
  await shot(page.locator('#videos'), 'video.png');
  await shot(page.locator('#search'), 'search.png');
  await shot(page.locator('#agent'), 'translation.png');
  await shot(page.locator('#files'), 'upload.png');

  await page.selectOption('#simulate', 'status=429;code=1302');
  await page.uncheck('#tools');
  await page.fill('#prompt', 'Write a haiku about WebAssembly.');
  await page.click('#send');
  await settled(page, '#chat-status');
  await shot(page.locator('#errors'), 'error.png');
  problems.push(...desktop.problems);
  await desktop.context.close();

  // Mobile width: the layout collapses to one column.
  const mobile = await openDemo(browser, server.url, { viewport: { width: 390, height: 844 } });
  await mobile.page.click('#send');
  await settled(mobile.page, '#chat-status');
  await mobile.page.screenshot({ path: path.join(outDir, 'mobile.png'), animations: 'disabled', caret: 'hide' });
  shots.push(path.relative(ROOT, path.join(outDir, 'mobile.png')));
  problems.push(...mobile.problems);
  await mobile.context.close();
} finally {
  await browser.close();
  await server.stop();
}

for (const s of shots) console.log('wrote ' + s);
if (problems.length) {
  console.error('the page logged errors:\n  ' + problems.join('\n  '));
  process.exit(1);
}
