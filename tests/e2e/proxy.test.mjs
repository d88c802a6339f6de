// The demo server proxies only its own page (issue 14): real HTTP against scripts/dev-server.mjs in
// proxy mode, pointed (ZAI_BASE_URL) at a fake upstream in this process that records every request
// it receives, plus the same Host/Origin rules in mock mode, and headless Chromium for what a
// browser does: a cross-site no-cors POST and a DNS-rebound page.
//
//   node --test tests/e2e/          (part of scripts/test; needs no pkg/ build, only Chromium)
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, startDemoServer } from './harness.mjs';

const KEY = 'proxy-secret-id.proxy-secret-value';
const CHAT = '/api/paas/v4/chat/completions';

/** The fake Z.AI: records method, url and headers of every request; answers with cookies and CORS. */
function startUpstream() {
  const seen = [];
  const server = http.createServer((req, res) => {
    if (req.url === '/evil.html') {
      // The attacker's page (another origin than the demo server's).
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>evil</title>');
      return;
    }
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: { ...req.headers }, body });
      res.writeHead(200, {
        'content-type': 'application/json',
        'x-request-id': 'req-upstream-1',
        'set-cookie': ['acw_tc=abc; Path=/; HttpOnly', 'other=1'],
        'access-control-allow-origin': '*',
        'access-control-allow-credentials': 'true',
        'access-control-expose-headers': 'x-request-id',
        connection: 'keep-alive, x-hop',
        'x-hop': 'listed in Connection, so hop-by-hop',
      });
      res.end(JSON.stringify({ ok: true, path: req.url }));
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${server.address().port}`;
      resolve({
        url,
        seen,
        close: () =>
          new Promise((r) => {
            server.closeAllConnections();
            server.close(r);
          }),
      });
    });
  });
}

/**
 * One raw HTTP/1.1 request to `base` (headers exactly as given: a `host` here replaces Node's; with
 * `host: null` none is sent). Resolves to { status, headers, body, json }.
 */
function send(base, { method = 'GET', path = '/', headers = {}, body } = {}) {
  const u = new URL(base);
  const h = { ...headers };
  const noHost = h.host === null;
  delete h.host;
  if (!noHost && headers.host !== undefined) h.host = headers.host;
  if (body !== undefined && h['content-length'] === undefined) h['content-length'] = Buffer.byteLength(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: u.port, method, path, headers: h, agent: false, setHost: !noHost },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => {
          let json;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode, headers: res.headers, body: text, json });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const hostOf = (url) => new URL(url).host;

/** A refusal: its status and a Z.AI-shaped error body with `code`. */
function assertRefused(r, status, code) {
  assert.equal(r.status, status, `status (body ${r.body})`);
  assert.equal(r.headers['content-type'], 'application/json');
  assert.equal(r.json?.error?.code, code, r.body);
  assert.equal(typeof r.json.error.message, 'string');
  assert.ok(!r.body.includes('proxy-secret'), 'no key in the refusal');
}

// Headers the proxy may send upstream: the allow-list, its own two, and what Node's client adds.
const UPSTREAM_ALLOWED = new Set([
  'content-type',
  'content-length',
  'accept',
  'accept-language',
  'x-request-id',
  'authorization',
  'accept-encoding',
  'host',
  'connection',
  'transfer-encoding',
]);

describe('demo server in proxy mode: only its own page', () => {
  let upstream;
  let demo;
  let own; // this server's Host value, 127.0.0.1:PORT

  before(async () => {
    upstream = await startUpstream();
    demo = await startDemoServer({ ZAI_API_KEY: KEY, ZAI_BASE_URL: `${upstream.url}/api` });
    own = hostOf(demo.url);
  });

  after(async () => {
    await demo?.stop();
    await upstream?.close();
  });

  beforeEach(() => {
    upstream.seen.length = 0;
  });

  test('own-origin request: upstream gets only allow-listed headers plus the key', async () => {
    const body = JSON.stringify({ model: 'glm-4.6', messages: [{ role: 'user', content: 'hi' }] });
    const r = await send(demo.url, {
      method: 'POST',
      path: `${CHAT}?trace=1`,
      body,
      headers: {
        host: own,
        origin: `http://${own}`,
        'sec-fetch-site': 'same-origin',
        'sec-fetch-mode': 'cors',
        'sec-fetch-dest': 'empty',
        'content-type': 'application/json',
        accept: 'application/json',
        'accept-language': 'en-US,en',
        'x-request-id': 'client-rid-1',
        authorization: 'Bearer from-the-browser',
        cookie: 'session=1',
        'user-agent': 'Mozilla/5.0 test',
        referer: `http://${own}/`,
        'x-forwarded-host': 'attacker.example',
        'x-forwarded-for': '203.0.113.1',
        'x-custom': 'anything',
        'proxy-authorization': 'Basic xyz',
        forwarded: 'for=203.0.113.1',
      },
    });
    assert.equal(r.status, 200, r.body);
    assert.deepEqual(r.json, { ok: true, path: `/api${CHAT.slice(4)}?trace=1` });

    assert.equal(upstream.seen.length, 1);
    const got = upstream.seen[0];
    assert.equal(got.method, 'POST');
    assert.equal(got.url, '/api/paas/v4/chat/completions?trace=1');
    assert.equal(got.body, body, 'the body arrives unchanged');
    const extra = Object.keys(got.headers).filter((k) => !UPSTREAM_ALLOWED.has(k));
    assert.deepEqual(extra, [], 'no header beyond the allow-list went upstream');
    assert.equal(got.headers.authorization, `Bearer ${KEY}`, 'the proxy set its own Authorization');
    assert.equal(got.headers['content-type'], 'application/json');
    assert.equal(got.headers['content-length'], String(Buffer.byteLength(body)));
    assert.equal(got.headers.accept, 'application/json');
    assert.equal(got.headers['accept-language'], 'en-US,en');
    assert.equal(got.headers['x-request-id'], 'client-rid-1');
    assert.equal(got.headers['accept-encoding'], 'identity');
    assert.equal(got.headers.host, hostOf(upstream.url), 'Host is the upstream, not the browser\'s');

    // Back to the browser: no cookies, no CORS, no hop-by-hop headers; the rest as sent.
    assert.equal(r.headers['set-cookie'], undefined, 'Set-Cookie not passed back');
    const cors = Object.keys(r.headers).filter((k) => k.startsWith('access-control-'));
    assert.deepEqual(cors, [], 'no Access-Control-* passed back');
    assert.equal(r.headers['x-hop'], undefined, 'a header listed in Connection is hop-by-hop');
    assert.equal(r.headers['x-request-id'], 'req-upstream-1');
    assert.equal(r.headers['content-type'], 'application/json');
  });

  test('a GET without body (asyncResult.retrieve) goes through; dots inside a segment are fine', async () => {
    const r = await send(demo.url, {
      path: '/api/paas/v4/async-result/task..1.2',
      headers: { host: own, 'sec-fetch-site': 'same-origin', accept: 'application/json' },
    });
    assert.equal(r.status, 200, r.body);
    assert.equal(upstream.seen.length, 1);
    assert.equal(upstream.seen[0].url, '/api/paas/v4/async-result/task..1.2');
    assert.equal(upstream.seen[0].headers.authorization, `Bearer ${KEY}`);
  });

  test('its own Host names are accepted: 127.0.0.1, localhost and [::1] with its port', async () => {
    const port = new URL(demo.url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LocalHost:${port}`, `[::1]:${port}`]) {
      const r = await send(demo.url, { method: 'POST', path: CHAT, body: '{}', headers: { host, 'content-type': 'application/json' } });
      assert.equal(r.status, 200, `${host}: ${r.body}`);
    }
    assert.equal(upstream.seen.length, 4);
  });

  test('wrong Host (DNS rebinding) -> 403 on every path, and upstream sees nothing', async () => {
    const port = new URL(demo.url).port;
    const hosts = [
      'attacker.rebind.example',
      `attacker.rebind.example:${port}`,
      '127.0.0.1', // no port: not this server's origin
      '127.0.0.1:1', // another port
      `127.0.0.2:${port}`,
      `localhost.:${port}`,
      `0.0.0.0:${port}`,
    ];
    for (const host of hosts) {
      for (const [method, path] of [['POST', CHAT], ['GET', '/api/paas/v4/async-result/x'], ['GET', '/'], ['GET', '/demo-config.json'], ['GET', '/pkg/index.js']]) {
        const r = await send(demo.url, {
          method,
          path,
          headers: { host, 'content-type': 'application/json' },
          body: method === 'POST' ? '{"model":"glm-4.6"}' : undefined,
        });
        assertRefused(r, 403, 'forbidden_host');
      }
    }
    // No Host at all: Node's HTTP server answers 400 itself.
    const none = await send(demo.url, { method: 'POST', path: CHAT, headers: { host: null }, body: '{}' });
    assert.equal(none.status, 400);
    assert.deepEqual(upstream.seen, [], 'nothing reached the upstream');
    assert.match(demo.output(), /refused POST "\/api\/paas\/v4\/chat\/completions": Host "attacker\.rebind\.example" is not this server/);
  });

  test('cross-origin API requests -> 403 (Origin of another origin, Sec-Fetch-Site not same-origin)', async () => {
    const port = Number(new URL(demo.url).port);
    const cases = [
      { origin: 'http://attacker.example' },
      { origin: `http://attacker.example:${port}` },
      { origin: `http://127.0.0.1:${port + 1}` }, // same host, another port
      { origin: `https://${own}` }, // another scheme
      { origin: `http://localhost:${port}` }, // the server's other name, but not this request's origin
      { origin: 'null' }, // sandboxed frames, data: URLs
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' }, // e.g. http://localhost:3000 -> http://localhost:PORT
      { 'sec-fetch-site': 'cross-site', origin: `http://${own}` }, // either header is enough
      { 'sec-fetch-site': 'same-origin', origin: 'http://attacker.example' },
    ];
    for (const headers of cases) {
      for (const method of ['POST', 'OPTIONS', 'GET']) {
        const r = await send(demo.url, {
          method,
          path: CHAT,
          headers: { host: own, 'content-type': 'text/plain', ...headers },
          body: method === 'POST' ? '{"model":"glm-4.6"}' : undefined,
        });
        assertRefused(r, 403, 'forbidden_origin');
      }
    }
    assert.deepEqual(upstream.seen, [], 'nothing reached the upstream');
    // Allowed: same origin, a user-initiated request (none), and non-browser clients (no headers).
    for (const headers of [{ origin: `http://${own}`, 'sec-fetch-site': 'same-origin' }, { 'sec-fetch-site': 'none' }, {}]) {
      const r = await send(demo.url, { method: 'POST', path: CHAT, body: '{}', headers: { host: own, ...headers } });
      assert.equal(r.status, 200, JSON.stringify(headers));
    }
    assert.equal(upstream.seen.length, 3);
  });

  test('the page itself may be opened from a link on another site (static files: Host check only)', async () => {
    const r = await send(demo.url, {
      path: '/demo-config.json',
      headers: { host: own, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' },
    });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { mode: 'proxy' });
    assert.ok(!r.body.includes('proxy-secret'));
  });

  test('dot segments and encoded separators in /api/ paths are refused, never forwarded', async () => {
    const paths = [
      '/api/%2e%2e%2fadmin',
      '/api/%2E%2E%2Fadmin',
      '/api/paas/../x',
      '/api/paas/./x',
      '/api/paas/v4/..',
      '/api/%2e%2e/admin',
      '/api/.%2e/admin',
      '/api/paas%2fv4/chat/completions',
      '/api/paas%2Fv4/chat/completions',
      '/api/paas%5cv4/chat/completions',
      '/api/paas%5Cv4/chat/completions',
      '/api/paas\\..\\admin',
      '/api/paas/v4/async-result/a%00b',
      '/x/../api/paas/v4/chat/completions',
      '/api/../pkg/index.js',
    ];
    for (const path of paths) {
      for (const method of ['POST', 'GET']) {
        const r = await send(demo.url, {
          method,
          path,
          headers: { host: own, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' },
          body: method === 'POST' ? '{}' : undefined,
        });
        assertRefused(r, 400, 'bad_path');
      }
    }
    // An absolute-form target names another host: refused too.
    const r = await send(demo.url, { path: 'http://api.z.ai/api/paas/v4/models', headers: { host: own } });
    assertRefused(r, 400, 'bad_path');
    assert.deepEqual(upstream.seen, [], 'nothing reached the upstream');
  });
});

describe('demo server in mock mode: the same Host and Origin rules', () => {
  let demo;
  let own;

  before(async () => {
    demo = await startDemoServer();
    own = hostOf(demo.url);
  });

  after(async () => {
    await demo?.stop();
  });

  test('wrong Host -> 403 everywhere; cross-origin -> 403 on the mock routes; own page fine', async () => {
    for (const path of ['/', '/demo-config.json', CHAT, '/__mock/log']) {
      assertRefused(await send(demo.url, { path, headers: { host: 'attacker.rebind.example' } }), 403, 'forbidden_host');
    }
    for (const path of ['/__mock/log', '/api/paas/v4/async-result/x', '/s/status=500/api/paas/v4/async-result/x']) {
      const r = await send(demo.url, { path, headers: { host: own, origin: 'http://attacker.example' } });
      assertRefused(r, 403, 'forbidden_origin');
      const r2 = await send(demo.url, { path, headers: { host: own, 'sec-fetch-site': 'cross-site' } });
      assertRefused(r2, 403, 'forbidden_origin');
    }
    assertRefused(await send(demo.url, { path: '/api/paas/../x', headers: { host: own } }), 400, 'bad_path');

    const ok = await send(demo.url, {
      method: 'POST',
      path: CHAT,
      body: JSON.stringify({ model: 'glm-4.6', messages: [{ role: 'user', content: 'hi' }] }),
      headers: {
        host: own,
        origin: `http://${own}`,
        'sec-fetch-site': 'same-origin',
        'content-type': 'application/json',
        authorization: 'Bearer mock-token',
      },
    });
    assert.equal(ok.status, 200, ok.body);
    assert.equal(ok.json.choices[0].message.role, 'assistant');
    const log = await send(demo.url, { path: '/__mock/log', headers: { host: own } });
    assert.equal(log.status, 200);
  });
});

describe('demo proxy in Chromium', () => {
  let upstream;
  let demo;
  let browser;
  let port;

  before(async () => {
    upstream = await startUpstream();
    demo = await startDemoServer({ ZAI_API_KEY: KEY, ZAI_BASE_URL: `${upstream.url}/api` });
    port = new URL(demo.url).port;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      // rebind.test resolves to 127.0.0.1, as an attacker's name would after DNS rebinding. Chromium's
      // own Local Network Access checks are off so that the server's refusal is what is tested
      // (other browsers, and older ones, do not block a public page's requests to 127.0.0.1).
      args: [
        ...CHROMIUM_ARGS,
        '--host-resolver-rules=MAP rebind.test 127.0.0.1',
        '--disable-features=LocalNetworkAccessChecks',
      ],
      timeout: 30_000,
    });
  });

  after(async () => {
    await browser?.close();
    await demo?.stop();
    await upstream?.close();
  });

  beforeEach(() => {
    upstream.seen.length = 0;
  });
  // What reached the upstream's API (the browser also asks the attacker's origin for /favicon.ico).
  const apiSeen = () => upstream.seen.filter((r) => r.url.startsWith('/api'));

  /** Runs `body(page)` in a fresh context; closes it afterwards. */
  async function inPage(body) {
    const context = await browser.newContext();
    try {
      await body(await context.newPage(), context);
    } finally {
      await context.close();
    }
  }

  /** How many requests the demo server has logged as refused. */
  const refusedSoFar = () => (demo.output().match(/^refused /gm) ?? []).length;
  /** Waits (up to 5 s) until the demo server has logged `n` more refusals than `before`; the count. */
  async function refusals(before, n) {
    const deadline = Date.now() + 5000;
    while (refusedSoFar() < before + n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return refusedSoFar() - before;
  }

  test('a cross-site page doing a no-cors POST to the proxy is refused; upstream sees nothing', () =>
    inPage(async (page) => {
      // localhost is another site than 127.0.0.1 (and another origin: the upstream's port).
      await page.goto(`${upstream.url.replace('127.0.0.1', 'localhost')}/evil.html`);
      const before = refusedSoFar();
      const type = await page.evaluate(async (target) => {
        const r = await fetch(target, {
          method: 'POST',
          mode: 'no-cors',
          headers: { 'content-type': 'text/plain' },
          body: JSON.stringify({ model: 'glm-4.6', messages: [{ role: 'user', content: 'spend my tokens' }] }),
        });
        return r.type;
      }, `${demo.url}${CHAT}`);
      assert.equal(type, 'opaque');
      assert.equal(await refusals(before, 1), 1, `the server refused it:\n${demo.output()}`);
      assert.match(demo.output(), /refused POST "\/api\/paas\/v4\/chat\/completions": cross-origin/);
      assert.deepEqual(apiSeen(), []);
    }));

  test('a DNS-rebound page (another name resolving to 127.0.0.1) gets 403 for the page and its API calls', () =>
    inPage(async (page) => {
      // Opening the page under the rebound name: refused.
      const nav = await page.goto(`http://rebind.test:${port}/`);
      assert.equal(nav.status(), 403);
      // The attacker's page, served first by the attacker's server, then calling "its own" origin
      // after the name was rebound to 127.0.0.1.
      await page.route(`http://rebind.test:${port}/evil.html`, (route) =>
        route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>rebound</title>' }),
      );
      await page.goto(`http://rebind.test:${port}/evil.html`);
      const before = refusedSoFar();
      const got = await page.evaluate(async () => {
        try {
          const r = await fetch('/api/paas/v4/chat/completions', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ model: 'glm-4.6', messages: [] }),
          });
          return { status: r.status, body: await r.text() };
        } catch (err) {
          return { error: String(err) };
        }
      });
      assert.equal(got.status, 403, JSON.stringify(got));
      assert.equal(JSON.parse(got.body).error.code, 'forbidden_host');
      assert.equal(await refusals(before, 1), 1);
      assert.deepEqual(apiSeen(), []);
    }));

  test('its own page works, and upstream gets neither cookies nor browser headers', () =>
    inPage(async (page, context) => {
      await context.addCookies([{ name: 'session', value: 'browser-cookie', url: demo.url }]);
      await page.goto(`${demo.url}/demo-config.json`);
      const got = await page.evaluate(async () => {
        const r = await fetch('/api/paas/v4/chat/completions', {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'accept-language': 'en-US,en',
            authorization: 'Bearer from-the-page',
            'x-custom': '1',
            'x-forwarded-host': 'attacker.example',
          },
          body: '{"model":"glm-4.6"}',
        });
        return { status: r.status, cookie: document.cookie, cors: r.headers.get('access-control-allow-origin') };
      });
      assert.equal(got.status, 200);
      assert.equal(got.cors, null);
      assert.equal(got.cookie, 'session=browser-cookie', 'upstream Set-Cookie did not reach the browser');
      assert.equal(apiSeen().length, 1);
      const headers = apiSeen()[0].headers;
      const extra = Object.keys(headers).filter((k) => !UPSTREAM_ALLOWED.has(k));
      assert.deepEqual(extra, [], 'no header beyond the allow-list went upstream');
      assert.equal(headers.authorization, `Bearer ${KEY}`);
      assert.equal(headers['accept-language'], 'en-US,en');
    }));
});
