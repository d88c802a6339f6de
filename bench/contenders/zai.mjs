// zai-wasm, as shipped: pkg/index.js loaded as ES modules (a snapshot of pkg/ served at /pkg/),
// never bundled here, so the bench runs exactly the package's minified files.
import init, { ZaiClient } from '/pkg/index.js';

let client;
let memory = null;

export async function setup(origin) {
  // init() resolves to the wasm instance's exports today (not a documented API): its memory (export
  // names may be minified, so found by type) is the only way to read the size of wasm memory from
  // outside. Absent -> null (reported as n/a).
  const exports = await init();
  memory = exports && typeof exports === 'object'
    ? Object.values(exports).find((v) => v instanceof WebAssembly.Memory) ?? null
    : null;
  // zai-wasm's baseURL is the API root (default https://api.z.ai/api): it appends /paas/v4/chat/completions.
  client = new ZaiClient({ apiKey: 'bench', baseURL: origin + '/api', maxRetries: 0 });
}

export function wasmMemoryBytes() {
  return memory ? memory.buffer.byteLength : null;
}

/** The stream (async iterable once awaited). */
export function open(params) {
  return client.chat.completions.create(params);
}

export function complete(params) {
  return client.chat.completions.create(params);
}
