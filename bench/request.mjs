// The request path without the network: per-call time of a non-stream chat call with the
// browser bench's conversation (200 messages, ~25 KB of JSON, by default), `fetch` stubbed (a
// `Response` made on the spot), raw (JSON.stringify + the stub + res.json()) against one or more
// builds of the package, interleaved round by round, in Node or in headless Chromium.
//
//   node bench/request.mjs [--messages N] [--browser] [pkg-dir ...]   (default: 200; pkg)
//   node bench/request.mjs /tmp/pkg-before pkg    (compare a saved build with the current one)
//   node bench/request.mjs --messages 1 --browser  (what one small call costs in Chromium)
//
// Prints each contender's per-round times (µs per call, sorted) and their median. The stub takes
// the network and the browser's fetch out, so the difference to raw is the package's own work,
// steady to a few µs; ./scripts/bench measures calls over a real socket.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { conversation } from './page/harness.mjs';

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i >= 0 && args.splice(i, 1).length > 0;
};
const at = args.indexOf('--messages');
const messages = at >= 0 ? Number(args.splice(at, 2)[1]) : 200;
const browser = flag('--browser');
if (!(messages >= 1) || args.some((a) => a.startsWith('--'))) {
  throw new Error('usage: node bench/request.mjs [--messages N] [--browser] [pkg-dir ...]');
}
const dirs = args.length ? args : ['pkg'];
const ROUNDS = 11;
const CALLS = 500;

const params = conversation('nonstream', messages);
const answer = JSON.stringify({
  id: '1', created: 1, model: 'glm-4.6',
  choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'hi' } }],
  usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
});

/**
 * Times raw and each build (`builds`: [name, module URL]); self-contained, because the browser
 * mode runs it in the page from its source. Rounds alternate the order so drift hits all alike.
 */
async function measure(builds, params, answer, rounds, calls) {
  const stub = async (_url, init) => {
    if (typeof init.body !== 'string') throw new Error('expected a JSON text body');
    return new Response(answer, { headers: { 'content-type': 'application/json' } });
  };
  const contenders = [['raw', async () => {
    const body = JSON.stringify(params);
    const res = await stub('http://x/api/paas/v4/chat/completions', {
      method: 'POST', body, headers: { authorization: 'Bearer a.b', 'content-type': 'application/json' },
    });
    return res.json();
  }]];
  for (const [name, url] of builds) {
    const m = await import(url);
    await m.default();
    const client = new m.ZaiClient({ apiKey: 'a.b', baseURL: 'http://x/api', fetch: stub });
    contenders.push([name, () => client.chat.completions.create(params)]);
  }
  const times = Object.fromEntries(contenders.map(([name]) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, call] of round % 2 ? [...contenders].reverse() : contenders) {
      for (let i = 0; i < calls / 5; i++) await call(); // warm-up
      const t = performance.now();
      for (let i = 0; i < calls; i++) await call();
      times[name].push((performance.now() - t) / calls * 1000);
    }
  }
  return times;
}

let times;
if (!browser) {
  times = await measure(dirs.map((d) => [d, pathToFileURL(path.resolve(d, 'index.js')).href]), params, answer, ROUNDS, CALLS);
} else {
  const { chromium } = await import('playwright-core');
  const { ROOT, startServer } = await import('./server.mjs');
  const { CHROMIUM, CHROMIUM_ARGS } = await import('../scripts/chromium.mjs');
  const www = fs.mkdtempSync(path.join(os.tmpdir(), 'zai-request-'));
  fs.copyFileSync(path.join(ROOT, 'bench', 'page', 'blank.html'), path.join(www, 'blank.html'));
  dirs.forEach((d, i) => fs.cpSync(d, path.join(www, `b${i}`), { recursive: true }));
  const server = await startServer({ www, data: {} });
  const b = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
  try {
    const page = await b.newPage();
    await page.goto(server.url + '/blank.html', { waitUntil: 'load' });
    times = await page.evaluate(([src, ...rest]) => (0, eval)(`(${src})`)(...rest),
      [measure.toString(), dirs.map((d, i) => [d, `/b${i}/index.js`]), params, answer, ROUNDS, CALLS]);
    console.log(`Chromium ${b.version()}, fetch stubbed in the page, ${messages} message${messages > 1 ? 's' : ''}`);
  } finally {
    await b.close();
    await server.close();
    fs.rmSync(www, { recursive: true, force: true });
  }
}
for (const [name, v] of Object.entries(times)) {
  v.sort((a, b) => a - b);
  console.log(`${name.padEnd(24)} ${v.map((x) => x.toFixed(0)).join(' ')}   median ${v[v.length >> 1].toFixed(0)} µs`);
}
