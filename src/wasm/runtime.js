// The JS half of the binding layer: what is cheaper or only possible in JS.
// - Error classes (`instanceof ZaiError` needs real subclasses of Error).
// - `Call`: one logical request's AbortController, caller signal, deadline and abortable sleeps.
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
  constructor(signal, timeout) {
    this.ctl = new AbortController();
    this.why = 0;
    this.timer = 0;
    this.wake = null;
    this.signal = signal || null;
    if (this.signal) {
      if (this.signal.aborted) this.abort(WHY_USER);
      else {
        this.onabort = () => this.abort(WHY_USER);
        this.signal.addEventListener('abort', this.onabort);
      }
    }
    if (timeout > 0 && timeout < 2147483647) {
      this.timer = setTimeout(() => this.abort(WHY_TIMEOUT), timeout);
    }
  }
  abort(why) {
    if (this.why) return;
    this.why = why;
    this.ctl.abort();
    if (this.wake) this.wake();
    if (this.stream) this.stream._aborted(why);
  }
  /** Stops the whole-request deadline (a stream switches to its idle timeout). */
  stopDeadline() {
    clearTimeout(this.timer);
    this.timer = 0;
  }
  end() {
    this.stopDeadline();
    if (this.onabort) this.signal.removeEventListener('abort', this.onabort);
    this.onabort = null;
  }
  /** Resolves after `ms`, or at once when the call is aborted (the caller checks `why`). */
  sleep(ms) {
    return new Promise((resolve) => {
      if (this.why) return resolve();
      const done = () => { clearTimeout(t); this.wake = null; resolve(); };
      const t = setTimeout(done, ms);
      this.wake = done;
    });
  }
}

/**
 * The per-call `onResponse(info)` escape hatch, called for every HTTP response (each attempt)
 * before its body is read. A throw cancels the request and rejects the call with it.
 */
export function observe(cb, res, call) {
  const headers = res.headers;
  try {
    cb({ status: res.status, headers, requestId: headers.get('x-request-id') ?? undefined });
  } catch (e) {
    call.abort(WHY_CLOSED);
    throw e;
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
 * The multipart body of a params object: Blobs become file parts (named after the File, else
 * "file"), arrays become one part per item (how form fields carry lists), other objects JSON.
 */
export function formData(params) {
  const fd = new FormData();
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

/** A method of a resource namespace: `client.chat.completions.create(params, options)`. */
export function method(api, id) {
  return (params, options) => api.call(id, params, options);
}

const DONE = Object.freeze({ value: undefined, done: true });
// Reads larger than this are fed to wasm in slices, so the first chunk is not held back behind
// the parsing of a whole large read (time to first chunk).
const SLICE = 65536;
const KIND_DATA = 0;
const KIND_DONE = 1;
const FEED_FAILED = 0xffffffff;

/**
 * A server-sent-event stream of JSON chunks. Async iterable, consumed once.
 * Created by the library; `for await (const chunk of stream)`.
 */
export class Stream {
  constructor(reader, decoder, call, idleTimeout, requestId) {
    this.requestId = requestId;
    this._reader = reader;
    this._dec = decoder;
    this._mem = decoder.memory();
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
          this.requestId, false, s));
      }
    }
    if (this._state === 2) {
      const e = this._err;
      this._err = null;
      this._state = 3;
      if (e) throw e;
      return DONE;
    }
    if (this._state !== 0) { this._close(); return DONE; }
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

  /** The read loop in flight, or a new one (`_fill` never rejects: it records failures). */
  _fillShared() {
    if (this._filling) return this._filling;
    const f = this._fill().then(() => { this._filling = null; });
    this._filling = f;
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
    if (why !== WHY_CLOSED && this._state < 2) this._failRead(null);
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
      this._text += this._td.decode(bytes, { stream: true });
      try {
        this._take(this._feed(bytes));
      } catch (e) {
        this._fail(e);
      }
    }
  }

  /**
   * One read into the decoder, written straight into its input buffer in wasm memory; returns
   * a view of the records (valid until the next call into the decoder) or throws its error.
   */
  _feed(bytes) {
    const dec = this._dec;
    const at = dec.input(bytes.length);
    new Uint8Array(this._mem.buffer, at, bytes.length).set(bytes);
    return this._records(dec.feed(bytes.length));
  }

  _records(n) {
    if (n === FEED_FAILED) throw this._dec.takeError();
    return new Uint32Array(this._mem.buffer, this._dec.records(), n);
  }

  /** Queues the payloads of the events in one record list (see `SseDecoder.feed`). */
  _take(r) {
    const t = this._text;
    const discard = r[0]; // read first: a call into the decoder below may move its memory
    const n = r.length;
    let i = 1;
    while (i < n) {
      const kind = r[i];
      const segs = r[i + 1];
      i += 2;
      if (kind === KIND_DATA) {
        let s = t.slice(r[i], r[i + 1]);
        for (let k = 1; k < segs; k++) s += '\n' + t.slice(r[i + 2 * k], r[i + 2 * k + 1]);
        this._q.push(s);
      } else if (kind === KIND_DONE) {
        this._state = 1;
        this._rest = null;
        this._call.abort(WHY_CLOSED);
        this._reader.cancel().catch(() => {});
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
      if (this._state === 0) this._state = 1;
    } catch (e) {
      this._fail(e);
    }
  }

  _failRead(e) {
    const why = this._call.why;
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

  _close() {
    clearTimeout(this._timer);
    this._timer = 0;
    this._call.end();
    if (this._dec && !this._keepDecoder()) {
      this._dec.free();
      this._dec = null;
    }
  }

  /** Whether the wasm decoder must outlive the body (chat keeps its accumulator). */
  _keepDecoder() {
    return false;
  }
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
    if (this._failure) {
      this._err = null;
      this._state = 3;
      throw this._failure;
    }
    if (this._final === undefined) this._final = JSON.parse(this._dec.finalCompletion());
    this._close();
    return this._final;
  }

  _keepDecoder() {
    return this._final === undefined;
  }
}

/** The stream `client.agents.invoke({ stream: true })` resolves to. */
export class AgentStream extends Stream {}

/** The stream `client.audio.transcriptions.create({ stream: true })` resolves to. */
export class TranscriptionStream extends Stream {}

const STREAMS = [ChatCompletionStream, AgentStream, TranscriptionStream];

export function makeStream(kind, reader, decoder, call, idleTimeout, requestId) {
  return new STREAMS[kind](reader, decoder, call, idleTimeout, requestId);
}

/** Every public class, for tests that need `instanceof` on the runtime's own classes. */
export function classes() {
  return { ...CLASSES, ZaiError, Stream, ChatCompletionStream, AgentStream, TranscriptionStream };
}
