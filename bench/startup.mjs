// Start-up of several builds of the package, compared on one noisy machine: cold import() + init()
// in fresh Chromium contexts, the builds interleaved sample by sample (A B C, B C A, C A B, ...) so
// background load hits them alike. The same measure as the start-up part of bench/run.mjs.
//
//   node bench/startup.mjs [--samples N] [--hints] [--gap MS] NAME=DIR [NAME=DIR ...]
//
// Each DIR is a built pkg/ (copy one aside before rebuilding: cp -r pkg /tmp/pkg-before). With
// --hints, each build is measured a second time with the page's preload hints (README "Runtimes").
// --gap MS waits MS between import() and init() (an app that calls init() later): init is then
// what is left to wait for, total includes the gap.
// The raw floor (bench/contenders/raw.mjs: one small module) is always measured too. Prints the
// median [p25-p75] and minimum of: total, import, init, and from the page's resource timing: when
// index.js and the .wasm were requested and had arrived (ms after the import() call).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import * as esbuild from 'esbuild';
import { ROOT, startServer } from './server.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../scripts/chromium.mjs';

const args = process.argv.slice(2);
let samples = 21;
let hints = false;
let gap = 0;
const builds = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--samples') samples = Number(args[++i]);
  else if (args[i] === '--hints') hints = true;
  else if (args[i] === '--gap') gap = Number(args[++i]);
  else if (/^[\w-]+=/.test(args[i])) {
    const [name, dir] = [args[i].slice(0, args[i].indexOf('=')), args[i].slice(args[i].indexOf('=') + 1)];
    if (!fs.existsSync(path.join(dir, 'index.js')) || !fs.existsSync(path.join(dir, 'zai_wasm_bg.wasm'))) {
      throw new Error(`${dir} is not a built pkg/ (index.js, zai_wasm_bg.wasm)`);
    }
    builds.push({ name, dir });
  } else throw new Error(`usage: node bench/startup.mjs [--samples N] [--hints] NAME=DIR ...  (got ${args[i]})`);
}
if (!builds.length || !(samples > 0)) throw new Error('usage: node bench/startup.mjs [--samples N] [--hints] NAME=DIR ...');

const www = fs.mkdtempSync(path.join(os.tmpdir(), 'zai-startup-'));
fs.copyFileSync(path.join(ROOT, 'bench', 'page', 'blank.html'), path.join(www, 'blank.html'));
for (const b of builds) fs.cpSync(b.dir, path.join(www, b.name), { recursive: true });
await esbuild.build({
  entryPoints: [path.join(ROOT, 'bench', 'contenders', 'raw.mjs')], outfile: path.join(www, 'raw', 'index.js'),
  bundle: true, format: 'esm', minify: true, platform: 'browser', target: 'es2022', logLevel: 'warning',
});

const variants = [
  ...builds.map((b) => ({ label: b.name, dir: b.name, init: true, hints: false })),
  ...(hints ? builds.map((b) => ({ label: `${b.name} + hints`, dir: b.name, init: true, hints: true })) : []),
  { label: 'raw floor', dir: 'raw', init: false, hints: false },
];
const results = variants.map(() => []);
const load0 = os.loadavg();
const server = await startServer({ www });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
const version = browser.version();
try {
  for (let i = 0; i < samples; i++) {
    for (let k = 0; k < variants.length; k++) {
      const v = variants[(i + k) % variants.length];
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(server.url + '/blank.html', { waitUntil: 'load' });
      await new Promise((ok) => setTimeout(ok, 50));
      const r = await page.evaluate(async ([url, init, hints, gap]) => {
        const t0 = performance.now();
        if (hints) {
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
        if (gap && init) await new Promise((ok) => setTimeout(ok, gap));
        const t1b = performance.now();
        if (init) await m.default();
        const t2 = performance.now();
        const at = (suffix) => {
          const e = performance.getEntriesByType('resource').find((x) => x.name.endsWith(suffix) && x.startTime >= t0 - 1);
          return e ? { start: e.startTime - t0, end: e.responseEnd - t0 } : { start: NaN, end: NaN };
        };
        return { total: t2 - t0, import: t1 - t0, init: t2 - t1b, js: at('/index.js'), wasm: at('.wasm') };
      }, [`/${v.dir}/index.js`, v.init, v.hints, gap]);
      results[variants.indexOf(v)].push(r);
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
  fs.rmSync(www, { recursive: true, force: true });
}

const quantile = (values, q) => {
  const a = values.filter(Number.isFinite).sort((x, y) => x - y);
  if (!a.length) return NaN;
  const pos = (a.length - 1) * q;
  return a[Math.floor(pos)] + (a[Math.ceil(pos)] - a[Math.floor(pos)]) * (pos - Math.floor(pos));
};
const cell = (values) => {
  const a = values.filter(Number.isFinite);
  if (!a.length) return '-';
  return `${quantile(a, 0.5).toFixed(1)} [${quantile(a, 0.25).toFixed(1)}-${quantile(a, 0.75).toFixed(1)}] ${Math.min(...a).toFixed(1)}`;
};
console.log(`Chromium ${version}, ${os.cpus().length} CPUs, load average ${load0.map((x) => x.toFixed(2)).join(' ')} at the start, ` +
  `${os.loadavg().map((x) => x.toFixed(2)).join(' ')} at the end; ${samples} cold contexts per row${gap ? `; init() ${gap} ms after import()` : ''}; ` +
  'ms: median [p25-p75] min');
const head = ['', 'total', 'import', 'init', 'index.js requested', 'index.js arrived', '.wasm requested', '.wasm arrived'];
const rows = variants.map((v, k) => {
  const s = results[k];
  return [v.label, cell(s.map((x) => x.total)), cell(s.map((x) => x.import)), v.init ? cell(s.map((x) => x.init)) : '-',
    cell(s.map((x) => x.js.start)), cell(s.map((x) => x.js.end)), cell(s.map((x) => x.wasm.start)), cell(s.map((x) => x.wasm.end))];
});
const widths = head.map((_, i) => Math.max(...[head, ...rows].map((r) => r[i].length)));
for (const r of [head, ...rows]) console.log(r.map((c, i) => c.padEnd(widths[i])).join('  '));
