// The hostile-server suite in Node 20: the built package (pkg/index.js) against the real HTTP
// servers of servers.mjs (a child process), each case of cases.mjs asserting its exact typed
// outcome, its time and its memory (JS heap + array buffers, RSS, wasm memory).
//   node --test tests/hostile/      (scripts/test runs it after scripts/build)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';
import * as Z from '../../pkg/index.js';
import { startServers } from './servers.mjs';
import { CASES, ANSWER, runCase } from './cases.mjs';

assert.ok(fs.existsSync(new URL('../../pkg/index.js', import.meta.url)), 'pkg/ is not built: run scripts/build');

// A full collection without --expose-gc on the command line.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

let servers;
let env;

before(async () => {
  servers = await startServers();
});

after(async () => {
  await servers?.stop();
});

// First, before anything else initialises the module (node --test runs each file in its own process).
test('init() after a failed load (bad bytes, then a rejected input) works', async () => {
  await assert.rejects(Z.default({ module_or_path: new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0xff]) }),
    (e) => e instanceof WebAssembly.CompileError);
  assert.throws(() => new Z.ZaiClient({ apiKey: 'k' }), /not initialised/);
  await assert.rejects(Z.default({ module_or_path: Promise.reject(new TypeError('fetch failed')) }), /fetch failed/);
  const exports = await Z.default();
  assert.ok(Object.values(exports).some((v) => v instanceof WebAssembly.Memory), 'init() resolves to the exports, memory included');
  assert.equal(await Z.default(), exports);
  const c = new Z.ZaiClient({ apiKey: 'k.secret-part', baseURL: `${servers.url}/api`, maxRetries: 0 });
  const r = await c.chat.completions.create({ model: 'glm-4.6', messages: [{ role: 'user', content: 'Hi' }] });
  assert.equal(r.choices[0].message.content, ANSWER);
  env = {
    Z,
    exports,
    url: servers.url,
    attacker: servers.attacker,
    apis: servers.apis,
    stats: servers.stats,
    waitClosed: servers.waitClosed,
    gc,
    jsBytes: () => {
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    },
    rss: () => process.memoryUsage.rss(),
    breaksGlobalFetch: ['signal'],
  };
});

for (const [name, run] of Object.entries(CASES)) {
  test(name, { timeout: 60_000 }, async (t) => {
    assert.ok(env, 'init() failed: see the first test');
    await runCase(t, name, () => run(env), 'node');
  });
}
