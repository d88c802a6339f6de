// Runs one named scenario for tests/web/main.rs. Each scenario module exports
// `scenarios(helpers)` returning async functions that take a context `t` (see `context` below)
// and throw on a failed expectation.

let counter = 0;

/** `groups` is the list of scenario objects; `name` is snake_case, the functions camelCase. */
export async function run(name, env, groups) {
  const camel = name.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
  const fn = groups.map((g) => g[camel]).find(Boolean);
  if (!fn) throw new Error(`no scenario named ${camel} in tests/web/*.js`);
  // A scenario that never settles would stall the whole page (the runner only reads results once
  // every test is done): fail it by name instead.
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${camel} did not finish within ${SCENARIO_LIMIT_MS} ms`)), SCENARIO_LIMIT_MS);
  });
  try {
    await Promise.race([fn(context(env, name)), limit]);
  } finally {
    clearTimeout(timer);
  }
}

const SCENARIO_LIMIT_MS = 30000;

/** What the scenario modules share. */
export function helpers() {
  return { REPLY, USER_HI, collect, eq, ok, sleep, textOf, httpErrors, invalidParams, jsonRequest, KEY };
}

function context(env, name) {
  const tag = `${name}-${Date.now()}-${++counter}`;
  const base = `${env.mockUrl}/api`;
  const t = {
    tag,
    mockUrl: env.mockUrl,
    classes: env.classes,
    /** A client for the mock; `scenario` is sent as `x-mock-scenario` on every request. */
    client(options = {}, scenario) {
      const headers = { 'x-mock-tag': tag, ...(options.defaultHeaders || {}) };
      if (scenario) headers['x-mock-scenario'] = scenario;
      return env.makeClient({ apiKey: KEY, baseURL: base, maxRetries: 0, ...options, defaultHeaders: headers });
    },
    /** The requests the mock received with this test's tag. */
    async log() {
      const r = await fetch(`${env.mockUrl}/__mock/log?tag=${encodeURIComponent(tag)}`);
      return r.json();
    },
    /** Waits until the mock has logged `n` requests (or the last one finished), max 3 s. */
    async settledLog(predicate = (l) => l.length > 0) {
      for (let i = 0; i < 60; i++) {
        const l = await t.log();
        if (predicate(l)) return l;
        await sleep(50);
      }
      return t.log();
    },
    /** Expects `promise` to reject with an error of class `name`; returns the error. */
    async rejects(promise, name, check) {
      let err;
      try {
        await promise;
      } catch (e) {
        err = e;
      }
      if (!err) throw new Error(`expected a ${name}, but it resolved`);
      if (!(err instanceof env.classes.ZaiError)) throw new Error(`expected a ZaiError, got ${err && err.stack || err}`);
      if (!(err instanceof Error)) throw new Error('error is not an Error');
      eq(err.name, name, `error name (message: ${err.message})`);
      if (!(err instanceof env.classes[name])) throw new Error(`not instanceof ${name}`);
      if (check) check(err);
      return err;
    },
  };
  return t;
}

/** The API key `t.client()` sends unless told otherwise. */
export const KEY = 'test-id.test-secret';

export const REPLY = 'Hello! 你好，世界 🌍 How can I help you today?';

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

export function eq(actual, expected, what = 'value') {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

export function ok(cond, what) {
  if (!cond) throw new Error(`expected: ${what}`);
}

export const USER_HI = [{ role: 'user', content: 'Hi' }];

/** Drains a stream, returning the chunks. */
export async function collect(stream) {
  const chunks = [];
  for await (const c of stream) chunks.push(c);
  return chunks;
}

/** The content (and reasoning) a list of chunks spells out. */
export function textOf(chunks, field = 'content') {
  return chunks.map((c) => (c.choices[0] && c.choices[0].delta[field]) || '').join('');
}

/**
 * The HTTP errors every endpoint maps the same way: `call(client)` must reject with a
 * BadRequestError carrying business code 1214 (status=400 scenario), an AuthenticationError
 * for a rejected key (1002) and for a missing one (1001).
 */
export async function httpErrors(t, call) {
  await t.rejects(call(t.client({}, 'status=400;code=1214')), 'BadRequestError', (e) => {
    eq(e.status, 400, 'status');
    eq(e.code, '1214', 'business code');
    eq(e.retryable, false, '400 is not retryable');
    ok(e.requestId, 'request id');
    ok(e.body && e.body.error && e.body.error.code === '1214', 'parsed body');
  });
  await t.rejects(call(t.client({ apiKey: 'invalid.key' })), 'AuthenticationError', (e) => {
    eq(e.status, 401, 'status');
    eq(e.code, '1002', 'business code');
  });
  await t.rejects(call(t.client({ apiKey: undefined })), 'AuthenticationError',
    (e) => eq(e.code, '1001', 'no Authorization header'));
}

/**
 * Each `[params, message]` case must reject with an InvalidRequestError of exactly that message,
 * and nothing may reach the mock.
 */
export async function invalidParams(t, call, cases) {
  const c = t.client();
  const before = (await t.log()).length;
  for (const [params, message] of cases) {
    await t.rejects(call(c, params), 'InvalidRequestError', (e) =>
      ok(e.message === message, `message "${e.message}" equals "${message}"`));
  }
  eq((await t.log()).length, before, 'nothing was sent');
}

/** Checks one logged JSON request: method, path, the standard headers and the exact body. */
export function jsonRequest(req, path, params, accept = 'application/json') {
  eq(req.method, 'POST', 'method');
  eq(req.path, path, 'path');
  eq(req.headers.authorization, `Bearer ${KEY}`, 'authorization');
  ok((req.headers['content-type'] || '').startsWith('application/json'), `content-type json (${req.headers['content-type']})`);
  eq(req.headers.accept, accept, 'accept');
  eq(req.headers['accept-language'], 'en-US,en', 'accept-language');
  eq(req.json, params, 'body: the params, unchanged');
}
