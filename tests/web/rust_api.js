// JS helpers of the Rust API browser tests (tests/web/rust_api.rs): what the tests need from the
// page that has no Rust binding here (no web-sys): the mock's log, timers, Blobs, AbortSignals.

/** The requests the mock logged with `tag` (oldest first). */
export async function mockLog(mockUrl, tag) {
  const r = await fetch(`${mockUrl}/__mock/log?tag=${encodeURIComponent(tag)}`);
  return r.json();
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
