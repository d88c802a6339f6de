// Self-test of the mock Z.AI server:  node --test tests/mock/selftest.mjs
//
// Starts the mock in-process on a free port (plus once as a child process for the CLI contract) and
// checks it with real fetch. The SSE parser and the chat accumulator below are written
// independently of server.mjs on purpose: they check the mock, not reuse it.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createMock, SCENARIOS, DEFAULT_REPLY, preservedReasoning } from './server.mjs';

const SERVER_FILE = fileURLToPath(new URL('./server.mjs', import.meta.url));
const MOCK_DOC = fileURLToPath(new URL('../../docs/MOCK.md', import.meta.url));
const CHAT = '/api/paas/v4/chat/completions';
const KEY = 'abc.def';
const PIN = 'id=20250101000000aaaaaaaaaaaaaaaa;created=1700000000';
const CHAT_ID = /^\d{14}[0-9a-f]{16}$/;

let server;
let base;
let mock;

before(async () => {
  mock = createMock();
  server = http.createServer((req, res) => {
    if (mock.handle(req, res)) return;
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('static');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
});

after(() => {
  server.closeAllConnections();
  server.close();
});

// --- helpers ------------------------------------------------------------------------------------

function api(path, { body, scenario, tag, headers = {}, method = 'POST', auth = `Bearer ${KEY}`, signal, raw } = {}) {
  const h = { ...headers };
  if (body !== undefined && !raw) h['content-type'] = 'application/json';
  if (auth) h.authorization = auth;
  if (scenario) h['x-mock-scenario'] = scenario;
  if (tag) h['x-mock-tag'] = tag;
  const payload = raw ?? (body === undefined ? undefined : JSON.stringify(body));
  return fetch(base + path, { method, headers: h, body: payload, signal });
}

const chatBody = (extra = {}) => ({ model: 'glm-4.6', messages: [{ role: 'user', content: 'Hi' }], ...extra });
const streamBody = (extra = {}) => chatBody({ stream: true, ...extra });

async function bytesOf(res) {
  return Buffer.from(await res.arrayBuffer());
}

/** Read a body until EOF or a transport error; returns the bytes received and the error. */
async function readUntilError(res) {
  const reader = res.body.getReader();
  const chunks = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { bytes: Buffer.concat(chunks), error: null };
      chunks.push(value);
    }
  } catch (error) {
    return { bytes: Buffer.concat(chunks), error };
  }
}

/** WHATWG event-stream parsing (BOM, CR/LF/CRLF, comments, multi-line data, id/event). */
function parseSse(text) {
  const events = [];
  let data = [];
  let event = '';
  let id = '';
  for (const line of text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)) {
    if (line === '') {
      if (data.length) events.push({ event, id, data: data.join('\n') });
      data = [];
      event = '';
      continue;
    }
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    else if (field === 'id') id = value;
  }
  return events; // an unterminated trailing event is dropped, like the Python SDK
}

const chunksOf = (events) => events.filter((e) => e.data !== '[DONE]').map((e) => JSON.parse(e.data));

/** Independent accumulator: chunks -> {id, created, model, message, finish_reason, usage}. */
function accumulate(chunks) {
  const message = { role: 'assistant' };
  const calls = [];
  let finishReason = null;
  let usage = null;
  for (const chunk of chunks) {
    const choice = chunk.choices[0];
    const d = choice.delta;
    if (d.content !== undefined) message.content = (message.content ?? '') + d.content;
    if (d.reasoning_content !== undefined) message.reasoning_content = (message.reasoning_content ?? '') + d.reasoning_content;
    for (const tc of d.tool_calls ?? []) {
      const call = (calls[tc.index] ??= { id: '', type: '', function: { name: '', arguments: '' } });
      call.id = tc.id ?? call.id;
      call.type = tc.type ?? call.type;
      call.function.name = tc.function?.name ?? call.function.name;
      call.function.arguments += tc.function?.arguments ?? '';
    }
    if (choice.finish_reason) finishReason = choice.finish_reason;
    if (chunk.usage) usage = chunk.usage;
  }
  if (calls.length) message.tool_calls = calls;
  const { id, created, model } = chunks[0];
  return { id, created, model, message, finish_reason: finishReason, usage };
}

async function streamText(scenario, body = streamBody()) {
  const res = await api(CHAT, { body, scenario });
  assert.equal(res.status, 200);
  return (await bytesOf(res)).toString('utf8');
}

function jwt(payload, secret, header = { alg: 'HS256', sign_type: 'SIGN', typ: 'JWT' }) {
  const enc = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const signed = `${enc(header)}.${enc(payload)}`;
  return `${signed}.${createHmac('sha256', secret).update(signed).digest('base64url')}`;
}

async function expectError(res, status, code) {
  assert.equal(res.status, status);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  const body = await res.json();
  assert.equal(body.error.code, code, JSON.stringify(body));
  assert.equal(typeof body.error.message, 'string');
  return body;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const logFor = async (tag) => (await fetch(`${base}/__mock/log?tag=${encodeURIComponent(tag)}`)).json();

// --- CLI ----------------------------------------------------------------------------------------

test('CLI prints exactly one line, serves, exits cleanly on SIGTERM', async () => {
  const child = spawn(process.execPath, [SERVER_FILE, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  while (!out.includes('\n')) await sleep(20);
  const m = /^zai-mock listening on (http:\/\/127\.0\.0\.1:\d+)\n$/.exec(out);
  assert.ok(m, out);
  const res = await fetch(`${m[1]}/__mock/health`);
  assert.deepEqual(await res.json(), { ok: true });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  child.kill('SIGTERM');
  assert.deepEqual(await exited, { code: 0, signal: null });
  assert.equal(out.split('\n').length, 2, 'one line then quiet');
});

test('handle() returns false outside /api, /s/<scenario>/api and /__mock', async () => {
  assert.equal(await (await fetch(`${base}/index.html`)).text(), 'static');
  assert.equal(await (await fetch(`${base}/s/tools/index.html`)).text(), 'static');
});

// --- chat ---------------------------------------------------------------------------------------

describe('chat, non-stream', () => {
  test('default answer', async () => {
    const res = await api(CHAT, { body: chatBody() });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json');
    const body = await res.json();
    assert.match(body.id, CHAT_ID);
    assert.equal(body.request_id, body.id);
    assert.equal(res.headers.get('x-request-id'), body.id);
    assert.ok(Math.abs(body.created - Date.now() / 1000) < 5);
    assert.equal(body.model, 'glm-4.6');
    assert.deepEqual(body.choices[0].message, { role: 'assistant', content: DEFAULT_REPLY });
    assert.equal(body.choices[0].finish_reason, 'stop');
    const u = body.usage;
    assert.equal(u.total_tokens, u.prompt_tokens + u.completion_tokens);
    assert.deepEqual(u.prompt_tokens_details, { cached_tokens: 0 });
  });

  test('request_id is echoed; nulls and unknown fields are accepted', async () => {
    const body = chatBody({ request_id: 'req-000123', response_format: null, thinking: null, tools: null, stop: null, whatever: { x: 1 } });
    const res = await api(CHAT, { body });
    assert.equal(res.status, 200);
    assert.equal((await res.json()).request_id, 'req-000123');
  });

  test('the coding-plan base answers the same', async () => {
    const res = await api('/api/coding/paas/v4/chat/completions', { body: chatBody() });
    assert.equal((await res.json()).choices[0].message.content, DEFAULT_REPLY);
  });

  test('reply= and tools (message.tool_calls)', async () => {
    let res = await api(CHAT, { body: chatBody(), scenario: 'reply=Bonjour%20%E2%9C%93' });
    assert.equal((await res.json()).choices[0].message.content, 'Bonjour ✓');
    const tools = [{ type: 'function', function: { name: 'lookup', description: 'd', parameters: { type: 'object', properties: { q: { type: 'string' }, n: { type: 'integer' } } } } }];
    res = await api(CHAT, { body: chatBody({ tools }), scenario: 'tools' });
    const { choices } = await res.json();
    assert.equal(choices[0].finish_reason, 'tool_calls');
    assert.equal(choices[0].message.tool_calls.length, 1);
    assert.equal(choices[0].message.tool_calls[0].function.name, 'lookup');
    assert.deepEqual(JSON.parse(choices[0].message.tool_calls[0].function.arguments), { q: 'Beijing', n: 1 });
  });
});

describe('chat, stream framing', () => {
  test('byte-exact shape of a small stream', async () => {
    const text = await streamText(`${PIN};reply=Hi!`);
    const usage = JSON.parse(parseSse(text)[1].data).usage;
    const head = '{"id":"20250101000000aaaaaaaaaaaaaaaa","created":1700000000,"model":"glm-4.6","choices":[{"index":0,';
    assert.equal(
      text,
      `data: ${head}"delta":{"role":"assistant","content":"Hi!"}}]}\n\n` +
        `data: ${head}"finish_reason":"stop","delta":{"role":"assistant","content":""}}],"usage":${JSON.stringify(usage)}}\n\n` +
        'data: [DONE]\n\n',
    );
  });

  test('role on every delta, finish_reason and usage only on the last chunk, pieces of 3-5 code points', async () => {
    const text = await streamText('');
    assert.match(text, /^(data: [^\n]+\n\n)+$/);
    assert.ok(text.endsWith('\n\ndata: [DONE]\n\n'));
    const chunks = chunksOf(parseSse(text));
    chunks.forEach((c, i) => {
      const last = i === chunks.length - 1;
      assert.equal(c.choices[0].delta.role, 'assistant');
      assert.equal('finish_reason' in c.choices[0], last);
      assert.equal('usage' in c, last);
      if (!last) assert.ok([...c.choices[0].delta.content].length >= 1 && [...c.choices[0].delta.content].length <= 5);
      assert.match(c.id, CHAT_ID);
    });
    assert.equal(new Set(chunks.map((c) => c.id)).size, 1);
    assert.equal(accumulate(chunks).message.content, DEFAULT_REPLY);
  });

  for (const scenario of ['', 'reasoning', 'tools', 'tool-stream', 'reasoning+tool-stream', 'leading-newline', 'finish=length', 'finish=sensitive', 'u2028', 'chunks=60', 'reply=x']) {
    test(`accumulated stream equals the non-stream answer [${scenario || 'default'}]`, async () => {
      const sc = [PIN, scenario].filter(Boolean).join('+');
      const streamed = accumulate(chunksOf(parseSse(await streamText(sc))));
      const json = await (await api(CHAT, { body: chatBody(), scenario: sc })).json();
      assert.equal(json.id, streamed.id);
      assert.equal(json.created, streamed.created);
      assert.equal(json.model, streamed.model);
      assert.deepEqual(json.choices[0].message, streamed.message);
      assert.equal(json.choices[0].finish_reason, streamed.finish_reason);
      assert.deepEqual(json.usage, streamed.usage);
    });
  }

  test('reasoning comes first (Transcript A)', async () => {
    const chunks = chunksOf(parseSse(await streamText('reasoning')));
    assert.deepEqual(Object.keys(chunks[0].choices[0].delta), ['role', 'content', 'reasoning_content']);
    const firstContent = chunks.findIndex((c) => c.choices[0].delta.content);
    assert.ok(chunks.slice(0, firstContent).every((c) => c.choices[0].delta.reasoning_content));
  });

  test('tools: finish_reason tool_calls on the call chunk and the usage chunk (Transcript B)', async () => {
    const chunks = chunksOf(parseSse(await streamText('tools')));
    assert.equal(chunks.length, 2);
    assert.equal(chunks[0].choices[0].finish_reason, 'tool_calls');
    assert.equal(chunks[1].choices[0].finish_reason, 'tool_calls');
    assert.ok(!('usage' in chunks[0]) && 'usage' in chunks[1]);
    const call = chunks[0].choices[0].delta.tool_calls[0];
    assert.deepEqual(Object.keys(call), ['id', 'index', 'type', 'function']);
    assert.equal(call.id, `call_${chunks[0].id}_0`);
  });

  test('tool-stream: fragments by index, two parallel calls (Transcript C)', async () => {
    const chunks = chunksOf(parseSse(await streamText('tool-stream')));
    const frags = chunks.flatMap((c) => c.choices[0].delta.tool_calls ?? []);
    assert.deepEqual([...new Set(frags.map((f) => f.index))], [0, 1]);
    assert.ok(frags.filter((f) => f.id).length === 2, 'id only on the first fragment of each call');
    assert.ok(frags.filter((f) => !f.id).length > 2);
    const acc = accumulate(chunks);
    assert.deepEqual(acc.message.tool_calls.map((c) => JSON.parse(c.function.arguments)), [{ city: 'Beijing' }, { city: 'Shanghai' }]);
    assert.equal(acc.finish_reason, 'tool_calls');
    assert.equal(chunks.filter((c) => c.choices[0].finish_reason).length, 1);
  });

  test('preserved thinking: turn n reasons preservedReasoning(n); earlier turns must come back verbatim', async () => {
    const thinking = { type: 'enabled', clear_thinking: false };
    const r = preservedReasoning(1);
    assert.ok(r !== r.trim() && /[^\x00-\x7f]/.test(r) && r.includes('\n') && r.includes('🤔'), 'trimming or re-encoding would break it');
    const first = accumulate(chunksOf(parseSse(await (await api(CHAT, { body: streamBody({ thinking }) })).text())));
    assert.equal(first.message.reasoning_content, r);
    const turn = (reasoning) => chatBody({
      thinking,
      messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: DEFAULT_REPLY, ...(reasoning !== undefined && { reasoning_content: reasoning }) }, { role: 'user', content: 'More' }],
    });
    const ok = await api(CHAT, { body: turn(r) });
    assert.equal(ok.status, 200);
    assert.equal((await ok.json()).choices[0].message.reasoning_content, preservedReasoning(2));
    for (const [bad, why] of [[undefined, 'missing'], [r.trim(), 'differs'], [preservedReasoning(2), 'differs']]) {
      const res = await api(CHAT, { body: turn(bad) });
      assert.equal(res.status, 400);
      const { error } = await res.json();
      assert.equal(error.code, '1214');
      assert.match(error.message, new RegExp(`^messages\\[1\\]\\.reasoning_content (is )?${why}`));
    }
    // Not checked: clear_thinking left at its default, and assistant messages the mock did not write.
    assert.equal((await api(CHAT, { body: { ...turn(undefined), thinking: { type: 'enabled' } } })).status, 200);
    const foreign = chatBody({ thinking, messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'mine' }, { role: 'user', content: 'x' }] });
    assert.equal((await api(CHAT, { body: foreign })).status, 200);
  });

  test('leading-newline, u2028, chunks=N', async () => {
    assert.equal(chunksOf(parseSse(await streamText('leading-newline')))[0].choices[0].delta.content, '\n');
    const u = await streamText('u2028');
    assert.ok(u.includes('\u2028') && u.includes('\u2029'), 'raw U+2028/U+2029 on the wire');
    const long = chunksOf(parseSse(await streamText('chunks=500')));
    assert.equal(long.length, 501);
    assert.match(accumulate(long).message.content, /🌍.*你好/su);
  });
});

describe('SSE framing scenarios', () => {
  let baseline;
  before(async () => {
    baseline = parseSse(await streamText(PIN));
  });

  // Same events as the plain stream (compared as values: multi-line data differs only in whitespace).
  const values = (events) => events.map((e) => (e.data === '[DONE]' ? e.data : JSON.parse(e.data)));
  const same = async (scenario) => assert.deepEqual(values(parseSse(await streamText(`${PIN}+${scenario}`))), values(baseline));

  test('split;bytes=N delivers identical bytes', async () => {
    const plain = await bytesOf(await api(CHAT, { body: streamBody(), scenario: PIN }));
    for (const n of [1, 2, 7]) {
      const split = await bytesOf(await api(CHAT, { body: streamBody(), scenario: `${PIN}+split;bytes=${n}` }));
      assert.ok(split.equals(plain), `bytes=${n}`);
    }
    const json = await bytesOf(await api(CHAT, { body: chatBody(), scenario: PIN }));
    assert.ok(json.equals(await bytesOf(await api(CHAT, { body: chatBody(), scenario: `${PIN}+split;bytes=3` }))));
  });

  test('split really writes small pieces (raw socket reads)', async () => {
    const sizes = await new Promise((resolve, reject) => {
      const req = http.request(`${base}${CHAT}`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'x-mock-scenario': 'split;bytes=5+delay;ms=2' } }, (res) => {
        const seen = [];
        res.on('data', (d) => seen.push(d.length));
        res.on('end', () => resolve(seen));
      });
      req.on('error', reject);
      req.end(JSON.stringify(streamBody()));
    });
    assert.ok(sizes.length > 50 && Math.max(...sizes) <= 5, `${sizes.length} reads`);
  });

  test('crlf', async () => {
    const text = await streamText('crlf');
    assert.ok(!/[^\r]\n/.test(text) && text.endsWith('data: [DONE]\r\n\r\n'));
    await same('crlf');
  });

  test('cr', async () => {
    const text = await streamText('cr');
    assert.ok(!text.includes('\n') && text.endsWith('data: [DONE]\r\r'));
    await same('cr');
  });

  test('comments, bom, multiline, sse-ids', async () => {
    assert.match(await streamText('comments'), /^: keep-alive\n\ndata: /);
    await same('comments');
    const bom = await bytesOf(await api(CHAT, { body: streamBody(), scenario: 'bom' }));
    assert.deepEqual([...bom.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    await same('bom');
    const multi = await streamText('multiline');
    assert.ok(multi.split('\n\n')[0].split('\n').length > 3, 'several data: lines per event');
    await same('multiline');
    assert.match(await streamText('sse-ids'), /^id: 1\ndata: /);
    await same('split;bytes=1+crlf+comments+multiline+bom');
  });

  test('no-final-blank and no-done', async () => {
    const nfb = await streamText('no-final-blank');
    assert.ok(nfb.endsWith('}\n\ndata: [DONE]\n'));
    const nd = await streamText('no-done');
    assert.ok(!nd.includes('[DONE]') && nd.endsWith('}\n\n'));
    assert.equal(parseSse(nd).length, baseline.length - 1);
  });

  test('big-line;bytes=N', async () => {
    const body = await bytesOf(await api(CHAT, { body: streamBody(), scenario: 'big-line;bytes=5000' }));
    assert.equal(body.length, 5000);
    assert.ok(body.toString().startsWith('data: {"id":') && !body.includes(0x0a));
  });

  test('malformed-chunk: exactly one event is not JSON', async () => {
    const events = parseSse(await streamText('malformed-chunk')).filter((e) => e.data !== '[DONE]');
    const bad = events.filter((e) => {
      try {
        JSON.parse(e.data);
        return false;
      } catch {
        return true;
      }
    });
    assert.equal(bad.length, 1);
    assert.equal(events.length, baseline.length); // one extra event, [DONE] excluded
  });

  test('delay;ms=N spaces the events', async () => {
    const t0 = Date.now();
    const text = await streamText('delay;ms=15');
    assert.ok(Date.now() - t0 >= parseSse(text).length * 15 - 5);
  });
});

// --- errors -------------------------------------------------------------------------------------

describe('error scenarios', () => {
  test('stream-error: event: error after 2 chunks, then [DONE]', async () => {
    const text = await streamText('stream-error');
    const events = parseSse(text);
    assert.equal(events.length, 4);
    const id = JSON.parse(events[0].data).id;
    const msg = 'High concurrency usage of this API, please reduce concurrency or contact customer service to increase limits';
    assert.ok(text.endsWith(`event: error\ndata: {"error":{"code":"1302","message":"${msg}"},"request_id":"${id}"}\n\ndata: [DONE]\n\n`));
  });

  test('stream-error-bare (1113, no event line); code= overrides', async () => {
    const text = await streamText('stream-error-bare');
    assert.ok(!text.includes('event:'));
    assert.equal(JSON.parse(parseSse(text)[2].data).error.code, '1113');
    assert.equal(JSON.parse(parseSse(await streamText('stream-error;code=1305'))[2].data).error.code, '1305');
  });

  test('json-error-200 answers a stream request with JSON', async () => {
    await expectError(await api(CHAT, { body: streamBody(), scenario: 'json-error-200' }), 200, '1113');
  });

  test('status / error with realistic messages', async () => {
    const b = await expectError(await api(CHAT, { body: chatBody(), scenario: 'status=429;code=1302' }), 429, '1302');
    assert.match(b.error.message, /High concurrency/);
    await expectError(await api(CHAT, { body: chatBody(), scenario: 'status=503;code=1305' }), 503, '1305');
    await expectError(await api(CHAT, { body: chatBody(), scenario: 'status=500' }), 500, '500');
    const q = await expectError(await api(CHAT, { body: chatBody(), scenario: 'error=1310' }), 429, '1310');
    assert.match(q.error.message, /reset at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    await expectError(await api(CHAT, { body: chatBody(), scenario: 'status=429;code=1113;message=custom' }), 429, '1113');
  });

  test('retry headers come with errors and are exposed to CORS', async () => {
    const res = await api(CHAT, { body: chatBody(), scenario: 'status=429+retry-after=3+retry-after-ms=2500+should-retry=false', headers: { origin: 'http://app.test' } });
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '3');
    assert.equal(res.headers.get('retry-after-ms'), '2500');
    assert.equal(res.headers.get('x-should-retry'), 'false');
    assert.equal(res.headers.get('access-control-allow-origin'), 'http://app.test');
    assert.match(res.headers.get('access-control-expose-headers'), /retry-after-ms.*x-should-retry/);
    const ok = await api(CHAT, { body: chatBody(), scenario: 'retry-after=3' });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('retry-after'), null);
  });

  test('fail-times=N: per tag, then success; log timestamps', async () => {
    const scenario = 'status=503;code=1305+fail-times=2';
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await api(CHAT, { body: chatBody(), scenario, tag: 'ft-a' })).status);
    assert.deepEqual(statuses, [503, 503, 200]);
    assert.equal((await api(CHAT, { body: chatBody(), scenario, tag: 'ft-b' })).status, 503);
    const log = await logFor('ft-a');
    assert.deepEqual(log.map((e) => e.status), [503, 503, 200]);
    assert.ok(log[0].t <= log[1].t && log[1].t <= log[2].t && log.every((e) => e.tEnd >= e.t));
  });

  test('html-502', async () => {
    const res = await api(CHAT, { body: chatBody(), scenario: 'html-502' });
    assert.equal(res.status, 502);
    assert.equal(res.headers.get('content-type'), 'text/html');
    assert.match(await res.text(), /<h1>502 Bad Gateway<\/h1>/);
  });

  test('drop-before-headers', async () => {
    await assert.rejects(api(CHAT, { body: chatBody(), scenario: 'drop-before-headers', tag: 'dbh' }));
    await sleep(20);
    const [entry] = await logFor('dbh');
    assert.equal(entry.dropped, true);
    assert.equal(entry.aborted, false);
  });

  test('stream-drop;after=N', async () => {
    const res = await api(CHAT, { body: streamBody(), scenario: 'stream-drop;after=3' });
    assert.equal(res.status, 200);
    const { bytes, error } = await readUntilError(res);
    assert.ok(error, 'the body ends with a transport error');
    assert.equal(parseSse(bytes.toString()).length, 3);
  });

  test('drop-mid-utf8 cuts a character in half', async () => {
    const res = await api(CHAT, { body: streamBody(), scenario: 'drop-mid-utf8' });
    const { bytes, error } = await readUntilError(res);
    assert.ok(error);
    assert.ok(bytes.at(-1) >= 0xc0, 'last byte is the lead byte of a multi-byte character');
  });

  test('hang-headers: the client gives up; log says aborted', async () => {
    await assert.rejects(api(CHAT, { body: chatBody(), scenario: 'hang-headers', tag: 'hh', signal: AbortSignal.timeout(150) }));
    await sleep(50);
    const [entry] = await logFor('hh');
    assert.equal(entry.aborted, true);
    assert.equal(entry.status, null);
  });

  test('hang-body: headers and one event, then silence', async () => {
    const ac = new AbortController();
    const res = await api(CHAT, { body: streamBody(), scenario: 'hang-body', tag: 'hb', signal: ac.signal });
    const reader = res.body.getReader();
    const first = await reader.read();
    assert.match(Buffer.from(first.value).toString(), /^data: \{/);
    const next = await Promise.race([reader.read().then(() => 'data'), sleep(150).then(() => 'silent')]);
    assert.equal(next, 'silent');
    ac.abort();
    await sleep(50);
    assert.equal((await logFor('hb'))[0].aborted, true);
  });

  test('wait=ms delays the headers', async () => {
    const t0 = Date.now();
    await (await api(CHAT, { body: chatBody(), scenario: 'wait=80' })).json();
    assert.ok(Date.now() - t0 >= 75);
  });

  test('unknown scenario names are rejected', async () => {
    const body = await expectError(await api(CHAT, { body: chatBody(), scenario: 'strem-drop' }), 400, 'mock-scenario');
    assert.match(body.error.message, /strem-drop/);
  });

  test('path form of a scenario', async () => {
    const res = await api(`/s/${encodeURIComponent('status=429;code=1303')}${CHAT}`, { body: chatBody() });
    await expectError(res, 429, '1303');
    const res2 = await api(`/s/reply=caf%C3%A9;split;bytes=1${CHAT}`, { body: chatBody() });
    assert.equal((await res2.json()).choices[0].message.content, 'café');
  });
});

// --- validation and auth ------------------------------------------------------------------------

describe('validation and auth', () => {
  test('unknown path -> 404, wrong method -> 405', async () => {
    await expectError(await api('/api/paas/v4/nope', { body: {} }), 404, '1222');
    const res = await api(CHAT, { method: 'GET' });
    await expectError(res, 405, '1222');
    assert.equal(res.headers.get('allow'), 'POST');
  });

  test('chat validation', async () => {
    await expectError(await api(CHAT, { body: { messages: [{ role: 'user', content: 'x' }] } }), 400, '1213');
    await expectError(await api(CHAT, { body: chatBody({ messages: [] }) }), 400, '1214');
    await expectError(await api(CHAT, { body: chatBody({ model: 'unknown-model' }) }), 400, '1211');
    await expectError(await api(CHAT, { body: chatBody({ temperature: 1.5 }) }), 400, '1214');
    await expectError(await api(CHAT, { body: chatBody({ messages: [{ role: 'system', content: 'x' }] }) }), 400, '1214');
    await expectError(await api(CHAT, { raw: '{"model":', headers: { 'content-type': 'application/json' } }), 400, '1210');
  });

  test('auth: 1001 / 1002', async () => {
    await expectError(await api(CHAT, { body: chatBody(), auth: null }), 401, '1001');
    await expectError(await api(CHAT, { body: chatBody(), auth: 'Bearer ' }), 401, '1001');
    const b = await expectError(await api(CHAT, { body: chatBody(), auth: 'Bearer invalid.key' }), 401, '1002');
    assert.match(b.error.message, /Authorization Token is invalid/);
  });

  test('JWT: valid (with or without Bearer), bad signature, expired, unknown key', async () => {
    const now = Date.now();
    const good = jwt({ api_key: 'test-id', exp: now + 210000, timestamp: now }, 'test-secret');
    assert.equal((await api(CHAT, { body: chatBody(), auth: `Bearer ${good}` })).status, 200);
    assert.equal((await api(CHAT, { body: chatBody(), auth: good })).status, 200);
    const bad = jwt({ api_key: 'test-id', exp: now + 210000, timestamp: now }, 'wrong');
    await expectError(await api(CHAT, { body: chatBody(), auth: `Bearer ${bad}` }), 401, '1002');
    const expired = jwt({ api_key: 'test-id', exp: now - 1, timestamp: now - 300000 }, 'test-secret');
    await expectError(await api(CHAT, { body: chatBody(), auth: `Bearer ${expired}` }), 401, '1003');
    const seconds = jwt({ api_key: 'test-id', exp: Math.floor(now / 1000) + 180, timestamp: now }, 'test-secret');
    await expectError(await api(CHAT, { body: chatBody(), auth: `Bearer ${seconds}` }), 401, '1003');
    const stranger = jwt({ api_key: 'who', exp: now + 1000 }, 'test-secret');
    await expectError(await api(CHAT, { body: chatBody(), auth: `Bearer ${stranger}` }), 401, '1002');
  });
});

// --- CORS ---------------------------------------------------------------------------------------

describe('CORS', () => {
  test('preflight', async () => {
    const res = await fetch(base + CHAT, {
      method: 'OPTIONS',
      headers: { origin: 'http://app.test', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-mock-scenario' },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), 'http://app.test');
    assert.match(res.headers.get('access-control-allow-methods'), /POST/);
    assert.equal(res.headers.get('access-control-allow-headers'), 'authorization,content-type,x-mock-scenario');
    assert.ok(Number(res.headers.get('access-control-max-age')) > 0);
    assert.ok(res.headers.get('x-request-id'));
  });

  test('every response carries CORS headers, /__mock too', async () => {
    for (const res of [await api(CHAT, { body: chatBody(), auth: null }), await fetch(`${base}/__mock/log`)]) {
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
      assert.match(res.headers.get('access-control-expose-headers'), /x-request-id/);
    }
    const pre = await fetch(`${base}/__mock/reset`, { method: 'OPTIONS', headers: { origin: 'http://a.test', 'access-control-request-method': 'POST' } });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), 'http://a.test');
  });

  test('cors-broken (path form, as a preflight carries no custom headers)', async () => {
    const res = await fetch(`${base}/s/cors-broken${CHAT}`, { method: 'OPTIONS', headers: { origin: 'http://app.test', 'access-control-request-method': 'POST' } });
    assert.equal(res.status, 200);
    assert.deepEqual([...res.headers.keys()].filter((k) => k.startsWith('access-control-')), []);
    assert.ok(res.headers.get('x-request-id'));
  });
});

// --- other routes -------------------------------------------------------------------------------

describe('files (multipart)', () => {
  test('FormData upload with a non-ASCII filename; the log shows the parts', async () => {
    const form = new FormData();
    form.append('purpose', 'agent');
    form.append('file', new Blob(['hello 世界'], { type: 'text/plain' }), '报告 "Q3" ☃.txt');
    const res = await fetch(`${base}/api/paas/v4/files`, { method: 'POST', body: form, headers: { authorization: `Bearer ${KEY}`, 'x-mock-tag': 'up' } });
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.equal(body.filename, '报告 "Q3" ☃.txt');
    assert.equal(body.bytes, Buffer.byteLength('hello 世界'));
    assert.equal(body.purpose, 'agent');
    assert.equal(body.object, 'file');
    assert.match(body.id, /^file-\d{14}-[0-9a-f]{6}$/);
    const [entry] = await logFor('up');
    assert.deepEqual(entry.parts, [
      { name: 'purpose', filename: null, contentType: null, size: 5, text: 'agent' },
      { name: 'file', filename: '报告 "Q3" ☃.txt', contentType: 'text/plain', size: body.bytes, text: 'hello 世界' },
    ]);
  });

  test("RFC 5987 filename* wins over filename", async () => {
    const raw =
      '--XyZ\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nagent\r\n' +
      `--XyZ\r\nContent-Disposition: form-data; name="file"; filename="fallback.txt"; filename*=UTF-8''${encodeURIComponent('词汇表.xlsx')}\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n\x00\x01\x02\r\n--XyZ--\r\n';
    const res = await api('/api/paas/v4/files', { raw, headers: { 'content-type': 'multipart/form-data; boundary="XyZ"' } });
    const body = await res.json();
    assert.equal(body.filename, '词汇表.xlsx');
    assert.equal(body.bytes, 3);
  });

  test('missing parts -> 1213', async () => {
    const form = new FormData();
    form.append('purpose', 'agent');
    const res = await fetch(`${base}/api/paas/v4/files`, { method: 'POST', body: form, headers: { authorization: `Bearer ${KEY}` } });
    await expectError(res, 400, '1213');
  });
});

describe('async tasks', () => {
  const poll = async (id) => (await api(`/api/paas/v4/async-result/${id}`, { method: 'GET' })).json();

  test('video: PROCESSING twice, then SUCCESS', async () => {
    const submit = await (await api('/api/paas/v4/videos/generations', { body: { model: 'cogvideox-3', prompt: 'a cat', image_url: null, request_id: 'vid-req-0001' } })).json();
    assert.deepEqual(Object.keys(submit).sort(), ['id', 'model', 'request_id', 'task_status']);
    assert.equal(submit.task_status, 'PROCESSING');
    assert.equal(submit.request_id, 'vid-req-0001');
    for (let i = 0; i < 2; i++) {
      const r = await poll(submit.id);
      assert.equal(r.task_status, 'PROCESSING');
      assert.ok(!('video_result' in r));
    }
    const done = await poll(submit.id);
    assert.equal(done.task_status, 'SUCCESS');
    assert.match(done.video_result[0].url, /\.mp4$/);
    assert.ok(done.video_result[0].cover_image_url);
    assert.equal((await fetch(done.video_result[0].cover_image_url)).headers.get('content-type'), 'image/png');
  });

  test('image (polls=0) and chat (polls=1); task-fail; unknown id', async () => {
    const img = await (await api('/api/paas/v4/async/images/generations', { body: { model: 'glm-image', prompt: 'x' }, scenario: 'polls=0' })).json();
    const imgDone = await poll(img.id);
    assert.equal(imgDone.task_status, 'SUCCESS');
    assert.equal(imgDone.image_result.length, 1);

    const chat = await (await api('/api/paas/v4/async/chat/completions', { body: chatBody(), scenario: 'polls=1' })).json();
    assert.match(chat.id, CHAT_ID);
    assert.equal((await poll(chat.id)).task_status, 'PROCESSING');
    const chatDone = await poll(chat.id);
    assert.equal(chatDone.choices[0].message.content, DEFAULT_REPLY);
    assert.ok(chatDone.usage.total_tokens > 0);

    const failing = await (await api('/api/paas/v4/videos/generations', { body: { model: 'cogvideox-3', prompt: 'x' }, scenario: 'task-fail;polls=0' })).json();
    const failed = await poll(failing.id);
    assert.equal(failed.task_status, 'FAIL');
    assert.ok(!('video_result' in failed));

    await expectError(await api('/api/paas/v4/async-result/123', { method: 'GET' }), 404, '1214');
  });
});

describe('agents', () => {
  const AGENTS = '/api/v1/agents';
  const msg = (text) => [{ role: 'user', content: [{ type: 'text', text }] }];

  test('general_translation, JSON and SSE agree', async () => {
    const body = { agent_id: 'general_translation', messages: msg('The weather is lovely today.'), custom_variables: { target_lang: 'zh-CN' } };
    const json = await (await api(AGENTS, { body: { ...body, stream: false } })).json();
    assert.equal(json.choices[0].messages[0].content.text, '今天天气真好。');
    assert.equal(json.status, 'success');
    assert.equal(json.usage.total_calls, 1);
    const events = chunksOf(parseSse(await (await api(AGENTS, { body: { ...body, stream: true } })).text()));
    assert.equal(events.map((c) => c.choices[0].delta.content.text).join(''), '今天天气真好。');
    assert.equal(events.at(-1).choices[0].finish_reason, 'stop');
    assert.ok(events.every((c) => c.agent_id === 'general_translation'));
  });

  test('vidu_template_agent: pending, then success (SDK path mirror too)', async () => {
    const submit = await (await api('/api/paas/v4/v1/agents', { body: { agent_id: 'vidu_template_agent', messages: msg('dance'), custom_variables: { template: 'bodyshake' } } })).json();
    assert.equal(submit.status, 'pending');
    const poll = async () => (await api(`${AGENTS}/async-result`, { body: { agent_id: 'vidu_template_agent', async_id: submit.async_id } })).json();
    assert.equal((await poll()).status, 'pending');
    assert.equal((await poll()).status, 'pending');
    const done = await poll();
    assert.equal(done.status, 'success');
    assert.equal(done.choices[0].message[0].content[0].type, 'video_url');
    const missingTask = await api(`${AGENTS}/async-result`, { body: { agent_id: 'vidu_template_agent', async_id: 'nope' } });
    assert.equal(missingTask.status, 404);
    assert.equal((await missingTask.json()).status, 'failed');
  });

  test('slides_glm_agent and conversation export; unknown agent', async () => {
    const json = await (await api(AGENTS, { body: { agent_id: 'slides_glm_agent', stream: false, messages: msg('Q3 results') } })).json();
    assert.deepEqual(json.choices[0].message.map((m) => m.phase), ['thinking', 'tool', 'answer']);
    const stream = chunksOf(parseSse(await (await api(AGENTS, { body: { agent_id: 'slides_glm_agent', stream: true, messages: msg('Q3') } })).text()));
    assert.equal(stream.length, 3);
    const conv = await (await api(`${AGENTS}/conversation`, { body: { agent_id: 'slides_glm_agent', conversation_id: json.conversation_id, custom_variables: { include_pdf: true, pages: [{ position: 1, width: 960, height: 540 }] } } })).json();
    assert.deepEqual(conv.choices[0].message[0].content.map((c) => c.type), ['file_url', 'image_url']);
    const bad = await api(AGENTS, { body: { agent_id: 'nope', messages: msg('x') } });
    assert.equal(bad.status, 400);
    assert.deepEqual((await bad.json()).status, 'failed');
  });
});

describe('tool endpoints', () => {
  test('embeddings, tokenizer, reader, layout_parsing, web_search, images', async () => {
    const emb = await (await api('/api/paas/v4/embeddings', { body: { model: 'embedding-3', input: ['a', 'b'], dimensions: 256 } })).json();
    assert.equal(emb.data.length, 2);
    assert.equal(emb.data[0].embedding.length, 256);
    const again = await (await api('/api/paas/v4/embeddings', { body: { model: 'embedding-3', input: 'a', dimensions: 256 } })).json();
    assert.deepEqual(again.data[0].embedding, emb.data[0].embedding, 'deterministic');

    const tok = await (await api('/api/paas/v4/tokenizer', { body: { model: 'glm-4.6', messages: [{ role: 'user', content: 'hi' }] } })).json();
    assert.ok(tok.usage.total_tokens > 0);

    const rd = await (await api('/api/paas/v4/reader', { body: { url: 'https://example.com' } })).json();
    assert.equal(rd.reader_result.url, 'https://example.com');
    await expectError(await api('/api/paas/v4/reader', { body: { url: null } }), 400, '1213');

    const lp = await (await api('/api/paas/v4/layout_parsing', { body: { model: 'glm-ocr', file: 'https://example.com/a.png' } })).json();
    assert.equal(lp.data_info.num_pages, 1);

    const ws = await (await api('/api/paas/v4/web_search', { body: { search_engine: 'search-prime', search_query: 'GLM', count: 3 } })).json();
    assert.equal(ws.search_result.length, 3);
    assert.equal(ws.search_result[0].refer, 'ref_1');

    const im = await (await api('/api/paas/v4/images/generations', { body: { model: 'glm-image', prompt: 'cat' } })).json();
    assert.equal(im.data.length, 1);
  });

  test('audio transcription: JSON and SSE', async () => {
    const form = () => {
      const f = new FormData();
      f.append('model', 'glm-asr-2512');
      f.append('file', new Blob([new Uint8Array([82, 73, 70, 70])]), 'a.wav');
      return f;
    };
    const headers = { authorization: `Bearer ${KEY}` };
    const json = await (await fetch(`${base}/api/paas/v4/audio/transcriptions`, { method: 'POST', body: form(), headers })).json();
    assert.match(json.text, /test recording/);
    const f = form();
    f.append('stream', 'true');
    const res = await fetch(`${base}/api/paas/v4/audio/transcriptions`, { method: 'POST', body: f, headers });
    assert.equal(res.headers.get('content-type'), 'text/event-stream');
    const events = parseSse(await res.text());
    assert.equal(events.at(-1).data, '[DONE]');
    const chunks = chunksOf(events);
    assert.equal(chunks.at(-1).type, 'transcript.text.done');
    assert.equal(chunks.slice(0, -1).map((c) => c.delta).join(''), json.text);
  });
});

// --- log ----------------------------------------------------------------------------------------

describe('log', () => {
  test('fields, tags, since, reset', async () => {
    await api(`${CHAT}?x=1`, { body: chatBody(), tag: 'lg', scenario: 'reply=z' });
    await api(CHAT, { body: chatBody(), scenario: 'tag=lg2' });
    const [entry] = await logFor('lg');
    assert.equal(entry.method, 'POST');
    assert.equal(entry.path, CHAT);
    assert.deepEqual(entry.query, { x: '1' });
    assert.equal(entry.headers['x-mock-tag'], 'lg');
    assert.deepEqual(entry.json, chatBody());
    assert.equal(entry.body, JSON.stringify(chatBody()));
    assert.equal(entry.scenario, 'reply=z');
    assert.equal(entry.status, 200);
    assert.equal(entry.aborted, false);
    assert.equal(typeof entry.t, 'number');
    assert.equal((await logFor('lg2')).length, 1);

    const all = await (await fetch(`${base}/__mock/log`)).json();
    const since = await (await fetch(`${base}/__mock/log?since=${all.at(-2).seq}`)).json();
    assert.equal(since.length, 1);
    assert.equal(mock.log.length, all.length, 'mock.log is the live array');

    assert.equal((await fetch(`${base}/__mock/reset`, { method: 'POST' })).status, 200);
    assert.deepEqual(await (await fetch(`${base}/__mock/log`)).json(), []);
    assert.equal(mock.log.length, 0);
  });
});

// --- documentation stays in sync ----------------------------------------------------------------

test('every scenario is documented in the file header and in docs/MOCK.md', () => {
  const source = readFileSync(SERVER_FILE, 'utf8');
  const header = source.slice(0, source.indexOf('\nimport '));
  const doc = readFileSync(MOCK_DOC, 'utf8');
  for (const name of Object.keys(SCENARIOS)) {
    const esc = name.replace(/[-]/g, '\\-');
    assert.match(header, new RegExp(`^ \\*   (?:\\S+ / )?${esc}(?=[=;\\s/])`, 'm'), `header documents ${name}`);
    assert.match(doc, new RegExp(`\`${esc}(?=[=;\`\\s])`), `MOCK.md documents ${name}`);
  }
});
