// init() of the built package (pkg/) in Node: a failed attempt is not cached, a successful one is.
// Its own file (node --test runs each in a fresh process) so the module starts uninitialised.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import init, { initSync, ZaiClient } from '../../pkg/index.js';

const WASM = new URL('../../pkg/zai_wasm_bg.wasm', import.meta.url);

test('a failed init() is retried by the next call; a successful one is kept', async () => {
  // Not a wasm module: instantiation fails.
  const bad = init({ module_or_path: new Uint8Array([0, 1, 2, 3]) });
  await assert.rejects(bad, (e) => e instanceof WebAssembly.CompileError);
  // A load that fails once (the network blip of a browser): the promise of the input rejects.
  await assert.rejects(init({ module_or_path: Promise.reject(new TypeError('fetch failed')) }), /fetch failed/);

  const exports = await init(); // the default input: read from disk next to index.js
  assert.ok(exports && typeof exports === 'object');
  assert.equal(await init(), exports, 'later calls resolve to the same instance');
  assert.equal(init(), init(), 'and return the same promise');
  // A bad input after success is ignored: the instance is kept.
  assert.equal(await init({ module_or_path: new Uint8Array([0]) }), exports);
  assert.equal(initSync({ module: fs.readFileSync(WASM) }), exports, 'initSync after init keeps the instance');
  new ZaiClient({ apiKey: 'k' });
});
