// The entry for Cloudflare Workers and workerd (the "workerd" condition of package.json's
// "exports", which wrangler resolves): a worker cannot fetch the .wasm by URL, but imports it as
// a compiled WebAssembly.Module (wrangler's default rule for .wasm files), so the package is
// instantiated here, synchronously, and needs no init(). Copied into pkg/ by scripts/build.
import wasm from './zai_wasm_bg.wasm';
import { initSync } from './index.js';

initSync({ module: wasm });

export * from './index.js';
export { default } from './index.js';
