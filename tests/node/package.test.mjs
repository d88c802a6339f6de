// The built npm package (pkg/) in Node 20: import it the way users do, call the mock over HTTP.
// Run by scripts/test after scripts/build, with ZAI_MOCK_URL pointing at a running mock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import init, {
  ZaiClient, ZaiError, APIError, RateLimitError, APIUserAbortError, InvalidRequestError,
  ChatCompletionStream, ZAI_BASE_URL,
} from '../../pkg/index.js';

const MOCK = process.env.ZAI_MOCK_URL;
const REPLY = 'Hello! 你好，世界 🌍 How can I help you today?';
const messages = [{ role: 'user', content: 'Hi' }];

function client(scenario, options = {}) {
  const defaultHeaders = scenario ? { 'x-mock-scenario': scenario } : {};
  return new ZaiClient({ apiKey: 'node.test', baseURL: `${MOCK}/api`, maxRetries: 0, defaultHeaders, ...options });
}

// Set up once, before any test. Without a mock, or with a package that does not instantiate,
// every test would fail on its own symptom (a client of an uninitialised module fails with
// "Cannot read properties of undefined (reading 'Ia')"): this fails the file once, naming the cause.
if (!MOCK) {
  throw new Error('setup: ZAI_MOCK_URL is not set: start the mock (node tests/mock/server.mjs --port N) '
    + 'and set ZAI_MOCK_URL=http://127.0.0.1:N (scripts/test does both)');
}
try {
  await init();
} catch (e) {
  throw new Error(`setup: pkg/index.js does not instantiate in Node (rebuild it: scripts/build): ${e}`, { cause: e });
}
try {
  const r = await fetch(`${MOCK}/__mock/log?tag=setup`);
  if (!r.ok) throw new Error(`HTTP ${r.status}`);
} catch (e) {
  throw new Error(`setup: the mock at ZAI_MOCK_URL=${MOCK} does not answer (${e.cause?.message ?? e.message})`, { cause: e });
}

test('init() again is a no-op; the base URL constant', async () => {
  const exports = await init();
  assert.equal(await init(), exports);
  assert.equal(ZAI_BASE_URL, 'https://api.z.ai/api');
});

test('non-stream chat', async () => {
  const r = await client().chat.completions.create({ model: 'glm-4.6', messages });
  assert.equal(r.choices[0].message.content, REPLY);
  assert.equal(r.choices[0].finish_reason, 'stop');
});

test('streaming chat with for await and finalChatCompletion', async () => {
  const s = await client('reasoning').chat.completions.create({ model: 'glm-4.6', messages, stream: true });
  assert.ok(s instanceof ChatCompletionStream);
  let text = '';
  for await (const chunk of s) text += chunk.choices[0].delta.content ?? '';
  assert.equal(text, REPLY);
  const final = await s.finalChatCompletion();
  assert.equal(final.choices[0].message.content, REPLY);
  assert.ok(final.choices[0].message.reasoning_content.length > 0);
});

test('typed errors', async () => {
  await assert.rejects(client('status=429;code=1302').chat.completions.create({ model: 'glm-4.6', messages }), (e) => {
    assert.ok(e instanceof RateLimitError && e instanceof APIError && e instanceof ZaiError && e instanceof Error);
    assert.equal(e.name, 'RateLimitError');
    assert.equal(e.code, '1302');
    assert.equal(e.status, 429);
    assert.equal(e.retryable, true);
    return true;
  });
  await assert.rejects(client().chat.completions.create({ messages }), (e) => {
    assert.ok(e instanceof InvalidRequestError);
    assert.match(e.message, /^model is required/);
    return true;
  });
});

test('abort mid-stream', async () => {
  const ac = new AbortController();
  const s = await client('delay;ms=100').chat.completions.create({ model: 'glm-4.6', messages, stream: true }, { signal: ac.signal });
  await s.next();
  const pending = s.next();
  ac.abort();
  await assert.rejects(pending, (e) => e instanceof APIUserAbortError);
});

test('retries a transient 429 and then succeeds', async () => {
  const tag = `node-retry-${Date.now()}`;
  const c = client('status=429;code=1302;fail-times=2+retry-after-ms=10', { maxRetries: 2, defaultHeaders: { 'x-mock-tag': tag, 'x-mock-scenario': 'status=429;code=1302;fail-times=2+retry-after-ms=10' } });
  const r = await c.chat.completions.create({ model: 'glm-4.6', messages });
  assert.equal(r.choices[0].message.content, REPLY);
  const log = await (await fetch(`${MOCK}/__mock/log?tag=${tag}`)).json();
  assert.equal(log.length, 3, 'two failures, then the answer');
});

test('Retry-After in the obsolete HTTP-date forms, far from UTC', async () => {
  // asctime dates carry no zone: they are GMT (RFC 9110), not the machine's local time.
  const saved = process.env.TZ;
  process.env.TZ = 'Asia/Shanghai'; // UTC+8: a local-time reading would be 8 h in the past
  try {
    const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
    const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const p2 = (n) => String(n).padStart(2, '0');
    const forms = {
      rfc850: (d) => `${DAYS[d.getUTCDay()]}, ${p2(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${p2(d.getUTCFullYear() % 100)} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} GMT`,
      asctime: (d) => `${DAYS[d.getUTCDay()].slice(0, 3)} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${d.getUTCFullYear()}`,
    };
    for (const [name, format] of Object.entries(forms)) {
      const at = new Date(Math.ceil(Date.now() / 1000) * 1000 + 2000);
      const tag = `node-retry-after-${name}-${Date.now()}`;
      const scenario = `status=503;retry-after=${encodeURIComponent(format(at))}+fail-times=1`;
      const c = client(scenario, { maxRetries: 1, defaultHeaders: { 'x-mock-tag': tag, 'x-mock-scenario': scenario } });
      await c.chat.completions.create({ model: 'glm-4.6', messages });
      const log = await (await fetch(`${MOCK}/__mock/log?tag=${tag}`)).json();
      assert.equal(log.length, 2, `${name}: one 503, then the answer`);
      const waited = log[1].t - log[0].t;
      const target = at.getTime() - log[0].t;
      assert.ok(waited >= Math.min(900, target - 150) && waited < 3500, `${name} ${format(at)}: waited ${waited} ms for a date ${target} ms ahead`);
    }
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
});

test('caller mistakes reject promptly with InvalidRequestError, and the next call still works', async () => {
  const c = client();
  const params = { model: 'glm-4.6', messages };
  const getterThrows = { ...params };
  Object.defineProperty(getterThrows, 'model', { enumerable: true, get() { throw new Error('getter boom'); } });
  const { proxy: revoked, revoke } = Proxy.revocable({ ...params }, {});
  revoke();
  const cases = [
    ['signal = the controller', () => c.chat.completions.create(params, { signal: new AbortController() }), /^signal must be an AbortSignal/],
    ['signal = a plain object', () => c.chat.completions.create(params, { signal: {} }), /^signal must be an AbortSignal/],
    ['a throwing getter', () => c.chat.completions.create(getterThrows), /^params cannot be read \(getter boom\)/],
    ['a revoked Proxy', () => c.chat.completions.create(revoked), /^params cannot be read/],
    ['throwing headers', () => c.chat.completions.create(params, { headers: { get a() { throw new Error('h'); } } }), /^headers cannot be read/],
    ['an apiKey function that throws', () => client(undefined, { apiKey: () => { throw new Error('k'); } }).chat.completions.create(params), /^apiKey provider/],
    ['an apiKey function that returns a number', () => client(undefined, { apiKey: () => 7 }).chat.completions.create(params), /^apiKey provider/],
  ];
  for (const [what, call, re] of cases) {
    let timer;
    const hung = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within 2 s: ${what}`)), 2000); });
    await assert.rejects(Promise.race([call(), hung]), (e) => {
      assert.ok(e instanceof InvalidRequestError, `${what}: ${e && e.stack}`);
      assert.match(e.message, re, what);
      return true;
    });
    clearTimeout(timer);
  }
  const r = await c.chat.completions.create(params);
  assert.equal(r.choices[0].message.content, REPLY);
  const other = await client().chat.completions.create(params);
  assert.equal(other.choices[0].message.content, REPLY);
});

test('params of any text cross into wasm exactly (validated as sent: scripts/fast-strings.mjs)', async () => {
  const answer = JSON.stringify({ id: 'x', object: 'chat.completion', created: 1, model: 'glm-4.6',
    choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'ok' } }] });
  let sent;
  const c = client(undefined, {
    fetch: async (_url, init) => {
      sent = init.body;
      return new Response(answer, { status: 200, headers: { 'content-type': 'application/json' } });
    },
  });
  const long = 'a reasonably ordinary sentence, '.repeat(4000); // 128 KB, past any first allocation
  const texts = ['', 'plain', 'é', 'éa', 'aé', '你好', '🌍', 'a🌍', '🌍a', `${long}é`, `é${long}`,
    `${long}🌍${long}`, '\u00ff'.repeat(3000), 'x'.repeat(9999) + '\u0800'];
  for (const content of texts) {
    const params = { model: 'glm-4.6', messages: [{ role: 'user', content }, { role: 'assistant', content: 'é' }] };
    const r = await c.chat.completions.create(params);
    assert.equal(r.choices[0].message.content, 'ok');
    assert.equal(sent, JSON.stringify(params), `the wire body for ${JSON.stringify(content.slice(0, 12))}`);
  }
  // The core reads what crossed: a wrong role after non-ASCII text is named with its path.
  await assert.rejects(c.chat.completions.create({ model: 'glm-4.6', messages: [{ role: 'user', content: `é${long}` }, { role: 'usér', content: '🌍' }] }),
    (e) => e instanceof InvalidRequestError && /^messages\[1\]\.role/.test(e.message));
});

test('maxConcurrency without Web Locks: the clients of this realm share one line per model', async () => {
  assert.equal(globalThis.navigator?.locks, undefined, 'Node 20 has no navigator.locks');
  const tag = `node-slots-${Date.now()}`;
  const model = `glm-${tag}`;
  const make = () => client('wait=120', { maxConcurrency: 1, defaultHeaders: { 'x-mock-scenario': 'wait=120', 'x-mock-tag': tag } });
  const [a, b] = [make(), make()];
  const ac = new AbortController();
  const calls = [a, b, a].map((c, i) => c.chat.completions.create({ model, messages }, i === 2 ? { signal: ac.signal } : undefined));
  setTimeout(() => ac.abort(), 60);
  const [r1, r2, r3] = await Promise.allSettled(calls);
  assert.equal(r1.status, 'fulfilled');
  assert.equal(r2.status, 'fulfilled');
  assert.ok(r3.reason instanceof APIUserAbortError, `the third, aborted in line: ${r3.reason}`);
  const log = await (await fetch(`${MOCK}/__mock/log?tag=${tag}`)).json();
  assert.equal(log.length, 2, 'the aborted call was never sent');
  assert.ok(log[1].t >= log[0].tEnd, 'the second client waited for the first call to end');
});

test("runTools needs 'zai-wasm/tools'; once imported, the loop runs in Node", async () => {
  const c = client('tools');
  const tool = { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } }, run: ({ city }) => `sunny in ${city}` } };
  const run = () => c.chat.completions.runTools({ model: 'glm-4.6', messages, tools: [tool] });
  // Nothing in this file imported the runner before this test.
  assert.throws(run, (e) => e instanceof InvalidRequestError && /import 'zai-wasm\/tools'/.test(e.message));
  const { ChatToolRunner } = await import('../../pkg/tools.js');
  const runner = run();
  assert.ok(runner instanceof ChatToolRunner);
  assert.equal(await runner.finalContent(), 'Tool results: sunny in Beijing');
  assert.deepEqual(runner.messages.map((m) => m.role), ['user', 'assistant', 'tool', 'assistant']);
});

test("persist needs 'zai-wasm/tasks' and IndexedDB: in Node it rejects before anything is sent", async () => {
  const tag = `persist-${Date.now()}`;
  const c = client('', { defaultHeaders: { 'x-mock-tag': tag } });
  const video = { model: 'cogvideox-3', prompt: 'A cat' };
  // Nothing in this file imported the task store before this test.
  assert.throws(() => c.tasks, (e) => e instanceof InvalidRequestError && /import 'zai-wasm\/tasks'/.test(e.message));
  await assert.rejects(c.videos.generate(video, { persist: true }),
    (e) => e instanceof InvalidRequestError && /^persist needs import 'zai-wasm\/tasks'/.test(e.message));
  await import('../../pkg/tasks.js');
  const noIdb = (field) => (e) => e instanceof InvalidRequestError && e.message.startsWith(`${field} needs IndexedDB`);
  await assert.rejects(c.videos.generate(video, { persist: true }), noIdb('persist'));
  await assert.rejects(c.asyncResult.poll('123', { persist: true }), noIdb('persist'));
  await assert.rejects(c.tasks.list(), noIdb('tasks'));
  await assert.rejects(c.videos.generate(video, { persist: 'yes' }),
    (e) => e instanceof InvalidRequestError && e.message === 'persist must be a boolean');
  await assert.rejects(c.chat.completions.create({ model: 'glm-4.6', messages }, { persist: true }),
    (e) => e instanceof InvalidRequestError && /^persist is an option of videos\.generate, .* not of chat\.completions\.create$/.test(e.message));
  let log = await (await fetch(`${MOCK}/__mock/log?tag=${tag}`)).json();
  assert.equal(log.length, 0, 'no persisted call was sent');
  const task = await c.videos.generate(video, { persist: false });
  assert.equal(task.task_status, 'PROCESSING', '`persist: false` is a plain call');
  log = await (await fetch(`${MOCK}/__mock/log?tag=${tag}`)).json();
  assert.deepEqual(log.map((e) => e.path), ['/api/paas/v4/videos/generations']);
});
