// The JS half of the binding layer: what is cheaper or only possible in JS.
// - Error classes (`instanceof ZaiError` needs real subclasses of Error).
// - `Call`: one logical request's AbortController, caller signal, deadline and abortable sleeps.
// - `ZaiClient` and the request executor, which performs what the wasm request machine decides.
// - The stream classes. Their `next()` is the hot path: it returns an already-resolved promise
//   from a queue, and crosses into wasm once per network read (`SseDecoder.feed`), never once
//   per chunk (see docs/ARCHITECTURE.md).

export class ZaiError extends Error {
  constructor(message, status, code, requestId, retryable, body) {
    super(message);
    this.status = status;
    this.code = code;
    this.requestId = requestId;
    this.retryable = retryable;
    this.body = body;
  }
}
ZaiError.prototype.name = 'ZaiError';

function errorClass(name, Base) {
  const C = { [name]: class extends Base {} }[name];
  C.prototype.name = name;
  return C;
}
export const APIError = errorClass('APIError', ZaiError);
export const BadRequestError = errorClass('BadRequestError', APIError);
export const AuthenticationError = errorClass('AuthenticationError', APIError);
export const PermissionDeniedError = errorClass('PermissionDeniedError', APIError);
export const NotFoundError = errorClass('NotFoundError', APIError);
export const RateLimitError = errorClass('RateLimitError', APIError);
export const InternalServerError = errorClass('InternalServerError', APIError);
export const APIConnectionError = errorClass('APIConnectionError', APIError);
export const APITimeoutError = errorClass('APITimeoutError', APIConnectionError);
export const APIUserAbortError = errorClass('APIUserAbortError', APIError);
export const InvalidRequestError = errorClass('InvalidRequestError', ZaiError);

const CLASSES = {
  APIError, BadRequestError, AuthenticationError, PermissionDeniedError, NotFoundError,
  RateLimitError, InternalServerError, APIConnectionError, APITimeoutError, APIUserAbortError,
  InvalidRequestError,
};

/** Builds a typed error; `body` is the raw text, exposed parsed when it is JSON. */
export function makeError(name, message, status, code, requestId, retryable, body) {
  let parsed = body;
  if (typeof body === 'string') {
    try { parsed = JSON.parse(body); } catch { /* keep the raw text (HTML error pages) */ }
  }
  return new (CLASSES[name] || APIError)(message, status, code, requestId, retryable, parsed);
}

const WHY_USER = 1;
const WHY_TIMEOUT = 2;
const WHY_CLOSED = 3;

/** One logical request: every attempt, the wait between them, and the body of a stream. */
export class Call {
  constructor(signal) {
    this.ctl = new AbortController();
    this.why = 0;
    this.timer = 0;
    this.wake = null;
    this.signal = signal || null;
    this.onabort = null;
    this.slot = null; // the release of its maxConcurrency slot, while it holds one
    if (this.signal) {
      if (this.signal.aborted) this.abort(WHY_USER);
      else {
        this.onabort = () => this.abort(WHY_USER);
        this.signal.addEventListener('abort', this.onabort);
      }
    }
  }
  abort(why) {
    if (this.why) {
      // The body is complete ([DONE] closed the request) but the stream may still hold chunks:
      // the caller's abort still cancels it, so the next `next()` rejects (js-api.md: cancel now).
      if (why === WHY_USER && this.why === WHY_CLOSED && this.stream) this.stream._aborted(why);
      return;
    }
    this.why = why;
    this.ctl.abort();
    if (this.wake) this.wake();
    if (this.stream) this.stream._aborted(why);
  }
  /** (Re)arms the deadline: `ms` from now the request is aborted as timed out ('' = none). */
  arm(ms) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = ms === '' || ms >= 2147483647 ? 0 : setTimeout(() => this.abort(WHY_TIMEOUT), +ms);
  }
  /** Stops the deadline (a stream switches to its idle timeout; a wait is bounded by the machine). */
  stopDeadline() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = 0;
  }
  end() {
    this.stopDeadline();
    if (this.onabort) this.signal.removeEventListener('abort', this.onabort);
    this.onabort = null;
    this.freeSlot();
  }
  freeSlot() {
    const release = this.slot;
    this.slot = null;
    if (release) release();
  }
  /** Settles like `p`, or resolves early (to undefined) when the call is aborted. */
  until(p) {
    return new Promise((resolve, reject) => {
      if (this.why) return resolve();
      this.wake = resolve;
      p.then(resolve, reject);
    }).finally(() => { this.wake = null; });
  }
  /** Resolves after `ms`, or at once when the call is aborted (the caller checks `why`). */
  sleep(ms) {
    let t;
    return this.until(new Promise((resolve) => { t = setTimeout(resolve, ms); }))
      .finally(() => clearTimeout(t));
  }
}

// ---------------------------------------------------------------------------------------------
// maxConcurrency: a call of a limited model holds one of its model's slots from its first send
// until it settles (a stream: until its body ends or it is cancelled). Slots are Web Locks
// (`navigator.locks`) where they exist, so every tab and worker of the origin shares them (and a
// closed tab frees its own); elsewhere (Node) the clients of this realm share them.

/**
 * Resolves to the release of one of the `n` slots named `name`; rejects when `signal` aborts.
 * (Also the Rust API's slots: src/rust_api/driver.rs imports it.)
 */
export function takeSlot(name, n, signal) {
  const locks = globalThis.navigator?.locks;
  return locks ? lockSlot(locks, name, n, signal) : localSlot(name, n, signal);
}

/**
 * Holds Web Lock `name` until the resolved release runs (null: `ifAvailable` found it taken). The
 * release resolves a promise, so calling it twice does nothing.
 */
function hold(locks, name, opts) {
  return new Promise((resolve, reject) => {
    locks.request(name, opts, (lock) => lock ? new Promise(resolve) : resolve(null)).catch(reject);
  });
}

async function lockSlot(locks, name, n, signal) {
  for (let i = 0; i < n; i++) {
    const release = await hold(locks, `${name}#${i}`, { ifAvailable: true });
    if (release) return release;
  }
  // Every slot is taken: wait in line (Web Locks grant in request order), then, first in line,
  // take whichever slot comes free first and give back any other granted in the same turn.
  const leaveLine = await hold(locks, `${name}#line`, { signal });
  const race = new AbortController();
  const stop = () => race.abort();
  signal.addEventListener('abort', stop);
  try {
    return await new Promise((resolve, reject) => {
      let won = false;
      let lost = 0;
      for (let i = 0; i < n; i++) {
        hold(locks, `${name}#${i}`, { signal: race.signal }).then((release) => {
          if (won) return release();
          won = true;
          race.abort();
          resolve(release);
        }, (e) => {
          if (++lost === n) reject(e);
        });
      }
    });
  } finally {
    signal.removeEventListener('abort', stop);
    leaveLine();
  }
}

const LOCAL_SLOTS = new Map();

function localSlot(name, n, signal) {
  let s = LOCAL_SLOTS.get(name);
  if (!s) LOCAL_SLOTS.set(name, s = { busy: 0, line: [] });
  // A release (once) hands the slot to the next in line, if any.
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    const next = s.line.shift();
    if (next) next();
    else if (--s.busy === 0) LOCAL_SLOTS.delete(name);
  };
  if (s.busy < n) {
    s.busy++;
    return Promise.resolve(release);
  }
  return new Promise((resolve, reject) => {
    const grant = () => {
      signal.removeEventListener('abort', leave);
      resolve(release);
    };
    const leave = () => {
      s.line.splice(s.line.indexOf(grant), 1);
      reject(signal.reason);
    };
    signal.addEventListener('abort', leave, { once: true });
    s.line.push(grant);
  });
}

/** The slot name and count of a call of `model` under `limits` (a number or per model), or null. */
function slotsFor(client, model) {
  const limits = client._limits;
  if (limits == null || typeof model !== 'string') return null;
  const n = typeof limits === 'number' ? limits : limits[model] ?? limits['*'];
  return n ? [slotName(client._base, model), n] : null;
}

/** The Web Lock name of `model`'s slots for the clients of `base` (the baseURL as given; Rust API too). */
export function slotName(base, model) {
  return `zai-wasm ${base} ${model}`;
}

// ---------------------------------------------------------------------------------------------
// The client and the request executor. The request machine lives in wasm (`Engine`, `Exchange`,
// see src/wasm/engine.rs and src/request/): this only performs what it asks (fetch, timers,
// reading bodies) and feeds the results back. Every read of a caller's object happens here, in
// a try, so a throwing getter, a revoked Proxy or a wrong type is an InvalidRequestError of
// that call, never an exception escaping elsewhere.

// Event and action codes of `Exchange.step` (src/wasm/engine.rs).
const EV_START = 0, EV_KEY = 1, EV_HEAD = 2, EV_ANSWER = 3, EV_NETWORK_FAILURE = 4,
  EV_BODY_FAILED = 5, EV_TIMER = 6, EV_DEADLINE = 7, EV_USER_ABORT = 8, EV_BODY_TOO_LARGE = 9;
// Where the headers start in `Exchange.request()`'s lines (method, url, prefix, deadline, limit).
const HEADERS_AT = 5;
const ACT_AUTHORIZE = 0, ACT_SEND = 1, ACT_READ_JSON = 2, ACT_READ_BODY = 3, ACT_WAIT = 4,
  ACT_RESOLVE = 5, ACT_FAIL = 6, ACT_RESPOND = 8, ACT_STREAM = 10;

// Values JSON cannot carry are written as these strings, which the core's validator reports by
// the field's path (`schema::SENTINEL_*`): nothing is silently dropped or turned into null.
const NONJSON = '\u0000zai:nonjson';
const FUNCTION = '\u0000zai:function';
const BLOB = '\u0000zai:blob';

function replacer(_k, v) {
  switch (typeof v) {
    case 'number': return Number.isFinite(v) ? v : NONJSON;
    case 'function': return FUNCTION;
    case 'symbol': case 'bigint': return NONJSON;
    default: return v;
  }
}

/** Path arguments: strings only (anything else becomes null, which the machine names). */
function onlyStrings(k, v) {
  return k === '' || typeof v === 'string' ? v : null;
}

function formReplacer(k, v) {
  return typeof Blob !== 'undefined' && v instanceof Blob ? BLOB : replacer(k, v);
}

const CLIENT_KEYS = ['apiKey', 'baseURL', 'timeout', 'streamIdleTimeout', 'maxRetries',
  'defaultHeaders', 'acceptLanguage', 'jwt', 'fetch', 'maxResponseBytes', 'maxConcurrency'];
const CALL_KEYS = ['signal', 'timeout', 'maxRetries', 'headers', 'onResponse', 'maxResponseBytes', 'extraBody', 'persist'];
const REQUEST_KEYS = ['method', 'path', 'query', 'body', 'stream'];
const POLL_KEYS = ['interval', 'timeout', 'signal', 'onProgress', 'persist'];
const NO_OPTIONS = Object.freeze(Object.create(null));
const own = Object.prototype.hasOwnProperty;

function invalid(field, problem, cause) {
  const e = makeError('InvalidRequestError', `${field} ${problem}`, undefined, undefined, undefined, false);
  if (cause !== undefined) e.cause = cause;
  return e;
}

function messageOf(e) {
  try {
    return e && typeof e.message === 'string' ? e.message : String(e);
  } catch {
    return 'unknown error';
  }
}

/**
 * The caller's option object reduced to the known keys it has as OWN properties (an option
 * inherited from a polluted Object.prototype is never used), each read once.
 */
function snapshot(o, keys) {
  if (o == null) return NO_OPTIONS;
  if (typeof o !== 'object') throw invalid('options', 'must be an object');
  // No prototype: reading an absent option never finds an inherited one.
  const r = Object.create(null);
  for (const k of keys) {
    try {
      if (own.call(o, k)) r[k] = o[k];
    } catch (e) {
      throw invalid(k, `cannot be read (${messageOf(e)})`, e);
    }
  }
  return r;
}

function isSignal(s) {
  return s != null && typeof s === 'object' && typeof s.aborted === 'boolean' &&
    typeof s.addEventListener === 'function' && typeof s.removeEventListener === 'function';
}

/**
 * A snapshot as JSON for the core to check, one member at a time so that a member that cannot
 * be serialised (a throwing getter inside `headers`, say) is named.
 */
function snapshotJson(o) {
  let json = '';
  for (const k in o) {
    let v;
    try {
      v = JSON.stringify(o[k], replacer);
    } catch (e) {
      throw invalid(k, `cannot be read (${messageOf(e)})`, e);
    }
    if (v !== undefined) json += `${json ? ',' : '{'}${JSON.stringify(k)}:${v}`;
  }
  return json ? `${json}}` : '{}';
}

/** The options as JSON for the core to check, with the checks only JS can make done first. */
function optionsJson(o) {
  // Not an object at all: the core's check says so ("signal must be an object").
  if (o.signal !== null && typeof o.signal === 'object' && !isSignal(o.signal)) {
    throw invalid('signal', 'must be an AbortSignal (pass controller.signal, not the controller)');
  }
  return snapshotJson(o);
}

/**
 * Whether `JSON.stringify(v)` wrote what `JSON.stringify(v, replacer)` would: nothing it reads
 * is a function, symbol, bigint or non-finite number. Conservative: inherited keys count, and
 * a `toJSON` (whose result is not walked) or nesting deeper than 64 answers no.
 */
function faithful(v, depth) {
  switch (typeof v) {
    case 'number': return Number.isFinite(v);
    case 'function': case 'symbol': case 'bigint': return false;
    case 'object': break;
    default: return true;
  }
  if (v === null) return true;
  if (depth > 64 || typeof v.toJSON === 'function') return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!faithful(v[i], depth + 1)) return false;
  } else {
    for (const k in v) if (!faithful(v[k], depth + 1)) return false;
  }
  return true;
}

/** The JSON text of the params (what goes on the wire), or an error naming what failed. */
function paramsJson(params, rep) {
  if (rep === replacer) {
    // Without a replacer, JSON.stringify takes V8's fast path (a 200-message conversation:
    // 55 µs instead of 88, and the walk 6 µs); the text is the same when the walk finds
    // nothing the replacer would have replaced. Otherwise (or when it throws), the replacer's
    // pass below writes the sentinels or names what failed.
    try {
      const text = JSON.stringify(params);
      if (faithful(params, 0)) return text;
    } catch { /* below */ }
  }
  try {
    return JSON.stringify(params, rep);
  } catch (e) {
    let field;
    try {
      field = unserialisable(params);
    } catch (e2) {
      throw invalid('params', `cannot be read (${messageOf(e2)})`, e2);
    }
    if (field) throw invalid(field, 'cannot be serialised to JSON (a cycle or a BigInt)', e);
    throw invalid('params', `cannot be serialised to JSON (${messageOf(e)})`, e);
  }
}

/** The own enumerable members of multipart params, each read once (form and check share it). */
function formSnapshot(params) {
  if (params === null || typeof params !== 'object' || Array.isArray(params) ||
    (typeof Blob !== 'undefined' && params instanceof Blob)) return params;
  const r = {};
  try {
    for (const k of Object.keys(params)) r[k] = params[k];
  } catch (e) {
    throw invalid('params', `cannot be read (${messageOf(e)})`, e);
  }
  return r;
}

let FACTORY = null;
let ENDPOINTS = [];

/** Called once the wasm module is instantiated (`connect()` in src/wasm/engine.rs). */
export function install(factory) {
  FACTORY = factory;
  ENDPOINTS = factory.endpoints().split('\n').map((line) => line.split(' '));
}

/**
 * What the optional entry point 'zai-wasm/<name>' (tools: runTools; tasks: the task store)
 * installed on ZaiClient, under a registered symbol (no export needed); `field` names the use.
 */
function entry(name, field) {
  const installed = ZaiClient[Symbol.for(`zai-wasm.${name}`)];
  if (!installed) throw invalid(field, `needs import 'zai-wasm/${name}' (once, anywhere)`);
  return installed;
}

/** The Z.AI API client (see the README and index.d.ts). */
export class ZaiClient {
  constructor(options) {
    if (!FACTORY) {
      throw new ZaiError('zai-wasm is not initialised: await init() (or call initSync) first',
        undefined, undefined, undefined, false, undefined);
    }
    const o = snapshot(options, CLIENT_KEYS);
    this._engine = FACTORY.engine(snapshotJson(o));
    this._key = typeof o.apiKey === 'function' ? o.apiKey : null;
    this._fetch = o.fetch || null;
    this._headers = o.defaultHeaders;
    this._idle = this._engine.idleTimeout();
    this._base = o.baseURL || '';
    this._limits = concurrencyLimits(o.maxConcurrency);
    ENDPOINTS.forEach(([name, kind], id) => {
      // `I<n>`: n path arguments, then the options.
      const n = kind[0] === 'I' ? +kind.slice(1) : 0;
      setPath(this, name, kind[0] === 'I' && n !== 1
        ? (...a) => execute(this, id, 'I', a.slice(0, n), a[n])
        : (params, opts) => execute(this, id, kind[0], params, opts));
    });
    // The tool runner is its own entry point ('zai-wasm/tools', src/wasm/tools.js): it installs itself here.
    this.chat.completions.runTools = (params, opts) => entry('tools', 'runTools')(this, params, opts);
  }

  /** The stored tasks (`zai-wasm/tasks`): `list()`, `get(id)`, `resume(id, pollOptions)`, `remove(id)`. */
  get tasks() {
    return entry('tasks', 'tasks').tasks(this);
  }

  /** Releases the client's wasm memory now (else the garbage collector does); later calls reject. */
  free() {
    if (this._engine) this._engine.free();
    this._engine = null;
  }
}

/**
 * `maxConcurrency` as the executor reads it: a number, or a prototype-free copy of the per-model
 * object with every member checked (the core checked that it is one or the other).
 */
function concurrencyLimits(m) {
  if (m == null || typeof m === 'number') return m;
  const limits = Object.create(null);
  for (const model of Object.keys(m)) {
    const n = m[model];
    if (!Number.isInteger(n) || n < 1 || n > 1000) {
      throw invalid(`maxConcurrency.${model}`, 'must be an integer from 1 to 1000');
    }
    limits[model] = n;
  }
  return limits;
}

/** `root.a.b.c = value` for the dotted `path`, creating the objects in between. */
function setPath(root, path, value) {
  const parts = path.split('.');
  let o = root;
  for (let i = 0; i < parts.length - 1; i++) o = o[parts[i]] || (o[parts[i]] = {});
  o[parts[parts.length - 1]] = value;
}

const TOO_LARGE = {};
/** `Stream._filling` while `_fill` starts (see `_fillShared`). */
const FILLING = {};

/**
 * The whole body as text, counting its (decompressed) bytes as they arrive: past `max`, reading
 * stops, the connection is released and TOO_LARGE is returned. A Response-like object without a
 * readable body (a custom fetch) is read with `text()` and checked afterwards.
 */
async function readText(res, max) {
  const body = res.body;
  if (!body || typeof body.getReader !== 'function') {
    const t = await res.text();
    return t.length > max ? TOO_LARGE : t;
  }
  const reader = body.getReader();
  const td = new TextDecoder();
  let text = '';
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + td.decode();
    n += value.byteLength;
    if (n > max) {
      reader.cancel().catch(() => {});
      return TOO_LARGE;
    }
    text += td.decode(value, DECODE_STREAM);
  }
}

function hasError(v) {
  return v !== null && typeof v === 'object' && own.call(v, 'error') && v.error != null && v.error !== false;
}

/** The event for an aborted call: the caller's signal, else the deadline. */
function abortEvent(why) {
  return why === WHY_USER ? EV_USER_ABORT : EV_DEADLINE;
}

/** Headers for one attempt: the machine's, then the client's and the call's. */
function buildHeaders(parts, client, o) {
  const h = new Headers();
  try {
    for (let i = HEADERS_AT; i < parts.length; i += 2) h.set(parts[i], parts[i + 1]);
  } catch (e) {
    throw invalid('apiKey', 'contains characters not allowed in a header', e);
  }
  try {
    mergeHeaders(h, client._headers);
  } catch (e) {
    throw invalid('defaultHeaders', 'contain an invalid header name or value', e);
  }
  try {
    mergeHeaders(h, o.headers);
  } catch (e) {
    throw invalid('headers', 'contain an invalid header name or value', e);
  }
  return h;
}

/**
 * One call of endpoint `id`: reads the caller's objects, then runs the machine's actions until
 * it resolves, fails or opens a stream. Never throws synchronously; every failure is a ZaiError.
 */
async function execute(client, id, kind, params, options) {
  if (!client._engine) throw invalid('client', 'has been freed (free() was called)');
  const poll = kind === 'P';
  const o = snapshot(options, poll ? POLL_KEYS : CALL_KEYS);
  if (o.persist !== undefined) {
    // The task store checks it, performs the call (this function, without `persist`) and records
    // the task; `persist: false` is a call without it.
    const { persist, ...rest } = o;
    return persist === false ? execute(client, id, kind, params, rest)
      : entry('tasks', 'persist').track(client, ENDPOINTS[id][0], params, rest, persist,
        (p, opts) => execute(client, id, kind, p, opts));
  }
  const opts = o === NO_OPTIONS ? undefined : optionsJson(o);
  let input, form, rawBody;
  if (kind === 'J' || kind === 'Q') input = paramsJson(params, replacer);
  else if (kind === 'M') {
    form = formSnapshot(params);
    input = paramsJson(form, formReplacer);
  } else if (kind === 'R') {
    // `client.request`: the machine sees the request's description; the body goes out as given
    // (JSON text for a JSON value; a string, Blob, FormData, ... as it is), never checked.
    if (params === null || typeof params !== 'object') throw invalid('params', 'must be an object');
    const spec = snapshot(params, REQUEST_KEYS);
    const b = spec.body;
    const json = b !== undefined && (b === null || typeof b !== 'object' || Array.isArray(b) || Object.getPrototypeOf(b) === Object.prototype || Object.getPrototypeOf(b) === null);
    if (json && typeof b === 'string') rawBody = b;
    else if (json) rawBody = paramsJson(b);
    else if (b !== undefined) rawBody = b;
    input = paramsJson({ ...spec, body: b === undefined ? undefined : json && typeof b !== 'string' }, replacer);
  } else input = JSON.stringify(Array.isArray(params) ? params : [params], onlyStrings);
  let model;
  if (client._limits != null && (kind === 'J' || kind === 'M')) {
    try {
      model = (form || params).model;
    } catch { /* already read once for the JSON text; the core names a bad model */ }
  }
  const ex = client._engine.begin(id, input, opts, Date.now(), Math.random());
  let call = null;
  let handedOff = false;
  try {
    let action = ex.step(EV_START, 0, undefined, 0, 0);
    if (action === ACT_FAIL) throw ex.error();
    try {
      call = new Call(o.signal);
    } catch (e) {
      throw invalid('signal', `cannot be used (${messageOf(e)})`, e);
    }
    const started = Date.now();
    let attempt = 0;
    let res, value, rid, body, maxBytes, copy;
    const binary = ENDPOINTS[id][2] === 'B';
    const step = (ev, num, text) => ex.step(ev, num, text, Date.now(), Math.random());
    for (;;) {
      if (call.why && action < ACT_RESOLVE) action = step(abortEvent(call.why), 0);
      switch (action) {
        case ACT_AUTHORIZE: {
          // The deadline covers a slow key provider too.
          call.arm(ex.request(Date.now()).split('\n')[3]);
          let key;
          try {
            key = await call.until(Promise.resolve(client._key()));
          } catch {
            key = undefined;
          }
          if (call.why) continue;
          action = step(EV_KEY, 0, typeof key === 'string' ? key : undefined);
          break;
        }
        case ACT_SEND: {
          const slots = !call.slot && slotsFor(client, model);
          if (slots) {
            // Queued behind maxConcurrency: abortable, and the wait counts in the deadline.
            call.arm(ex.request(Date.now()).split('\n')[3]);
            const p = takeSlot(slots[0], slots[1], call.ctl.signal);
            let release;
            try {
              release = await call.until(p);
            } catch { /* aborted in line */ }
            if (release) call.slot = release;
            else p.then((r) => r(), () => {});
            if (call.why) continue;
          }
          const parts = ex.request(Date.now()).split('\n');
          call.arm(parts[3]);
          maxBytes = +parts[4];
          if (body === undefined && input !== undefined) {
            body = kind === 'M' ? formData(form, o.extraBody)
              : kind === 'J' ? withExtra(parts[2] ? `{${parts[2]}${input.slice(1)}` : input, o.extraBody)
                : kind === 'R' ? rawBody : null;
          }
          // No prototype: fetch reads nothing inherited from a polluted Object.prototype.
          const init = Object.create(null);
          init.method = parts[0];
          init.headers = buildHeaders(parts, client, o);
          init.signal = call.ctl.signal;
          if (body) init.body = body;
          try {
            const f = client._fetch;
            res = await (f ? f(parts[1], init) : fetch(parts[1], init));
          } catch (e) {
            if (call.why) continue;
            action = step(EV_NETWORK_FAILURE, 0, messageOf(e));
            break;
          }
          if (call.why) continue;
          let status, type;
          try {
            status = res.status;
            type = res.headers.get('content-type') || '';
            rid = res.headers.get('x-request-id') ?? undefined;
          } catch (e) {
            throw invalid('fetch', 'must resolve to a Response', e);
          }
          if (o.onResponse) {
            try {
              o.onResponse({ status, headers: res.headers, requestId: rid });
            } catch (e) {
              call.abort(WHY_CLOSED);
              throw invalid('onResponse', `threw: ${messageOf(e)}`, e);
            }
          }
          action = step(EV_HEAD, status, type);
          break;
        }
        case ACT_READ_JSON:
        case ACT_READ_BODY: {
          let text;
          // A JSON answer of a binary endpoint is read for an error; the caller gets a copy.
          if (action === ACT_READ_JSON && binary) copy = res.clone();
          try {
            text = await readText(res, maxBytes);
          } catch (e) {
            if (call.why) continue;
            action = step(EV_BODY_FAILED, 0, messageOf(e));
            break;
          }
          if (call.why) continue;
          if (text === TOO_LARGE) {
            action = step(EV_BODY_TOO_LARGE, 0);
            break;
          }
          let parsed = false;
          if (action === ACT_READ_JSON) {
            try {
              value = JSON.parse(text);
              parsed = !hasError(value);
            } catch { /* not JSON: the machine says what that means */ }
          }
          if (!parsed) {
            const h = res.headers;
            action = ex.body(text, rid, h.get('retry-after'), h.get('retry-after-ms'),
              h.get('x-should-retry'), Date.now(), Math.random());
            break;
          }
          if (poll) {
            attempt++;
            if (o.onProgress) {
              try {
                o.onProgress(value, { attempt, elapsedMs: Date.now() - started });
              } catch (e) {
                throw invalid('onProgress', `threw: ${messageOf(e)}`, e);
              }
            }
          }
          action = step(EV_ANSWER, 0, poll ? text : undefined);
          break;
        }
        case ACT_WAIT:
          call.stopDeadline();
          await call.sleep(ex.delay());
          if (call.why) continue;
          action = step(EV_TIMER, 0);
          break;
        case ACT_RESOLVE:
          return value;
        case ACT_RESPOND:
          // A binary answer; when it was JSON (read for an error), the copy taken before.
          return copy || res;
        case ACT_FAIL:
          throw ex.error();
        default: {
          if (action < ACT_STREAM) throw ex.error();
          let reader;
          try {
            reader = res.body.getReader();
          } catch (e) {
            throw makeError('APIConnectionError', `The stream body cannot be read: ${messageOf(e)}`,
              res.status, undefined, rid, true);
          }
          call.stopDeadline();
          handedOff = true;
          return new STREAMS[action - ACT_STREAM](reader, ex.decoder(), call, client._idle, rid,
            scrubber(ex.secrets()), params);
        }
      }
    }
  } finally {
    ex.free();
    if (call && !handedOff) call.end();
  }
}

/** Copies header entries into `h`; in a plain object, `null`/`undefined` removes a header. */
export function mergeHeaders(h, src) {
  if (src == null) return;
  if (typeof src === 'object' && !(src instanceof Headers) && !(Symbol.iterator in src)) {
    for (const k of Object.keys(src)) {
      const v = src[k];
      if (v == null) h.delete(k);
      else h.set(k, String(v));
    }
  } else {
    new Headers(src).forEach((v, k) => h.set(k, v));
  }
}

/**
 * The JSON body with `extra`'s members after its own (`options.extraBody`: as given, never
 * checked; a member of both is sent twice, and JSON readers take the last).
 */
function withExtra(text, extra) {
  if (extra == null) return text;
  const more = JSON.stringify(extra);
  if (more === '{}' || text[0] !== '{') return text;
  return text.length > 2 ? `${text.slice(0, -1)},${more.slice(1)}` : more;
}

/**
 * The multipart body of a params object: Blobs become file parts (named after the File, else
 * "file"), arrays become one part per item (how form fields carry lists), other objects JSON.
 */
export function formData(params, extra) {
  const fd = new FormData();
  if (extra) params = { ...params, ...extra };
  const add = (k, v) => {
    if (v == null) return;
    if (v instanceof Blob) fd.append(k, v, typeof v.name === 'string' && v.name ? v.name : 'file');
    else if (typeof v === 'object') fd.append(k, JSON.stringify(v));
    else fd.append(k, String(v));
  };
  for (const k of Object.keys(params)) {
    const v = params[k];
    if (Array.isArray(v)) v.forEach((item) => add(k, item));
    else add(k, v);
  }
  return fd;
}

/**
 * Where `JSON.stringify(v)` fails: the path of the first cycle or BigInt (`tools[0].function.x`),
 * or '' when there is none. Only called after stringify has thrown, to name the field.
 */
export function unserialisable(v) {
  const onPath = new Set();
  const walk = (x, path) => {
    if (typeof x === 'bigint') return path;
    if (x === null || typeof x !== 'object' || typeof x.toJSON === 'function') return '';
    if (onPath.has(x)) return path;
    onPath.add(x);
    for (const k of Object.keys(x)) {
      const found = walk(x[k], Array.isArray(x) ? `${path}[${k}]` : path ? `${path}.${k}` : k);
      if (found) return found;
    }
    onPath.delete(x);
    return '';
  };
  return walk(v, '');
}

/**
 * A function that replaces each of `lines`' texts (the call's secrets, one a line) in a string
 * with `[redacted]`. The texts stay in its closure: no object a log could show holds them.
 */
function scrubber(lines) {
  const texts = lines ? lines.split('\n') : [];
  return (s) => texts.reduce((t, x) => t.split(x).join('[redacted]'), s);
}

const DONE = Object.freeze({ value: undefined, done: true });
// Reads larger than this are fed to wasm in slices, so the first chunk is not held back behind
// the parsing of a whole large read (time to first chunk).
const SLICE = 65536;
const KIND_DATA = 0;
const KIND_DONE = 1;
const DECODE_STREAM = Object.freeze({ stream: true });
// Views of the wasm memory, shared by every stream; replaced when the memory grows (which
// detaches the old buffer: its views then have length 0).
let u8 = null;
let u32 = null;

function views(mem) {
  if (u8 === null || u8.byteLength === 0) {
    u8 = new Uint8Array(mem.buffer);
    u32 = new Uint32Array(mem.buffer);
  }
}

/**
 * A server-sent-event stream of JSON chunks. Async iterable, consumed once.
 * Created by the library; `for await (const chunk of stream)`.
 */
export class Stream {
  constructor(reader, decoder, call, idleTimeout, requestId, scrub, params) {
    this.requestId = requestId;
    this._params = params; // chat: the request's `thinking`, for assistantMessage()
    this._scrub = scrub;
    this._reader = reader;
    this._dec = decoder;
    this._mem = decoder.memory();
    this._inAt = 0; // where the decoder's input buffer is, and how large (it only grows)
    this._inLen = 0;
    this._call = call;
    this._idle = idleTimeout;
    this._td = new TextDecoder();
    this._text = '';
    this._q = [];
    this._qi = 0;
    this._rest = null; // the unfed part of a large read
    this._restAt = 0;
    this._state = 0; // 0 open, 1 body ended or [DONE], 2 failed, 3 closed
    this._err = null;
    this._used = false;
    this._filling = null;
    this._since = 0;
    this._reading = false;
    this._timer = 0;
    this._final = undefined;
    this._finalText = null; // chat: the accumulated completion, taken out of wasm at the close
    this._failure = null; // kept for finalChatCompletion() after next() reported it
    call.stream = this;
    this._onIdle = () => {
      this._timer = 0;
      if (!this._reading) return;
      const left = this._since + this._idle - Date.now();
      if (left <= 0) this._call.abort(WHY_TIMEOUT);
      else this._timer = setTimeout(this._onIdle, left);
    };
  }

  [Symbol.asyncIterator]() {
    if (this._used) {
      throw new InvalidRequestError(
        'This stream has already been consumed; a stream can be iterated once (use toReadableStream().tee() to fan out)',
        undefined, undefined, this.requestId, false, undefined);
    }
    this._used = true;
    return this;
  }

  next() {
    this._used = true;
    let r;
    try {
      r = this._step();
    } catch (e) {
      return Promise.reject(e);
    }
    return r === null ? this._wait() : Promise.resolve(r);
  }

  /** The next iterator result when no read is needed, else null; throws what next() rejects with. */
  _step() {
    const q = this._q;
    if (this._qi < q.length) {
      const s = q[this._qi++];
      if (this._qi === q.length) { q.length = 0; this._qi = 0; }
      try { return { value: JSON.parse(s), done: false }; } catch {
        throw this._fail(makeError('APIError',
          'The stream sent a chunk that is not valid JSON', undefined, undefined,
          this.requestId, false, this._scrub(s)));
      }
    }
    if (this._state === 2) {
      const e = this._err;
      this._err = null;
      this._state = 3;
      if (e) throw e;
      return DONE;
    }
    if (this._state !== 0) {
      // Done is reported: the stream is over (a later abort has nothing left to cancel).
      this._state = 3;
      this._close();
      return DONE;
    }
    return null;
  }

  /**
   * Reads until next() has a result. One read loop runs at a time (`_filling`), shared with
   * concurrent next() calls and finalChatCompletion(); no promise is chained per read beyond it.
   */
  async _wait() {
    for (;;) {
      await this._fillShared();
      const r = this._step();
      if (r !== null) return r;
    }
  }

  /**
   * The read loop in flight, or a new one (`_fill` never rejects: it records failures). `_fill`
   * clears `_filling` itself as it ends (no `.then` per read); when it ends without awaiting,
   * that happens before it returns, and `_filling` stays clear.
   */
  _fillShared() {
    if (this._filling) return this._filling;
    this._filling = FILLING;
    const f = this._fill();
    if (this._filling === FILLING) this._filling = f;
    return f;
  }

  /** Stops early (what `break` in `for await` calls): cancels the request. */
  return() {
    this._used = true;
    this._state = 3;
    this._q.length = 0;
    this._qi = 0;
    this._call.abort(WHY_CLOSED);
    this._close();
    return Promise.resolve(DONE);
  }

  /** Cancels now: the pending and every later `next()` reject with `APIUserAbortError`. */
  abort() {
    this._call.abort(WHY_USER);
  }

  /** The call was aborted (caller signal, `abort()`, idle timeout): fail now, queue or not. */
  _aborted(why) {
    if (why !== WHY_CLOSED && this._state < 2) this._failRead(null, why);
  }

  /** A `ReadableStream` of chunk objects; cancelling it cancels the request. */
  toReadableStream() {
    const it = this[Symbol.asyncIterator]();
    return new ReadableStream({
      async pull(ctl) {
        try {
          const r = await it.next();
          if (r.done) ctl.close(); else ctl.enqueue(r.value);
        } catch (e) { ctl.error(e); }
      },
      cancel() { it.return(); },
    }, { highWaterMark: 0 });
  }

  async _fill() {
    try {
      while (this._qi >= this._q.length && this._state === 0) {
        let bytes = this._rest;
        if (bytes) {
          const at = this._restAt;
          if (bytes.length - at > SLICE) {
            this._restAt = at + SLICE;
            bytes = bytes.subarray(at, at + SLICE);
          } else {
            this._rest = null;
            bytes = bytes.subarray(at);
          }
        } else {
          let r;
          this._since = Date.now();
          this._reading = true;
          if (!this._timer && this._idle > 0) this._timer = setTimeout(this._onIdle, this._idle);
          try {
            r = await this._reader.read();
          } catch (e) {
            return this._failRead(e);
          } finally {
            this._reading = false;
          }
          if (this._call.why) return this._failRead(null);
          if (r.done) return this._end();
          bytes = r.value;
          if (bytes.length > SLICE) {
            this._rest = bytes;
            this._restAt = SLICE;
            bytes = bytes.subarray(0, SLICE);
          }
        }
        try {
          // The core caps what this window holds for one event (comments included): it grows by
          // at most one slice past the cap before the feed below fails.
          this._text += this._td.decode(bytes, DECODE_STREAM);
          this._take(this._feed(bytes));
        } catch (e) {
          this._fail(e);
        }
      }
    } finally {
      this._filling = null;
    }
  }

  /**
   * One read into the decoder, written straight into its input buffer in wasm memory; returns
   * where its records are in `u32` (valid until the next call into the decoder) or throws its
   * error.
   */
  _feed(bytes) {
    const dec = this._dec;
    const n = bytes.length;
    if (n > this._inLen) {
      this._inAt = dec.input(n);
      this._inLen = n;
    }
    views(this._mem);
    u8.set(bytes, this._inAt);
    return this._records(dec.feed(n));
  }

  _records(at) {
    if (at === 0) throw this._dec.takeError();
    views(this._mem);
    return at >>> 2;
  }

  /** Queues the payloads of the events of the records at `u32[p]` (see `SseDecoder.feed`). */
  _take(p) {
    const t = this._text;
    const r = u32;
    const discard = r[p + 1]; // read first: a call into the decoder below may move its memory
    const n = p + 1 + r[p];
    let i = p + 2;
    while (i < n) {
      const kind = r[i];
      const segs = r[i + 1];
      i += 2;
      if (kind === KIND_DATA) {
        let s = t.slice(r[i], r[i + 1]);
        for (let k = 1; k < segs; k++) s += '\n' + t.slice(r[i + 2 * k], r[i + 2 * k + 1]);
        this._q.push(s);
      } else if (kind === KIND_DONE) {
        this._ended();
        this._rest = null;
        this._call.abort(WHY_CLOSED);
        this._reader.cancel().catch(() => {});
        this._release();
        break;
      } else {
        this._fail(this._dec.takeError());
        break;
      }
      i += 2 * segs;
    }
    this._text = t.slice(discard);
  }

  _end() {
    this._text += this._td.decode();
    try {
      this._take(this._records(this._dec.finish()));
      if (this._state === 0) this._ended();
      this._release();
    } catch (e) {
      this._fail(e);
    }
  }

  /** The whole body is in ([DONE] or its end): nothing more is read, so no idle timer is left. */
  _ended() {
    this._state = 1;
    clearTimeout(this._timer);
    this._timer = 0;
    this._call.freeSlot();
  }

  _failRead(e, why = this._call.why) {
    if (why === WHY_CLOSED) { this._state = 3; return; }
    if (why === WHY_USER) {
      this._fail(makeError('APIUserAbortError', 'Request was aborted', undefined, undefined, this.requestId, false), true);
    } else if (why === WHY_TIMEOUT) {
      this._fail(makeError('APITimeoutError', 'No stream data received within the idle timeout',
        undefined, undefined, this.requestId, true), true);
    } else {
      this._fail(makeError('APIConnectionError',
        'The connection was lost before the stream finished' + (e && e.message ? ': ' + e.message : ''),
        undefined, undefined, this.requestId, true));
    }
  }

  /**
   * Ends the stream with `e`. Chunks that arrived before a failure in the stream itself are still
   * delivered first; an abort or timeout (`dropQueue`) rejects the very next `next()`.
   */
  _fail(e, dropQueue) {
    if (this._state === 0 || this._state === 1) {
      this._state = 2;
      this._err = e;
      this._failure = e;
      if (dropQueue) {
        this._q.length = 0;
        this._qi = 0;
      }
      this._call.abort(WHY_CLOSED);
      this._reader.cancel().catch(() => {});
    }
    this._close();
    return e;
  }

  /**
   * Ends everything the stream holds: timers, the call, and the wasm decoder, freed now (on every
   * path: end, error, abort, break, limit), never left for the garbage collector.
   */
  _close() {
    clearTimeout(this._timer);
    this._timer = 0;
    this._call.end();
    this._release();
  }

  /** Frees the wasm decoder (as soon as the body is over, even with chunks still queued). */
  _release() {
    const dec = this._dec;
    if (dec) {
      this._dec = null;
      if (this._failure === null) this._keep(dec);
      dec.free();
    }
  }

  /** Takes from the decoder, before it is freed, what must outlive it. */
  _keep(dec) {}
}

/** The stream `client.chat.completions.create({ stream: true })` resolves to. */
export class ChatCompletionStream extends Stream {
  /** Consumes the rest of the stream; resolves to the accumulated `ChatCompletion`. */
  async finalChatCompletion() {
    this._used = true;
    while (this._state === 0) {
      // Every chunk fed so far is already in the wasm accumulator: skip parsing them.
      this._q.length = 0;
      this._qi = 0;
      await this._fillShared();
    }
    this._q.length = 0;
    this._qi = 0;
    this._close();
    if (this._failure) {
      this._err = null;
      this._state = 3;
      throw this._failure;
    }
    if (this._final === undefined) {
      this._final = JSON.parse(this._finalText ?? '{}');
      this._finalText = null;
    }
    return this._final;
  }

  /**
   * Consumes the rest of the stream like finalChatCompletion(); resolves to the assistant message
   * to append to `messages` for the next turn (`assistantMessage` with the request's params).
   */
  async assistantMessage() {
    return assistantMessage(await this.finalChatCompletion(), this._params);
  }

  /** The accumulated completion (as JSON text, parsed when asked for). */
  _keep(dec) {
    this._finalText = dec.finalCompletion();
  }
}

/**
 * The assistant message of `completion` (its first choice's `message`, a shallow copy) to append
 * to `messages` for the next turn: `role`, `content` and `tool_calls` as received, and
 * `reasoning_content` byte for byte when it must go back, else removed. The rule (zai-api.md
 * §1.4; `keeps_reasoning` in src/accumulate.rs is the same for the Rust API): it goes back when
 * the request (`params`) asked for preserved thinking (`thinking.clear_thinking === false`) or
 * the message has tool calls (interleaved thinking). Throws an InvalidRequestError when there is
 * no `choices[0].message`.
 */
export function assistantMessage(completion, params) {
  let m = completion?.choices?.[0]?.message;
  if (!(m instanceof Object)) throw invalid('completion', 'has no choices[0].message');
  m = { ...m };
  if (!(params?.thinking?.clear_thinking === false || m.tool_calls?.[0])) delete m.reasoning_content;
  return m;
}

/** The stream `client.agents.invoke({ stream: true })` resolves to. */
export class AgentStream extends Stream {}

/** The stream `client.audio.transcriptions.create({ stream: true })` resolves to. */
export class TranscriptionStream extends Stream {}

/**
 * The stream `client.audio.speech.create({ stream: true })` resolves to: the SSE chunks as sent,
 * the audio base64 (or hex) text in `choices[0].delta.content`.
 */
export class SpeechStream extends Stream {}

const STREAMS = [ChatCompletionStream, AgentStream, TranscriptionStream, SpeechStream, Stream];

/** A client for the browser tests (they cannot import the package entry). */
export function newClient(options) {
  return new ZaiClient(options);
}

/** Every public class (and `assistantMessage`), for the browser tests (they cannot import the entry). */
export function classes() {
  return { ...CLASSES, ZaiError, ZaiClient, Stream, ChatCompletionStream, AgentStream, TranscriptionStream, SpeechStream, assistantMessage };
}
