// Retries, idempotency, timeouts across attempts, auth (key functions, JWT) and the escape hatches
// (custom fetch, headers, onResponse). Attempt counts and spacing come from the mock's own log
// (`t` = arrival time of each request, in ms).
// (Test files cannot import each other: wasm-bindgen copies each imported file alone, so the
// shared helpers arrive as the argument `h` from harness.js.)
export function scenarios(h) {
  const { REPLY, USER_HI, collect, eq, ok, sleep, textOf } = h;

  const KEY = 'test-id.test-secret';
  const PARAMS = { model: 'glm-4.6', messages: USER_HI };
  // Keeps the waits short where the test is about *whether* a retry happens, not when.
  const FAST = 'retry-after-ms=10';
  let n = 0;

  /**
   * A client with its own log tag (so `fail-times` counts start at zero) and its log, POSTs only
   * (CORS preflights are logged too).
   */
  function sub(t, options = {}, scenario) {
    const tag = `${t.tag}-${++n}`;
    const c = t.client({ ...options, defaultHeaders: { ...(options.defaultHeaders || {}), 'x-mock-tag': tag } }, scenario);
    const log = async () => {
      const r = await fetch(`${t.mockUrl}/__mock/log?tag=${encodeURIComponent(tag)}`);
      return (await r.json()).filter((e) => e.method !== 'OPTIONS');
    };
    return { c, log, tag };
  }

  const gaps = (log) => log.slice(1).map((e, i) => e.t - log[i].t);

  async function retryBackoff429(t) {
    const { c, log } = sub(t, { maxRetries: 2 }, 'status=429;code=1302+fail-times=2');
    const r = await c.chat.completions.create(PARAMS);
    eq(r.choices[0].message.content, REPLY, 'the third attempt succeeds');
    const l = await log();
    eq(l.map((e) => e.status), [429, 429, 200], 'attempts');
    const [g1, g2] = gaps(l);
    // 0.5 s then 1 s, each minus up to 25 % jitter.
    ok(g1 >= 370 && g1 < 1500, `first backoff ~0.5 s (${g1} ms)`);
    ok(g2 >= 740 && g2 < 2500, `second backoff ~1 s (${g2} ms)`);
  }

  async function retryTransientFailures(t) {
    const cases = [
      `status=503;code=1305;${FAST}`,
      `status=500;code=500;${FAST}`,
      `status=429;code=1303;${FAST}`,
      `status=408;${FAST}`,
      `status=409;${FAST}`,
      'html-502',
      'drop-before-headers',
    ];
    for (const scenario of cases) {
      const { c, log } = sub(t, { maxRetries: 1 }, `${scenario}+fail-times=1`);
      const r = await c.chat.completions.create(PARAMS);
      eq(r.choices[0].message.content, REPLY, `${scenario}: retried and answered`);
      eq((await log()).length, 2, `${scenario}: two attempts`);
    }
  }

  async function retryNotForPermanentFailures(t) {
    const cases = [
      ['status=429;code=1113', 'RateLimitError'],
      ['status=429;code=1304', 'RateLimitError'],
      ['status=429;code=1308', 'RateLimitError'],
      ['status=429;code=1310', 'RateLimitError'],
      ['status=400;code=1214', 'BadRequestError'],
      ['status=401;code=1002', 'AuthenticationError'],
      ['status=404', 'NotFoundError'],
    ];
    for (const [scenario, name] of cases) {
      const { c, log } = sub(t, { maxRetries: 2 }, `${scenario};${FAST}`);
      await t.rejects(c.chat.completions.create(PARAMS), name, (e) => eq(e.retryable, false, `${scenario} retryable`));
      eq((await log()).length, 1, `${scenario}: one attempt`);
    }
  }

  async function retryMaxRetriesOverride(t) {
    // Client default: 2 retries, 3 attempts.
    let s = sub(t, { maxRetries: undefined }, `status=503;${FAST}`);
    await t.rejects(s.c.chat.completions.create(PARAMS), 'InternalServerError', (e) => eq(e.retryable, true, 'retryable'));
    eq((await s.log()).length, 3, 'default maxRetries 2');
    // Per call, both ways.
    s = sub(t, { maxRetries: 2 }, `status=503;${FAST}`);
    await t.rejects(s.c.chat.completions.create(PARAMS, { maxRetries: 0 }), 'InternalServerError');
    eq((await s.log()).length, 1, 'per-call maxRetries 0');
    s = sub(t, { maxRetries: 0 }, `status=503;${FAST}`);
    await t.rejects(s.c.chat.completions.create(PARAMS, { maxRetries: 3 }), 'InternalServerError');
    eq((await s.log()).length, 4, 'per-call maxRetries 3');
  }

  async function retryAfterHeaders(t) {
    // Retry-After in seconds.
    let s = sub(t, { maxRetries: 1 }, 'status=429;code=1302;retry-after=1+fail-times=1');
    await s.c.chat.completions.create(PARAMS);
    let [g] = gaps(await s.log());
    ok(g >= 990 && g < 2500, `Retry-After: 1 waited 1 s (${g} ms)`);
    // Retry-After as an HTTP date (IMF-fixdate), two seconds ahead on a whole second.
    const date = new Date(Math.ceil(Date.now() / 1000) * 1000 + 2000).toUTCString();
    s = sub(t, { maxRetries: 1 }, `status=503;retry-after=${encodeURIComponent(date)}+fail-times=1`);
    await s.c.chat.completions.create(PARAMS);
    const l = await s.log();
    [g] = gaps(l);
    const target = Date.parse(date) - l[0].t;
    ok(g >= target - 150 && g >= 900 && g < 3500, `Retry-After: ${date} honoured (${g} ms, date ${target} ms ahead)`);
    // retry-after-ms wins over Retry-After and over the backoff.
    s = sub(t, { maxRetries: 1 }, 'status=503;retry-after=5;retry-after-ms=1200+fail-times=1');
    await s.c.chat.completions.create(PARAMS);
    [g] = gaps(await s.log());
    ok(g >= 1190 && g < 2500, `retry-after-ms: 1200 (${g} ms)`);
  }

  async function retryShouldRetryHeader(t) {
    let s = sub(t, { maxRetries: 1 }, `status=400;code=1214;should-retry=true;${FAST}+fail-times=1`);
    const r = await s.c.chat.completions.create(PARAMS);
    eq(r.choices[0].message.content, REPLY, 'x-should-retry: true retries a 400');
    eq((await s.log()).length, 2, 'two attempts');
    s = sub(t, { maxRetries: 2 }, `status=503;code=1305;should-retry=false;${FAST}`);
    await t.rejects(s.c.chat.completions.create(PARAMS), 'InternalServerError');
    eq((await s.log()).length, 1, 'x-should-retry: false stops a 503');
  }

  async function retryRequestIdStable(t) {
    const params = { model: 'glm-4.6', messages: USER_HI };
    let s = sub(t, { maxRetries: 2 }, `status=503;${FAST}+fail-times=2`);
    await s.c.chat.completions.create(params);
    let l = await s.log();
    eq(l.length, 3, 'three attempts');
    const id = l[0].json.request_id;
    ok(/^zai-[0-9a-f]{24}$/.test(id), `generated request_id ${id}`);
    eq(l.map((e) => e.json.request_id), [id, id, id], 'the same request_id in every attempt');
    eq(Object.keys(params), ['model', 'messages'], "the caller's params are not changed");
    // A second logical call gets a new one.
    s = sub(t, { maxRetries: 1 });
    await s.c.chat.completions.create(params);
    const other = (await s.log())[0].json.request_id;
    ok(other && other !== id, 'a new request_id per logical call');
    // The caller's own request_id is kept, in every attempt.
    s = sub(t, { maxRetries: 1 }, `status=503;${FAST}+fail-times=1`);
    await s.c.chat.completions.create({ ...params, request_id: 'my-req-0001' });
    l = await s.log();
    eq(l.map((e) => e.json.request_id), ['my-req-0001', 'my-req-0001'], "the caller's request_id");
    // A call that will not be retried is sent as given; a stream too carries one.
    s = sub(t, { maxRetries: 0 });
    await s.c.chat.completions.create(params);
    eq((await s.log())[0].json, params, 'maxRetries 0: the params unchanged');
    s = sub(t, { maxRetries: 1 }, `status=503;${FAST}+fail-times=1`);
    eq(textOf(await collect(await s.c.chat.completions.create({ ...params, stream: true }))), REPLY, 'stream retried before its first byte');
    l = await s.log();
    eq(l.length, 2, 'two stream attempts');
    ok(l[0].json.request_id && l[0].json.request_id === l[1].json.request_id, 'the stream keeps its request_id');
  }

  async function retryAbortDuringWait(t) {
    const { c, log } = sub(t, { maxRetries: 2 }, 'status=503;retry-after-ms=5000');
    const ac = new AbortController();
    const p = c.chat.completions.create(PARAMS, { signal: ac.signal });
    for (let i = 0; i < 60 && (await log()).length === 0; i++) await sleep(25);
    await sleep(100); // the first answer has arrived; the client is waiting 5 s
    const started = Date.now();
    ac.abort();
    await t.rejects(p, 'APIUserAbortError');
    ok(Date.now() - started < 200, `rejected at once (${Date.now() - started} ms)`);
    await sleep(300);
    eq((await log()).length, 1, 'no further attempt');
  }

  async function retryTimeoutBoundsAllAttempts(t) {
    const { c, log } = sub(t, { maxRetries: 10, timeout: 1000 }, 'status=503;retry-after-ms=400');
    const started = Date.now();
    await t.rejects(c.chat.completions.create(PARAMS), 'APITimeoutError');
    const took = Date.now() - started;
    ok(took >= 950 && took < 1600, `one deadline for all attempts (${took} ms)`);
    const l = await log();
    ok(l.length >= 2 && l.length <= 3, `2-3 attempts within the deadline (${l.length})`);
    // A per-call timeout does the same.
    const s = sub(t, { maxRetries: 10 }, 'status=503;retry-after-ms=400');
    const t0 = Date.now();
    await t.rejects(s.c.chat.completions.create(PARAMS, { timeout: 600 }), 'APITimeoutError');
    ok(Date.now() - t0 < 1200, 'per-call timeout');
  }

  async function retryNotAfterFirstByte(t) {
    const { c, log } = sub(t, { maxRetries: 2 }, 'stream-drop;after=2');
    const s = await c.chat.completions.create({ ...PARAMS, stream: true });
    await t.rejects(collect(s), 'APIConnectionError');
    await sleep(200);
    eq((await log()).length, 1, 'a started stream is not retried');
  }

  async function retryAuthKeyFunctionPerRequest(t) {
    let calls = 0;
    const apiKey = async () => {
      calls++;
      await sleep(5);
      return KEY;
    };
    const { c, log } = sub(t, { apiKey, maxRetries: 1 }, `status=503;${FAST}+fail-times=1`);
    await c.chat.completions.create(PARAMS);
    eq(calls, 2, 'called for each attempt');
    await c.chat.completions.create(PARAMS);
    eq(calls, 3, 'and for each call');
    eq((await log()).map((e) => e.headers.authorization), Array(3).fill(`Bearer ${KEY}`), 'sent as Bearer');
    // A plain function works too; a bad return value is an InvalidRequestError.
    const sync = sub(t, { apiKey: () => KEY });
    await sync.c.chat.completions.create(PARAMS);
    const bad = sub(t, { apiKey: async () => 42 });
    await t.rejects(bad.c.chat.completions.create(PARAMS), 'InvalidRequestError', (e) => ok(/^apiKey/.test(e.message), e.message));
    eq((await bad.log()).length, 0, 'nothing sent');
  }

  function decodeJwt(token) {
    const part = (s) => atob(s.replace(/-/g, '+').replace(/_/g, '/'));
    const [hd, pl, sig] = token.split('.');
    return { header: part(hd), payload: JSON.parse(part(pl)), sig };
  }

  async function retryAuthJwt(t) {
    const { c, log } = sub(t, { jwt: true });
    const before = Date.now();
    await c.chat.completions.create(PARAMS);
    await c.chat.completions.create({ ...PARAMS, stream: true }).then(collect);
    const l = await log();
    eq(l.map((e) => e.status), [200, 200], 'the mock accepted the token');
    const auth = l[0].headers.authorization;
    ok(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/.test(auth), `Bearer <jwt> (${auth})`);
    const token = auth.slice(7);
    const { header, payload } = decodeJwt(token);
    eq(header, '{"alg":"HS256","sign_type":"SIGN","typ":"JWT"}', 'JOSE header bytes');
    eq(Object.keys(payload), ['api_key', 'exp', 'timestamp'], 'claims');
    eq(payload.api_key, 'test-id', 'api_key is the id');
    eq(payload.exp - payload.timestamp, 210000, 'exp = timestamp + 210 s, in ms');
    ok(payload.timestamp >= before - 1000 && payload.timestamp <= Date.now() + 1000, 'timestamp in ms');
    eq(l[1].headers.authorization, auth, 'the token is reused');

    // A key function: whatever it returns is signed.
    const fn = sub(t, { jwt: true, apiKey: async () => KEY });
    await fn.c.chat.completions.create(PARAMS);
    ok(decodeJwt((await fn.log())[0].headers.authorization.slice(7)).payload.api_key === 'test-id', 'function key signed');

    // Failures, none of which may show the secret or a token.
    const secret = 'SECRETVALUE987';
    const errors = [];
    const printed = [];
    const methods = ['log', 'info', 'warn', 'error', 'debug'];
    const saved = methods.map((m) => console[m]);
    const realNow = Date.now;
    methods.forEach((m, i) => { console[m] = (...a) => { printed.push(a.map(String).join(' ')); saved[i].apply(console, a); }; });
    try {
      const wrong = sub(t, { jwt: true, apiKey: `test-id.${secret}` });
      errors.push(await t.rejects(wrong.c.chat.completions.create(PARAMS), 'AuthenticationError', (e) => eq(e.code, '1002', 'bad signature')));
      const wrongToken = (await wrong.log())[0].headers.authorization.slice(7);

      // Signed an hour ago: expired.
      const old = sub(t, { jwt: true });
      Date.now = () => realNow.call(Date) - 3600000;
      try {
        errors.push(await t.rejects(old.c.chat.completions.create(PARAMS), 'AuthenticationError', (e) => eq(e.code, '1003', 'expired')));
      } finally {
        Date.now = realNow;
      }
      const oldToken = (await old.log())[0].headers.authorization.slice(7);
      // The clock is back: the stale token is not reused.
      await old.c.chat.completions.create(PARAMS);

      for (const apiKey of [`nodot${secret}`, `id.${secret}.x`, async () => `.${secret}`]) {
        const m = sub(t, { jwt: true, apiKey });
        errors.push(await t.rejects(m.c.chat.completions.create(PARAMS), 'InvalidRequestError',
          (e) => eq(e.message, 'apiKey must look like "id.secret" to sign a JWT', 'message')));
        eq((await m.log()).length, 0, 'nothing sent for a malformed key');
      }
      const tokens = [wrongToken, oldToken, wrongToken.split('.')[2], oldToken.split('.')[2]];
      for (const e of errors) {
        const text = [e.message, String(e), e.stack, JSON.stringify(e), JSON.stringify(e.body), e.requestId].join('\n');
        ok(!text.includes(secret), `secret absent from ${e.name}`);
        for (const tok of tokens) ok(!text.includes(tok), `token absent from ${e.name}`);
      }
      for (const line of printed) {
        ok(!line.includes(secret) && !tokens.some((tok) => line.includes(tok)), 'nothing secret printed');
      }
    } finally {
      Date.now = realNow;
      methods.forEach((m, i) => { console[m] = saved[i]; });
    }
  }

  async function retryJwtResignOnExpired(t) {
    // 401/1003 (token expired) with jwt: true: a new token is signed and the call resent once,
    // even with maxRetries: 0.
    const { c, log } = sub(t, { jwt: true, maxRetries: 0 }, 'error=1003+fail-times=1');
    const r = await c.chat.completions.create(PARAMS);
    eq(r.choices[0].message.content, REPLY, 'the resent call succeeds');
    eq((await log()).map((e) => e.status), [401, 200], 'one 1003, then the re-signed call');
    // Only once: a second 1003 is the caller's error.
    const twice = sub(t, { jwt: true, maxRetries: 0 }, 'error=1003+fail-times=2');
    await t.rejects(twice.c.chat.completions.create(PARAMS), 'AuthenticationError', (e) => eq(e.code, '1003', 'code'));
    eq((await twice.log()).length, 2, 're-signed once, not more');
    // A key that is not a JWT this client signs is never "re-signed": sent once.
    const plain = sub(t, { maxRetries: 0 }, 'error=1003+fail-times=1');
    await t.rejects(plain.c.chat.completions.create(PARAMS), 'AuthenticationError', (e) => eq(e.status, 401, 'status'));
    eq((await plain.log()).length, 1, 'sent once');
    // Other auth errors are not re-signed either.
    const invalid = sub(t, { jwt: true, maxRetries: 0 }, 'error=1002+fail-times=1');
    await t.rejects(invalid.c.chat.completions.create(PARAMS), 'AuthenticationError', (e) => eq(e.code, '1002', 'code'));
    eq((await invalid.log()).length, 1, '1002 sent once');
  }

  async function retryEscapeFetchAndHeaders(t) {
    const urls = [];
    const myFetch = (url, init) => {
      urls.push(url);
      return fetch(url, init);
    };
    const { c, log } = sub(t, { fetch: myFetch, defaultHeaders: { 'x-app': 'a', 'x-drop': 'b' } });
    await c.chat.completions.create(PARAMS, { headers: { 'x-call': 'c', 'x-drop': null } });
    eq(urls, [`${t.mockUrl}/api/paas/v4/chat/completions`], 'the custom fetch was used');
    const hd = (await log())[0].headers;
    eq([hd['x-app'], hd['x-call'], hd['x-drop']], ['a', 'c', undefined], 'default, per-call and removed headers');
    // By default only Authorization, Content-Type and safelisted headers (+ the test's own).
    const plain = sub(t);
    await plain.c.chat.completions.create(PARAMS);
    const sent = Object.keys((await plain.log())[0].headers).filter((k) => k.startsWith('x-') || k.includes('_') || k.startsWith('zai'));
    eq(sent, ['x-mock-tag'], 'no SDK attribution headers');
  }

  async function retryEscapeOnResponse(t) {
    const infos = [];
    const { c, log } = sub(t, { maxRetries: 1 }, `status=503;${FAST}+fail-times=1`);
    const r = await c.chat.completions.create(PARAMS, { onResponse: (info) => infos.push(info) });
    eq(r.choices[0].message.content, REPLY, 'answered');
    const l = await log();
    eq(infos.map((i) => i.status), [503, 200], 'one call per HTTP response, retries included');
    eq(infos.map((i) => i.requestId), l.map((e) => e.id), 'request ids');
    ok(infos[1].headers.get('content-type').startsWith('application/json'), 'headers');
    // Streams report their response before the first chunk.
    const seen = [];
    const s = await c.chat.completions.create({ ...PARAMS, stream: true }, { onResponse: (i) => seen.push(i.status) });
    eq(seen, [200], 'stream response seen');
    await collect(s);
    // A throwing callback rejects the call with an InvalidRequestError caused by its error.
    const boom = new Error('boom');
    let caught;
    try {
      await c.chat.completions.create(PARAMS, { onResponse: () => { throw boom; } });
    } catch (e) {
      caught = e;
    }
    ok(caught instanceof t.classes.InvalidRequestError, 'a typed error');
    ok(caught.cause === boom && /^onResponse threw: boom/.test(caught.message), caught.message);
    await t.rejects(c.chat.completions.create(PARAMS, { onResponse: 1 }), 'InvalidRequestError');
  }

  async function retryCorsBrokenBaseUrl(t) {
    const c = t.client({ baseURL: `${t.mockUrl}/s/cors-broken/api`, maxRetries: 0 });
    await t.rejects(c.chat.completions.create(PARAMS), 'APIConnectionError', (e) => {
      ok(/CORS/.test(e.message) && /proxy/.test(e.message), `message names CORS and the proxy: ${e.message}`);
      eq(e.retryable, true, 'connection errors are retryable');
      eq(e.status, undefined, 'no status');
    });
  }

  return {
    retryBackoff429, retryTransientFailures, retryNotForPermanentFailures, retryMaxRetriesOverride,
    retryAfterHeaders, retryShouldRetryHeader, retryRequestIdStable, retryAbortDuringWait,
    retryTimeoutBoundsAllAttempts, retryNotAfterFirstByte, retryAuthKeyFunctionPerRequest, retryAuthJwt,
    retryJwtResignOnExpired, retryEscapeFetchAndHeaders, retryEscapeOnResponse, retryCorsBrokenBaseUrl,
  };
}
