#!/usr/bin/env node
// Demo server: one process on 127.0.0.1 that serves
//   /          -> www/ (the demo page)
//   /pkg/...   -> pkg/ (the built npm package, see scripts/build)
//   /api/..., /s/..., /__mock/...  -> the mock Z.AI API (tests/mock/server.mjs), or, when
//                                     ZAI_API_KEY is set, /api/* proxied to ZAI_BASE_URL.
//   /demo-config.json -> {"mode":"mock"|"proxy"|"none"}: lets the page offer mock fault injection
//                        only in mock mode (never contains the key).
//
//   node scripts/dev-server.mjs [--port N]      (default $ZAI_DEMO_PORT or 8080; 0 = any free port)
//
// Proxy mode: ZAI_API_KEY=... [ZAI_BASE_URL=https://api.z.ai/api] node scripts/dev-server.mjs
// (ZAI_BASE_URL may point at any http(s) upstream, e.g. a local fake in the tests.)
// The key is added server-side as `Authorization: Bearer <key>`; any Authorization header from the
// browser is dropped. The key is never sent to the page and never logged. Bodies stream both ways
// without buffering, so SSE arrives event by event.
//
// Only its own page can use it (docs/PROXY.md):
//   * every request (page, /pkg, API, mock) whose Host is not 127.0.0.1:PORT, localhost:PORT or
//     [::1]:PORT gets 403 (DNS rebinding: another name that resolves to 127.0.0.1);
//   * an API request (/api/*; in mock mode also /s/* and /__mock/*) that comes from another origin
//     gets 403: an Origin other than http://<Host>, or Sec-Fetch-Site other than same-origin/none;
//   * a request target that is not a plain path, or a path with a dot segment (., .., %2e) or an
//     encoded separator (%2f, %5c, a backslash, %00) gets 400;
//   * refusals are JSON in Z.AI's error shape ({"error":{"code","message"}}) and never reach Z.AI;
//   * upstream gets only content-type, content-length, accept, accept-language and x-request-id
//     from the browser, plus its own Authorization and accept-encoding: identity;
//   * the browser gets the upstream headers minus hop-by-hop ones, Set-Cookie and Access-Control-*.
import http from 'node:http';
import https from 'node:https';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const wwwDir = path.join(root, 'www');
const pkgDir = path.join(root, 'pkg');
const mockFile = path.join(root, 'tests', 'mock', 'server.mjs');

function usage(code) {
  (code ? process.stderr : process.stdout).write(
    'usage: node scripts/dev-server.mjs [--port N]\n' +
      '  env: ZAI_DEMO_PORT (default 8080), ZAI_API_KEY (proxy mode), ZAI_BASE_URL (default https://api.z.ai/api)\n',
  );
  process.exit(code);
}

function parsePort(argv) {
  let port = process.env.ZAI_DEMO_PORT || '8080';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port') port = argv[++i];
    else if (a.startsWith('--port=')) port = a.slice('--port='.length);
    else if (a === '-h' || a === '--help') usage(0);
    else {
      process.stderr.write(`dev-server: unknown argument ${a}\n`);
      usage(2);
    }
  }
  const n = Number(port);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    process.stderr.write(`dev-server: bad port ${port}\n`);
    process.exit(2);
  }
  return n;
}

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.ts': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.mp4': 'video/mp4',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
};

const NO_CACHE = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

function sendText(res, status, text, extra = {}) {
  const body = Buffer.from(text);
  res.writeHead(status, {
    ...NO_CACHE,
    'content-type': 'text/plain; charset=utf-8',
    'content-length': body.length,
    ...extra,
  });
  res.end(body);
}

function sendJson(res, status, value) {
  const body = Buffer.from(JSON.stringify(value));
  res.writeHead(status, { ...NO_CACHE, 'content-type': 'application/json', 'content-length': body.length });
  res.end(body);
}

/** A refusal in Z.AI's error shape, so the client reports a typed error (403: PermissionDeniedError). */
function refuse(res, status, code, message) {
  sendJson(res, status, { error: { code, message: 'dev-server: ' + message } });
}

// ---------------------------------------------------------------------------------------------
// Who may use this server: its own page only
// ---------------------------------------------------------------------------------------------

/** The Host values of this server: the loopback names with its port (without it on port 80). */
function ownHosts(port) {
  const hosts = new Set();
  for (const name of ['127.0.0.1', 'localhost', '[::1]']) {
    hosts.add(`${name}:${port}`);
    if (port === 80) hosts.add(name);
  }
  return hosts;
}

/**
 * Why a request from a browser page must be refused as cross-origin, or null. The request's own
 * origin is http://<Host> (Host already checked). Clients that send neither header (curl, Node)
 * are not browsers and pass.
 */
function crossOrigin(req) {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return `Sec-Fetch-Site: ${site}`;
  const origin = req.headers.origin;
  if (origin !== undefined && origin.toLowerCase() !== 'http://' + String(req.headers.host).toLowerCase()) {
    return `Origin ${origin}`;
  }
  return null;
}

/**
 * True when the raw path (before any normalization) has a dot segment (".", "..", also as %2e) or
 * an encoded separator (%2f, %5c), a backslash or a NUL: such paths are refused, never
 * normalized and forwarded.
 */
function badPath(rawPath) {
  if (rawPath.includes('\\') || /%(2f|5c|00)/i.test(rawPath)) return true;
  for (const segment of rawPath.split('/')) {
    const s = segment.replace(/%2e/gi, '.');
    if (s === '.' || s === '..') return true;
  }
  return false;
}

/** A string from the request, safe to print in one log line. */
const forLog = (v) => JSON.stringify(String(v ?? '').slice(0, 120));

// Resolve a URL path below `dir`; null when it escapes `dir` or is malformed.
function resolveBelow(dir, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = path.resolve(dir, '.' + path.posix.normalize('/' + decoded));
  if (file !== dir && !file.startsWith(dir + path.sep)) return null;
  return file;
}

function serveStatic(req, res, dir, urlPath) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendText(res, 405, 'method not allowed\n', { allow: 'GET, HEAD' });
    return;
  }
  let file = resolveBelow(dir, urlPath);
  if (!file) {
    sendText(res, 400, 'bad path\n');
    return;
  }
  fs.stat(file, (err, st) => {
    if (!err && st.isDirectory()) {
      if (!urlPath.endsWith('/')) {
        res.writeHead(301, { ...NO_CACHE, location: urlPath + '/' });
        res.end();
        return;
      }
      file = path.join(file, 'index.html');
      fs.stat(file, (err2, st2) => send(err2, st2));
      return;
    }
    send(err, st);
  });
  function send(err, st) {
    if (err || !st.isFile()) {
      if (dir === wwwDir && (urlPath === '/' || urlPath === '/index.html')) {
        sendText(res, 200, 'zai-wasm demo: www/index.html does not exist yet.\n');
      } else if (dir === pkgDir) {
        sendText(res, 404, `not found: /pkg${urlPath} (run scripts/build)\n`);
      } else {
        sendText(res, 404, 'not found\n');
      }
      return;
    }
    const type = MIME[path.extname(file).toLowerCase()] || 'application/octet-stream';
    res.writeHead(200, { ...NO_CACHE, 'content-type': type, 'content-length': st.size });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = fs.createReadStream(file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }
}

// ---------------------------------------------------------------------------------------------
// Proxy mode: /api/* -> ZAI_BASE_URL/*
// ---------------------------------------------------------------------------------------------

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);
// The only request headers forwarded upstream: what the API reads (the client sends the first four;
// content-length frames the body). Everything else stays here: cookies, the browser's own
// Authorization, user-agent, sec-fetch-*, origin, referer, x-forwarded-*, any other x-*.
const FORWARD_UPSTREAM = ['content-type', 'content-length', 'accept', 'accept-language', 'x-request-id'];

/** Upstream response headers the browser gets: not hop-by-hop, no Set-Cookie, no CORS. */
function responseHeaders(up) {
  const listed = new Set(
    String(up.headers.connection ?? '')
      .toLowerCase()
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
  );
  const out = {};
  for (const [name, value] of Object.entries(up.headers)) {
    const k = name.toLowerCase();
    if (HOP_BY_HOP.has(k) || listed.has(k)) continue;
    if (k === 'set-cookie' || k === 'set-cookie2' || k.startsWith('access-control-')) continue;
    out[k] = value;
  }
  return out;
}

function makeProxy(apiKey, baseUrl) {
  const base = new URL(baseUrl);
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    throw new Error('ZAI_BASE_URL must be an http(s) URL');
  }
  const basePath = base.pathname.replace(/\/+$/, '');
  const agent = base.protocol === 'https:' ? https : http;

  return function proxy(req, res, rest) {
    // rest: the path after "/api" including the query, e.g. "/paas/v4/chat/completions?x=1"
    const headers = {};
    for (const k of FORWARD_UPSTREAM) {
      if (req.headers[k] !== undefined) headers[k] = req.headers[k];
    }
    headers['accept-encoding'] = 'identity'; // pass bytes through as they come, no re-compression
    headers.authorization = 'Bearer ' + apiKey;

    const started = Date.now();
    let cancelled = false;
    const upstream = agent.request(
      {
        protocol: base.protocol,
        hostname: base.hostname,
        port: base.port || undefined,
        method: req.method,
        path: basePath + rest,
        headers,
      },
      (up) => {
        const out = responseHeaders(up);
        out['cache-control'] = out['cache-control'] || 'no-store';
        res.writeHead(up.statusCode || 502, out);
        res.flushHeaders();
        up.pipe(res);
        up.on('end', () => {
          console.log(`proxy ${req.method} /api${pathOnly(rest)} -> ${up.statusCode} (${Date.now() - started} ms)`);
        });
        up.on('error', () => res.destroy());
      },
    );
    upstream.setNoDelay(true);
    upstream.on('error', (err) => {
      if (cancelled) return;
      console.log(`proxy ${req.method} /api${pathOnly(rest)} -> upstream error ${err.code || err.message}`);
      if (!res.headersSent) {
        sendJson(res, 502, { error: { code: 'proxy_error', message: 'upstream request failed: ' + (err.code || 'error') } });
      } else {
        res.destroy();
      }
    });
    // Browser went away (abort / closed tab): cancel the upstream request too.
    res.on('close', () => {
      if (!res.writableFinished) {
        cancelled = true;
        upstream.destroy();
        console.log(`proxy ${req.method} /api${pathOnly(rest)} -> cancelled by the browser`);
      }
    });
    req.pipe(upstream);
  };
}

function pathOnly(rest) {
  const q = rest.indexOf('?');
  return q < 0 ? rest : rest.slice(0, q);
}

// ---------------------------------------------------------------------------------------------

async function loadMock() {
  if (!fs.existsSync(mockFile)) {
    console.log('warning: tests/mock/server.mjs not found: /api answers 503');
    return null;
  }
  const mod = await import(pathToFileURL(mockFile).href);
  const createMock = mod.createMock || (mod.default && mod.default.createMock) || mod.default;
  if (typeof createMock !== 'function') throw new Error('tests/mock/server.mjs does not export createMock');
  return createMock({});
}

async function main() {
  const port = parsePort(process.argv.slice(2));
  const apiKey = process.env.ZAI_API_KEY || '';
  let proxy = null;
  let mock = null;
  let mode;
  if (apiKey) {
    const baseUrl = process.env.ZAI_BASE_URL || 'https://api.z.ai/api';
    proxy = makeProxy(apiKey, baseUrl);
    mode = `proxy: /api/* -> ${baseUrl} (API key added server-side)`;
  } else {
    mock = await loadMock();
    mode = mock ? 'mock Z.AI API at /api (set ZAI_API_KEY to proxy to the real API)' : 'no API (mock missing)';
  }

  let hosts = new Set(); // filled in once the port is known (listen)
  const server = http.createServer((req, res) => {
    const raw = req.url || '';
    const q = raw.indexOf('?');
    const rawPath = q < 0 ? raw : raw.slice(0, q);
    // Host first, for every request: a page of another name that resolves to 127.0.0.1 (DNS
    // rebinding) gets nothing from here, not even the page.
    if (!hosts.has(String(req.headers.host ?? '').toLowerCase())) {
      console.log(`refused ${req.method} ${forLog(rawPath)}: Host ${forLog(req.headers.host)} is not this server`);
      refuse(res, 403, 'forbidden_host', "Host is not this server's own (127.0.0.1, localhost or [::1] with its port)");
      return;
    }
    // Origin-form targets only ("/..."): an absolute-form target would name another host.
    if (!rawPath.startsWith('/') || badPath(rawPath)) {
      console.log(`refused ${req.method} ${forLog(rawPath)}: bad path`);
      refuse(res, 400, 'bad_path', 'dot segments and encoded separators are not allowed in paths');
      return;
    }
    let url;
    try {
      url = new URL(raw, 'http://localhost');
    } catch {
      refuse(res, 400, 'bad_path', 'malformed request target');
      return;
    }
    const p = url.pathname;
    const isApi = p === '/api' || p.startsWith('/api/');
    const isMockRoute = !proxy && (isApi || p.startsWith('/s/') || p.startsWith('/__mock/'));
    if (isApi || isMockRoute) {
      const why = crossOrigin(req);
      if (why) {
        console.log(`refused ${req.method} ${forLog(p)}: cross-origin (${forLog(why)})`);
        refuse(res, 403, 'forbidden_origin', 'cross-origin request refused: only this server\'s own page may call its API');
        return;
      }
    }
    if (proxy) {
      if (isApi) {
        // badPath() refused dot segments and encoded separators, so the path is forwarded as sent.
        proxy(req, res, p.slice('/api'.length) + url.search);
        return;
      }
    } else if (isMockRoute) {
      if (!mock) {
        sendJson(res, 503, { error: { code: 'no_mock', message: 'tests/mock/server.mjs is missing' } });
        return;
      }
      let handled = false;
      try {
        handled = mock.handle(req, res);
      } catch (err) {
        console.error('mock error:', err);
        if (!res.headersSent) sendJson(res, 500, { error: { code: 'mock_error', message: String(err && err.message) } });
        else res.destroy();
        return;
      }
      if (!handled && !res.headersSent) sendJson(res, 404, { error: { code: 'not_found', message: 'no mock route' } });
      return;
    }
    if (p === '/demo-config.json') {
      sendJson(res, 200, { mode: proxy ? 'proxy' : mock ? 'mock' : 'none' });
      return;
    }
    if (p === '/pkg' || p.startsWith('/pkg/')) {
      serveStatic(req, res, pkgDir, p.slice('/pkg'.length) || '/');
      return;
    }
    serveStatic(req, res, wwwDir, p);
  });

  server.on('error', (err) => {
    console.error(`dev-server: ${err.code === 'EADDRINUSE' ? `port ${port} is in use (try --port N)` : err.message}`);
    process.exit(1);
  });
  server.listen(port, '127.0.0.1', () => {
    const addr = server.address();
    hosts = ownHosts(addr.port);
    console.log(`zai-wasm demo: http://127.0.0.1:${addr.port}/`);
    console.log(`  ${mode}`);
    if (!fs.existsSync(path.join(pkgDir, 'index.js'))) console.log('  note: pkg/ is not built yet (scripts/build)');
    console.log('  Ctrl-C to stop');
  });

  const stop = () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error('dev-server:', err && err.stack ? err.stack : err);
  process.exit(1);
});
