// Checks what `npm pack` would publish from pkg/: exactly the expected files, a README made for
// the registry page, and the metadata bundlers and the registry read. Run by scripts/test after
// scripts/build:
//
//   node scripts/pack-check.mjs VERSION     (VERSION: Cargo.toml's [package] version)
//
// Prints the file list and exits 1 naming every problem.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const cargoVersion = process.argv[2];
if (!cargoVersion) {
  console.error('usage: node scripts/pack-check.mjs CARGO_VERSION');
  process.exit(2);
}
const [pack] = JSON.parse(
  execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', '--loglevel=error'], { cwd: 'pkg', encoding: 'utf8' }),
);
const files = pack.files.map((f) => f.path).sort();
console.log(`${pack.name}@${pack.version}: ${files.length} files, ${pack.size} bytes packed, ${pack.unpackedSize} unpacked`);
for (const f of pack.files) console.log(`  ${f.path} (${f.size})`);

const problems = [];
// Exactly these (plus license texts): anything else shipping is a mistake.
const need = ['README.md', 'index.d.ts', 'index.js', 'package.json', 'tasks.d.ts', 'tasks.js', 'tools.d.ts', 'tools.js', 'workerd.js', 'zai_wasm_bg.wasm'];
for (const f of need) if (!files.includes(f)) problems.push(`missing ${f}`);
for (const f of files) {
  if (!need.includes(f) && !/^LICEN[CS]E/i.test(f)) problems.push(`unexpected file ${f}`);
}
// The registry page shows the README: the package's own (src/wasm/README.md), not the repo's.
const readme = fs.readFileSync('pkg/README.md', 'utf8');
if (readme !== fs.readFileSync('src/wasm/README.md', 'utf8')) problems.push('pkg/README.md is not src/wasm/README.md');
if (!/npm install zai-wasm/.test(readme)) problems.push('README.md does not say how to install');
// Links on the registry page must not point into a repository checkout that is not there.
for (const [, href] of readme.matchAll(/\]\(([^)]+)\)/g)) {
  if (!/^(https:\/\/|#)/.test(href)) problems.push(`README.md links to ${href} (relative: broken on the registry page)`);
}
// Metadata: one version (Cargo.toml), the fields the registry and bundlers read.
const m = JSON.parse(fs.readFileSync('pkg/package.json', 'utf8'));
if (m.name !== 'zai-wasm' || pack.name !== m.name) problems.push(`name is ${m.name}`);
if (m.version !== cargoVersion) problems.push(`version ${m.version} differs from Cargo.toml ${cargoVersion}`);
for (const k of ['description', 'license', 'repository', 'keywords', 'homepage', 'engines']) {
  if (!m[k] || (Array.isArray(m[k]) && !m[k].length)) problems.push(`package.json has no ${k}`);
}
if (m.type !== 'module') problems.push('type is not module');
// Only the optional entries have a side effect (they install runTools, the task store): a bundler
// keeps a bare `import 'zai-wasm/tools'` and may drop index.js when nothing from it is used.
if (JSON.stringify(m.sideEffects) !== '["./tools.js","./tasks.js"]') problems.push('sideEffects must be ["./tools.js", "./tasks.js"]');
const dot = m.exports?.['.'];
if (!dot || dot.types !== './index.d.ts' || dot.default !== './index.js') problems.push('exports["."] must be { types: ./index.d.ts, default: ./index.js }');
if (dot && Object.keys(dot)[0] !== 'types') problems.push('exports["."].types must come first');
const targets = [m.main, m.module, m.types, ...Object.values(m.exports ?? {}).flatMap((v) => (typeof v === 'string' ? [v] : Object.values(v)))];
for (const t of targets) if (t && !files.includes(t.replace(/^\.\//, ''))) problems.push(`${t} (main/module/types/exports) is not shipped`);

if (problems.length) {
  console.error(`npm pack check failed:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
