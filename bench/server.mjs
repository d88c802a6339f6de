// The benchmark's local server (node:http, 127.0.0.1): the bench page and its bundles, and a
// deterministic Z.AI chat API at /api/paas/v4/chat/completions, so every contender reaches the
// same URL through its own `baseURL` option, from the page's own origin (no CORS involved).
//
// The scenario is chosen by the request body, never by headers or the URL, so all contenders send
// the same request: the last user message is "bench:<scenario>".
//
//   content   20 000 chat chunks of mixed ASCII / CJK / emoji text (~3 MB of SSE), written in
//             4 KiB pieces as fast as the socket drains: pieces split events and UTF-8 sequences.
//   paced     the first 4 000 of those chunks, 4 events per write, writes 1 ms apart (a Node timer):
//             the page gets one small read per write (~600 B), the shape of a real LLM stream.
//             (A setImmediate() gap does not pace: Node writes faster than the page reads, the
//             data piles up in the browser and the page gets a handful of 0.5 MB reads, exactly
//             like "content". The 1 ms gap makes one stream last ~1.2 s, hence fewer chunks.)
//   short     20 chunks (the memory soak).
//   (stream: false) one chat completion JSON, the same for every call (per-call overhead test).
//
// Chunks have the shape the mock (tests/mock/server.mjs) and the real service send:
//   data: {"id":..,"created":..,"model":"glm-4.6","choices":[{"index":0,"delta":{"role":"assistant","content":".."}}]}
// then a last chunk with finish_reason "stop", an empty content and usage, then `data: [DONE]`.
//
// Standalone: `node bench/server.mjs [--port N] [--www DIR]` serves DIR (default target/bench/www,
// written by bench/run.mjs) and prints its URL.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const API_PATH = '/api/paas/v4/chat/completions';

const ID = '2025112516000001bench';
const CREATED = 1764086400;
const MODEL = 'glm-4.6';
const PIECE = 4096; // bytes per write in the "content" scenario
const PACED_EVENTS = 4; // events per write in the "paced" scenario
const PACED_GAP_MS = 1; // between writes in the "paced" scenario

// ---------------------------------------------------------------------------------------------
// Deterministic text
// ---------------------------------------------------------------------------------------------

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Words of three kinds, drawn so the stream is roughly half ASCII, a third CJK and the rest emoji
// by characters. Some need JSON escapes (newline, quote, backslash, tab); emoji include surrogate
// pairs, a skin-tone modifier and a ZWJ family (several code points in one glyph).
const ASCII = ['the ', 'stream ', 'WebAssembly ', 'token ', 'of ', 'and ', 'GLM ', 'chunk, ', 'data. ',
  'is ', 'a ', 'fast ', 'model ', 'answer ', '42 ', 'x = y + 1; ', '\n', '"quoted" ', 'C:\\path ', '\t'];
const CJK = ['你好', '世界', '流式', '传输', '数据', '模型', '，', '。', '智谱', '清华', 'こんにちは', '한국어', '「引用」'];
const EMOJI = ['🌍', '🚀', '👍🏽', '👨‍👩‍👧', '🎉', '✨', '🦀', '😀'];

/** `n` content strings of 1-4 words each. */
export function contentPieces(n, seed = 9) {
  const rnd = mulberry32(seed);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    const words = 1 + Math.floor(rnd() * 4);
    let s = '';
    for (let w = 0; w < words; w++) {
      const r = rnd();
      s += r < 0.55 ? pick(ASCII) : r < 0.9 ? pick(CJK) : pick(EMOJI);
    }
    out[i] = s;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Streams and answers
// ---------------------------------------------------------------------------------------------

function usage(completionTokens) {
  return { prompt_tokens: 8, completion_tokens: completionTokens, total_tokens: 8 + completionTokens, prompt_tokens_details: { cached_tokens: 0 } };
}

/** The SSE events (each `data: ...\n\n`, as Buffers) of a stream whose content pieces are `pieces`. */
function sseEvents(pieces) {
  const head = { id: ID, created: CREATED, model: MODEL };
  const events = pieces.map((content) =>
    Buffer.from(`data: ${JSON.stringify({ ...head, choices: [{ index: 0, delta: { role: 'assistant', content } }] })}\n\n`));
  const last = { ...head, choices: [{ index: 0, finish_reason: 'stop', delta: { role: 'assistant', content: '' } }], usage: usage(pieces.length) };
  events.push(Buffer.from(`data: ${JSON.stringify(last)}\n\n`));
  events.push(Buffer.from('data: [DONE]\n\n'));
  return events;
}

const sum = (bufs) => bufs.reduce((n, b) => n + b.length, 0);

/** Cut `buf` into `size`-byte slices (views, no copy). */
function slices(buf, size) {
  const out = [];
  for (let off = 0; off < buf.length; off += size) out.push(buf.subarray(off, Math.min(off + size, buf.length)));
  return out;
}

/** Group events `k` per write. */
function groups(events, k) {
  const out = [];
  for (let i = 0; i < events.length; i += k) out.push(Buffer.concat(events.slice(i, i + k)));
  return out;
}

/**
 * Everything the server sends and the runner checks against, built once (deterministic).
 * `expected[scenario]` = { content, chunks, bytes, writes } where `chunks` counts the JSON chunks
 * a client yields (content chunks plus the final usage chunk; [DONE] is not a chunk).
 */
export function buildData({ chunks = 20_000, pacedChunks = 4_000, shortChunks = 20 } = {}) {
  const long = contentPieces(chunks);
  const longEvents = sseEvents(long);
  const longBody = Buffer.concat(longEvents);
  const paced = long.slice(0, pacedChunks);
  const pacedEvents = sseEvents(paced);
  const short = contentPieces(shortChunks, 7);
  const shortEvents = sseEvents(short);
  const answer = contentPieces(40, 11).join('');
  const completion = Buffer.from(JSON.stringify({
    id: ID,
    request_id: ID,
    created: CREATED,
    model: MODEL,
    choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: answer } }],
    usage: usage(40),
  }));
  const streams = {
    content: { writes: slices(longBody, PIECE), pace: false },
    paced: { writes: groups(pacedEvents, PACED_EVENTS), pace: true },
    short: { writes: [Buffer.concat(shortEvents)], pace: false },
  };
  const expected = {
    content: { content: long.join(''), chunks: long.length + 1, bytes: longBody.length, writes: streams.content.writes.length },
    paced: { content: paced.join(''), chunks: paced.length + 1, bytes: sum(pacedEvents), writes: streams.paced.writes.length },
    short: { content: short.join(''), chunks: short.length + 1, bytes: streams.short.writes[0].length, writes: 1 },
    nonstream: { content: answer, bytes: completion.length },
  };
  return { streams, completion, expected };
}

// ---------------------------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------------------------

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

function readBody(req) {
  return new Promise((resolve, reject) => {
    const parts = [];
    req.on('data', (d) => parts.push(d));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

/** Writes `writes` to `res`, waiting for 'drain' when the socket is full; paced: PACED_GAP_MS between writes. */
async function sendStream(res, { writes, pace }) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-request-id': ID });
  let closed = false;
  res.on('close', () => (closed = true));
  for (const w of writes) {
    if (closed) return;
    if (!res.write(w)) {
      await new Promise((ok) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          ok();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
    if (pace) await new Promise((ok) => setTimeout(ok, PACED_GAP_MS));
  }
  res.end();
}

function sendJson(res, status, body) {
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': buf.length, 'x-request-id': ID });
  res.end(buf);
}

/**
 * Starts the server. `www` is the directory served at / (page, bundles, the pkg/ snapshot under
 * /pkg/). Resolves to { url, data, counts, close() }; `counts` tallies API requests per scenario.
 */
export async function startServer({ port = 0, www = path.join(ROOT, 'target', 'bench', 'www'), data = buildData() } = {}) {
  const counts = {};
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://127.0.0.1');
      if (req.method === 'OPTIONS') {
        // Only reached if the page is served from another origin; the bench never does that.
        res.writeHead(204, {
          'access-control-allow-origin': req.headers.origin || '*',
          'access-control-allow-methods': 'GET, POST, OPTIONS',
          'access-control-allow-headers': req.headers['access-control-request-headers'] || '*',
          'access-control-max-age': '600',
        });
        return res.end();
      }
      if (req.headers.origin) res.setHeader('access-control-allow-origin', req.headers.origin);
      if (url.pathname === API_PATH && req.method === 'POST') {
        let body;
        try {
          body = JSON.parse(await readBody(req));
        } catch {
          return sendJson(res, 400, { error: { code: '1214', message: 'bench server: body is not JSON' } });
        }
        const last = Array.isArray(body.messages) ? body.messages[body.messages.length - 1] : undefined;
        const scenario = typeof last?.content === 'string' && last.content.startsWith('bench:') ? last.content.slice(6) : '';
        if (body.stream === true) {
          const s = data.streams[scenario];
          if (!s) return sendJson(res, 400, { error: { code: '1214', message: `bench server: unknown scenario "${scenario}"` } });
          counts[scenario] = (counts[scenario] || 0) + 1;
          return await sendStream(res, s);
        }
        counts.nonstream = (counts.nonstream || 0) + 1;
        return sendJson(res, 200, data.completion);
      }
      if (req.method !== 'GET') return sendJson(res, 405, { error: { message: 'method not allowed' } });
      if (url.pathname === '/favicon.ico') {
        res.writeHead(204, { 'cache-control': 'no-store' });
        return res.end();
      }
      if (url.pathname.startsWith('/expected/')) {
        const e = data.expected[url.pathname.slice('/expected/'.length)];
        if (!e) return sendJson(res, 404, { error: { message: 'no such scenario' } });
        return sendJson(res, 200, e);
      }
      let file = path.join(www, decodeURIComponent(url.pathname));
      if (!path.resolve(file).startsWith(path.resolve(www))) return sendJson(res, 403, { error: { message: 'forbidden' } });
      if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
      if (!fs.existsSync(file)) return sendJson(res, 404, { error: { message: `not found: ${url.pathname}` } });
      const buf = fs.readFileSync(file);
      // no-store: every fresh page of the start-up test loads the modules and the .wasm cold.
      // COOP + COEP make the pages cross-origin isolated, so performance.now() has 5 us resolution
      // instead of 100 us (everything they load is same-origin).
      res.writeHead(200, {
        'content-type': MIME[path.extname(file)] || 'application/octet-stream',
        'content-length': buf.length,
        'cache-control': 'no-store',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-embedder-policy': 'require-corp',
      });
      res.end(buf);
    } catch (err) {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(err?.message || err) } });
      else res.destroy();
    }
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', ok);
  });
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    data,
    counts,
    close: () => new Promise((ok) => {
      server.closeAllConnections?.();
      server.close(() => ok());
    }),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name, dflt) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : dflt;
  };
  const www = path.resolve(arg('--www', path.join(ROOT, 'target', 'bench', 'www')));
  if (!fs.existsSync(path.join(www, 'index.html'))) console.error(`note: ${www}/index.html is missing (bench/run.mjs writes it)`);
  const s = await startServer({ port: Number(arg('--port', 0)), www });
  const e = s.data.expected;
  console.log(`bench server listening on ${s.url} (content: ${e.content.chunks} chunks, ${e.content.bytes} B in ${e.content.writes} writes; ` +
    `paced: ${e.paced.chunks} chunks in ${e.paced.writes} writes)`);
  const stop = () => s.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
