#!/usr/bin/env node
// Where the package's bytes go, by owner: the .wasm's functions and data grouped by the part of
// the client they belong to, from twiggy, beside the bundled JS. The table behind the size
// section of docs/BENCHMARKS.md.
//
//   node scripts/size-owners.mjs          (builds target/size-owners/ with scripts/build first)
//   node scripts/size-owners.mjs --no-build
//
// Needs twiggy 0.8 on PATH (or TWIGGY=/path/to/twiggy): `cargo install twiggy --version 0.8.0
// --locked` (about 2 minutes here; not part of scripts/setup, nothing else needs it).
// The build keeps the function and data names (ZAI_NAMES_OUT, see scripts/build) and is
// otherwise the release build, so raw sizes match pkg/ within a few hundred bytes. A gzip
// figure per owner cannot be measured on its own (gzip shares matches across owners): the
// column is the release .wasm's gzip size split in proportion to raw bytes, an estimate.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'target', 'size-owners');
const WASM = path.join(OUT, 'zai_wasm_bg.wasm');
const twiggy = process.env.TWIGGY || 'twiggy';

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28, ...opts });
  if (r.error?.code === 'ENOENT') throw new Error(`${cmd} not found (see the top of scripts/size-owners.mjs)`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr || r.stdout}`);
  return r.stdout;
}

if (!process.argv.includes('--no-build')) {
  run(path.join(ROOT, 'scripts', 'build'), [], { env: { ...process.env, ZAI_NAMES_OUT: path.relative(ROOT, OUT) }, stdio: ['ignore', 'ignore', 'inherit'] });
}
if (!fs.existsSync(WASM)) throw new Error(`${WASM} is missing: run without --no-build`);

// --- the data segments' bytes, by name (the name section's subsection 9) -------------------
function dataSegments(buf) {
  let p = 8;
  const leb = () => {
    let r = 0, shift = 0, b;
    do {
      b = buf[p++];
      r += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    return r;
  };
  const str = () => {
    const n = leb();
    const s = buf.toString('utf8', p, p + n);
    p += n;
    return s;
  };
  // Sections and the name section's subsections alike: an id byte, a length, the body.
  const each = (end, visit) => {
    while (p < end) {
      const id = buf[p++];
      const bodyEnd = leb() + p;
      visit(id, bodyEnd);
      p = bodyEnd;
    }
  };
  const segments = [];
  const names = new Map();
  each(buf.length, (id, end) => {
    if (id === 11) {
      const count = leb();
      for (let i = 0; i < count; i++) {
        const flags = leb();
        if (flags === 2) leb(); // memory index
        if (flags !== 1) {
          p++; // the offset expression: i32.const or global.get, one immediate, `end`
          leb();
          p++;
        }
        const n = leb();
        segments.push(buf.subarray(p, p + n));
        p += n;
      }
    } else if (id === 0 && str() === 'name') {
      each(end, (sub) => {
        if (sub !== 9) return;
        const count = leb();
        for (let i = 0; i < count; i++) {
          const index = leb();
          names.set(str(), index);
        }
      });
    }
  });
  return (name) => segments[names.get(name)];
}

// What a data segment holds, by its content. The linker merges segments, so one may hold
// several things: the strings of wasm-bindgen and core are carved out first, then the rest of
// the segment goes to one owner.
const RUNTIME_STRINGS = new RegExp([
  'attempted to take ownership of Rust value while it was borrowed', 'null pointer passed to rust',
  'recursive use of an object detected which would lead to unsafe aliasing in rust',
  'closure invoked recursively or after being dropped', 'RefCell already (?:mutably )?borrowed',
  'Tried to shrink to a larger capacity', 'memory allocation of ', ' bytes failed',
  '/root/\\.cargo/registry/[ -~]*', '/rustc/[0-9a-f]+/library/[ -~]*', '(?:[0-9]{2}){100}',
].join('|'), 'g');

function dataOwners(bytes) {
  if (!bytes) return [['data: unnamed segments', 0]];
  const text = bytes.toString('latin1');
  const runtime = [...text.matchAll(RUNTIME_STRINGS)].reduce((n, m) => n + m[0].length, 0);
  const rest = text.replace(RUNTIME_STRINGS, '');
  let owner;
  if (/\/paas\/v4|\/v1\/agents/.test(rest)) owner = 'data: endpoints (records, names, paths, compiled parameter tables)';
  else if (/ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_/.test(rest)) owner = 'data: JWT (base64url alphabet, header)';
  else {
    // Compiled parameter tables (schema/table.rs) are 7-bit digits and lengths between short
    // names: many control bytes. Messages and keys are printable text.
    const control = [...rest].filter((c) => c < ' ' && c !== '\n').length;
    owner = control > rest.length / 8 ? 'data: parameter tables (compiled), addresses' : 'data: messages, keys and names (text)';
  }
  return [['data: wasm-bindgen and core strings (panics, locations, digits)', runtime], [owner, rest.length]];
}

// Functions: the first rule whose pattern matches the (hash-stripped) name names the owner.
const RULES = [
  [/^<?zai_wasm::schema|zai_wasm::resources::.*(PARAMS|TABLE)/, 'validation of parameters (schema, JsonText, sentinels)'],
  [/^<?zai_wasm::json/, 'JSON skimmer and outline'],
  [/^<?zai_wasm::accumulate|^ssedecoder_finalCompletion/, 'stream: chat accumulator, final completion'],
  [/^<?zai_wasm::(sse|stream|chunk)|^<?zai_wasm::wasm::decoder|^ssedecoder_/, 'stream: SSE framing, chunk records, decoder'],
  [/^<?zai_wasm::(request|retry|poll)|^<?zai_wasm::wasm::engine|^(engine|exchange)_|^connect$/, 'request machine (build, send, retry, poll) and its exports'],
  [/^<?zai_wasm::config|^factory_engine/, 'client options (config)'],
  [/^<?zai_wasm::(error|wasm::errors)/, 'errors (typed, from bodies, to JS)'],
  [/^<?zai_wasm::jwt/, 'JWT signer (SHA-256, HMAC, base64url)'],
  [/^<?zai_wasm::resources|^factory_endpoints/, 'endpoint table (code)'],
  [/^<?zai_wasm::util/, 'util (searches, UTF-8, digits)'],
  [/lol_alloc|^<?alloc|__rust_(alloc|dealloc|realloc)|__rdl_|^mem(cpy|set|move|cmp)$|^__wbindgen_(malloc|realloc|free)/, 'allocator and growth (lol_alloc, Vec, String)'],
  [/^<?wasm_bindgen|^<?js_sys|^__wbg_|^__externref|^__wbindgen/, 'wasm-bindgen runtime in the .wasm'],
  [/^<?core|^<?\[u8\]|^<?T as|^<?&?str as|^<?A as core|^__multi3|^fmax|^fmin|^__rustc|compiler_builtins|^<u32 as core/, 'core (UTF-8 checks, slices, comparisons, integer helpers)'],
];

const items = JSON.parse(run(twiggy, ['top', '-n', '100000', '--format', 'json', WASM]));
const segment = dataSegments(fs.readFileSync(WASM));
const owners = new Map();
let total = 0;
for (const { name, shallow_size: size } of items) {
  if (/ names" subsection$/.test(name)) continue; // not in the release .wasm
  const seg = /^data segment "(.*)"$/.exec(name);
  let parts;
  if (seg) {
    parts = dataOwners(segment(seg[1]));
    // (A segment's header bytes: to the larger part.)
    const counted = parts.reduce((n, [, b]) => n + b, 0);
    parts.sort((a, b) => b[1] - a[1])[0][1] += size - counted;
  } else {
    const n = name.replace(/::h[0-9a-f]{16}$/, '').replace(/\[[0-9a-f]{16}\]/g, '');
    const owner = RULES.find(([re]) => re.test(n))?.[1] ??
      (/^(code|type|import|export|elem|table|memory|global|custom section|wasm magic|data (count )?section|element section)\b|^"/.test(n)
        ? 'module structure (types, imports, exports, unnamed code)' : `other: ${n}`);
    parts = [[owner, size]];
  }
  for (const [owner, bytes] of parts) if (bytes) owners.set(owner, (owners.get(owner) || 0) + bytes);
  total += size;
}

// The release build's sizes (scripts/build writes them; the names-kept build does not).
const sizeFile = path.join(ROOT, 'target', 'size.json');
if (!fs.existsSync(sizeFile)) throw new Error(`${sizeFile} is missing: run scripts/build first`);
const sizes = JSON.parse(fs.readFileSync(sizeFile, 'utf8'));
const wasmGz = sizes.wasm.gzip;
const rows = [...owners].sort((a, b) => b[1] - a[1]);
console.log(`| owner | raw B | share | gzip B (est.) |\n| --- | ---: | ---: | ---: |`);
for (const [owner, size] of rows) {
  console.log(`| ${owner} | ${size} | ${(100 * size / total).toFixed(1)}% | ~${Math.round(wasmGz * size / total)} |`);
}
console.log(`| **the .wasm** (names build ${total} B raw; release ${sizes.wasm.raw} B) | ${total} | 100% | ${wasmGz} |`);
console.log(`| index.js (glue + runtime, measured) | ${sizes.js.raw} | | ${sizes.js.gzip} |`);
console.log(`| **total** | | | **${sizes.total_gzip}** |`);
