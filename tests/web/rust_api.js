// JS helpers of the Rust API browser tests (tests/web/rust_api.rs): the mock's log, timers, and
// Blobs and AbortSignals made the way a page makes them (the tests see them as web-sys types).

/** The requests the mock logged with `tag` (oldest first), as JSON text. */
export async function mockLog(mockUrl, tag) {
  const r = await fetch(`${mockUrl}/__mock/log?tag=${encodeURIComponent(tag)}`);
  return r.text();
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/** A `File` named `name` holding `text`, or a plain `Blob` when `name` is empty. */
export function textFile(text, name) {
  return name ? new File([text], name, { type: 'text/plain' }) : new Blob([text], { type: 'text/plain' });
}

/** An `AbortSignal` that aborts after `ms` (at once for 0). */
export function abortAfter(ms) {
  const ac = new AbortController();
  if (ms <= 0) ac.abort();
  else setTimeout(() => ac.abort(), ms);
  return ac.signal;
}

/**
 * A JS client of the package (made by `makeClient`, the test's own glue) with `maxConcurrency: 1`
 * for `model`: streams one chat to its end; resolves to the number of chunks.
 */
export async function jsStreamToEnd(makeClient, mockUrl, tag, model) {
  const client = makeClient({
    apiKey: 'test-id.test-secret', baseURL: `${mockUrl}/api`, maxRetries: 0, maxConcurrency: 1,
    defaultHeaders: { 'x-mock-tag': tag, 'x-mock-scenario': 'delay;ms=40' },
  });
  const stream = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'Hi' }], stream: true });
  let n = 0;
  for await (const _ of stream) n++;
  return n;
}
