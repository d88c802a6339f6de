// The request path without the network: per-call time of a non-stream chat call with the
// browser bench's 200-message conversation (~25 KB of JSON) in Node, `fetch` stubbed, raw (JSON.stringify + the
// stub + res.json()) against one or more builds of the package, interleaved round by round.
//
//   node bench/request.mjs [--messages N] [pkg-dir ...]  (default: 200 messages; pkg)
//   node bench/request.mjs /tmp/pkg-before pkg  (compare a saved build with the current one)
//   node bench/request.mjs --messages 1 ...      (the one-message call: what a call costs)
//
// Prints each contender's per-round times (µs per call, sorted) and their median. What it leaves
// out (the browser's fetch, the network) is what ./scripts/bench measures.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { conversation } from './page/harness.mjs';

const args = process.argv.slice(2);
const at = args.indexOf('--messages');
const messages = at >= 0 ? Number(args.splice(at, 2)[1]) : 200;
if (!(messages >= 1)) throw new Error('usage: node bench/request.mjs [--messages N] [pkg-dir ...]');
const dirs = args.length ? args : ['pkg'];
const ROUNDS = 11;
const CALLS = 500;

const params = conversation('nonstream', messages);
const answer = JSON.stringify({
  id: '1', created: 1, model: 'glm-4.6',
  choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'hi' } }],
  usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
});
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
for (const dir of dirs) {
  const m = await import(pathToFileURL(path.resolve(dir, 'index.js')).href);
  await m.default();
  const client = new m.ZaiClient({ apiKey: 'a.b', baseURL: 'http://x/api', fetch: stub });
  contenders.push([dir, () => client.chat.completions.create(params)]);
}

const times = Object.fromEntries(contenders.map(([name]) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, call] of contenders) {
    for (let i = 0; i < CALLS / 5; i++) await call(); // warm-up
    const t = performance.now();
    for (let i = 0; i < CALLS; i++) await call();
    times[name].push((performance.now() - t) / CALLS * 1000);
  }
}
for (const [name, v] of Object.entries(times)) {
  v.sort((a, b) => a - b);
  console.log(`${name.padEnd(24)} ${v.map((x) => x.toFixed(0)).join(' ')}   median ${v[v.length >> 1].toFixed(0)} µs`);
}
