// The in-page half of the bench (served as /harness.js, not bundled). bench/run.mjs drives it
// through page.evaluate(): load contenders, run one stream or a batch of calls, and check the
// result afterwards (outside the measured window).
//
// Every contender but `raw` is consumed by the same loop below (`for await` + content
// accumulation); `raw` is the floor: its own plain read loop with the same accumulation.
const MODEL = 'glm-4.6';
const mods = {};
const expected = {};
let last = null;

const FILES = { raw: '/raw.js', 'raw-iter': '/raw.js', openai: '/openai.js', zai: '/zai.js' };

export async function load(names) {
  for (const scenario of ['content', 'paced', 'short', 'nonstream']) {
    if (!expected[scenario]) expected[scenario] = await (await fetch('/expected/' + scenario)).json();
  }
  for (const name of names) {
    if (mods[name]) continue;
    const m = await import(FILES[name]);
    await m.setup(location.origin);
    mods[name] = m;
  }
  return Object.keys(mods);
}

const params = (scenario, stream) => ({ model: MODEL, messages: [{ role: 'user', content: 'bench:' + scenario }], stream });

/**
 * A conversation of `count` messages (alternating turns of ~120 characters) ending in the
 * scenario's. (Also bench/request.mjs's request, in Node: this module has no side effects.)
 */
export function conversation(scenario, count) {
  const messages = [];
  for (let i = 0; i < count - 1; i++) {
    const role = i % 2 ? 'assistant' : 'user';
    messages.push({ role, content: `Turn ${i}: ${'a reasonably ordinary sentence of chat history, '.repeat(2)}` });
  }
  messages.push({ role: 'user', content: 'bench:' + scenario });
  return { model: MODEL, messages, stream: false };
}

/**
 * One stream: { wall, ttfc, chunks } in ms; the content is kept for check(). With `diag` (untimed
 * runs only: it reads the clock per chunk) also `tail`, the time from the last chunk to the end of
 * the loop, i.e. how long the contender waits after the stream's last chunk before it finishes.
 */
export async function stream(name, scenario, diag = false) {
  const m = mods[name];
  const p = params(scenario, true);
  let content = '';
  let chunks = 0;
  let ttfc = -1;
  let lastAt = -1;
  const t0 = performance.now();
  if (name === 'raw') {
    const r = await m.consume(p, diag);
    content = r.content;
    chunks = r.chunks;
    ttfc = r.firstAt - t0;
    lastAt = r.lastAt;
  } else if (!diag) {
    const s = await m.open(p);
    for await (const chunk of s) {
      if (chunks++ === 0) ttfc = performance.now() - t0;
      content += chunk.choices[0]?.delta?.content ?? '';
    }
  } else {
    const s = await m.open(p);
    for await (const chunk of s) {
      if (chunks++ === 0) ttfc = performance.now() - t0;
      lastAt = performance.now();
      content += chunk.choices[0]?.delta?.content ?? '';
    }
  }
  const end = performance.now();
  last = { name, scenario, content, chunks };
  return { wall: end - t0, ttfc, chunks, ...(diag && { tail: end - lastAt }) };
}

/** Is the content of the last stream exactly the expected text, with the expected chunk count? */
export function check() {
  const { name, scenario, content, chunks } = last;
  last = null;
  const want = expected[scenario];
  if (content === want.content && chunks === want.chunks) return { ok: true };
  let i = 0;
  while (i < content.length && content[i] === want.content[i]) i++;
  return {
    ok: false,
    message: `${name} on "${scenario}": ${chunks} chunks (expected ${want.chunks}), content ${content.length} UTF-16 units ` +
      `(expected ${want.content.length}), first difference at ${i}: got ${JSON.stringify(content.slice(i, i + 24))}, ` +
      `expected ${JSON.stringify(want.content.slice(i, i + 24))}`,
  };
}

/**
 * `n` sequential non-stream calls whose request carries `count` messages (default 1); each
 * answer is checked. Returns each call's time in ms.
 */
export async function nonstream(name, n, count = 1) {
  const m = mods[name];
  const p = count > 1 ? conversation('nonstream', count) : params('nonstream', false);
  const want = expected.nonstream.content;
  const times = new Array(n);
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const r = await m.complete(p);
    times[i] = performance.now() - t0;
    if (r?.choices?.[0]?.message?.content !== want) throw new Error(`${name}: non-stream answer ${i} differs: ${JSON.stringify(r).slice(0, 200)}`);
  }
  return times;
}

/** The page's clock: cross-origin isolated pages get 5 us resolution, others 100 us. */
export function clockInfo() {
  let min = Infinity;
  let prev = performance.now();
  for (let i = 0; i < 1e5 && min > 0.001; i++) {
    const t = performance.now();
    if (t > prev) min = Math.min(min, t - prev);
    prev = t;
  }
  return { isolated: globalThis.crossOriginIsolated === true, resolutionMs: min };
}

/** `n` sequential short streams (memory soak); each is checked. Returns the wall time in ms. */
export async function shortStreams(name, n) {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    await stream(name, 'short');
    const c = check();
    if (!c.ok) throw new Error(`stream ${i}: ${c.message}`);
  }
  return performance.now() - t0;
}

/**
 * Diagnostic (untimed): the tail (see stream()) and how many body reads the contender made during one stream, and their
 * bytes, counted by wrapping ReadableStreamDefaultReader.prototype.read and the stream's async
 * iterator (openai iterates the body with `for await`) for that stream. The per-read cost matters
 * in the paced scenario, and read sizes grow when a consumer falls behind.
 */
export async function readStats(name, scenario) {
  const proto = ReadableStreamDefaultReader.prototype;
  const origRead = proto.read;
  const rs = ReadableStream.prototype;
  const origIter = rs[Symbol.asyncIterator];
  const origValues = rs.values;
  let reads = 0;
  let bytes = 0;
  let max = 0;
  const count = (r) => {
    if (!r.done && r.value) {
      reads++;
      bytes += r.value.byteLength;
      max = Math.max(max, r.value.byteLength);
    }
    return r;
  };
  proto.read = function read() {
    return origRead.call(this).then(count);
  };
  if (origIter) {
    rs[Symbol.asyncIterator] = rs.values = function values(...args) {
      const it = origIter.apply(this, args);
      const next = it.next.bind(it);
      it.next = (...a) => next(...a).then(count);
      return it;
    };
  }
  let r;
  try {
    r = await stream(name, scenario, true);
  } finally {
    proto.read = origRead;
    if (origIter) {
      rs[Symbol.asyncIterator] = origIter;
      rs.values = origValues;
    }
  }
  const c = check();
  if (!c.ok) throw new Error(c.message);
  return { reads, bytes, max, tail: r.tail };
}

export function wasmMemoryBytes() {
  return mods.zai?.wasmMemoryBytes() ?? null;
}

/** Allocation-sampler calibration: allocates `n` arrays of 1024 small integers (known size). */
export function calibrate(n) {
  let keep = 0;
  for (let i = 0; i < n; i++) keep += new Array(1024).fill(i & 7).length;
  return keep;
}
