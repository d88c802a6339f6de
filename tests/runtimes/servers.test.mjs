// The built package (pkg/) in the server-side runtimes: Node 20, Deno and Bun run
// tests/runtimes/servers/run-scenario.mjs; workerd (Cloudflare Workers' runtime) runs a worker
// that imports the .wasm as a module and calls initSync({ module }) (servers/worker-initsync.mjs).
// Each runs tests/runtimes/scenario.mjs against the in-process mock. Deno, Bun and workerd are
// the npm packages pinned in the root package.json (scripts/setup).
//   node --test tests/runtimes/      (scripts/test runs it after scripts/build)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, serve, check, startWorkerd } from './_lib.mjs';

const exec = promisify(execFile);
const SCRIPT = path.join(ROOT, 'tests', 'runtimes', 'servers', 'run-scenario.mjs');
const BIN = path.join(ROOT, 'node_modules', '.bin');
const CACHE = path.join(ROOT, 'target', 'runtimes');

let server;

before(async () => {
  assert.ok(fs.existsSync(path.join(ROOT, 'pkg', 'index.js')), 'pkg/ is not built: run scripts/build');
  server = await serve({});
});

after(async () => {
  await server?.close();
});

/** Runs `cmd args...` and parses the JSON line it prints. */
async function runScenario(cmd, args, env = {}) {
  const { stdout, stderr } = await exec(cmd, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    timeout: 60_000,
  }).catch((e) => {
    throw new Error(`${cmd} failed (${e.code}):\n${e.stdout}${e.stderr}`);
  });
  const line = stdout.trim().split('\n').pop();
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(`${cmd} printed no JSON result:\n${stdout}${stderr}`);
  }
}

async function version(cmd) {
  const { stdout } = await exec(cmd, ['--version']);
  return stdout.trim().split('\n')[0];
}

test('Node (this process\'s node): import pkg/index.js, init(), the scenario', async (t) => {
  t.diagnostic(`node ${process.version}`);
  await check(await runScenario(process.execPath, [SCRIPT, `${server.url}/api`]));
});

test('Deno: the same script, network limited to 127.0.0.1', async (t) => {
  const deno = path.join(BIN, 'deno');
  t.diagnostic(await version(deno));
  const result = await runScenario(
    deno,
    ['run', '--no-config', '--no-prompt', `--allow-net=127.0.0.1`, `--allow-read=${ROOT}`, SCRIPT, `${server.url}/api`],
    { DENO_DIR: path.join(CACHE, 'deno-dir'), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
  );
  await check(result);
});

test('Bun: the same script', async (t) => {
  const bun = path.join(BIN, 'bun');
  t.diagnostic(`bun ${await version(bun)}`);
  await check(await runScenario(bun, [SCRIPT, `${server.url}/api`], { BUN_RUNTIME_TRANSPILER_CACHE_PATH: '0', NO_COLOR: '1' }));
});

test('workerd: a worker importing the .wasm as a module, initSync({ module })', async (t) => {
  fs.mkdirSync(CACHE, { recursive: true });
  const dir = fs.mkdtempSync(path.join(CACHE, 'workerd-'));
  let worker;
  try {
    fs.copyFileSync(path.join(ROOT, 'tests', 'runtimes', 'servers', 'worker-initsync.mjs'), path.join(dir, 'worker.mjs'));
    fs.copyFileSync(path.join(ROOT, 'tests', 'runtimes', 'scenario.mjs'), path.join(dir, 'scenario.mjs'));
    for (const f of ['index.js', 'zai_wasm_bg.wasm']) fs.copyFileSync(path.join(ROOT, 'pkg', f), path.join(dir, f));
    worker = await startWorkerd(dir, [
      { name: 'worker.mjs', type: 'esModule' },
      { name: 'index.js', type: 'esModule' },
      { name: 'scenario.mjs', type: 'esModule' },
      { name: 'zai_wasm_bg.wasm', type: 'wasm' },
    ]);
    t.diagnostic(worker.version);
    const r = await fetch(`${worker.url}/?base=${encodeURIComponent(`${server.url}/api`)}`);
    const text = await r.text();
    assert.equal(r.status, 200, `${text}\n${worker.log()}`);
    await check(JSON.parse(text));
  } finally {
    await worker?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
