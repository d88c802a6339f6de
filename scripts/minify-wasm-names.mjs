#!/usr/bin/env node
// Shortens the names the .wasm and its wasm-bindgen glue use to reach each other, for scripts/build:
//
//   node scripts/minify-wasm-names.mjs <glue.js> <wasm-opt-map.json> <minified.wasm>
//
// `wasm-opt --minify-imports-and-exports-and-modules` renames every import (`__wbg_get_d7176cfb…`,
// hash suffixes that gzip cannot shrink), every export and the import module (`./zai_wasm_bg.js`)
// to one or two letters, and prints the mapping as JSON. This rewrites the glue to match: the
// import object's module key and property names, and every `wasm.<export>` access. It fails,
// leaving the glue unchanged, if any old name would survive or a name is not found, so a
// wasm-bindgen upgrade that changes the glue's shape breaks the build instead of the package.
import { readFileSync, writeFileSync } from 'node:fs';

const [gluePath, mapPath, wasmPath] = process.argv.slice(2);
if (!gluePath || !mapPath || !wasmPath) fail('usage: minify-wasm-names.mjs <glue.js> <map.json> <minified.wasm>');

function fail(message) {
  console.error(`minify-wasm-names: ${message}`);
  process.exit(1);
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let map;
try {
  const text = readFileSync(mapPath, 'utf8');
  map = JSON.parse(text.slice(text.indexOf('{')));
} catch (e) {
  fail(`cannot read the mapping ${mapPath}: ${e.message}`);
}
let glue = readFileSync(gluePath, 'utf8');

const modules = new Set(map.imports.map(([module]) => module));
if (modules.size !== 1) fail(`expected one import module, found ${[...modules].join(', ')}`);
const [module] = modules;
// The mapping does not name the new module: read it from the minified .wasm's import section.
const newModules = new Set(WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(wasmPath))).map((i) => i.module));
if (newModules.size !== 1) fail(`expected one import module in ${wasmPath}, found ${[...newModules].join(', ')}`);
const [MODULE] = newModules;

/** Replaces every match of `re` (which must match at least once) with `to`. */
function replaceAll(re, to, what) {
  let count = 0;
  glue = glue.replace(re, () => {
    count++;
    return to;
  });
  if (count === 0) fail(`${what} not found in ${gluePath}`);
}

replaceAll(new RegExp(`(["'])${escape(module)}\\1(?=\\s*:)`, 'g'), `"${MODULE}"`, `import module key ${module}`);
for (const [, name, short] of map.imports) {
  // Import names carry a hash or a __wbindgen_ prefix: unique identifiers in the glue.
  replaceAll(new RegExp(`\\b${escape(name)}\\b(?=\\s*:)`, 'g'), short, `import ${name}`);
}
for (const [name, short] of map.exports) {
  const re = new RegExp(`\\bwasm\\.${escape(name)}\\b`, 'g');
  if (re.test(glue)) replaceAll(re, `wasm.${short}`, `export ${name}`);
}
// Every export the glue reaches must have been renamed (exports it never reaches are fine).
for (const [name] of map.exports) {
  if (new RegExp(`\\bwasm\\.${escape(name)}\\b`).test(glue)) fail(`export ${name} still referenced`);
}
for (const [, name] of map.imports) {
  if (new RegExp(`\\b${escape(name)}\\b`).test(glue)) fail(`import ${name} still referenced`);
}
writeFileSync(gluePath, glue);
console.log(`minify-wasm-names: ${map.imports.length} imports, ${map.exports.length} exports renamed`);
