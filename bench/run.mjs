// The speed/size benchmark of issue 9 (run it with ./scripts/bench; see README "Benchmarks").
//
// Contenders, all in one headless Chromium page against bench/server.mjs on 127.0.0.1 (same
// origin as the page), all hitting POST /api/paas/v4/chat/completions through their baseURL:
//   raw       the floor: fetch + getReader() + TextDecoder + eventsource-parser + JSON.parse, a
//             plain read loop that stops at [DONE] (bench/contenders/raw.mjs)
//   raw-iter  the same parser behind an async generator consumed with `for await` (the shape
//             every client forces; a reference, not a target)
//   openai    the `openai` npm client (exact version in package.json), dangerouslyAllowBrowser
//   zai       zai-wasm as shipped: a snapshot of pkg/ loaded as ES modules
//
// Method (each choice is explained where it is made below):
//  * Correctness first: every contender streams every scenario once and must return exactly the
//    expected content and chunk count (and the expected non-stream answer); otherwise the run
//    stops with the difference. Every timed run is checked the same way, after its clock stops.
//  * Timed runs are interleaved (raw, raw-iter, openai, zai, raw, ...) after warm-up runs, with a
//    forced GC (--expose-gc) before each run so one contender's garbage is not collected on
//    another's clock. Ratios to raw are taken within a repetition, then the median is reported.
//  * wall: performance.now() in the page (cross-origin isolated: 5 us resolution) from the call
//    (before fetch/create) to the end of the `for await` loop. TTFC: from the same start to the
//    first chunk in the consumer's hands.
//  * CPU: the renderer main thread's CPU time (CDP Performance.getMetrics `ThreadTime`, thread
//    ticks) read just before and after the page.evaluate that runs the stream. It covers every
//    task of that thread: network reads handed to JS, parsing, JSON.parse, wasm, GC work done on
//    the main thread. It excludes the network service process and V8's helper threads. It also
//    counts what the thread does between the two reads outside the page's clock (the CDP calls,
//    ~0.6 ms for an empty evaluate; GC tasks a stream leaves behind), so CPU can exceed wall.
//  * reads, tail: one extra untimed run per contender counts body reads (by wrapping the reader's
//    read() and the body's async iterator) and the time from the last chunk to the end of the
//    loop. Read sizes depend on how fast the consumer is (the browser hands over whatever has
//    arrived, up to ~1-2 MB): that is why "paced" exists.
//  * alloc: bytes allocated on the JS heap during one stream, estimated by V8's sampling heap
//    profiler (CDP HeapProfiler.startSampling, samplingInterval 1 KiB, keeping objects collected
//    by minor and major GCs), in separate runs (sampling slows allocation; those runs are not
//    timed). Off-heap memory (ArrayBuffer backing stores such as the network reads, wasm linear
//    memory) is not in this figure. A calibration (known arrays) is printed with it.
//  * Non-stream: sequential calls per contender, interleaved batches; per-call time = batch / n;
//    overhead = per-call minus raw's in the same repetition, median over repetitions. CPU per
//    call: the main thread's ThreadTime over each batch (as for streams), summed per repetition
//    and divided by the calls; its overhead likewise. The wall time of a call is mostly waiting
//    (the network service, the server), which swings by tenths of a ms on a shared machine; the
//    main thread's CPU is what a client adds, and much steadier.
//  * Start-up: a fresh browser context (empty cache; the server sends no-store) per sample; time of
//    import() (+ init() for zai-wasm) measured in the page. The package starts fetching and
//    compiling the .wasm when it is evaluated, so init() right after import() still waits for it;
//    a second zai-wasm row adds the preload hints a page can give (both requests start at once).
//  * Memory: zai-wasm alone in a fresh context; sequential short streams; wasm memory (from the
//    instance's exports) and the JS heap (CDP Runtime.getHeapUsage) after CDP-forced GCs.
//  * Size: target/size.json (written by scripts/build) for zai-wasm; esbuild --minify ESM bundles,
//    gzip -9, for the openai client and the raw floor.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import * as esbuild from 'esbuild';
import { ROOT, startServer } from './server.mjs';
import { CHROMIUM, CHROMIUM_ARGS_WITH_GC } from '../scripts/chromium.mjs';

const CHROMIUM_ARGS = CHROMIUM_ARGS_WITH_GC;
const OUT_DIR = path.join(ROOT, 'target', 'bench');
const WWW = path.join(OUT_DIR, 'www');
const ALL_CONTENDERS = ['raw', 'raw-iter', 'openai', 'zai'];
const LABEL = { raw: 'raw (floor)', 'raw-iter': 'raw-iter (ref)', openai: 'openai', zai: 'zai-wasm' };
const SAMPLING_INTERVAL = 1024;

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------

const HELP = `usage: scripts/bench [options]
  --reps N             timed repetitions per streaming scenario (default 21; --quick 3)
  --warmup N           untimed runs per contender and scenario first (default 3; --quick 1)
  --alloc-reps N       allocation-sampling runs per contender and scenario (default 3; --quick 1)
  --scenarios LIST     content,paced (default both)
  --contenders LIST    raw,raw-iter,openai,zai (default all; raw is always included)
  --nonstream-calls N  sequential non-stream calls per contender and repetition (default 1000;
                       --quick 200), made in interleaved blocks of 50
  --nonstream-reps N   repetitions (default 5; --quick 2)
  --startup-samples N  fresh contexts per start-up measurement (default 9; --quick 3)
  --memory-streams N   sequential short streams in the memory test (default 1000; --quick 200)
  --no-nonstream, --no-startup, --no-memory   skip that part
  --quick              few repetitions (under ~2 minutes)
  --json FILE          where to write the results (default target/bench.json)
  --cpu-profile DIR    after the timed runs, one more stream per contender and scenario (and 200
                       more non-stream calls) under V8's CPU profiler: DIR/<part>-<contender>.cpuprofile
                       (open in Chrome DevTools) and the functions with the most self time printed`;

function parseArgs(argv) {
  const quick = argv.includes('--quick');
  const o = {
    quick,
    reps: quick ? 3 : 21,
    warmup: quick ? 1 : 3,
    allocReps: quick ? 1 : 3,
    scenarios: ['content', 'paced'],
    contenders: ALL_CONTENDERS,
    nonstreamCalls: quick ? 200 : 1000,
    nonstreamReps: quick ? 2 : 5,
    startupSamples: quick ? 3 : 9,
    memoryStreams: quick ? 200 : 1000,
    nonstream: true,
    startup: true,
    memory: true,
    json: path.join(ROOT, 'target', 'bench.json'),
  };
  const int = (v, name) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${name} needs a non-negative integer, got ${v}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    switch (a) {
      case '--quick': break;
      case '--reps': o.reps = Math.max(1, int(next(), a)); break;
      case '--warmup': o.warmup = int(next(), a); break;
      case '--alloc-reps': o.allocReps = int(next(), a); break;
      case '--scenarios': o.scenarios = next().split(',').filter(Boolean); break;
      case '--contenders': o.contenders = next().split(',').filter(Boolean); break;
      case '--nonstream-calls': o.nonstreamCalls = Math.max(1, int(next(), a)); break;
      case '--nonstream-reps': o.nonstreamReps = Math.max(1, int(next(), a)); break;
      case '--startup-samples': o.startupSamples = Math.max(1, int(next(), a)); break;
      case '--memory-streams': o.memoryStreams = Math.max(2, int(next(), a)); break;
      case '--no-nonstream': o.nonstream = false; break;
      case '--no-startup': o.startup = false; break;
      case '--no-memory': o.memory = false; break;
      case '--json': o.json = path.resolve(next()); break;
      case '--cpu-profile': o.cpuProfile = path.resolve(next()); break;
      case '-h': case '--help': console.log(HELP); process.exit(0); break;
      default: throw new Error(`unknown option ${a}\n${HELP}`);
    }
  }
  for (const s of o.scenarios) if (!['content', 'paced'].includes(s)) throw new Error(`unknown scenario ${s} (content, paced)`);
  for (const c of o.contenders) if (!ALL_CONTENDERS.includes(c)) throw new Error(`unknown contender ${c} (${ALL_CONTENDERS.join(', ')})`);
  o.contenders = ALL_CONTENDERS.filter((c) => c === 'raw' || o.contenders.includes(c));
  return o;
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

const T0 = Date.now();
const log = (...a) => console.error(`[bench ${((Date.now() - T0) / 1000).toFixed(0)}s]`, ...a);
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
const sum = (a) => a.reduce((s, x) => s + x, 0);

function quantile(values, q) {
  const a = values.filter((v) => Number.isFinite(v)).sort((x, y) => x - y);
  if (!a.length) return NaN;
  const pos = (a.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return a[lo] + (a[hi] - a[lo]) * (pos - lo);
}
const median = (v) => quantile(v, 0.5);

function fmt(v, digits = 1) {
  return Number.isFinite(v) ? v.toFixed(digits) : 'n/a';
}

function gzipSize(file) {
  // The same measure as scripts/build: `gzip -9 -c FILE | wc -c` (the header holds the file name).
  const r = spawnSync('gzip', ['-9', '-c', file], { maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`gzip failed: ${r.stderr}`);
  return r.stdout.length;
}

function table(headers, rows, align) {
  const cells = [headers, ...rows].map((r) => r.map(String));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r) => '| ' + r.map((c, i) => (align?.[i] === 'l' ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ') + ' |';
  const sep = '|' + widths.map((w, i) => (align?.[i] === 'l' ? ':' + '-'.repeat(w + 1) : '-'.repeat(w + 1) + ':')).join('|') + '|';
  return [line(cells[0]), sep, ...cells.slice(1).map(line)].join('\n');
}

function versionOf(pkgName) {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', pkgName, 'package.json'), 'utf8')).version;
}

function git(...args) {
  const r = spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '';
}

// ---------------------------------------------------------------------------------------------
// Preparation: a snapshot of pkg/, the contender bundles, sizes
// ---------------------------------------------------------------------------------------------

/**
 * pkg/ is rebuilt from time to time (scripts/build empties it first). Wait until it is complete and
 * has not changed for 2 s, then copy it, so the whole run measures one build.
 */
async function snapshotPkg() {
  const pkg = path.join(ROOT, 'pkg');
  const needed = ['index.js', 'zai_wasm_bg.wasm', 'package.json'];
  const stamp = () => {
    try {
      const files = [];
      const walk = (dir) => {
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
          const p = path.join(dir, e.name);
          if (e.isDirectory()) walk(p);
          else files.push(`${path.relative(pkg, p)}:${fs.statSync(p).size}:${fs.statSync(p).mtimeMs}`);
        }
      };
      walk(pkg);
      return needed.every((f) => fs.existsSync(path.join(pkg, f))) ? files.sort().join('\n') : null;
    } catch {
      return null;
    }
  };
  const deadline = Date.now() + 10 * 60_000;
  let told = false;
  for (;;) {
    const a = stamp();
    if (a) {
      await sleep(2000);
      if (stamp() === a) break;
    }
    if (Date.now() > deadline) throw new Error('pkg/ is missing or still changing after 10 minutes: run scripts/build');
    if (!told) log('pkg/ is incomplete or being rebuilt; waiting for it to settle');
    told = true;
    await sleep(2000);
  }
  const dest = path.join(WWW, 'pkg');
  fs.rmSync(dest, { recursive: true, force: true });
  fs.cpSync(pkg, dest, { recursive: true });
  const wasm = fs.readFileSync(path.join(dest, 'zai_wasm_bg.wasm'));
  const version = JSON.parse(fs.readFileSync(path.join(dest, 'package.json'), 'utf8')).version;
  return {
    version,
    wasmSha256: crypto.createHash('sha256').update(wasm).digest('hex').slice(0, 16),
    builtAt: new Date(fs.statSync(path.join(pkg, 'zai_wasm_bg.wasm')).mtimeMs).toISOString(),
  };
}

async function bundle(entry, outfile, extra = {}) {
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    minify: true,
    platform: 'browser',
    target: 'es2022',
    logLevel: 'warning',
    ...extra,
  });
  return fs.readFileSync(outfile);
}

async function prepare() {
  fs.mkdirSync(WWW, { recursive: true });
  const pkgInfo = await snapshotPkg();
  for (const f of ['index.html', 'blank.html']) fs.copyFileSync(path.join(ROOT, 'bench', 'page', f), path.join(WWW, f));
  fs.copyFileSync(path.join(ROOT, 'bench', 'page', 'harness.mjs'), path.join(WWW, 'harness.js'));
  const c = path.join(ROOT, 'bench', 'contenders');
  const raw = await bundle(path.join(c, 'raw.mjs'), path.join(WWW, 'raw.js'));
  await bundle(path.join(c, 'openai.mjs'), path.join(WWW, 'openai.js'));
  await bundle(path.join(c, 'zai.mjs'), path.join(WWW, 'zai.js'), { external: ['/pkg/index.js'] });

  // Size: the openai library alone (the client class, tree-shaken by esbuild, minified ESM).
  const openaiLib = path.join(OUT_DIR, 'size-openai.js');
  await esbuild.build({
    stdin: { contents: "export { default } from 'openai';", resolveDir: ROOT, loader: 'js' },
    outfile: openaiLib, bundle: true, format: 'esm', minify: true, platform: 'browser', target: 'es2022', logLevel: 'warning',
  });
  const openaiBuf = fs.readFileSync(openaiLib);

  // zai-wasm: scripts/build's own figures, cross-checked against the snapshot.
  let sizeJson = null;
  try {
    sizeJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'target', 'size.json'), 'utf8'));
  } catch {
    /* reported below */
  }
  const snap = path.join(WWW, 'pkg');
  const wasmBuf = fs.readFileSync(path.join(snap, 'zai_wasm_bg.wasm'));
  // The JS every page loads (index.js): not the optional entries (tools.js, tasks.js), loaded
  // only by pages that import them, nor workerd.js (workerd's entry).
  const jsFiles = (sizeJson?.js?.files?.map((f) => f.file) ?? ['index.js']).map((f) => path.join(snap, f));
  const measured = {
    wasm: { raw: wasmBuf.length, gzip: gzipSize(path.join(snap, 'zai_wasm_bg.wasm')) },
    js: { raw: sum(jsFiles.map((f) => fs.statSync(f).size)), gzip: sum(jsFiles.map((f) => gzipSize(f))) },
  };
  measured.total_gzip = measured.wasm.gzip + measured.js.gzip;
  measured.total_raw = measured.wasm.raw + measured.js.raw;
  const sizeStale = !sizeJson || sizeJson.wasm?.gzip !== measured.wasm.gzip || sizeJson.js?.gzip !== measured.js.gzip;
  const zaiSize = sizeStale ? measured : sizeJson;
  if (sizeStale) {
    log(`target/size.json (${sizeJson ? `wasm ${sizeJson.wasm?.gzip} B, JS ${sizeJson.js?.gzip} B gzip` : 'missing'}) does not match ` +
      `the pkg/ snapshot (wasm ${measured.wasm.gzip} B, JS ${measured.js.gzip} B gzip): using the snapshot's sizes`);
  }

  const sizes = [
    { what: `zai-wasm ${pkgInfo.version} .wasm`, raw: zaiSize.wasm.raw, gzip: zaiSize.wasm.gzip },
    { what: `zai-wasm ${pkgInfo.version} JS (${jsFiles.length} file${jsFiles.length === 1 ? '' : 's'})`, raw: zaiSize.js.raw, gzip: zaiSize.js.gzip },
    { what: `zai-wasm ${pkgInfo.version} total`, raw: zaiSize.total_raw, gzip: zaiSize.total_gzip, key: 'zai' },
    { what: `openai ${versionOf('openai')} (esbuild --minify ESM)`, raw: openaiBuf.length, gzip: gzipSize(openaiLib), key: 'openai' },
    { what: `raw floor (eventsource-parser ${versionOf('eventsource-parser')} + loop)`, raw: raw.length, gzip: gzipSize(path.join(WWW, 'raw.js')), key: 'raw' },
  ];
  return { pkgInfo, sizes, sizeSource: sizeStale ? 'measured from the pkg/ snapshot' : 'target/size.json' };
}

// ---------------------------------------------------------------------------------------------
// Browser side
// ---------------------------------------------------------------------------------------------

async function openPage(browser, url, names) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  await page.goto(url + '/', { waitUntil: 'load' });
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
  const cdp = await context.newCDPSession(page);
  // threadTicks: ThreadTime is the main thread's CPU time.
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  await cdp.send('HeapProfiler.enable');
  // pkg/ may be mid-rebuild only before the snapshot; the page loads the snapshot, but retry once
  // in case a module load fails transiently.
  try {
    await page.evaluate((n) => window.bench.load(n), names);
  } catch (err) {
    log(`loading contenders failed (${err.message.split('\n')[0]}); retrying in 5 s`);
    await sleep(5000);
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
    await page.evaluate((n) => window.bench.load(n), names);
  }
  return { context, page, cdp, problems };
}

async function metrics(cdp) {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  const get = (n) => list.find((m) => m.name === n)?.value ?? NaN;
  return { thread: get('ThreadTime') * 1000, task: get('TaskDuration') * 1000 };
}

async function gcInPage(page) {
  await page.evaluate(() => {
    globalThis.gc();
    globalThis.gc();
  });
  await sleep(10);
}

/** One timed stream: wall, TTFC (page clock), CPU (main-thread ThreadTime delta). Checked after. */
async function timedStream(p, name, scenario) {
  await gcInPage(p.page);
  const m0 = await metrics(p.cdp);
  const r = await p.page.evaluate(([n, s]) => window.bench.stream(n, s), [name, scenario]);
  const m1 = await metrics(p.cdp);
  const c = await p.page.evaluate(() => window.bench.check());
  if (!c.ok) throw new Error(`wrong output: ${c.message}`);
  return { wall: r.wall, ttfc: r.ttfc, cpu: m1.thread - m0.thread, task: m1.task - m0.task };
}

/** Bytes allocated on the JS heap during `body`, from V8's sampling heap profiler (see header). */
async function sampledAlloc(cdp, body) {
  await cdp.send('HeapProfiler.startSampling', {
    samplingInterval: SAMPLING_INTERVAL,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  let result;
  let profile;
  try {
    result = await body();
  } finally {
    ({ profile } = await cdp.send('HeapProfiler.stopSampling'));
  }
  let bytes = 0;
  const stack = [profile.head];
  while (stack.length) {
    const n = stack.pop();
    bytes += n.selfSize;
    for (const ch of n.children) stack.push(ch);
  }
  return { bytes, result };
}

/**
 * `body` under V8's sampling CPU profiler (100 us): the profile is written to `dir/<label>.cpuprofile`
 * (open it in Chrome DevTools) and its top self-time functions printed (a function's share of
 * the busy samples, idle excluded, so the contenders' lists compare).
 */
async function profiled(p, dir, label, body) {
  await gcInPage(p.page);
  await p.cdp.send('Profiler.enable');
  await p.cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await p.cdp.send('Profiler.start');
  await body();
  const { profile } = await p.cdp.send('Profiler.stop');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${label}.cpuprofile`);
  fs.writeFileSync(file, JSON.stringify(profile));
  const ticks = new Map();
  profile.samples.forEach((id, i) => ticks.set(id, (ticks.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const self = new Map();
  let busy = 0;
  for (const node of profile.nodes) {
    const f = node.callFrame;
    if (f.functionName === '(idle)' || f.functionName === '(program)') continue;
    const t = ticks.get(node.id) ?? 0;
    const key = `${f.functionName || '(anonymous)'} ${path.basename(f.url || '')}`.trim();
    self.set(key, (self.get(key) ?? 0) + t);
    busy += t;
  }
  log(`${label}: ${(busy / 1000).toFixed(1)} ms busy in the profile (${path.relative(ROOT, file)}); most self time:`);
  for (const [k, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
    console.log(`  ${(t / busy * 100).toFixed(1).padStart(5)} %  ${k}`);
  }
}

async function allocStream(p, name, scenario) {
  await gcInPage(p.page);
  const { bytes } = await sampledAlloc(p.cdp, () => p.page.evaluate(([n, s]) => window.bench.stream(n, s), [name, scenario]));
  const c = await p.page.evaluate(() => window.bench.check());
  if (!c.ok) throw new Error(`wrong output: ${c.message}`);
  return bytes;
}

// ---------------------------------------------------------------------------------------------
// The parts of the bench
// ---------------------------------------------------------------------------------------------

async function verify(p, o, data) {
  for (const name of o.contenders) {
    for (const scenario of [...o.scenarios, 'short']) {
      await p.page.evaluate(([n, s]) => window.bench.stream(n, s), [name, scenario]);
      const c = await p.page.evaluate(() => window.bench.check());
      if (!c.ok) throw new Error(`contender ${LABEL[name]} is wrong, aborting the bench: ${c.message}`);
    }
    if (name !== 'raw-iter') await p.page.evaluate((n) => window.bench.nonstream(n, 3), name);
  }
  log(`correctness: ${o.contenders.map((c) => LABEL[c]).join(', ')} return the expected content and chunk count ` +
    `(${o.scenarios.map((s) => `${s}: ${data.expected[s].chunks} chunks, ${data.expected[s].content.length} UTF-16 units`).join('; ')}) ` +
    `and the expected non-stream answer`);
}

async function streaming(p, o, scenario) {
  const names = o.contenders;
  for (let i = 0; i < o.warmup; i++) for (const n of names) await timedStream(p, n, scenario);
  const runs = Object.fromEntries(names.map((n) => [n, []]));
  for (let rep = 0; rep < o.reps; rep++) {
    for (const n of names) runs[n].push(await timedStream(p, n, scenario));
    process.stderr.write(`\r[bench] ${scenario}: repetition ${rep + 1}/${o.reps}`);
  }
  process.stderr.write('\n');
  log('done');
  const alloc = Object.fromEntries(names.map((n) => [n, []]));
  for (let rep = 0; rep < o.allocReps; rep++) for (const n of names) alloc[n].push(await allocStream(p, n, scenario));
  const reads = {};
  for (const n of names) reads[n] = await p.page.evaluate(([c, sc]) => window.bench.readStats(c, sc), [n, scenario]);
  if (o.cpuProfile) {
    for (const n of names) {
      await profiled(p, o.cpuProfile, `${scenario}-${n}`,
        () => p.page.evaluate(([c, sc]) => window.bench.stream(c, sc), [n, scenario]));
    }
  }
  const rows = {};
  for (const n of names) {
    const r = runs[n];
    const ratio = (k) => r.map((x, i) => x[k] / runs.raw[i][k]);
    rows[n] = {
      wall: median(r.map((x) => x.wall)),
      wallRatio: median(ratio('wall')),
      wallRatioP25: quantile(ratio('wall'), 0.25),
      wallRatioP75: quantile(ratio('wall'), 0.75),
      cpu: median(r.map((x) => x.cpu)),
      cpuRatio: median(ratio('cpu')),
      task: median(r.map((x) => x.task)),
      allocMB: median(alloc[n]) / 1e6,
      ttfc: median(r.map((x) => x.ttfc)),
      reads: reads[n],
      runs: r,
      allocBytes: alloc[n],
    };
  }
  return rows;
}

const NONSTREAM_BLOCK = 50;

/**
 * Non-stream: per repetition, each contender makes `nonstreamCalls` sequential calls in blocks of
 * 50, the blocks interleaved (raw, openai, zai, raw, ...) so drift hits all alike. Each call is
 * timed in the page (5 us clock). Per contender and repetition: the median call time (robust to
 * GC pauses and scheduler hiccups) and the mean; overhead = that minus raw's in the same
 * repetition; the table shows the medians over repetitions.
 */
async function nonstream(p, o, count = 1) {
  const names = o.contenders.filter((n) => n !== 'raw-iter');
  const call = (c, k) => p.page.evaluate(([cc, kk, mm]) => window.bench.nonstream(cc, kk, mm), [c, k, count]);
  for (const n of names) await call(n, 100); // warm-up
  const reps = Object.fromEntries(names.map((n) => [n, []]));
  for (let rep = 0; rep < o.nonstreamReps; rep++) {
    const times = Object.fromEntries(names.map((n) => [n, []]));
    const cpu = Object.fromEntries(names.map((n) => [n, 0]));
    await gcInPage(p.page);
    for (let done = 0; done < o.nonstreamCalls; done += NONSTREAM_BLOCK) {
      const k = Math.min(NONSTREAM_BLOCK, o.nonstreamCalls - done);
      for (const n of names) {
        const m0 = await metrics(p.cdp);
        times[n].push(...(await call(n, k)));
        cpu[n] += (await metrics(p.cdp)).thread - m0.thread;
      }
    }
    for (const n of names) {
      reps[n].push({ median: median(times[n]), mean: sum(times[n]) / times[n].length, cpu: cpu[n] / o.nonstreamCalls });
    }
    process.stderr.write(`\r[bench] non-stream (${count} message${count > 1 ? 's' : ''}): repetition ${rep + 1}/${o.nonstreamReps}`);
  }
  process.stderr.write('\n');
  log('done');
  if (o.cpuProfile) {
    for (const n of names) {
      await profiled(p, o.cpuProfile, `nonstream${count > 1 ? count : ''}-${n}`, () => call(n, 200));
    }
  }
  const rows = {};
  for (const n of names) {
    const r = reps[n];
    rows[n] = {
      perCall: median(r.map((x) => x.median)),
      perCallMean: median(r.map((x) => x.mean)),
      overhead: median(r.map((x, i) => x.median - reps.raw[i].median)),
      overheadMean: median(r.map((x, i) => x.mean - reps.raw[i].mean)),
      cpu: median(r.map((x) => x.cpu)),
      cpuOverhead: median(r.map((x, i) => x.cpu - reps.raw[i].cpu)),
      reps: r,
    };
  }
  return rows;
}

async function startup(browser, url, o) {
  const what = [
    { key: 'zai', label: "zai-wasm: import('/pkg/index.js') + init()", url: '/pkg/index.js', init: true },
    // What a page can add in its <head> (README "Runtimes"): both requests start at once.
    { key: 'zai-hints', label: 'zai-wasm, the page hinting index.js (modulepreload) and the .wasm (preload)', url: '/pkg/index.js', init: true, hints: true },
    { key: 'openai', label: 'openai: import() of its bundle', url: '/openai.js' },
    { key: 'raw', label: 'raw floor: import() of its bundle', url: '/raw.js' },
  ].filter((w) => o.contenders.includes(w.key.replace(/-hints$/, '')));
  const samples = Object.fromEntries(what.map((w) => [w.key, []]));
  for (let i = 0; i < o.startupSamples; i++) {
    for (const w of what) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(url + '/blank.html', { waitUntil: 'load' });
      await sleep(50);
      // Measured in the page (its performance.now()), from before import() to init() resolved.
      const ms = await page.evaluate(async ([url, init, hints]) => {
        const t0 = performance.now();
        if (hints) {
          // The same as <link rel="modulepreload" href="/pkg/index.js"> and <link rel="preload"
          // as="fetch" crossorigin href="/pkg/zai_wasm_bg.wasm"> in the page's <head>.
          for (const [rel, href] of [['modulepreload', url], ['preload', new URL('zai_wasm_bg.wasm', new URL(url, location.href)).href]]) {
            const link = document.createElement('link');
            link.rel = rel;
            link.href = href;
            if (rel === 'preload') {
              link.as = 'fetch';
              link.crossOrigin = 'anonymous';
            }
            document.head.append(link);
          }
        }
        const m = await import(url);
        const t1 = performance.now();
        if (init) await m.default();
        const t2 = performance.now();
        return { total: t2 - t0, import: t1 - t0, init: t2 - t1 };
      }, [w.url, !!w.init, !!w.hints]);
      samples[w.key].push(ms);
      await context.close();
    }
  }
  return what.map((w) => {
    const s = samples[w.key];
    const total = s.map((x) => x.total);
    return {
      key: w.key, label: w.label, median: median(total), min: Math.min(...total), max: Math.max(...total),
      importMedian: median(s.map((x) => x.import)), initMedian: w.init ? median(s.map((x) => x.init)) : NaN, samples: s,
    };
  });
}

async function memory(browser, url, o) {
  const p = await openPage(browser, url, ['zai']);
  try {
    const figures = async () => {
      for (let i = 0; i < 3; i++) await p.cdp.send('HeapProfiler.collectGarbage');
      const { usedSize } = await p.cdp.send('Runtime.getHeapUsage');
      const wasm = await p.page.evaluate(() => window.bench.wasmMemoryBytes());
      return { heap: usedSize, wasm };
    };
    await p.page.evaluate(() => window.bench.shortStreams('zai', 20)); // warm-up
    const half = Math.floor(o.memoryStreams / 2);
    const at = [{ n: 0, ...(await figures()) }];
    const t0 = Date.now();
    await p.page.evaluate((k) => window.bench.shortStreams('zai', k), half);
    at.push({ n: half, ...(await figures()) });
    await p.page.evaluate((k) => window.bench.shortStreams('zai', k), o.memoryStreams - half);
    at.push({ n: o.memoryStreams, ...(await figures()) });
    return { streams: o.memoryStreams, ms: Date.now() - t0, at };
  } finally {
    await p.context.close();
  }
}

async function calibration(p) {
  const n = 2000;
  await gcInPage(p.page);
  const { bytes } = await sampledAlloc(p.cdp, () => p.page.evaluate((k) => window.bench.calibrate(k), n));
  // new Array(1024) with pointer compression: 16 B JSArray + 8 B FixedArray header + 1024 * 4 B.
  return { expected: n * (16 + 8 + 4096), estimated: bytes };
}

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

function report(res, o) {
  const out = [];
  const say = (s = '') => out.push(s);
  const e = res.expected;
  say(`zai-wasm bench, ${res.date}: Chromium ${res.env.chromium} (headless), Node ${res.env.node}, ${res.env.cpus} CPUs, ` +
    `openai ${res.env.openai}, eventsource-parser ${res.env.eventsourceParser}; pkg/ ${res.pkg.version} (wasm sha256 ${res.pkg.wasmSha256}, built ${res.pkg.builtAt}) at ${res.env.git}`);
  say(`Medians of ${o.reps} interleaved repetitions after ${o.warmup} warm-up runs; ×raw = median of same-repetition ratios ` +
    `[p25-p75]; CPU = renderer main-thread CPU; alloc = JS heap bytes allocated (sampled, median of ${o.allocReps}; ` +
    `ArrayBuffers and wasm memory not included); reads, tail = body reads and time from the last chunk to the end of the loop, in one ` +
    `extra run. Page clock resolution ` +
    `${res.clock ? fmt(res.clock.resolutionMs * 1000, 0) + ' us' : 'n/a'}.`);
  for (const scenario of o.scenarios) {
    const rows = res.streaming[scenario];
    const desc = scenario === 'content'
      ? `${e.content.chunks} chunks, ${(e.content.bytes / 1e6).toFixed(2)} MB in ${e.content.writes} writes of 4 KiB, as fast as the socket drains`
      : `${e.paced.chunks} chunks, ${(e.paced.bytes / 1e6).toFixed(2)} MB in ${e.paced.writes} writes of 4 events, 1 ms apart; wall time is the server's pace, compare CPU`;
    say();
    say(`Streaming "${scenario}" (${desc})`);
    say(table(['contender', 'wall ms', 'wall ×raw [p25-p75]', 'CPU ms', 'CPU ×raw', 'alloc MB', 'TTFC ms', 'reads', 'tail ms'],
      o.contenders.map((n) => {
        const r = rows[n];
        return [LABEL[n], fmt(r.wall), `${fmt(r.wallRatio, 2)} [${fmt(r.wallRatioP25, 2)}-${fmt(r.wallRatioP75, 2)}]`, fmt(r.cpu), fmt(r.cpuRatio, 2), fmt(r.allocMB, 1), fmt(r.ttfc, 2), r.reads.reads, fmt(r.reads.tail, 2)];
      }), ['l']));
  }
  if (res.calibration) {
    say(`(alloc sampler check: ${(res.calibration.expected / 1e6).toFixed(2)} MB of known arrays estimated as ${(res.calibration.estimated / 1e6).toFixed(2)} MB)`);
  }
  if (res.nonstream) {
    say();
    say(`Non-stream: ${o.nonstreamCalls} sequential calls per contender in interleaved blocks of ${NONSTREAM_BLOCK}, ` +
      `${o.nonstreamReps} repetitions; medians over repetitions of the median (and mean) call`);
    const signed = (v) => (v >= 0 ? '+' : '') + fmt(v, 3);
    const rows = (r) => Object.entries(r).map(([n, x]) => [LABEL[n], fmt(x.perCall, 3), n === 'raw' ? '-' : signed(x.overhead),
      fmt(x.perCallMean, 3), n === 'raw' ? '-' : signed(x.overheadMean), fmt(x.cpu, 3), n === 'raw' ? '-' : signed(x.cpuOverhead)]);
    const head = ['contender', 'ms per call', 'overhead vs raw', 'ms per call (mean)', 'overhead (mean)', 'CPU ms per call', 'CPU overhead'];
    say(table(head, rows(res.nonstream), ['l']));
    if (res.nonstream200) {
      say();
      say('Non-stream with a 200-message request (~25 KB of JSON), a quarter as many calls');
      say(table(head, rows(res.nonstream200), ['l']));
    }
  }
  if (res.startup) {
    say();
    say(`Start-up: ${o.startupSamples} fresh browser contexts each (cold cache), medians`);
    say(table(['what', 'median ms', 'min-max ms', 'import ms', 'init ms'],
      res.startup.map((s) => [s.label, fmt(s.median, 1), `${fmt(s.min, 1)}-${fmt(s.max, 1)}`, fmt(s.importMedian, 1), Number.isFinite(s.initMedian) ? fmt(s.initMedian, 1) : '-']), ['l']));
  }
  if (res.memory) {
    const m = res.memory;
    const kib = (b) => (b == null ? 'n/a' : (b / 1024).toFixed(0));
    say();
    say(`Memory: zai-wasm, ${m.streams} sequential short streams (${e.short.chunks} chunks each) in ${m.ms} ms; after forced GC`);
    say(table(['after stream', ...m.at.map((a) => String(a.n))],
      [['wasm memory KiB', ...m.at.map((a) => kib(a.wasm))], ['JS heap KiB', ...m.at.map((a) => kib(a.heap))]], ['l']));
    if (m.at[0].wasm == null) say('(wasm memory: the package exposes no memory; init() returned no exports with `memory`)');
  }
  say();
  say(`Size (gzip -9; zai-wasm from ${res.sizeSource})`);
  say(table(['what', 'raw B', 'gzip B', 'gzip KiB'], res.sizes.map((s) => [s.what, s.raw, s.gzip, (s.gzip / 1024).toFixed(1)]), ['l']));

  // The issue's targets, compared plainly (no noise allowance: read the ranges above for that).
  const t = [];
  const st = res.streaming;
  const mark = (ok) => (ok ? 'met' : 'not met');
  if (st.content?.zai) t.push(['content wall ×raw ≤ 1.00', fmt(st.content.zai.wallRatio, 2), mark(st.content.zai.wallRatio <= 1)]);
  if (st.content?.zai && st.content?.openai) t.push(['vs openai (content wall, openai / zai)', fmt(st.content.openai.wall / st.content.zai.wall, 2) + '×', '-']);
  if (st.paced?.zai) t.push(['paced CPU ×raw ≤ 1.05', fmt(st.paced.zai.cpuRatio, 2), mark(st.paced.zai.cpuRatio <= 1.05)]);
  for (const s of o.scenarios) {
    if (st[s]?.zai) t.push([`${s} alloc ≤ raw's`, `${fmt(st[s].zai.allocMB)} vs ${fmt(st[s].raw.allocMB)} MB`, mark(st[s].zai.allocMB <= st[s].raw.allocMB)]);
  }
  if (res.nonstream?.zai) t.push(['non-stream overhead ≤ 0.1 ms/call', fmt(res.nonstream.zai.overhead, 3) + ' ms', mark(res.nonstream.zai.overhead <= 0.1)]);
  if (res.nonstream?.zai) t.push(['  the same, main-thread CPU', fmt(res.nonstream.zai.cpuOverhead, 3) + ' ms', mark(res.nonstream.zai.cpuOverhead <= 0.1)]);
  if (res.nonstream200?.zai) t.push(['200-message request overhead ≤ 0.3 ms', fmt(res.nonstream200.zai.overhead, 3) + ' ms', mark(res.nonstream200.zai.overhead <= 0.3)]);
  if (res.nonstream200?.zai) t.push(['  the same, main-thread CPU', fmt(res.nonstream200.zai.cpuOverhead, 3) + ' ms', mark(res.nonstream200.zai.cpuOverhead <= 0.3)]);
  const zs = res.sizes.find((s) => s.key === 'zai');
  t.push(['size ≤ 30 KiB gzip', `${(zs.gzip / 1024).toFixed(1)} KiB`, mark(zs.gzip <= 30 * 1024)]);
  const su = res.startup?.find((s) => s.key === 'zai');
  if (su) t.push(['start-up ≤ 15 ms', fmt(su.median, 1) + ' ms', mark(su.median <= 15)]);
  if (res.memory) {
    const [, mid, end] = res.memory.at;
    const grow = end.heap - mid.heap;
    t.push(['memory flat (second half growth)', `wasm ${mid.wasm == null ? 'n/a' : '+' + ((end.wasm - mid.wasm) / 1024).toFixed(0) + ' KiB'}, JS heap ${grow >= 0 ? '+' : ''}${(grow / 1024).toFixed(0)} KiB`, '-']);
  }
  say();
  say('Issue 9 targets (zai-wasm)');
  say(table(['target', 'measured', ''], t, ['l', 'r', 'l']));
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found (scripts/setup installs Debian's chromium)`);
  const started = Date.now();
  if (os.loadavg()[0] > 1) log(`load average ${os.loadavg()[0].toFixed(2)} before the start (${os.cpus().length} CPUs): other work competes with the bench; figures will be noisier`);
  log('preparing: pkg/ snapshot, esbuild bundles, sizes');
  const prep = await prepare();
  const server = await startServer({ www: WWW });
  log(`server ${server.url}`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
  const res = {
    date: new Date().toISOString().slice(0, 10),
    env: {
      chromium: browser.version(),
      node: process.version,
      cpus: os.cpus().length,
      loadavgAtStart: os.loadavg().map((x) => +x.toFixed(2)),
      openai: versionOf('openai'),
      eventsourceParser: versionOf('eventsource-parser'),
      git: git('rev-parse', '--short', 'HEAD') + (git('status', '--porcelain', '--', 'src') ? ' (src/ has uncommitted changes)' : ''),
    },
    options: o,
    pkg: prep.pkgInfo,
    expected: Object.fromEntries(Object.entries(server.data.expected).map(([k, v]) => [k, { chunks: v.chunks, bytes: v.bytes, writes: v.writes }])),
    sizes: prep.sizes,
    sizeSource: prep.sizeSource,
    streaming: {},
  };
  try {
    const p = await openPage(browser, server.url, o.contenders);
    res.clock = await p.page.evaluate(() => window.bench.clockInfo());
    if (!res.clock.isolated) log(`the page is not cross-origin isolated: performance.now() resolution ${res.clock.resolutionMs} ms`);
    await verify(p, o, server.data);
    res.calibration = await calibration(p);
    for (const scenario of o.scenarios) res.streaming[scenario] = await streaming(p, o, scenario);
    if (o.nonstream) {
      res.nonstream = await nonstream(p, o);
      res.nonstream200 = await nonstream(p, { ...o, nonstreamCalls: Math.max(50, Math.round(o.nonstreamCalls / 4)) }, 200);
    }
    if (p.problems.length) throw new Error(`page errors: ${p.problems.join('; ')}`);
    await p.context.close();
    if (o.startup) {
      log('start-up');
      res.startup = await startup(browser, server.url, o);
    }
    if (o.memory && o.contenders.includes('zai')) {
      log('memory');
      res.memory = await memory(browser, server.url, o);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  res.seconds = Math.round((Date.now() - started) / 1000);

  const text = report(res, o);
  console.log(text);
  fs.mkdirSync(path.dirname(o.json), { recursive: true });
  fs.writeFileSync(o.json, JSON.stringify({ ...res, table: text }, null, 2) + '\n');
  log(`done in ${res.seconds} s; results in ${path.relative(ROOT, o.json)}`);
}

main().catch((err) => {
  console.error(`[bench] error: ${err?.stack || err}`);
  process.exit(1);
});
