// Errors: typed, carrying the business code, never the key, never silent.
// (Test files cannot import each other: wasm-bindgen copies each imported file alone, so the
// shared helpers arrive as the argument `h` from harness.js.)
export function scenarios(h) {
  const { REPLY, USER_HI, collect, eq, ok, textOf } = h;

  const PARAMS = { model: 'glm-4.6', messages: USER_HI };

  async function errorEventInStream(t) {
    const c = t.client({}, 'stream-error');
    const s = await c.chat.completions.create({ ...PARAMS, stream: true });
    const seen = [];
    const err = await t.rejects((async () => { for await (const ch of s) seen.push(ch); })(), 'APIError');
    eq(seen.length, 2, 'the chunks before the error frame are delivered');
    eq(err.code, '1302', 'business code');
    eq(err.retryable, true, '1302 is retryable');
    eq(err.status, undefined, 'no HTTP status for an in-stream error');
    ok(/concurrency/i.test(err.message), 'the service message');
    ok(err.requestId, 'request id from the frame');
    eq(await s.next(), { done: true }, 'then the stream is over');
    await t.rejects(s.finalChatCompletion(), 'APIError');
  }

  async function errorBareInStream(t) {
    const c = t.client({}, 'stream-error-bare');
    const s = await c.chat.completions.create({ ...PARAMS, stream: true });
    await t.rejects(collect(s), 'APIError', (e) => {
      eq(e.code, '1113', 'business code');
      eq(e.retryable, false, '1113 (no balance) is not retryable');
    });
  }

  async function errorJson200ForStream(t) {
    const c = t.client({}, 'json-error-200');
    await t.rejects(c.chat.completions.create({ ...PARAMS, stream: true }), 'APIError', (e) => {
      eq(e.status, 200, 'status');
      ok(e.code, 'business code');
      ok(e.body && e.body.error, 'parsed body');
    });
  }

  async function errorDropMidStream(t) {
    // Paced, so the browser has read the chunks before the connection is cut.
    const c = t.client({}, 'stream-drop;after=3+delay;ms=20');
    const s = await c.chat.completions.create({ ...PARAMS, stream: true });
    const seen = [];
    await t.rejects((async () => { for await (const ch of s) seen.push(ch); })(), 'APIConnectionError');
    eq(seen.length, 3, 'the chunks before the cut are delivered');
  }

  async function errorDropMidUtf8(t) {
    const c = t.client({}, 'drop-mid-utf8');
    const s = await c.chat.completions.create({ ...PARAMS, stream: true });
    await t.rejects(collect(s), 'APIConnectionError');
  }

  async function errorHtml502(t) {
    const c = t.client({}, 'html-502');
    await t.rejects(c.chat.completions.create(PARAMS), 'InternalServerError', (e) => {
      eq(e.status, 502, 'status');
      eq(e.code, undefined, 'no business code');
      ok(/Bad Gateway/i.test(e.message), `message from the HTML: ${e.message}`);
      ok(typeof e.body === 'string' && e.body.includes('<html'), 'raw body kept');
      eq(e.retryable, true, '502 is retryable');
    });
  }

  async function errorRateLimitCodes(t) {
    const cases = [['1302', true], ['1303', true], ['1305', true], ['1113', false], ['1308', false], ['1310', false]];
    for (const [code, retryable] of cases) {
      const c = t.client({}, `status=429;code=${code}`);
      await t.rejects(c.chat.completions.create(PARAMS), 'RateLimitError', (e) => {
        eq(e.status, 429, 'status');
        eq(e.code, code, 'code');
        eq(e.retryable, retryable, `retryable for ${code}`);
        ok(e.requestId, 'request id');
      });
    }
  }

  async function errorHttpStatuses(t) {
    const cases = [
      ['status=400;code=1214', 'BadRequestError', 400],
      ['status=401;code=1002', 'AuthenticationError', 401],
      ['status=403;code=1220', 'PermissionDeniedError', 403],
      ['status=404', 'NotFoundError', 404],
      ['status=500;code=500', 'InternalServerError', 500],
      ['status=503;code=1305', 'InternalServerError', 503],
      ['status=434', 'APIError', 434],
    ];
    for (const [scenario, name, status] of cases) {
      const c = t.client({}, scenario);
      await t.rejects(c.chat.completions.create(PARAMS), name, (e) => eq(e.status, status, 'status'));
      // Streams fail the same way before the first byte.
      await t.rejects(c.chat.completions.create({ ...PARAMS, stream: true }), name);
    }
    const c = t.client();
    await t.rejects(c.chat.completions.create({ model: 'unknown-model', messages: USER_HI }), 'BadRequestError',
      (e) => eq(e.code, '1211', 'unknown model code'));
  }

  async function errorInvalidParamsNotSent(t) {
    const c = t.client();
    const cases = [
      [{ messages: USER_HI }, /^model is required/],
      [{ model: 'glm-4.6' }, /^messages is required/],
      [{ model: 'glm-4.6', messages: [] }, /^messages must not be empty/],
      [{ model: 'glm-4.6', messages: [{ role: 'robot', content: 'x' }] }, /^messages\[0\]\.role must be one of/],
      [{ model: 'glm-4.6', messages: USER_HI, temperature: 2 }, /^temperature must be between 0 and 1/],
      [{ model: 'glm-4.6', messages: USER_HI, stream: 'yes' }, /^stream must be a boolean/],
      [{ model: 42, messages: USER_HI }, /^model must be a string/],
      [{ model: 'glm-4.6', messages: USER_HI, max_tokens: 1n }, /^max_tokens is not a JSON value/],
      [null, /^params must be an object/],
    ];
    for (const [params, re] of cases) {
      await t.rejects(c.chat.completions.create(params), 'InvalidRequestError',
        (e) => ok(re.test(e.message), `${re} matches "${e.message}"`));
    }
    const cyclic = { model: 'glm-4.6', messages: USER_HI };
    cyclic.self = cyclic;
    await t.rejects(c.chat.completions.create(cyclic), 'InvalidRequestError');
    await t.rejects(c.chat.completions.create(PARAMS, { timeout: -1 }), 'InvalidRequestError',
      (e) => ok(/^timeout/.test(e.message), e.message));
    let threw = null;
    try { t.client({ apiKey: 42 }); } catch (e) { threw = e; }
    ok(threw instanceof t.classes.InvalidRequestError && /^apiKey/.test(threw.message), 'bad client options throw');
    eq((await t.log()).length, 0, 'nothing was sent');
  }

  async function errorKeyNeverLeaks(t) {
    const key = 'leakcheck-id.SUPERSECRETVALUE123';
    const seen = [];
    const scenarios = ['status=401;code=1002', 'html-502', 'stream-error', 'json-error-200'];
    for (const scenario of scenarios) {
      const c = t.client({ apiKey: key }, scenario);
      try {
        const s = await c.chat.completions.create({ ...PARAMS, stream: true });
        await collect(s);
      } catch (e) {
        seen.push(e);
      }
    }
    const bad = t.client({ apiKey: 'bad\nkey.SUPERSECRETVALUE123' });
    try { await bad.chat.completions.create(PARAMS); } catch (e) { seen.push(e); }
    eq(seen.length, scenarios.length + 1, 'every call failed');
    for (const e of seen) {
      const text = [e.message, String(e), e.stack, JSON.stringify(e), JSON.stringify(e.body)].join('\n');
      ok(!text.includes('SUPERSECRETVALUE123'), `key absent from ${e.name}`);
    }
  }

  async function errorClientUsableAfterFailure(t) {
    const c = t.client();
    const fault = (scenario) => ({ headers: { 'x-mock-scenario': scenario } });
    const s = await c.chat.completions.create({ ...PARAMS, stream: true }, fault('stream-drop;after=1'));
    await t.rejects(collect(s), 'APIConnectionError');
    await t.rejects(c.chat.completions.create(PARAMS, fault('html-502')), 'InternalServerError');
    await t.rejects(c.chat.completions.create({ model: 'glm-4.6' }), 'InvalidRequestError');
    eq(textOf(await collect(await c.chat.completions.create({ ...PARAMS, stream: true }))), REPLY, 'the same client streams again');
    const r = await c.chat.completions.create(PARAMS);
    eq(r.choices[0].message.content, REPLY, 'and answers non-stream calls');
  }

  return { errorEventInStream, errorBareInStream, errorJson200ForStream, errorDropMidStream, errorDropMidUtf8, errorHtml502, errorRateLimitCodes, errorHttpStatuses, errorInvalidParamsNotSent, errorKeyNeverLeaks, errorClientUsableAfterFailure };
}
