// The module worker of worker.html: imports the built package (workers have no import maps),
// streams a chat and posts each chunk object to the page (chunks are plain, cloneable objects).
import init, { ZaiClient, APIUserAbortError } from '/pkg/index.js';

self.onmessage = async ({ data: { baseURL } }) => {
  try {
    await init();
    const client = new ZaiClient({ apiKey: 'worker.test', baseURL, maxRetries: 0 });
    const messages = [{ role: 'user', content: 'Hi' }];
    const stream = await client.chat.completions.create({ model: 'glm-4.6', messages, stream: true });
    for await (const chunk of stream) self.postMessage({ type: 'chunk', chunk });
    const final = await stream.finalChatCompletion();
    // Abort inside the worker: a slow stream, cancelled after the first chunk.
    const ac = new AbortController();
    const slow = await client.chat.completions.create(
      { model: 'glm-4.6', messages, stream: true },
      { signal: ac.signal, headers: { 'x-mock-scenario': 'delay;ms=200' } },
    );
    await slow.next();
    const pending = slow.next();
    ac.abort();
    let aborted = null;
    try {
      await pending;
    } catch (e) {
      aborted = e instanceof APIUserAbortError ? e.name : `wrong error ${e && e.name}`;
    }
    self.postMessage({ type: 'done', final: final.choices[0].message.content, requestId: stream.requestId, aborted });
  } catch (e) {
    self.postMessage({ type: 'done', failure: `${e && e.name}: ${e && e.message}` });
  }
};
