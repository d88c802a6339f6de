// The task store: `{ persist: true }` and `client.tasks`, generations that survive a reload.
// Its own entry point ('zai-wasm/tasks'), so a page that never persists a task does not carry it:
// `install` hooks it into the package's `ZaiClient` (scripts/build writes pkg/tasks.js as
// `install(await import('./index.js'))`; the browser tests install it on the runtime's classes).
//
// A stored task is { id, kind, model, created, updated, status } (status: Z.AI's task_status),
// kept in IndexedDB (database 'zai-wasm', store 'tasks', keyed by [baseURL, id]) so that every
// tab and worker of the origin sees it. Nothing secret is stored: no key, no params, no result.

let InvalidRequestError;

/** The submissions `persist` applies to, and the kind of task each starts. */
const KINDS = {
  'videos.generate': 'video',
  'images.generateAsync': 'image',
  'chat.completions.createAsync': 'chat',
};
const POLL = 'asyncResult.poll';

/** A finished or failed task is forgotten this long after its last update (7 days). */
export const MAX_AGE_MS = 7 * 24 * 3600 * 1000;

/** Installs the task store on `zai.ZaiClient`; idempotent. */
export function install(zai) {
  ({ InvalidRequestError } = zai);
  zai.ZaiClient[Symbol.for('zai-wasm.tasks')] = { track, tasks: (client) => new Tasks(client) };
}

const invalid = (field, problem, cause) => {
  const e = new InvalidRequestError(`${field} ${problem}`, undefined, undefined, undefined, false, undefined);
  if (cause !== undefined) e.cause = cause;
  return e;
};
const messageOf = (e) => {
  try {
    return String(e && e.message !== undefined ? e.message : e);
  } catch {
    return 'an error';
  }
};

// ------------------------------------------------------------------------------------ IndexedDB

let opened;

/** The database, opened once per realm (a failed open is not kept: the next use tries again). */
function database(field) {
  if (typeof indexedDB === 'undefined' || !indexedDB) {
    return Promise.reject(invalid(field, 'needs IndexedDB, which this runtime does not have (a page or a worker has it; Node does not)'));
  }
  opened ??= new Promise((resolve, reject) => {
    const r = indexedDB.open('zai-wasm', 1);
    r.onupgradeneeded = () => r.result.createObjectStore('tasks', { keyPath: ['base', 'id'] });
    r.onsuccess = () => {
      const db = r.result;
      // Another tab upgrading the database: let it, and reopen on the next use.
      db.onversionchange = () => {
        db.close();
        opened = undefined;
      };
      resolve(db);
    };
    r.onerror = () => reject(r.error);
    r.onblocked = () => reject(new Error('blocked by another tab'));
  }).catch((e) => {
    opened = undefined;
    throw invalid(field, `cannot open the task store (IndexedDB: ${messageOf(e)})`, e);
  });
  return opened;
}

/** One transaction on the store: `use(store)` issues requests; resolves to the last one's result. */
async function transact(field, mode, use) {
  const db = await database(field);
  return new Promise((resolve, reject) => {
    let result;
    try {
      const t = db.transaction('tasks', mode);
      const r = use(t.objectStore('tasks'));
      if (r) r.onsuccess = () => { result = r.result; };
      t.oncomplete = () => resolve(result);
      t.onerror = t.onabort = () => reject(invalid(field, `failed in the task store (IndexedDB: ${messageOf(t.error)})`, t.error));
    } catch (e) {
      reject(invalid(field, `failed in the task store (IndexedDB: ${messageOf(e)})`, e));
    }
  });
}

const baseOf = (client) => client._base || '';
const get = (client, id) => transact('tasks', 'readonly', (s) => s.get([baseOf(client), id]));
const put = (field, record) => transact(field, 'readwrite', (s) => s.put(record));
/** The record as callers see it (without the store's key part). */
const view = ({ base, ...task }) => task;

const finished = (status) => status === 'SUCCESS' || status === 'FAIL';

/** The kind of a task from its answer: which result it carries. */
function kindOf(result) {
  if (result?.video_result) return 'video';
  if (result?.image_result) return 'image';
  if (result?.choices) return 'chat';
  return null;
}

// ---------------------------------------------------------------------------- persist: true

/**
 * A call with `persist: true`: checks that it can be stored before anything is sent, then stores
 * the submitted task, or (polling) the task's status after every retrieve and at the end.
 * `run(params, options)` performs the call itself with the other options (`persist` is the
 * option's value, not yet checked).
 */
async function track(client, name, params, options, persist, run) {
  if (persist !== true) throw invalid('persist', 'must be a boolean');
  const kind = KINDS[name];
  if (!kind && name !== POLL) {
    throw invalid('persist', `is an option of ${Object.keys(KINDS).join(', ')} and ${POLL}, not of ${name}`);
  }
  await database('persist');
  const base = baseOf(client);
  if (kind) {
    const task = await run(params, options);
    const now = Date.now();
    const id = task?.id;
    if (typeof id !== 'string') return task; // not a task record: nothing to resume
    let model = task.model;
    if (typeof model !== 'string') {
      try {
        model = params.model;
      } catch { /* already read for the request */ }
    }
    await put('persist', { base, id, kind, model: model ?? null, created: now, updated: now, status: task.task_status ?? 'PROCESSING' })
      .catch((e) => {
        throw invalid('persist', `could not store task ${id}, which was submitted: ${messageOf(e)}`, e);
      });
    return task;
  }
  const id = params;
  if (typeof id !== 'string' || !id) return run(params, options); // the machine names the bad id
  const stored = await get(client, id).catch(() => undefined);
  const record = stored ?? { base, id, kind: null, model: null, created: Date.now(), updated: 0, status: 'PROCESSING' };
  // Writes one after another, so that the last status is the one kept.
  let saving = Promise.resolve();
  const save = (result, status) => {
    record.kind ||= kindOf(result);
    if (typeof result?.model === 'string') record.model = result.model;
    record.status = status;
    record.updated = Date.now();
    const copy = { ...record };
    saving = saving.then(() => put('persist', copy)).catch(() => {});
    return saving;
  };
  const onProgress = options.onProgress;
  const wrapped = {
    ...options,
    onProgress: (result, progress) => {
      save(result, typeof result?.task_status === 'string' ? result.task_status : record.status);
      if (onProgress) onProgress(result, progress);
    },
  };
  try {
    const result = await run(id, wrapped);
    await save(result, result?.task_status ?? 'SUCCESS');
    return result;
  } catch (e) {
    // A FAIL answer rejects with the task as the error's body; other errors leave it running.
    if (e?.body?.task_status === 'FAIL') await save(e.body, 'FAIL');
    else await saving;
    throw e;
  }
}

// ------------------------------------------------------------------------------ client.tasks

/** `client.tasks`: the stored tasks of the client's `baseURL`. */
class Tasks {
  constructor(client) {
    this._client = client;
  }

  /**
   * The stored tasks, oldest first. Finished and failed tasks not updated for MAX_AGE_MS are
   * removed first.
   */
  async list() {
    const base = baseOf(this._client);
    const all = await transact('tasks', 'readonly', (s) => s.getAll());
    const old = Date.now() - MAX_AGE_MS;
    const expired = all.filter((t) => finished(t.status) && t.updated < old);
    if (expired.length) {
      await transact('tasks', 'readwrite', (s) => {
        for (const t of expired) s.delete([t.base, t.id]);
      });
    }
    return all.filter((t) => t.base === base && !expired.includes(t))
      .sort((a, b) => a.created - b.created)
      .map(view);
  }

  /** The stored task `id`, or `undefined`. */
  async get(id) {
    const t = await get(this._client, String(id));
    return t && view(t);
  }

  /**
   * Polls stored task `id` to its end (`asyncResult.poll` with `persist: true` and `options`),
   * updating its record. Rejects with an InvalidRequestError when no such task is stored.
   */
  async resume(id, options) {
    if (typeof id !== 'string' || !(await get(this._client, id))) {
      throw invalid('id', `is not a stored task (${typeof id === 'string' ? id : typeof id})`);
    }
    let o;
    try {
      o = { ...options, persist: true };
    } catch (e) {
      throw invalid('options', `cannot be read (${messageOf(e)})`, e);
    }
    return this._client.asyncResult.poll(id, o);
  }

  /** Forgets stored task `id`; resolves to whether it was stored. */
  async remove(id) {
    const key = [baseOf(this._client), String(id)];
    // One transaction: its requests run in order, so the count is taken before the delete.
    const had = await transact('tasks', 'readwrite', (s) => {
      const counted = s.count(key);
      s.delete(key);
      return counted;
    });
    return had > 0;
  }
}
