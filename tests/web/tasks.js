// The task store ('zai-wasm/tasks', installed by main.rs on the runtime's ZaiClient): `persist: true`
// records tasks in IndexedDB, `client.tasks` lists, resumes and removes them. The reload itself is
// tests/runtimes/tasks.test.mjs (Chromium); these run in every engine, in one page whose database
// the scenarios share, so each one looks only at its own task ids.
export function scenarios(h) {
  const { USER_HI, eq, ok } = h;

  const VIDEO = { model: 'cogvideox-3', prompt: 'A cat playing the piano' };
  const DAY = 24 * 3600 * 1000;
  const mine = async (c, ...ids) => (await c.tasks.list()).filter((t) => ids.includes(t.id));

  async function tasksPersistVideoResume(t) {
    const c = t.client({}, 'polls=2');
    const before = Date.now();
    const task = await c.videos.generate(VIDEO, { persist: true });
    eq(task.task_status, 'PROCESSING', 'the submission answer, as without persist');
    const [stored] = await mine(c, task.id);
    ok(stored, 'the task is stored');
    eq({ ...stored, created: 0, updated: 0 }, { id: task.id, kind: 'video', model: 'cogvideox-3', created: 0, updated: 0, status: 'PROCESSING' }, 'the record');
    ok(stored.created >= before && stored.created <= Date.now() && stored.updated === stored.created, 'created = updated = the submission time');
    eq(await c.tasks.get(task.id), stored, 'get(id)');
    const statuses = [];
    const done = await c.tasks.resume(task.id, { interval: 10, onProgress: (r) => statuses.push(r.task_status) });
    eq(done.task_status, 'SUCCESS', 'resumed to its end');
    ok(done.video_result[0].url.endsWith('.mp4'), 'the result');
    eq(statuses, ['PROCESSING', 'PROCESSING', 'SUCCESS'], 'the caller\'s onProgress still runs');
    const [after] = await mine(c, task.id);
    eq(after.status, 'SUCCESS', 'the last status is stored');
    eq(after.created, stored.created, 'created kept');
    ok(after.updated >= stored.updated, 'updated moved on');
    eq(await c.tasks.remove(task.id), true, 'remove: it was stored');
    eq(await mine(c, task.id), [], 'gone from the list');
    eq(await c.tasks.get(task.id), undefined, 'gone for get');
    eq(await c.tasks.remove(task.id), false, 'remove again: it was not');
    const log = await t.log();
    eq(log.map((e) => e.method), ['POST', 'GET', 'GET', 'GET'], 'one submission, three retrieves');
  }

  async function tasksPersistEveryKind(t) {
    const c = t.client({}, 'polls=0');
    const image = await c.images.generateAsync({ model: 'glm-image', prompt: 'A lighthouse' }, { persist: true });
    const chat = await c.chat.completions.createAsync({ model: 'glm-4.6', messages: USER_HI }, { persist: true });
    // A task submitted elsewhere (no persist), stored by the poll that follows it.
    const other = await c.videos.generate(VIDEO);
    eq((await mine(c, other.id)).length, 0, 'not stored without persist');
    const polled = await c.asyncResult.poll(other.id, { interval: 10, persist: true });
    eq(polled.task_status, 'SUCCESS', 'polled');
    const list = await mine(c, image.id, chat.id, other.id);
    const byKind = (a, b) => (a[1] < b[1] ? -1 : 1);
    eq(list.map((r) => [r.id, r.kind, r.model, r.status]).sort(byKind), [
      [chat.id, 'chat', 'glm-4.6', 'PROCESSING'],
      [image.id, 'image', 'glm-image', 'PROCESSING'],
      [other.id, 'video', 'cogvideox-3', 'SUCCESS'],
    ], 'each kind; the kind of a polled task read from its result');
    eq(list[2].id, other.id, 'oldest first: the polled task was stored last');
    for (const r of list) ok(Object.keys(r).length === 6, 'only id, kind, model, created, updated, status: nothing secret');
    const chatDone = await c.tasks.resume(chat.id, { interval: 10 });
    ok(chatDone.choices[0].message.content.length > 0, 'the async chat answer');
    eq((await c.tasks.get(chat.id)).status, 'SUCCESS', 'stored as done');
    for (const r of list) await c.tasks.remove(r.id);
  }

  async function tasksFailedAndAborted(t) {
    const failing = t.client({}, 'polls=1;task-fail');
    const task = await failing.videos.generate(VIDEO, { persist: true });
    await t.rejects(failing.tasks.resume(task.id, { interval: 10 }), 'APIError', (e) => eq(e.body.task_status, 'FAIL', 'the task as body'));
    eq((await failing.tasks.get(task.id)).status, 'FAIL', 'a failed task is stored as FAIL');
    // Aborted while waiting between retrieves: the task is still running, and stays stored so.
    const slow = t.client({}, 'polls=50');
    const running = await slow.videos.generate(VIDEO, { persist: true });
    const ac = new AbortController();
    const polling = slow.tasks.resume(running.id, { interval: 5000, signal: ac.signal, onProgress: () => ac.abort() });
    await t.rejects(polling, 'APIUserAbortError');
    const kept = await slow.tasks.get(running.id);
    eq(kept.status, 'PROCESSING', 'still running');
    ok(kept.updated >= kept.created, 'its last retrieve recorded');
    await failing.tasks.remove(task.id);
    await slow.tasks.remove(running.id);
  }

  async function tasksMistakes(t) {
    const c = t.client();
    await t.rejects(c.tasks.resume('no-such-task'), 'InvalidRequestError', (e) => eq(e.message, 'id is not a stored task (no-such-task)', 'message'));
    await t.rejects(c.tasks.resume(42), 'InvalidRequestError', (e) => eq(e.message, 'id is not a stored task (number)', 'message'));
    await t.rejects(c.videos.generate(VIDEO, { persist: 1 }), 'InvalidRequestError', (e) => eq(e.message, 'persist must be a boolean', 'message'));
    await t.rejects(c.embeddings.create({ model: 'embedding-3', input: 'x' }, { persist: true }), 'InvalidRequestError',
      (e) => ok(/^persist is an option of videos\.generate, images\.generateAsync, chat\.completions\.createAsync and asyncResult\.poll, not of embeddings\.create$/.test(e.message), e.message));
    // An inherited `persist` (a polluted prototype) is not an option.
    const options = Object.create({ persist: true });
    const task = await c.videos.generate(VIDEO, options);
    eq((await mine(c, task.id)).length, 0, 'not stored');
    eq((await t.log()).length, 1, 'only the last call was sent');
  }

  async function tasksPerBaseUrlAndAge(t) {
    const c = t.client({}, 'polls=0');
    const task = await c.videos.generate(VIDEO, { persist: true });
    const elsewhere = t.client({ baseURL: 'https://elsewhere.invalid/api' });
    eq((await elsewhere.tasks.list()).filter((r) => r.id === task.id), [], 'a client of another baseURL does not see it');
    eq(await elsewhere.tasks.get(task.id), undefined, 'nor get it');
    eq(await elsewhere.tasks.remove(task.id), false, 'nor remove it');
    // Age: records written eight days ago, straight into the database.
    const base = `${t.mockUrl}/api`;
    const old = Date.now() - 8 * DAY;
    const ids = { done: `${t.tag}-done`, failed: `${t.tag}-failed`, running: `${t.tag}-running` };
    await idb((s) => {
      s.put({ base, id: ids.done, kind: 'video', model: 'cogvideox-3', created: old, updated: old, status: 'SUCCESS' });
      s.put({ base, id: ids.failed, kind: 'image', model: 'glm-image', created: old, updated: old, status: 'FAIL' });
      s.put({ base, id: ids.running, kind: 'video', model: 'cogvideox-3', created: old, updated: old, status: 'PROCESSING' });
    });
    const list = await mine(c, task.id, ids.done, ids.failed, ids.running);
    eq(list.map((r) => r.id), [ids.running, task.id], 'finished and failed tasks older than 7 days are dropped; running ones kept');
    eq(await idb((s) => s.count([base, ids.done])), 0, 'and deleted from the database');
    await c.tasks.remove(ids.running);
    await c.tasks.remove(task.id);
  }

  /** One transaction on the store the package uses (database 'zai-wasm', store 'tasks'). */
  function idb(use) {
    return new Promise((resolve, reject) => {
      const open = indexedDB.open('zai-wasm', 1);
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const tx = db.transaction('tasks', 'readwrite');
        const r = use(tx.objectStore('tasks'));
        let out;
        if (r) r.onsuccess = () => { out = r.result; };
        tx.oncomplete = () => {
          db.close();
          resolve(out);
        };
        tx.onerror = () => reject(tx.error);
      };
    });
  }

  return { tasksPersistVideoResume, tasksPersistEveryKind, tasksFailedAndAborted, tasksMistakes, tasksPerBaseUrlAndAge };
}
