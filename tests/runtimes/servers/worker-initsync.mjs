// A Cloudflare Worker exactly as the README's recipe writes it for workerd without a bundler: the
// .wasm imported as a module (a compiled WebAssembly.Module) and initSync({ module }).
// tests/runtimes/servers.test.mjs lists pkg/index.js and pkg/zai_wasm_bg.wasm beside it as
// modules of a workerd config; GET /?base=<mock baseURL> runs the scenario.
import * as zai from './index.js';
import wasm from './zai_wasm_bg.wasm';
import { exercise } from './scenario.mjs';

zai.initSync({ module: wasm });

export default {
  async fetch(request) {
    const baseURL = new URL(request.url).searchParams.get('base');
    try {
      return Response.json(await exercise(zai, { baseURL }));
    } catch (e) {
      return Response.json({ failure: `${e && e.name}: ${e && e.message}` });
    }
  },
};
