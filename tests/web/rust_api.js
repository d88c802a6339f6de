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
