// Fault matrix: one test per fault the mock can inject, each asserting the exact outcome the
// contract promises AND that the same client then serves a normal stream and a normal JSON call.
// (faults.js / errors.js / abort.js check the outcomes; these add the per-fault combination
// with stream/non-stream and the client's reuse.) The fault travels as a per-call header, so the
// client itself is shared across the fault and the follow-up calls.
// (Test files cannot import each other: wasm-bindgen copies each imported file alone, so the
// shared helpers arrive as the argument `h` from harness.js.)
export function scenarios(h) {
  const { REPLY, USER_HI, collect, eq, ok, sleep, textOf } = h;

  const PARAMS = { model: 'glm-4.6', messages: USER_HI };
  const fault = (scenario, extra = {}) => ({ headers: { 'x-mock-scenario': scenario }, ...extra });

  /** The client still streams and answers after the fault. */
  async function stillWorks(t, c) {
    const s = await c.chat.completions.create({ ...PARAMS, stream: true });
    const chunks = await collect(s);
    eq(textOf(chunks), REPLY, 'the same client streams again');
    eq((await s.finalChatCompletion()).choices[0].finish_reason, 'stop', 'and finishes');
    const r = await c.chat.completions.create(PARAMS);
    eq(r.choices[0].message.content, REPLY, 'and answers a JSON call');
  }

  /** Streams under `scenario` and expects the normal reply. */
  async function streamsReply(t, c, scenario, what) {
    const s = await c.chat.completions.create({ ...PARAMS, stream: true }, fault(scenario));
    const chunks = await collect(s);
    eq(textOf(chunks), REPLY, what);
    const final = await s.finalChatCompletion();
    eq(final.choices[0].message.content, REPLY, `${what}: accumulated`);
    eq(final.choices[0].finish_reason, 'stop', `${what}: finish_reason`);
    ok(final.usage && final.usage.total_tokens > 0, `${what}: usage`);
    return chunks;
  }

  /**
   * Bodies a broken or hostile server never ends, or that inflate from a small gzip: the call
   * fails as soon as maxResponseBytes is passed (not when memory runs out), names the limit, and
   * the client keeps working.
   */
  async function matrixBodyLimits(t) {
    const c = t.client();
    const limited = (e, n) => {
      ok(e.message === `The response body is larger than maxResponseBytes (${n} bytes)`, e.message);
      eq(e.retryable, false, 'not retryable');
    };
    // No wall-clock bounds here (a loaded machine makes them flaky): a body that never ends
    // would hang the call past the scenario's timeout, and the hostile suite bounds memory.
    await t.rejects(c.chat.completions.create(PARAMS, fault('endless-json', { maxResponseBytes: 1 << 20 })),
      'APIError', (e) => { limited(e, 1 << 20); eq(e.status, 200, 'status'); });
    await t.rejects(c.chat.completions.create(PARAMS, fault('endless-json;http=500')),
      'APIError', (e) => limited(e, 33554432));
    await t.rejects(c.chat.completions.create(PARAMS, fault('gzip-bomb;mib=64')), 'APIError', (e) => limited(e, 33554432));
    // The limit also applies to an ordinary answer, per call and per client.
    await t.rejects(c.chat.completions.create(PARAMS, { maxResponseBytes: 10 }), 'APIError', (e) => limited(e, 10));
    const small = t.client({ maxResponseBytes: 10 });
    await t.rejects(small.chat.completions.create(PARAMS), 'APIError', (e) => limited(e, 10));
    await t.rejects(c.chat.completions.create(PARAMS, { maxResponseBytes: 0 }), 'InvalidRequestError',
      (e) => ok(/^maxResponseBytes must be a positive integer number of bytes/.test(e.message), e.message));
    await stillWorks(t, c);
  }

  async function matrixDropBeforeHeaders(t) {
    const c = t.client();
    await t.rejects(c.chat.completions.create({ ...PARAMS, stream: true }, fault('drop-before-headers')),
      'APIConnectionError', (e) => {
        eq(e.status, undefined, 'no HTTP status');
        eq(e.retryable, true, 'a connection error is retryable');
      });
    await t.rejects(c.chat.completions.create(PARAMS, fault('drop-before-headers')), 'APIConnectionError');
    await stillWorks(t, c);
  }

  async function matrixDropMidStream(t) {
    const c = t.client();
    const s = await c.chat.completions.create({ ...PARAMS, stream: true }, fault('stream-drop;after=2+delay;ms=20'));
    const seen = [];
    await t.rejects((async () => { for await (const ch of s) seen.push(ch); })(), 'APIConnectionError');
    eq(seen.length, 2, 'the 2 chunks before the cut');
    eq(await s.next(), { done: true }, 'then done');
    await t.rejects(s.finalChatCompletion(), 'APIConnectionError');
    // A JSON answer cut in half.
    await t.rejects(c.chat.completions.create(PARAMS, fault('stream-drop')), 'APIConnectionError');
    await stillWorks(t, c);
  }

  async function matrixDropMidUtf8(t) {
    const c = t.client();
    const s = await c.chat.completions.create({ ...PARAMS, stream: true }, fault('drop-mid-utf8+split;bytes=5'));
    const seen = [];
    await t.rejects((async () => { for await (const ch of s) seen.push(ch); })(), 'APIConnectionError');
    ok(!textOf(seen).includes('\uFFFD'), 'no U+FFFD delivered from the cut character');
    await stillWorks(t, c);
  }

  async function matrixHtml502Stream(t) {
    const c = t.client();
    await t.rejects(c.chat.completions.create({ ...PARAMS, stream: true }, fault('html-502')), 'InternalServerError', (e) => {
      eq(e.status, 502, 'status');
      eq(e.code, undefined, 'no business code');
      ok(/Bad Gateway/i.test(e.message) && e.message.length <= 220, `short message from the HTML: ${e.message}`);
      eq(e.retryable, true, 'retryable');
    });
    await stillWorks(t, c);
  }

  async function matrixMalformedChunk(t) {
    const c = t.client();
    const s = await c.chat.completions.create({ ...PARAMS, stream: true }, fault('malformed-chunk+split;bytes=3'));
    const seen = [];
    await t.rejects((async () => { for await (const ch of s) seen.push(ch); })(), 'APIError', (e) => {
      ok(/not valid JSON/.test(e.message), e.message);
      eq(e.status, undefined, 'no status: it came in the stream');
    });
    eq(seen.length, 1, 'the chunk before the malformed one');
    await stillWorks(t, c);
  }

  async function matrixEventError(t) {
    const c = t.client();
    const s = await c.chat.completions.create({ ...PARAMS, stream: true }, fault('stream-error;code=1305+crlf+split;bytes=2'));
    await t.rejects(collect(s), 'APIError', (e) => {
      eq(e.code, '1305', 'code');
      eq(e.retryable, true, '1305 is retryable');
      ok(e.requestId, 'request id from the frame');
    });
    await stillWorks(t, c);
  }

  async function matrixBareError(t) {
    const c = t.client();
    const s = await c.chat.completions.create({ ...PARAMS, stream: true }, fault('stream-error-bare;code=1308+comments'));
    await t.rejects(collect(s), 'APIError', (e) => {
      eq(e.code, '1308', 'code');
      eq(e.retryable, false, '1308 is not retryable');
    });
    await stillWorks(t, c);
  }

  async function matrixJson200ErrorForStream(t) {
    const c = t.client();
    await t.rejects(c.chat.completions.create({ ...PARAMS, stream: true }, fault('json-error-200;code=1302')), 'APIError', (e) => {
      eq(e.status, 200, 'status');
      eq(e.code, '1302', 'code');
      eq(e.retryable, true, 'retryable');
      eq(e.body.error.code, '1302', 'parsed body');
    });
    await t.rejects(c.chat.completions.create(PARAMS, fault('json-error-200;code=1113')), 'APIError',
      (e) => eq(e.code, '1113', 'the JSON call too'));
    await stillWorks(t, c);
  }

  async function matrixU2028(t) {
    const c = t.client();
    const s = await c.chat.completions.create({ ...PARAMS, stream: true }, fault('u2028+split;bytes=1'));
    const text = textOf(await collect(s));
    eq(text, 'Line\u2028separator and\u2029paragraph separator, 你好 🌍', 'exact text, split into single bytes');
    const r = await c.chat.completions.create(PARAMS, fault('u2028'));
    eq(r.choices[0].message.content, text, 'the JSON answer agrees');
    await stillWorks(t, c);
  }

  async function matrixBom(t) {
    const c = t.client();
    await streamsReply(t, c, 'bom+crlf+split;bytes=2', 'BOM with CRLF in 2-byte pieces');
    const r = await c.chat.completions.create(PARAMS, fault('bom'));
    eq(r.choices[0].message.content, REPLY, 'a JSON body with a BOM');
    await stillWorks(t, c);
  }

  async function matrixCrlf(t) {
    const c = t.client();
    await streamsReply(t, c, 'crlf+multiline+split;bytes=3', 'CRLF, multi-line data, 3-byte pieces');
    await streamsReply(t, c, 'cr+multiline', 'CR, multi-line data');
    await stillWorks(t, c);
  }

  async function matrixComments(t) {
    const c = t.client();
    await streamsReply(t, c, 'comments+sse-ids+split;bytes=4', 'comments and ids in 4-byte pieces');
    await stillWorks(t, c);
  }

  async function matrixMissingLastBlankLine(t) {
    const c = t.client();
    await streamsReply(t, c, 'no-final-blank+crlf+split;bytes=1', 'no final blank line, CRLF, 1-byte pieces');
    await stillWorks(t, c);
  }

  async function matrixSlowDripPastIdleTimeout(t) {
    const c = t.client({ streamIdleTimeout: 250 });
    const s = await c.chat.completions.create({ ...PARAMS, stream: true }, fault('drip;ms=600'));
    const started = Date.now();
    await t.rejects(collect(s), 'APITimeoutError', (e) => eq(e.retryable, true, 'retryable'));
    const took = Date.now() - started;
    ok(took >= 200 && took < 3000, `idle timeout between two slow writes (${took} ms)`);
    // A drip just under the idle timeout is fine.
    await streamsReply(t, c, 'drip;ms=40', 'a drip under the idle timeout');
    await stillWorks(t, c);
  }

  async function matrixAbortBeforeHeaders(t) {
    const c = t.client();
    const ac = new AbortController();
    const p = c.chat.completions.create({ ...PARAMS, stream: true }, fault('hang-headers', { signal: ac.signal }));
    await sleep(100);
    ac.abort();
    await t.rejects(p, 'APIUserAbortError', (e) => eq(e.retryable, false, 'not retryable'));
    const l = await t.settledLog((l) => l.length > 0 && l[0].aborted);
    ok(l[0].aborted, 'the mock saw the request cancelled');
    await stillWorks(t, c);
  }

  async function matrixAbortMidStream(t) {
    const c = t.client();
    const ac = new AbortController();
    const s = await c.chat.completions.create({ ...PARAMS, stream: true }, fault('delay;ms=80+split;bytes=7', { signal: ac.signal }));
    ok(!(await s.next()).done, 'a first chunk');
    ac.abort();
    await t.rejects(s.next(), 'APIUserAbortError');
    eq(await s.next(), { done: true }, 'then done');
    await t.rejects(s.finalChatCompletion(), 'APIUserAbortError');
    const l = await t.settledLog((l) => l.length > 0 && l[0].aborted);
    ok(l[0].aborted, 'the mock saw the request cancelled');
    await stillWorks(t, c);
  }

  async function matrixAbortDuringRetryWait(t) {
    const c = t.client({ maxRetries: 3 });
    const ac = new AbortController();
    const p = c.chat.completions.create({ ...PARAMS, stream: true },
      fault('status=503;code=1305;retry-after-ms=5000', { signal: ac.signal }));
    await t.settledLog((l) => l.length === 1 && l[0].tEnd);
    await sleep(50); // the 503 is in: the client waits 5 s before the next attempt
    const started = Date.now();
    ac.abort();
    await t.rejects(p, 'APIUserAbortError');
    ok(Date.now() - started < 200, `rejected at once (${Date.now() - started} ms)`);
    await sleep(200);
    eq((await t.log()).length, 1, 'no further attempt');
    await stillWorks(t, c);
  }

  return {
    matrixBodyLimits, matrixDropBeforeHeaders, matrixDropMidStream, matrixDropMidUtf8, matrixHtml502Stream, matrixMalformedChunk,
    matrixEventError, matrixBareError, matrixJson200ErrorForStream, matrixU2028, matrixBom, matrixCrlf,
    matrixComments, matrixMissingLastBlankLine, matrixSlowDripPastIdleTimeout, matrixAbortBeforeHeaders,
    matrixAbortMidStream, matrixAbortDuringRetryWait,
  };
}
