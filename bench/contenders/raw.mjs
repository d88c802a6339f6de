// The raw JS floor: what a web developer writes by hand. fetch + response.body.getReader() +
// TextDecoder({stream: true}) + the `eventsource-parser` npm package + JSON.parse.
// `consume` is the floor proper (a plain read loop, no async iterator); `open` is "raw-iter", the
// same parser behind an async generator consumed with `for await` (the shape every client has).
import { createParser } from 'eventsource-parser';

let base;
const HEADERS = { 'content-type': 'application/json', authorization: 'Bearer bench' };

export function setup(origin) {
  base = origin + '/api/paas/v4';
}

async function post(params) {
  const res = await fetch(base + '/chat/completions', { method: 'POST', headers: HEADERS, body: JSON.stringify(params) });
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  return res;
}

/**
 * The floor (`diag`: also note when the last chunk came; off in timed runs): reads the stream, accumulates choices[0].delta.content, and stops at `[DONE]` (the
 * protocol's end; raw-iter and zai-wasm stop there too). Reading on to the end of the body instead
 * costs ~8 ms more wall time on "content" here: Chromium signals the end a task later.
 */
export async function consume(params, diag = false) {
  const res = await post(params);
  let content = '';
  let chunks = 0;
  let firstAt = -1;
  let lastAt = -1;
  let done = false;
  const parser = createParser({
    onEvent(ev) {
      if (ev.data === '[DONE]') {
        done = true;
        return;
      }
      const chunk = JSON.parse(ev.data);
      if (chunks++ === 0) firstAt = performance.now();
      if (diag) lastAt = performance.now();
      content += chunk.choices[0]?.delta?.content ?? '';
    },
  });
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  try {
    while (!done) {
      const { done: eof, value } = await reader.read();
      if (eof) {
        parser.feed(decoder.decode());
        break;
      }
      parser.feed(decoder.decode(value, { stream: true }));
    }
  } finally {
    reader.releaseLock();
  }
  if (!done) throw new Error('raw: stream ended without [DONE]');
  return { content, chunks, firstAt, lastAt };
}

/** raw-iter: the same parser as an async generator of parsed chunks. */
export async function* open(params) {
  const res = await post(params);
  const queue = [];
  let done = false;
  const parser = createParser({
    onEvent(ev) {
      if (ev.data === '[DONE]') done = true;
      else queue.push(JSON.parse(ev.data));
    },
  });
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { done: eof, value } = await reader.read();
      if (eof) break;
      parser.feed(decoder.decode(value, { stream: true }));
      for (let i = 0; i < queue.length; i++) yield queue[i];
      queue.length = 0;
      if (done) return;
    }
    parser.feed(decoder.decode());
    for (let i = 0; i < queue.length; i++) yield queue[i];
    if (!done) throw new Error('raw-iter: stream ended without [DONE]');
  } finally {
    reader.releaseLock();
  }
}

/** Non-stream: fetch + JSON.parse. */
export async function complete(params) {
  const res = await post(params);
  return JSON.parse(await res.text());
}
