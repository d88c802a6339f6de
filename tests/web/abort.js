// Cancellation and timeouts: every path cancels the request and rejects with the right class.
// (Test files cannot import each other: wasm-bindgen copies each imported file alone, so the
// shared helpers arrive as the argument `h` from harness.js.)
export function scenarios(h) {
  const { USER_HI, collect, eq, ok, sleep } = h;

  const PARAMS = { model: 'glm-4.6', messages: USER_HI, stream: true };

  /** Waits until the mock saw the (single) request's client go away. */
  async function expectAborted(t) {
    const log = await t.settledLog((l) => l.length > 0 && l[l.length - 1].aborted);
    ok(log.length > 0 && log[log.length - 1].aborted, 'the mock saw the request cancelled');
  }

  async function abortSignalMidStream(t) {
    const c = t.client({}, 'delay;ms=100');
    const ac = new AbortController();
    const s = await c.chat.completions.create(PARAMS, { signal: ac.signal });
    const first = await s.next();
    ok(!first.done, 'a first chunk arrived');
    const pending = s.next();
    ac.abort();
    await t.rejects(pending, 'APIUserAbortError');
    eq(await s.next(), { done: true }, 'later next() is done');
    await expectAborted(t);
  }

  async function abortSignalBeforeCall(t) {
    const c = t.client();
    const ac = new AbortController();
    ac.abort();
    await t.rejects(c.chat.completions.create(PARAMS, { signal: ac.signal }), 'APIUserAbortError');
    await t.rejects(c.chat.completions.create({ ...PARAMS, stream: false }, { signal: ac.signal }), 'APIUserAbortError');
    eq((await t.log()).length, 0, 'nothing was sent');
  }

  async function abortStreamMethod(t) {
    // Chunks 1 s apart, so that "at once" has a wide margin on a loaded machine.
    const c = t.client({}, 'delay;ms=1000');
    const s = await c.chat.completions.create(PARAMS);
    await s.next();
    const started = Date.now();
    const pending = s.next();
    s.abort();
    await t.rejects(pending, 'APIUserAbortError');
    ok(Date.now() - started < 500, 'rejected at once, not at the next chunk');
    await expectAborted(t);
  }

  async function abortBreakCancelsRequest(t) {
    const c = t.client({}, 'delay;ms=50');
    const s = await c.chat.completions.create(PARAMS);
    let n = 0;
    for await (const _ of s) {
      if (++n === 2) break;
    }
    eq(n, 2, 'two chunks then break');
    await expectAborted(t);
  }

  async function abortReadableStreamCancel(t) {
    const c = t.client({}, 'delay;ms=50');
    const s = await c.chat.completions.create(PARAMS);
    const reader = s.toReadableStream().getReader();
    const { done } = await reader.read();
    ok(!done, 'read one chunk');
    await reader.cancel();
    await expectAborted(t);
  }

  async function abortPendingNonStream(t) {
    const c = t.client({}, 'hang-headers');
    const ac = new AbortController();
    const p = c.chat.completions.create({ ...PARAMS, stream: false }, { signal: ac.signal });
    await sleep(100);
    ac.abort();
    await t.rejects(p, 'APIUserAbortError');
    await expectAborted(t);
  }

  async function timeoutStreamIdle(t) {
    const c = t.client({ streamIdleTimeout: 300 }, 'hang-body');
    const s = await c.chat.completions.create(PARAMS);
    const started = Date.now();
    await t.rejects(collect(s), 'APITimeoutError', (e) => eq(e.retryable, true, 'retryable'));
    const took = Date.now() - started;
    ok(took >= 250 && took < 3000, `idle timeout fired after ~300 ms (${took} ms)`);
    await expectAborted(t);
  }

  async function timeoutNonStream(t) {
    const c = t.client({ timeout: 300 }, 'hang-headers');
    const started = Date.now();
    await t.rejects(c.chat.completions.create({ ...PARAMS, stream: false }), 'APITimeoutError');
    ok(Date.now() - started < 3000, 'the deadline ended it');
    // A per-call timeout overrides the client's.
    const slow = t.client({ timeout: 60000 }, 'hang-headers');
    await t.rejects(slow.chat.completions.create({ ...PARAMS, stream: false }, { timeout: 200 }), 'APITimeoutError');
  }

  return { abortSignalMidStream, abortSignalBeforeCall, abortStreamMethod, abortBreakCancelsRequest, abortReadableStreamCancel, abortPendingNonStream, timeoutStreamIdle, timeoutNonStream };
}
