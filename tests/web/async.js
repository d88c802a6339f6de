// Async tasks: asyncResult.retrieve, and asyncResult.poll with progress, failure, deadline and
// abort (zai-api.md §4, A.9).
// (Test files cannot import each other: wasm-bindgen copies each imported file alone, so the
// shared helpers arrive as the argument `h` from harness.js.)
export function scenarios(h) {
  const { REPLY, USER_HI, eq, ok, sleep, httpErrors, KEY } = h;

  const VIDEO = { model: 'cogvideox-3', prompt: 'A cat playing the piano' };

  async function submit(t, scenario) {
    const task = await t.client({}, scenario).videos.generate(VIDEO);
    eq(task.task_status, 'PROCESSING', 'submitted');
    return task.id;
  }

  async function asyncResultRetrieve(t) {
    const c = t.client({}, 'polls=2');
    const id = await submit(t, 'polls=2');
    const first = await c.asyncResult.retrieve(id);
    eq(first, { model: 'cogvideox-3', id, request_id: id, task_status: 'PROCESSING' }, 'running: no result arrays');
    eq((await c.asyncResult.retrieve(id)).task_status, 'PROCESSING', 'second retrieve');
    const done = await c.asyncResult.retrieve(id);
    eq(done.task_status, 'SUCCESS', 'third retrieve');
    ok(done.video_result[0].url.endsWith('.mp4'), 'video url');
    const log = await t.log();
    const [get] = log.slice(1);
    eq(get.method, 'GET', 'method');
    eq(get.path, `/api/paas/v4/async-result/${id}`, 'path');
    eq(get.body, '', 'no body');
    eq(get.headers['content-type'], undefined, 'no content-type');
    eq(get.headers.accept, 'application/json', 'accept');
    eq(get.headers.authorization, `Bearer ${KEY}`, 'authorization');
    eq(get.headers['accept-language'], 'en-US,en', 'accept-language');
  }

  async function asyncResultNotFound(t) {
    const c = t.client();
    // The id travels URL-encoded, as one path segment.
    const err = await t.rejects(c.asyncResult.retrieve('no such/task 任务'), 'NotFoundError', (e) => {
      eq(e.status, 404, 'status');
      eq(e.code, '1214', 'business code');
      ok(/no such\/task 任务/.test(e.message), `the service message names the id: ${e.message}`);
    });
    eq(err.retryable, false, '404 is not retryable');
    const [req] = await t.log();
    eq(req.rawPath, '/api/paas/v4/async-result/no%20such%2Ftask%20%E4%BB%BB%E5%8A%A1', 'encoded id');
    // Polling an unknown id fails the same way, at the first retrieve.
    await t.rejects(c.asyncResult.poll('no-such-task', { interval: 20 }), 'NotFoundError');
  }

  async function asyncResultErrors(t) {
    const id = await submit(t);
    await httpErrors(t, (c) => c.asyncResult.retrieve(id));
    await httpErrors(t, (c) => c.asyncResult.poll(id, { interval: 20 }));
  }

  async function asyncResultInvalidId(t) {
    const c = t.client();
    for (const id of ['', 42, null, undefined, { id: 'x' }]) {
      await t.rejects(c.asyncResult.retrieve(id), 'InvalidRequestError', (e) => eq(e.message, 'id must be a non-empty string', 'message'));
      await t.rejects(c.asyncResult.poll(id), 'InvalidRequestError', (e) => eq(e.message, 'id must be a non-empty string', 'message'));
    }
    const bad = [
      [{ interval: -1 }, /^interval must be/],
      [{ timeout: 'soon' }, /^timeout must be a number/],
      [{ onProgress: 'log' }, /^onProgress must be a function/],
      [{ signal: true }, /^signal must be an object/],
    ];
    for (const [options, re] of bad) {
      await t.rejects(c.asyncResult.poll('task-1', options), 'InvalidRequestError', (e) => ok(re.test(e.message), `${re} matches "${e.message}"`));
    }
    eq((await t.log()).length, 0, 'nothing was sent');
  }

  async function asyncPollProgress(t) {
    const id = await submit(t, 'polls=2');
    const c = t.client();
    const calls = [];
    const started = Date.now();
    const r = await c.asyncResult.poll(id, {
      interval: 20,
      onProgress(result, progress) {
        calls.push({ status: result.task_status, progress });
      },
    });
    eq(r.task_status, 'SUCCESS', 'resolves with the settled result');
    ok(r.video_result && r.video_result.length === 1, 'video_result');
    eq(calls.map((x) => x.status), ['PROCESSING', 'PROCESSING', 'SUCCESS'], 'onProgress after every poll');
    eq(calls.map((x) => x.progress.attempt), [1, 2, 3], 'attempt');
    eq(Object.keys(calls[0].progress).sort(), ['attempt', 'elapsedMs'], 'progress fields');
    let last = -1;
    for (const { progress } of calls) {
      ok(typeof progress.elapsedMs === 'number' && progress.elapsedMs >= last, `elapsedMs grows (${progress.elapsedMs})`);
      last = progress.elapsedMs;
    }
    ok(calls[2].progress.elapsedMs >= 35, `two waits of ~20 ms (${calls[2].progress.elapsedMs} ms)`);
    ok(Date.now() - started < 2000, 'and no more');
    const gets = (await t.log()).filter((l) => l.method === 'GET');
    eq(gets.length, 3, 'three retrieves');
    ok(gets[1].t - gets[0].t >= 15 && gets[2].t - gets[1].t >= 15, 'spaced by the interval');
    // Without options, or with only onProgress, the defaults apply (the first poll settles here).
    const quick = await submit(t, 'polls=0');
    eq((await c.asyncResult.poll(quick)).task_status, 'SUCCESS', 'no options');
  }

  async function asyncPollFail(t) {
    const id = await submit(t, 'polls=1;task-fail');
    const statuses = [];
    const err = await t.rejects(
      t.client().asyncResult.poll(id, { interval: 20, onProgress: (r) => statuses.push(r.task_status) }),
      'APIError',
    );
    eq(statuses, ['PROCESSING', 'FAIL'], 'polled until FAIL');
    ok(/FAIL/.test(err.message), `message: ${err.message}`);
    eq(err.retryable, false, 'a failed task is final');
    eq(err.body && err.body.task_status, 'FAIL', 'the task record is the body');
    eq(err.requestId, id, 'request id of the task');
    eq(err.status, undefined, 'not an HTTP failure');
  }

  async function asyncPollDeadline(t) {
    const id = await submit(t, 'polls=1000');
    const started = Date.now();
    let attempts = 0;
    await t.rejects(
      t.client().asyncResult.poll(id, { interval: 50, timeout: 300, onProgress: (_, p) => { attempts = p.attempt; } }),
      'APITimeoutError',
      (e) => ok(/polling timeout/.test(e.message), e.message),
    );
    const took = Date.now() - started;
    ok(took >= 250 && took < 1500, `rejected at the deadline (${took} ms)`);
    ok(attempts >= 3, `kept polling until then (${attempts})`);
  }

  async function asyncPollAbortWhileWaiting(t) {
    const id = await submit(t, 'polls=1000');
    const ac = new AbortController();
    let attempts = 0;
    const p = t.client().asyncResult.poll(id, {
      interval: 60000,
      signal: ac.signal,
      onProgress: (_, pr) => { attempts = pr.attempt; },
    });
    await t.settledLog((l) => l.filter((x) => x.method === 'GET').length === 1);
    await sleep(50);
    const aborted = Date.now();
    ac.abort();
    await t.rejects(p, 'APIUserAbortError');
    ok(Date.now() - aborted < 200, `rejected at once (${Date.now() - aborted} ms), not after the interval`);
    eq(attempts, 1, 'one poll before the abort');
  }

  async function asyncPollAbortDuringRetrieve(t) {
    const id = await submit(t);
    const ac = new AbortController();
    // Retrieves from this client never get an answer.
    const p = t.client({}, 'hang-headers').asyncResult.poll(id, { interval: 20, signal: ac.signal });
    await t.settledLog((l) => l.some((x) => x.method === 'GET'));
    const aborted = Date.now();
    ac.abort();
    await t.rejects(p, 'APIUserAbortError');
    ok(Date.now() - aborted < 200, 'rejected at once');
    const log = await t.settledLog((l) => l.some((x) => x.method === 'GET' && x.aborted));
    ok(log.some((x) => x.method === 'GET' && x.aborted), 'the pending retrieve was cancelled');
    // The deadline also ends a retrieve in flight.
    const slow = t.client({}, 'hang-headers').asyncResult.poll(id, { timeout: 200 });
    await t.rejects(slow, 'APITimeoutError');
  }

  async function asyncPollAbortedBefore(t) {
    const ac = new AbortController();
    ac.abort();
    await t.rejects(t.client().asyncResult.poll('task-1', { signal: ac.signal }), 'APIUserAbortError');
    await t.rejects(t.client().asyncResult.retrieve('task-1', { signal: ac.signal }), 'APIUserAbortError');
    eq((await t.log()).length, 0, 'nothing was sent');
  }

  async function asyncChatPoll(t) {
    const c = t.client({}, 'polls=1');
    const params = { model: 'glm-4.6', messages: USER_HI, request_id: 'async-chat-01' };
    const task = await c.chat.completions.createAsync(params);
    eq(task.task_status, 'PROCESSING', 'task_status');
    eq(task.model, 'glm-4.6', 'model');
    eq(task.request_id, 'async-chat-01', 'request_id');
    ok(typeof task.id === 'string' && task.id.length > 0, 'id');
    const r = await c.asyncResult.poll(task.id, { interval: 20 });
    eq(r.task_status, 'SUCCESS', 'task_status');
    eq(r.choices[0].message.content, REPLY, 'content');
    eq(r.choices[0].finish_reason, 'stop', 'finish_reason');
    ok(r.usage.total_tokens > 0, 'usage');
    const [req] = await t.log();
    eq(req.path, '/api/paas/v4/async/chat/completions', 'path');
    eq(req.json, params, 'body');
    await t.rejects(c.chat.completions.createAsync({ ...params, stream: true }), 'InvalidRequestError',
      (e) => eq(e.message, 'stream true is not supported by chat.completions.createAsync', 'message'));
  }

  return {
    asyncResultRetrieve, asyncResultNotFound, asyncResultErrors, asyncResultInvalidId, asyncPollProgress, asyncPollFail,
    asyncPollDeadline, asyncPollAbortWhileWaiting, asyncPollAbortDuringRetrieve, asyncPollAbortedBefore, asyncChatPoll,
  };
}
