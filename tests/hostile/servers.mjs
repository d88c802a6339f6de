// Hostile HTTP servers for the hostile-server suite (tests/hostile/*.test.mjs): plain node:http,
// no mock. They run in a child process, so the client's memory figures are not mixed with the
// servers' and an Object.prototype polluted by a test cannot reach them.
//
//   node tests/hostile/servers.mjs --serve  -> prints one JSON line {url, attacker, apis}; serves until
//                                             killed or its stdin closes
//   import { startServers } from './servers.mjs';
//   const s = await startServers();  // { url, attacker, apis, stats(tag?), waitClosed(), stop() }
//
// The main server (one origin for the browser page, the package and the API, so no CORS is needed
// there; it sends permissive CORS headers anyway):
//   GET  /__stats[?tag=T]   {hits, tagHits, open, openSpecs, closedEarly, lastAuthorization, attackerHits, corruptWasm}
//   GET  /blank.html        an empty page;  /pkg/<file>: the built package;  /hostile/<file>: this dir
//   GET  /pkg-corrupt/<f>   the package, whose first .wasm answer is corrupt bytes (200 application/wasm)
//   any other request       the API: a normal chat answer (SSE when the body asks stream:true), or
//                           the hostile case named by the `x-hostile: <case>;k=v;...` request header
//                           (values URI-encoded; `tag=T` counts the request under T in /__stats):
//     endless    status=200 [type]: `{"choices":[{"message":{"content":"aaaa…` forever (backpressure kept)
//     bomb       mib=256: gzip (content-encoding) of a JSON body inflating to `mib` MiB
//     echo-auth  status=401 what=header|token|secret [secret=S]: the credential echoed in message and body;
//                kind=sse-error|sse-chunk: a 200 event stream whose second event is an error event
//                echoing it, or a chunk that is not JSON echoing it
//     utf8       kind=json|sse: invalid UTF-8 (INVALID_UTF8) in the content, written a few bytes at a time
//     deep       kind=answer|error|sse n=100000: n-deep JSON arrays before the payload
//     proto      kind=answer|sse|error: `__proto__` / `constructor.prototype` keys in the payload
//     retry-after status=503 [ra=Retry-After] [ms=retry-after-ms] [fail=N, with tag]: fails N times, then answers
//     sse-line   one chunk, then a `data:` line that never ends
//     sse-comment one chunk, then an event left open (`data: {…}` and its line end) followed by a
//                comment line that never ends
//     sse-empty  kib=K: one event of K KiB of empty `data:`/`data` lines (its data is only line
//                ends: no chunk), then a normal chunk and [DONE]
//     choices    n=N: one chunk with N choices in descending `index` order, then a chunk with a
//                finish_reason and [DONE]
//     stream     chunks=N every=ms: a normal chat stream, one chunk every `ms`
//     stall      at=head|body: sends nothing, or the head and the start of a JSON body, then nothing
//                (the response stays open until the client leaves)
//     bad-json   a 200 application/json body that is not JSON
// `apis`: 40 more servers with the same routes on other ports (other origins: CORS applies), for
// the 200 concurrent streams (a browser opens at most 6 connections per origin).
// The attacker server counts every request it gets (CORS-permissive, answers content "ATTACKER").
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { INVALID_UTF8, ANSWER } from './cases.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const PKG = path.join(ROOT, 'pkg');

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
  'access-control-expose-headers': 'retry-after, retry-after-ms, x-request-id, x-should-retry',
  'access-control-max-age': '600',
};

const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json' };

/** The chat completion the normal endpoint answers (content ANSWER). */
export function completion(content = ANSWER, extra = '') {
  return `{"id":"hostile-1","object":"chat.completion","created":1700000000,"model":"glm-4.6",` +
    `"choices":[{"index":0,"message":{"role":"assistant","content":${JSON.stringify(content)}},` +
    `"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}${extra}}`;
}

function chunk(content, extra = '') {
  return `{"id":"hostile-s","object":"chat.completion.chunk","created":1700000000,"model":"glm-4.6",` +
    `"choices":[{"index":0,"delta":{"content":${JSON.stringify(content)}}}]${extra}}`;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const EXTRA_PORTS = 40;

/** Resolves when `res` can take more, or is gone. */
function drained(res) {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** Writes `piece` until the client goes away, honouring backpressure. */
async function forever(res, piece) {
  while (!res.destroyed && !res.writableEnded) {
    if (!res.write(piece)) await drained(res);
  }
}

/** Writes `bytes` a few at a time, a macrotask apart (so reads split multi-byte sequences). */
async function dribble(res, bytes, size = 3) {
  for (let i = 0; i < bytes.length && !res.destroyed; i += size) {
    res.write(bytes.subarray(i, i + size));
    await new Promise((r) => setImmediate(r));
  }
}

const bombs = new Map();
/** gzip of `{"pad":"    …"}` inflating to `mib` MiB, built once per size. */
function bomb(mib) {
  if (!bombs.has(mib)) {
    const gz = zlib.createGzip({ level: 9 });
    const parts = [];
    gz.on('data', (d) => parts.push(d));
    const done = new Promise((r) => gz.on('end', r));
    const block = Buffer.alloc(1 << 20, 0x20);
    gz.write('{"pad":"');
    for (let i = 0; i < mib; i++) gz.write(block);
    gz.end('"}');
    bombs.set(mib, done.then(() => Buffer.concat(parts)));
  }
  return bombs.get(mib);
}

function deepArrays(n) {
  return '['.repeat(n) + ']'.repeat(n);
}

function parseSpec(h) {
  if (!h) return null;
  const [name, ...rest] = String(h).split(';');
  const o = { name };
  for (const kv of rest) {
    const at = kv.indexOf('=');
    if (at > 0) o[kv.slice(0, at)] = decodeURIComponent(kv.slice(at + 1));
  }
  return o;
}

export function createServers() {
  const state = { hits: {}, open: 0, closedEarly: 0, lastAuthorization: null, attackerHits: 0, corruptWasm: 0 };
  const openSpecs = new Set(); // the x-hostile header of each open API response, for messages
  let attackerUrl = '';

  function sendFile(res, file) {
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('not found\n');
    }
    res.writeHead(200, { 'content-type': MIME[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
    fs.createReadStream(file).pipe(res);
  }

  async function api(req, res, body) {
    const spec = parseSpec(req.headers['x-hostile']);
    state.lastAuthorization = req.headers.authorization ?? null;
    if (spec?.tag) state.hits[spec.tag] = (state.hits[spec.tag] ?? 0) + 1;
    let stream = false;
    try {
      stream = JSON.parse(body).stream === true;
    } catch { /* not JSON */ }
    const head = (status, type, extra = {}) =>
      res.writeHead(status, { ...CORS, 'content-type': type, 'cache-control': 'no-store', 'x-request-id': 'hostile-rid', ...extra });
    const sse = (events) => {
      head(200, 'text/event-stream');
      res.end(events.map((d) => `data: ${d}\n\n`).join('') + 'data: [DONE]\n\n');
    };
    const name = spec?.name ?? 'normal';
    switch (name) {
      case 'normal':
        if (stream) return sse([chunk(ANSWER.slice(0, 1)), chunk(ANSWER.slice(1))]);
        head(200, 'application/json');
        return res.end(completion());
      case 'endless': {
        head(+(spec.status ?? 200), spec.type ?? 'application/json');
        res.write('{"choices":[{"message":{"content":"');
        return forever(res, Buffer.alloc(64 << 10, 0x61));
      }
      case 'bomb': {
        const gz = await bomb(+(spec.mib ?? 256));
        head(200, 'application/json', { 'content-encoding': 'gzip', 'content-length': String(gz.length) });
        // In pieces, with backpressure: a client that stops reading stops the sending.
        for (let i = 0; i < gz.length && !res.destroyed; i += 16384) {
          if (!res.write(gz.subarray(i, i + 16384))) await drained(res);
        }
        return res.end();
      }
      case 'echo-auth': {
        const auth = req.headers.authorization ?? '';
        const token = auth.replace(/^Bearer /, '');
        const echo = spec.what === 'header' ? auth
          : spec.what === 'token' ? token
            : spec.secret ?? token.slice(token.lastIndexOf('.') + 1);
        if (spec.kind === 'sse-error') {
          return sse([chunk('a'), JSON.stringify({ error: { code: '1000', message: `Authorization failed for ${echo}` }, echo })]);
        }
        if (spec.kind === 'sse-chunk') return sse([chunk('a'), `not JSON: ${echo}`]);
        head(+(spec.status ?? 401), 'application/json');
        return res.end(JSON.stringify({
          error: { code: '1000', message: `Authorization failed for ${echo} (we saw: ${echo})` },
          echo, request: { headers: { authorization: echo } },
        }));
      }
      case 'utf8': {
        const bad = Buffer.from(INVALID_UTF8);
        if (spec.kind === 'sse') {
          head(200, 'text/event-stream');
          for (let i = 0; i < 4; i++) {
            const [a, b] = chunk('\u0000').split('"\\u0000"');
            await dribble(res, Buffer.concat([Buffer.from(`data: ${a}"${i}`), bad, Buffer.from(`"${b}\n\n`)]));
          }
          return res.end('data: [DONE]\n\n');
        }
        head(200, 'application/json');
        const [a, b] = completion('\u0000').split('"\\u0000"');
        await dribble(res, Buffer.concat([Buffer.from(`${a}"`), bad, Buffer.from(`"${b}`)]), 2);
        return res.end();
      }
      case 'deep': {
        const n = +(spec.n ?? 100000);
        const deep = deepArrays(n);
        if (spec.kind === 'error') {
          head(+(spec.status ?? 400), 'application/json');
          return res.end(`{"deep":${deep},"error":{"code":"1214","message":"deep error body"},"more":${deep}}`);
        }
        if (spec.kind === 'sse') return sse([`{"deep":${deep},${chunk(ANSWER).slice(1)}`]);
        head(200, 'application/json');
        return res.end(`{"deep":${deep},${completion().slice(1)}`);
      }
      case 'proto': {
        const evil = '"__proto__":{"polluted":"yes","content":"evil"},"constructor":{"prototype":{"polluted":"yes"}}';
        if (spec.kind === 'error') {
          head(400, 'application/json');
          return res.end(`{${evil},"error":{${evil},"code":"1214","message":"proto error"}}`);
        }
        if (spec.kind === 'sse') {
          const c = chunk(ANSWER);
          return sse([`{${evil},${c.slice(1).replace('"delta":{', `"delta":{${evil},`)}`]);
        }
        head(200, 'application/json');
        return res.end(`{${evil},${completion().slice(1).replace('"message":{', `"message":{${evil},`)}`);
      }
      case 'retry-after': {
        const fail = spec.fail === undefined ? Infinity : +spec.fail;
        if ((state.hits[spec.tag] ?? 0) > fail) {
          head(200, 'application/json');
          return res.end(completion());
        }
        const extra = {};
        if (spec.ra !== undefined) extra['retry-after'] = spec.ra;
        if (spec.ms !== undefined) extra['retry-after-ms'] = spec.ms;
        head(+(spec.status ?? 503), 'application/json', extra);
        return res.end('{"error":{"code":"1305","message":"overloaded, come back later"}}');
      }
      case 'sse-line': {
        head(200, 'text/event-stream');
        res.write(`data: ${chunk('first')}\n\n`);
        res.write('data: {"choices":[{"index":0,"delta":{"content":"');
        return forever(res, Buffer.alloc(64 << 10, 0x62));
      }
      case 'sse-comment': {
        head(200, 'text/event-stream');
        res.write(`data: ${chunk('first')}\n\n`);
        res.write(`data: ${chunk('never dispatched')}\n:`);
        return forever(res, Buffer.alloc(64 << 10, 0x63));
      }
      case 'sse-empty': {
        head(200, 'text/event-stream');
        const block = Buffer.from('data:\ndata\n'.repeat(1024)); // 11 KiB
        for (let left = +(spec.kib ?? 1024) << 10; left > 0 && !res.destroyed; left -= block.length) {
          if (!res.write(block)) await drained(res);
        }
        res.write(`\ndata: ${chunk(ANSWER)}\n\n`);
        return res.end('data: [DONE]\n\n');
      }
      case 'choices': {
        head(200, 'text/event-stream');
        const n = +(spec.n ?? 300000);
        const items = [];
        for (let i = n - 1; i >= 0; i--) items.push(`{"index":${i},"delta":{"content":"c${i}"}}`);
        res.write(`data: {"id":"hostile-c","choices":[${items.join(',')}]}\n\n`);
        res.write(`data: {"choices":[{"index":0,"finish_reason":"stop","delta":{}}]}\n\n`);
        return res.end('data: [DONE]\n\n');
      }
      case 'stream': {
        head(200, 'text/event-stream');
        const n = +(spec.chunks ?? 20);
        for (let i = 0; i < n && !res.destroyed; i++) {
          res.write(`data: ${chunk(`c${i} `)}\n\n`);
          await sleep(+(spec.every ?? 10));
        }
        return res.end('data: [DONE]\n\n');
      }
      case 'stall': {
        if (spec.at === 'body') {
          head(200, 'application/json');
          res.write('{"choices":[{"index":0,"message":{"content":"');
        }
        // Nothing more: the client's deadline or abort must close the connection.
        return new Promise((resolve) => res.on('close', resolve));
      }
      case 'bad-json':
        head(200, 'application/json');
        return res.end('{"choices": not JSON');
      default:
        head(400, 'application/json');
        return res.end(JSON.stringify({ error: { code: '1214', message: `unknown hostile case ${name}` } }));
    }
  }

  const handler = (req, res) => {
    const url = new URL(req.url, 'http://x');
    const p = decodeURIComponent(url.pathname);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...CORS, 'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*' });
      return res.end();
    }
    if (p === '/__stats') {
      res.writeHead(200, { ...CORS, 'content-type': 'application/json', 'cache-control': 'no-store' });
      return res.end(JSON.stringify({ ...state, openSpecs: [...openSpecs].slice(0, 10), tagHits: state.hits[url.searchParams.get('tag')] ?? 0 }));
    }
    if (p === '/blank.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      return res.end('<!doctype html><meta charset="utf-8"><title>hostile</title>');
    }
    if (p.startsWith('/hostile/')) return sendFile(res, path.join(HERE, path.basename(p)));
    if (p.startsWith('/pkg/')) return sendFile(res, path.join(PKG, path.basename(p)));
    if (p.startsWith('/pkg-corrupt/')) {
      if (path.basename(p) === 'zai_wasm_bg.wasm' && state.corruptWasm++ === 0) {
        res.writeHead(200, { 'content-type': 'application/wasm', 'cache-control': 'no-store' });
        // The magic number and version, then garbage: compilation fails.
        return res.end(Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3]));
      }
      return sendFile(res, path.join(PKG, path.basename(p)));
    }
    state.open++;
    const spec = `${req.headers['x-hostile'] ?? 'normal'} @${req.socket.localPort} t=${Date.now() % 100000}`;
    openSpecs.add(spec);
    res.on('close', () => {
      state.open--;
      openSpecs.delete(spec);
      if (!res.writableFinished) state.closedEarly++;
    });
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d) => {
      if (body.length < (1 << 20)) body += d;
    });
    req.on('end', () => {
      api(req, res, body).catch((e) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`server error: ${e.message}`);
      });
    });
  };
  const main = http.createServer(handler);
  // The same API on more ports (other origins, so CORS applies): a browser opens at most 6
  // connections per origin, and the concurrency case wants 200 streams open at once.
  const extra = Array.from({ length: EXTRA_PORTS }, () => http.createServer(handler));

  const attacker = http.createServer((req, res) => {
    state.attackerHits++;
    req.resume();
    res.writeHead(req.method === 'OPTIONS' ? 204 : 200, {
      ...CORS,
      'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
      'content-type': 'application/json',
    });
    res.end(req.method === 'OPTIONS' ? '' : completion('ATTACKER'));
  });

  return {
    async listen() {
      await new Promise((r) => main.listen(0, '127.0.0.1', r));
      await new Promise((r) => attacker.listen(0, '127.0.0.1', r));
      attackerUrl = `http://127.0.0.1:${attacker.address().port}`;
      const apis = [];
      for (const x of extra) {
        await new Promise((r) => x.listen(0, '127.0.0.1', r));
        apis.push(`http://127.0.0.1:${x.address().port}`);
      }
      bomb(256); // built in the background meanwhile (about 1.5 s)
      return { url: `http://127.0.0.1:${main.address().port}`, attacker: attackerUrl, apis };
    },
  };
}

/**
 * Starts the servers in a child process; resolves to { url, attacker, apis, stats(tag),
 * waitClosed(ms), stop() }. `waitClosed` resolves to the stats once no API response is open (or throws after `ms`).
 */
export async function startServers() {
  // stdin is a pipe only so that the child notices when this process is gone (and exits).
  const proc = spawn(process.execPath, [fileURLToPath(import.meta.url), '--serve'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const urls = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('hostile servers did not start within 10 s')), 10_000);
    proc.stdout.on('data', (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        resolve(JSON.parse(out.slice(0, nl)));
      }
    });
    proc.once('exit', (code) => reject(new Error(`hostile servers exited with ${code}`)));
  });
  const stats = async (tag) => (await fetch(`${urls.url}/__stats${tag ? `?tag=${encodeURIComponent(tag)}` : ''}`)).json();
  return {
    ...urls,
    stats,
    async waitClosed(ms = 3000) {
      const until = Date.now() + ms;
      for (;;) {
        const s = await stats();
        if (s.open === 0) return s;
        if (Date.now() > until) throw new Error(`${s.open} hostile responses still open after ${ms} ms: ${s.openSpecs.join(', ')}`);
        await sleep(20);
      }
    },
    stop() {
      return new Promise((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      });
    },
  };
}

if (process.argv[2] === '--serve') {
  const s = createServers();
  const urls = await s.listen();
  process.stdout.write(JSON.stringify(urls) + '\n');
  process.on('SIGTERM', () => process.exit(0));
  process.stdin.on('end', () => process.exit(0)).resume();
}
