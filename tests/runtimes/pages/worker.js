// The module worker of worker.html: imports the built package (workers have no import maps) and
// runs tests/runtimes/scenario.mjs, posting each chunk object of the first stream to the page
// (chunks are plain, cloneable objects) and then the result.
import * as zai from '/pkg/index.js';
import { exercise } from '/lib/scenario.mjs';

self.onmessage = async ({ data: { baseURL } }) => {
  try {
    await zai.default();
    const result = await exercise(zai, { baseURL, onPiece: (_, chunk) => self.postMessage({ type: 'chunk', chunk }) });
    self.postMessage({ type: 'done', result });
  } catch (e) {
    self.postMessage({ type: 'done', result: { failure: `${e && e.name}: ${e && e.message}` } });
  }
};
