// The package as users get it: `npm pack` pkg/, `npm install ./zai-wasm-x.y.z.tgz` into a fresh app,
// then (1) Node 20 streams a chat from a script importing 'zai-wasm' by name, (2) TypeScript
// resolves the types through package.json `exports` (node16), (3) a Vite production build of the
// app streams a chat in headless Chromium. All against the in-process mock; nothing is fetched
// but from the npm registry (once: Vite's tree is cached under target/runtimes/, keyed by the lock).
//   node --test tests/runtimes/      (scripts/test runs it after scripts/build)
//
// Vite is pinned in the root package.json; the app's package-lock.json is cut from the root
// package-lock.json (vite and its dependency closure), so the app gets exactly those versions.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, serve, launchBrowser, newPage, DEFAULT_REPLY } from './_lib.mjs';

const exec = promisify(execFile);
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPM_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'];
const CACHE_ROOT = path.join(ROOT, 'target', 'runtimes');

let server;
let appDir;
let tarball;
let failed = false;

function rootLock() {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
}

/** The lock entries of `name` and everything it needs, resolved the way Node resolves them. */
function closure(lock, name) {
  const pkgs = lock.packages;
  const out = {};
  const resolve = (from, dep) => {
    for (let dir = from; ; ) {
      const key = (dir ? dir + '/' : '') + 'node_modules/' + dep;
      if (pkgs[key]) return key;
      if (!dir) return null;
      const i = dir.lastIndexOf('/node_modules/');
      dir = i < 0 ? '' : dir.slice(0, i);
    }
  };
  const todo = [`node_modules/${name}`];
  while (todo.length) {
    const key = todo.pop();
    if (out[key]) continue;
    const entry = pkgs[key];
    out[key] = entry;
    const deps = { ...entry.dependencies, ...entry.optionalDependencies };
    for (const [dep] of Object.entries(entry.peerDependencies ?? {})) {
      if (!entry.peerDependenciesMeta?.[dep]?.optional) deps[dep] = true;
    }
    for (const dep of Object.keys(deps)) {
      const found = resolve(key, dep);
      if (found) todo.push(found);
      else if (!entry.optionalDependencies?.[dep] && !entry.peerDependencies?.[dep]) {
        throw new Error(`package-lock.json: ${key} needs ${dep}, which is not in the lock`);
      }
    }
  }
  return out;
}

/** target/runtimes/vite-deps-<key>/: package.json, package-lock.json and node_modules with Vite. */
async function viteDeps() {
  const lock = rootLock();
  const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).devDependencies?.vite;
  assert.match(version ?? '', /^\d+\.\d+\.\d+$/, 'vite must be pinned exactly in the root package.json devDependencies');
  const manifest = { name: 'zai-wasm-vite-app', version: '0.0.0', private: true, type: 'module', devDependencies: { vite: version } };
  const appLock = {
    name: manifest.name,
    version: manifest.version,
    lockfileVersion: 3,
    requires: true,
    packages: { '': { name: manifest.name, version: manifest.version, devDependencies: manifest.devDependencies }, ...closure(lock, 'vite') },
  };
  const text = JSON.stringify(appLock, null, 2) + '\n';
  const key = crypto.createHash('sha256').update(text).digest('hex').slice(0, 16);
  const dir = path.join(CACHE_ROOT, `vite-deps-${key}`);
  if (fs.existsSync(path.join(dir, '.complete'))) return { dir, manifest };
  fs.mkdirSync(CACHE_ROOT, { recursive: true });
  for (const old of fs.readdirSync(CACHE_ROOT)) {
    if (old.startsWith('vite-deps-')) fs.rmSync(path.join(CACHE_ROOT, old), { recursive: true, force: true });
  }
  const tmp = `${dir}.tmp-${process.pid}`;
  fs.mkdirSync(tmp, { recursive: true });
  fs.writeFileSync(path.join(tmp, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  fs.writeFileSync(path.join(tmp, 'package-lock.json'), text);
  await exec(NPM, ['ci', ...NPM_FLAGS], { cwd: tmp });
  fs.writeFileSync(path.join(tmp, '.complete'), '');
  fs.renameSync(tmp, dir);
  return { dir, manifest };
}

function linkTree(src, dst) {
  // A copy-on-write clone where the file system supports it, else a plain copy (~35 MB, well under
  // a second); the hidden lockfile npm rewrites is always a fresh file.
  try {
    fs.cpSync(src, dst, { recursive: true, verbatimSymlinks: true, mode: fs.constants.COPYFILE_FICLONE });
  } finally {
    const hidden = path.join(dst, '.package-lock.json');
    if (fs.existsSync(hidden)) {
      const body = fs.readFileSync(hidden);
      fs.rmSync(hidden);
      fs.writeFileSync(hidden, body);
    }
  }
}

const APP_FILES = {
  'index.html': `<!doctype html>
<meta charset="utf-8">
<title>zai-wasm in a Vite app</title>
<pre id="out"></pre>
<script type="module" src="/main.js"></script>
`,
  'main.js': `import init, { ZaiClient, ChatCompletionStream } from 'zai-wasm';

const out = document.getElementById('out');
try {
  await init();
  const client = new ZaiClient({ apiKey: 'vite.test', baseURL: location.origin + '/api', maxRetries: 0 });
  const stream = await client.chat.completions.create({
    model: 'glm-4.6', messages: [{ role: 'user', content: 'Hi' }], stream: true,
  });
  let n = 0;
  for await (const chunk of stream) {
    out.textContent += chunk.choices[0]?.delta?.content ?? '';
    n++;
  }
  const final = await stream.finalChatCompletion();
  window.result = { isStream: stream instanceof ChatCompletionStream, n, shown: out.textContent, final: final.choices[0].message.content };
} catch (e) {
  window.result = { failure: e.name + ': ' + e.message };
}
document.body.dataset.done = 'true';
`,
  'node-stream.mjs': `// Node 20 (global fetch): import the installed package by name and stream a chat.
import init, { ZaiClient } from 'zai-wasm';
await init();
const client = new ZaiClient({ apiKey: 'node.test', baseURL: process.argv[2], maxRetries: 0 });
const stream = await client.chat.completions.create({ model: 'glm-4.6', messages: [{ role: 'user', content: 'Hi' }], stream: true });
const pieces = [];
for await (const chunk of stream) pieces.push(chunk.choices[0]?.delta?.content ?? '');
console.log(JSON.stringify({ pieces, requestId: stream.requestId }));
`,
  'check.ts': `// Types through package.json "exports" (moduleResolution node16), as an installed dependency.
import init, { ZaiClient, type ChatCompletionChunk } from 'zai-wasm';
await init();
const stream = await new ZaiClient().chat.completions.create({ model: 'glm-4.6', messages: [], stream: true });
for await (const chunk of stream) {
  const c: ChatCompletionChunk = chunk;
  c.choices[0]?.delta.content;
}
// @ts-expect-error a non-stream create resolves to a ChatCompletion, not a stream
(await new ZaiClient().chat.completions.create({ model: 'glm-4.6', messages: [] })).abort();
`,
  'tsconfig.json': JSON.stringify({
    compilerOptions: {
      strict: true, noEmit: true, target: 'es2022', module: 'node16', moduleResolution: 'node16',
      lib: ['es2022', 'dom', 'dom.iterable', 'dom.asynciterable'], types: [], skipLibCheck: false,
    },
    files: ['check.ts'],
  }, null, 2),
};

before(async () => {
  assert.ok(fs.existsSync(path.join(ROOT, 'pkg', 'package.json')), 'pkg/ is not built: run scripts/build');
  const { dir: deps, manifest } = await viteDeps();
  appDir = fs.mkdtempSync(path.join(CACHE_ROOT, 'app-'));
  fs.writeFileSync(path.join(appDir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  fs.copyFileSync(path.join(deps, 'package-lock.json'), path.join(appDir, 'package-lock.json'));
  linkTree(path.join(deps, 'node_modules'), path.join(appDir, 'node_modules'));
  for (const [name, body] of Object.entries(APP_FILES)) fs.writeFileSync(path.join(appDir, name), body);
  const { stdout } = await exec(NPM, ['pack', '--json', '--ignore-scripts', '--loglevel=error', '--pack-destination', appDir], {
    cwd: path.join(ROOT, 'pkg'),
  });
  tarball = JSON.parse(stdout)[0].filename;
  await exec(NPM, ['install', `./${tarball}`, ...NPM_FLAGS], { cwd: appDir });
  server = await serve({ '/': path.join(appDir, 'dist') });
});

after(async () => {
  await server?.close();
  if (appDir && !failed) fs.rmSync(appDir, { recursive: true, force: true });
  else if (appDir) console.log(`# kept the failing app for inspection: ${appDir}`);
});

function guard(fn) {
  return async (t) => {
    try {
      await fn(t);
    } catch (e) {
      failed = true;
      throw e;
    }
  };
}

test('npm install of the packed tarball records it as a file: dependency', guard(() => {
  const manifest = JSON.parse(fs.readFileSync(path.join(appDir, 'package.json'), 'utf8'));
  assert.equal(manifest.dependencies['zai-wasm'], `file:${tarball}`);
  const installed = JSON.parse(fs.readFileSync(path.join(appDir, 'node_modules', 'zai-wasm', 'package.json'), 'utf8'));
  const built = JSON.parse(fs.readFileSync(path.join(ROOT, 'pkg', 'package.json'), 'utf8'));
  assert.equal(installed.version, built.version);
}));

test('Node 20 script imports zai-wasm by name and streams a chat', guard(async () => {
  const { stdout } = await exec(process.execPath, ['node-stream.mjs', `${server.url}/api`], { cwd: appDir });
  const { pieces, requestId } = JSON.parse(stdout);
  assert.ok(pieces.length > 3);
  assert.equal(pieces.join(''), DEFAULT_REPLY);
  assert.equal(typeof requestId, 'string');
}));

test('TypeScript (node16 resolution) finds the types through exports', guard(async () => {
  await exec(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', appDir], { cwd: appDir }).catch((e) => {
    throw new Error(`tsc failed:\n${e.stdout}${e.stderr}`);
  });
}));

test('Vite production build streams a chat in headless Chromium', guard(async () => {
  await exec(process.execPath, [path.join(appDir, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: appDir,
  }).catch((e) => {
    throw new Error(`vite build failed:\n${e.stdout}${e.stderr}`);
  });
  const assets = fs.readdirSync(path.join(appDir, 'dist', 'assets'));
  assert.ok(assets.some((f) => f.endsWith('.wasm')), `Vite emitted the .wasm as an asset (got ${assets.join(', ')})`);
  const browser = await launchBrowser();
  try {
    const { page, problems } = await newPage(browser, server.url);
    await page.goto(`${server.url}/`);
    await page.waitForSelector('body[data-done="true"]', { timeout: 20_000 });
    const result = await page.evaluate(() => window.result);
    assert.equal(result.failure, undefined);
    assert.deepEqual(problems(), []);
    assert.equal(result.isStream, true);
    assert.ok(result.n > 3);
    assert.equal(result.shown, DEFAULT_REPLY);
    assert.equal(result.final, DEFAULT_REPLY);
  } finally {
    await browser.close();
  }
}));
