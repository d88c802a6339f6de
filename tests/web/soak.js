// Soak: 1000 sequential streams and 50 concurrent streams in one page against the mock. Prints
// wasm memory and JS heap (after a forced GC when Chromium exposes `gc`, see webdriver.json)
// before and after, and checks growth is bounded, that no promise rejection went unhandled and
// that the mock saw every request complete (no dangling readers).
// (Test files cannot import each other: wasm-bindgen copies each imported file alone, so the
// shared helpers arrive as the argument `h` from harness.js.)
export function scenarios(h) {
  const { collect, eq, ok, sleep, textOf } = h;

  const REPLY = 'ok 你好 🌍';
  const SCENARIO = `reply=${encodeURIComponent(REPLY)}`;
  const PARAMS = { model: 'glm-4.6', messages: [{ role: 'user', content: 'Hi' }], stream: true };
  // The wasm allocator reaches its high-water mark within the first few hundred streams (measured:
  // 1280 -> 1600 KiB by stream 500, then flat), so growth is bounded over the second 500
  // sequential streams (and the later concurrent rounds): one 64 KiB page catches a leak of
  // ~130 bytes per stream; the JS heap bound one of ~2 KB (a closure, a reader, a buffer).
  const MAX_WASM_GROWTH = 64 * 1024;
  const MAX_HEAP_GROWTH = 1024 * 1024;

  // Chat streams keep their wasm accumulator until finalChatCompletion() or until the GC drops
  // them (a FinalizationRegistry frees it), and wasm memory never shrinks: its size is the most
  // ever live at once, so it follows how often the engine collects. Chromium exposes `gc()`
  // (--expose-gc) and collects often on its own. Firefox and WebKit (MiniBrowser) have no switch
  // for it and collect far less often (measured in Firefox 153: +128 to +256 KiB over the second
  // 500 streams, every byte of it freed by the next collection), so there the test provokes major
  // collections itself: objects kept alive long enough to leave the nursery, then dropped, fill
  // the old heap until the engine collects it; the pauses let the finalizers run. With
  // collections at the same points in every engine, growth measures leaks, not GC timing.
  const GC_EXPOSED = typeof globalThis.gc === 'function';
  async function collectGarbage() {
    if (GC_EXPOSED) {
      for (let i = 0; i < 3; i++) {
        globalThis.gc();
        await sleep(20);
      }
      return;
    }
    for (let round = 0; round < 4; round++) {
      let keep = [];
      for (let i = 0; i < 200_000; i++) keep.push({ i, s: `x${i}` });
      await sleep(10); // survives a few minor collections: promoted to the old heap
      keep = null;
      await sleep(20);
    }
  }

  async function figures(t) {
    await collectGarbage();
    return {
      wasm: globalThis.__zaiWasmMemory.buffer.byteLength,
      heap: performance.memory ? performance.memory.usedJSHeapSize : NaN,
    };
  }

  function report(what, n, before, after) {
    const kib = (b) => (b / 1024).toFixed(1);
    console.log(`soak ${what}: ${n} streams; wasm memory ${kib(before.wasm)} KiB -> ${kib(after.wasm)} KiB ` +
      `(+${kib(after.wasm - before.wasm)}); JS heap ${kib(before.heap)} KiB -> ${kib(after.heap)} KiB ` +
      `(${after.heap >= before.heap ? '+' : ''}${kib(after.heap - before.heap)}); gc ${typeof globalThis.gc === 'function' ? 'forced' : 'provoked by allocation'}`);
    ok(after.wasm - before.wasm <= MAX_WASM_GROWTH, `wasm memory grew by ${after.wasm - before.wasm} bytes`);
    if (!Number.isNaN(before.heap)) {
      ok(after.heap - before.heap <= MAX_HEAP_GROWTH, `JS heap grew by ${after.heap - before.heap} bytes`);
    }
  }

  /** Runs `body` with an 'unhandledrejection' listener; fails if any fired. */
  async function noUnhandled(body) {
    const seen = [];
    const on = (e) => seen.push(e.reason);
    globalThis.addEventListener('unhandledrejection', on);
    try {
      await body();
      await sleep(100);
    } finally {
      globalThis.removeEventListener('unhandledrejection', on);
    }
    eq(seen.map(String), [], 'unhandled promise rejections');
  }

  /** Every logged request got a 200 and ended without being aborted or dropped. */
  async function allCompleted(t, n) {
    const log = await t.settledLog((l) => l.length >= n && l.every((r) => r.tEnd));
    eq(log.length, n, 'requests the mock saw');
    const bad = log.filter((r) => r.status !== 200 || r.aborted || r.dropped || !r.tEnd);
    eq(bad.length, 0, `requests that did not complete: ${JSON.stringify(bad.slice(0, 3).map((r) => [r.seq, r.status, r.aborted, r.tEnd]))}`);
    return log;
  }

  async function one(c) {
    const s = await c.chat.completions.create(PARAMS);
    const text = textOf(await collect(s));
    if (text !== REPLY) throw new Error(`stream text ${JSON.stringify(text)}`);
    return s;
  }

  async function soakSequential(t) {
    const c = t.client({}, SCENARIO);
    await noUnhandled(async () => {
      for (let i = 0; i < 20; i++) await one(c); // warm-up: caches, pools, JIT
      const before = await figures(t);
      let mid;
      const started = Date.now();
      for (let i = 0; i < 1000; i++) {
        const s = await one(c);
        if (i % 10 === 0) await s.finalChatCompletion();
        if (i === 499) mid = await figures(t);
        else if (!GC_EXPOSED && i % 100 === 99) await collectGarbage(); // see collectGarbage
      }
      const took = Date.now() - started;
      const after = await figures(t);
      console.log(`soak sequential: 1000 streams in ${took} ms; at stream 0 / 500 / 1000: wasm memory ` +
        `${before.wasm / 1024} / ${mid.wasm / 1024} / ${after.wasm / 1024} KiB, JS heap ` +
        `${(before.heap / 1024).toFixed(1)} / ${(mid.heap / 1024).toFixed(1)} / ${(after.heap / 1024).toFixed(1)} KiB`);
      report('sequential (second 500)', 500, mid, after);
    });
    await allCompleted(t, 1020);
  }

  async function soakConcurrent(t) {
    const c = t.client({}, SCENARIO);
    const ids = new Set();
    await noUnhandled(async () => {
      await Promise.all(Array.from({ length: 50 }, () => one(c))); // warm-up round
      const before = await figures(t);
      const started = Date.now();
      for (let round = 0; round < 4; round++) {
        const streams = await Promise.all(Array.from({ length: 50 }, () => one(c)));
        // Each stream is its own request and keeps its own answer while the others decode.
        for (const s of streams) ids.add(s.requestId);
        const finals = await Promise.all(streams.map((s) => s.finalChatCompletion()));
        eq(finals.filter((f) => f.choices[0].message.content !== REPLY).length, 0, `round ${round}: final completions not equal to the reply`);
        if (!GC_EXPOSED) await collectGarbage(); // see collectGarbage
      }
      const took = Date.now() - started;
      const after = await figures(t);
      console.log(`soak concurrent: 4 rounds of 50 concurrent streams in ${took} ms`);
      report('concurrent', 200, before, after);
      eq(ids.size, 200, 'distinct request ids of the 200 streams');
    });
    const log = await allCompleted(t, 250);
    // A figure, not a check (the log's times are whole milliseconds): Chromium opens up to 6
    // connections to one HTTP/1.1 origin, so up to 6 of the 50 are at the mock at once.
    const inFlight = Math.max(...log.map((r) => log.filter((o) => o.t <= r.t && r.t < o.tEnd).length));
    console.log(`soak concurrent: up to ${inFlight} requests in flight at the mock`);
    const logged = new Set(log.map((r) => r.id));
    eq([...ids].filter((id) => !logged.has(id)).length, 0, 'request ids the mock never issued');
  }

  return { soakSequential, soakConcurrent };
}
