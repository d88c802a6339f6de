// The module worker of worker.html: imports the built package (workers have no import maps) and
// runs tests/runtimes/scenario.mjs, posting each chunk object of the first stream to the page
// (chunks are plain, cloneable objects) and then the result, with a task stored in the worker's
// IndexedDB through 'zai-wasm/tasks' and resumed to its end.
import * as zai from '/pkg/index.js';
import { exercise } from '/lib/scenario.mjs';

self.onmessage = async ({ data: { baseURL } }) => {
  try {
    await zai.default();
    const result = await exercise(zai, { baseURL, onPiece: (_, chunk) => self.postMessage({ type: 'chunk', chunk }) });
    await import('/pkg/tasks.js');
    const client = new zai.ZaiClient({ apiKey: 'runtime.test', baseURL, maxRetries: 0, defaultHeaders: { 'x-mock-scenario': 'polls=1' } });
    const task = await client.videos.generate({ model: 'cogvideox-3', prompt: 'A cat' }, { persist: true });
    const stored = (await client.tasks.list()).map((t) => [t.id === task.id, t.kind, t.status]);
    const done = await client.tasks.resume(task.id, { interval: 10 });
    result.tasks = { stored, status: done.task_status, after: (await client.tasks.get(task.id)).status };
    self.postMessage({ type: 'done', result });
  } catch (e) {
    self.postMessage({ type: 'done', result: { failure: `${e && e.name}: ${e && e.message}` } });
  }
};
