// Runs tests/runtimes/scenario.mjs in a server-side runtime (Node, Deno, Bun) against the built
// package and prints the result as JSON: `<runtime> run-scenario.mjs <baseURL>`. Started by
// tests/runtimes/servers.test.mjs.
import * as zai from '../../../pkg/index.js';
import { exercise } from '../scenario.mjs';

const baseURL = globalThis.Deno ? globalThis.Deno.args[0] : process.argv[2];
let result;
try {
  await zai.default(); // reads the .wasm next to index.js (a file: URL: no fetch)
  result = await exercise(zai, { baseURL });
} catch (e) {
  result = { failure: `${e && e.name}: ${e && e.message}` };
}
console.log(JSON.stringify(result));
