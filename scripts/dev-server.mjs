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
// The key is added server-side as `Authorization: Bearer <key>`; any Authorization header from the
// browser is dropped. The key is never sent to the page and never logged. Bodies stream both ways
// without buffering, so SSE arrives event by event.
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
// Never forwarded upstream: browser credentials and browser-context headers of this origin.
const STRIP_UPSTREAM = new Set(['authorization', 'cookie', 'host', 'origin', 'referer']);

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
    for (const [name, value] of Object.entries(req.headers)) {
      const k = name.toLowerCase();
      if (HOP_BY_HOP.has(k) || STRIP_UPSTREAM.has(k)) continue;
      headers[k] = value;
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
        const out = {};
        for (const [name, value] of Object.entries(up.headers)) {
          if (!HOP_BY_HOP.has(name.toLowerCase())) out[name] = value;
        }
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

  const server = http.createServer((req, res) => {
    let url;
    try {
      url = new URL(req.url || '/', 'http://localhost');
    } catch {
      sendText(res, 400, 'bad request\n');
      return;
    }
    const p = url.pathname;
    const isApi = p === '/api' || p.startsWith('/api/');
    if (proxy) {
      if (isApi) {
        // The WHATWG-normalized path ("..", "%2e%2e" resolved), so nothing escapes the base path.
        proxy(req, res, p.slice('/api'.length) + url.search);
        return;
      }
    } else if (isApi || p.startsWith('/s/') || p.startsWith('/__mock/')) {
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
