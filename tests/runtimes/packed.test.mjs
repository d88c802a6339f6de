// The package as users get it: `npm pack` pkg/, `npm install ./zai-wasm-x.y.z.tgz` into a fresh app,
// then (1) Node 20 streams a chat from a script importing 'zai-wasm' by name, (2) TypeScript
// resolves the types through package.json `exports` (node16), (3) production builds of the app by
// Vite, webpack 5 and esbuild each run tests/runtimes/scenario.mjs in headless Chromium, (4) a
// worker bundled with wrangler's resolution (esbuild, conditions workerd/worker/browser, .wasm
// imports left as modules) runs it in workerd through the package's "workerd" export, no init().
// All against the in-process mock; nothing is fetched but from the npm registry (once: Vite's tree
// is cached under target/runtimes/, keyed by the lock). webpack and esbuild run from the root
// node_modules with the app as their context, resolving 'zai-wasm' in the app's node_modules.
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
import { createRequire } from 'node:module';
import { ROOT, serve, launchBrowser, newPage, check, startWorkerd, DEFAULT_REPLY } from './_lib.mjs';

const rootRequire = createRequire(path.join(ROOT, 'package.json'));

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
  // The app of every bundler (Vite, webpack, esbuild): the scenario, the first stream rendered.
  'main.js': `import * as zai from 'zai-wasm';
import { exercise } from './scenario.mjs';

const out = document.getElementById('out');
(async () => {
  try {
    await zai.default();
    const result = await exercise(zai, { baseURL: location.origin + '/api', onPiece: (p) => (out.textContent += p) });
    window.result = { ...result, shown: out.textContent };
  } catch (e) {
    window.result = { failure: e.name + ': ' + e.message };
  }
  document.body.dataset.done = 'true';
})();
`,
  // The Cloudflare Workers recipe through the package's "workerd" condition: no init() at all.
  'worker.mjs': `import * as zai from 'zai-wasm';
import { exercise } from './scenario.mjs';

export default {
  async fetch(request) {
    const baseURL = new URL(request.url).searchParams.get('base');
    try {
      return Response.json(await exercise(zai, { baseURL }));
    } catch (e) {
      return Response.json({ failure: e.name + ': ' + e.message });
    }
  },
};
`,
  'webpack.html': `<!doctype html>
<meta charset="utf-8">
<title>zai-wasm in a webpack 5 app</title>
<pre id="out"></pre>
<script src="./main.js"></script>
`,
  'esbuild.html': `<!doctype html>
<meta charset="utf-8">
<title>zai-wasm in an esbuild app</title>
<pre id="out"></pre>
<script type="module" src="./main.js"></script>
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
  fs.copyFileSync(path.join(ROOT, 'tests', 'runtimes', 'scenario.mjs'), path.join(appDir, 'scenario.mjs'));
  const { stdout } = await exec(NPM, ['pack', '--json', '--ignore-scripts', '--loglevel=error', '--pack-destination', appDir], {
    cwd: path.join(ROOT, 'pkg'),
  });
  tarball = JSON.parse(stdout)[0].filename;
  await exec(NPM, ['install', `./${tarball}`, ...NPM_FLAGS], { cwd: appDir });
  server = await serve({
    '/': path.join(appDir, 'dist'),
    '/webpack/': path.join(appDir, 'dist-webpack'),
    '/esbuild/': path.join(appDir, 'dist-esbuild'),
  });
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

/** Opens `url` (an app's index.html) in headless Chromium and holds its result to the scenario. */
async function runApp(url) {
  const browser = await launchBrowser();
  try {
    const { page, problems } = await newPage(browser, server.url);
    await page.goto(url);
    await page.waitForSelector('body[data-done="true"]', { timeout: 30_000 });
    const result = await page.evaluate(() => window.result);
    await check(result);
    assert.equal(result.shown, DEFAULT_REPLY, 'rendered as it arrived');
    // The 429 the scenario asks for is logged as a failed resource load.
    assert.deepEqual(problems().filter((p) => !/\b429\b/.test(p)), []);
  } finally {
    await browser.close();
  }
}

test('Vite production build runs the scenario in headless Chromium', guard(async () => {
  const built = await exec(process.execPath, [path.join(appDir, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: appDir,
  }).catch((e) => {
    throw new Error(`vite build failed:\n${e.stdout}${e.stderr}`);
  });
  assert.equal(`${built.stdout}${built.stderr}`.trim(), '', 'vite build warns about nothing');
  const assets = fs.readdirSync(path.join(appDir, 'dist', 'assets'));
  assert.ok(assets.some((f) => f.endsWith('.wasm')), `Vite emitted the .wasm as an asset (got ${assets.join(', ')})`);
  await runApp(`${server.url}/`);
}));

test('webpack 5 production build (no configuration for the .wasm) runs the scenario in headless Chromium', guard(async (t) => {
  const webpack = rootRequire('webpack');
  t.diagnostic(`webpack ${webpack.version}`);
  const out = path.join(appDir, 'dist-webpack');
  const stats = await new Promise((resolve, reject) =>
    webpack(
      {
        mode: 'production',
        context: appDir,
        entry: './main.js',
        output: { path: out, filename: 'main.js', publicPath: 'auto', clean: true },
        resolve: { modules: [path.join(appDir, 'node_modules')] },
        performance: { hints: false },
        devtool: false,
      },
      (err, s) => (err ? reject(err) : resolve(s)),
    ),
  );
  assert.equal(stats.hasErrors() || stats.hasWarnings(), false, stats.toString('errors-warnings'));
  assert.ok(fs.readdirSync(out).some((f) => f.endsWith('.wasm')), 'webpack emitted the .wasm as an asset');
  fs.copyFileSync(path.join(appDir, 'webpack.html'), path.join(out, 'index.html'));
  await runApp(`${server.url}/webpack/`);
}));

test('esbuild bundle (+ the .wasm copied beside it) runs the scenario in headless Chromium', guard(async (t) => {
  const esbuild = rootRequire('esbuild');
  t.diagnostic(`esbuild ${esbuild.version}`);
  const out = path.join(appDir, 'dist-esbuild');
  const r = await esbuild.build({
    absWorkingDir: appDir,
    entryPoints: ['main.js'],
    bundle: true,
    minify: true,
    format: 'esm',
    outdir: out,
    logLevel: 'silent',
  });
  assert.deepEqual([...r.errors, ...r.warnings], []);
  // esbuild leaves `new URL('zai_wasm_bg.wasm', import.meta.url)` as it is: the file goes beside
  // the bundle (the README's esbuild recipe).
  fs.copyFileSync(path.join(appDir, 'node_modules', 'zai-wasm', 'zai_wasm_bg.wasm'), path.join(out, 'zai_wasm_bg.wasm'));
  fs.copyFileSync(path.join(appDir, 'esbuild.html'), path.join(out, 'index.html'));
  await runApp(`${server.url}/esbuild/`);
}));

test('workerd: a worker bundled as wrangler does picks the "workerd" export and runs the scenario without init()', guard(async (t) => {
  const esbuild = rootRequire('esbuild');
  const out = path.join(appDir, 'dist-workerd');
  const r = await esbuild.build({
    absWorkingDir: appDir,
    entryPoints: ['worker.mjs'],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    outfile: path.join(out, 'worker.js'),
    logLevel: 'silent',
    plugins: [
      {
        // wrangler's default rule: a .wasm import stays an import of a compiled WebAssembly.Module.
        name: 'wasm-modules',
        setup(b) {
          b.onResolve({ filter: /\.wasm$/ }, (args) => ({ path: `./${path.basename(args.path)}`, external: true }));
        },
      },
    ],
  });
  assert.deepEqual([...r.errors, ...r.warnings], []);
  const bundle = fs.readFileSync(path.join(out, 'worker.js'), 'utf8');
  assert.match(bundle, /from\s*["']\.\/zai_wasm_bg\.wasm["']/, 'the bundle imports the .wasm as a module (the workerd entry)');
  fs.copyFileSync(path.join(appDir, 'node_modules', 'zai-wasm', 'zai_wasm_bg.wasm'), path.join(out, 'zai_wasm_bg.wasm'));
  const worker = await startWorkerd(out, [
    { name: 'worker.js', type: 'esModule' },
    { name: 'zai_wasm_bg.wasm', type: 'wasm' },
  ]);
  try {
    t.diagnostic(worker.version);
    const res = await fetch(`${worker.url}/?base=${encodeURIComponent(`${server.url}/api`)}`);
    const text = await res.text();
    assert.equal(res.status, 200, `${text}\n${worker.log()}`);
    await check(JSON.parse(text));
  } finally {
    await worker.stop();
  }
}));
