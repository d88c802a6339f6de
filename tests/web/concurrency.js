// maxConcurrency: calls of a limited model beyond its budget wait in line (Web Locks here), are
// abortable and time out while waiting, and streams hold their slot until they end or are
// cancelled. Each scenario uses its own model names, so no two share a budget by accident.
export function scenarios(h) {
  const { USER_HI, collect, eq, ok, sleep } = h;

  const chat = (model, stream) => ({ model, messages: USER_HI, stream });
  const unique = (t, name) => `${name}-${t.tag}`;

  /** The mock's log entries of this test, by model, in arrival order. */
  async function byModel(t, n) {
    const log = await t.settledLog((l) => l.length >= n && l.every((e) => e.tEnd !== null));
    eq(log.length, n, 'requests the mock received');
    return log;
  }

  async function concurrencyQueuesBeyondTheBudget(t) {
    const a = unique(t, 'glm-a');
    const b = unique(t, 'glm-b');
    const c = t.client({ maxConcurrency: 1 }, 'delay;ms=40');
    // Two streams of model a (budget 1) and one of model b (its own budget of 1).
    const first = c.chat.completions.create(chat(a, true));
    const second = c.chat.completions.create(chat(a, true));
    const other = c.chat.completions.create(chat(b, true));
    const [s1, s3] = await Promise.all([first, other]);
    await sleep(150);
    eq((await t.log()).filter((e) => e.json.model === a).length, 1, 'the second call of a waits');
    const [chunks1, chunks3] = await Promise.all([collect(s1), collect(s3)]);
    ok(chunks1.length > 1 && chunks3.length > 1, 'both streams delivered');
    const s2 = await second;
    ok((await collect(s2)).length > 1, 'the queued stream ran once the first ended');
    const log = await byModel(t, 3);
    const [e1, e2] = log.filter((e) => e.json.model === a);
    const e3 = log.find((e) => e.json.model === b);
    ok(e2.t >= e1.tEnd, `a's second request (${e2.t}) only after its first ended (${e1.tEnd})`);
    ok(e3.t < e1.tEnd, 'model b ran alongside model a');
  }

  async function concurrencyPerModelBudgets(t) {
    const fast = unique(t, 'glm-flash');
    const big = unique(t, 'glm-big');
    const c = t.client({ maxConcurrency: { [fast]: 1, '*': 2 } }, 'wait=150');
    const calls = [fast, fast, big, big, big].map((m) => c.chat.completions.create(chat(m, false)));
    const answers = await Promise.all(calls);
    ok(answers.every((r) => r.choices[0].message.content.length > 0), 'every call answered');
    const log = await byModel(t, 5);
    const running = (model, at) => log.filter((e) => e.json.model === model && e.t <= at && e.tEnd > at).length;
    for (const e of log) {
      ok(running(fast, e.t) <= 1, `at most 1 ${fast} at once`);
      ok(running(big, e.t) <= 2, `at most 2 ${big} at once ('*')`);
    }
    const bigs = log.filter((e) => e.json.model === big);
    ok(bigs[1].t < bigs[0].tEnd, "two of '*' ran together");
    ok(bigs[2].t >= Math.min(bigs[0].tEnd, bigs[1].tEnd), "the third of '*' waited for a slot");
  }

  async function concurrencyAbortWhileQueued(t) {
    const m = unique(t, 'glm-abort');
    const c = t.client({ maxConcurrency: 1 }, 'delay;ms=50');
    const holder = await c.chat.completions.create(chat(m, true));
    const ac = new AbortController();
    const queued = c.chat.completions.create(chat(m, false), { signal: ac.signal });
    await sleep(100);
    ac.abort();
    await t.rejects(queued, 'APIUserAbortError');
    eq((await t.log()).length, 1, 'the aborted call was never sent');
    // Cancelling the stream frees its slot: the next call runs at once.
    holder.abort();
    const r = await c.chat.completions.create(chat(m, false));
    ok(r.choices[0].message.content.length > 0, 'the next call ran');
    eq((await t.log()).length, 2, 'two requests in all');
  }

  async function concurrencyTimeoutWhileQueued(t) {
    const m = unique(t, 'glm-timeout');
    const c = t.client({ maxConcurrency: 1 }, 'delay;ms=100');
    const holder = await c.chat.completions.create(chat(m, true));
    const started = Date.now();
    await t.rejects(c.chat.completions.create(chat(m, false), { timeout: 250 }), 'APITimeoutError');
    ok(Date.now() - started >= 200, 'the wait in line counted in the timeout');
    eq((await t.log()).length, 1, 'the timed-out call was never sent');
    ok((await collect(holder)).length > 1, 'the stream holding the slot was not disturbed');
  }

  async function concurrencyStreamHoldsItsSlotUntilCancelled(t) {
    const m = unique(t, 'glm-hold');
    const c = t.client({ maxConcurrency: 1 }, 'delay;ms=50');
    const s = await c.chat.completions.create(chat(m, true));
    await s.next();
    let second = null;
    const pending = c.chat.completions.create(chat(m, false)).then((r) => { second = r; });
    await sleep(200);
    eq(second, null, 'queued while the stream is open');
    eq((await t.log()).length, 1, 'not sent yet');
    await s.return(); // cancels the stream
    await pending;
    ok(second.choices[0].message.content.length > 0, 'ran once the stream was cancelled');
  }

  async function concurrencyUnlimitedCalls(t) {
    // No `model` parameter: never limited (async results, files...), whatever the budget.
    const c = t.client({ maxConcurrency: { '*': 1 } }, 'wait=150');
    const ids = ['task-1', 'task-2', 'task-3'];
    await Promise.all(ids.map((id) => c.asyncResult.retrieve(id).catch(() => null)));
    const log = await byModel(t, 3);
    ok(log[2].t < log[0].tEnd, 'all three ran at once');
  }

  async function concurrencyBadOptions(t) {
    const cases = [
      [0, 'maxConcurrency must be an integer from 1 to 1000'],
      [1.5, 'maxConcurrency must be an integer'],
      ['2', 'maxConcurrency must be a number or an object'],
      [{ 'glm-4.6': 0 }, 'maxConcurrency.glm-4.6 must be an integer from 1 to 1000'],
      [{ '*': '3' }, 'maxConcurrency.* must be an integer from 1 to 1000'],
    ];
    for (const [value, message] of cases) {
      let err;
      try {
        t.client({ maxConcurrency: value });
      } catch (e) {
        err = e;
      }
      ok(err instanceof t.classes.InvalidRequestError, `${JSON.stringify(value)}: InvalidRequestError (${err})`);
      eq(err.message, message, JSON.stringify(value));
    }
  }

  return {
    concurrencyQueuesBeyondTheBudget, concurrencyPerModelBudgets, concurrencyAbortWhileQueued,
    concurrencyTimeoutWhileQueued, concurrencyStreamHoldsItsSlotUntilCancelled,
    concurrencyUnlimitedCalls, concurrencyBadOptions,
  };
}
