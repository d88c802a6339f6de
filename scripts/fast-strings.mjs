#!/usr/bin/env node
// Makes the wasm-bindgen glue copy a string into wasm with one native call, for scripts/build:
//
//   node scripts/fast-strings.mjs <glue.js>
//
// wasm-bindgen's passStringToWasm0 copies the ASCII prefix of every string one `charCodeAt` at a
// time in JS before it calls TextEncoder.encodeInto for the rest. The params of a call cross that
// way once (the JSON text the core validates), so a 200-message request (27 KB) spent 65-110 us
// in that loop where one encodeInto takes 2 us (Node 20, 2026-12-03). The rewrite encodes straight
// into an allocation of the string's length (enough for ASCII) and grows it to the worst case
// only for what did not fit: the same bytes, the same allocator calls. It fails, leaving the glue
// unchanged, unless the function is exactly the one it knows, so a wasm-bindgen upgrade breaks
// the build instead of the package.
import { readFileSync, writeFileSync } from 'node:fs';

const KNOWN = `function passStringToWasm0(arg, malloc, realloc) {
    if (realloc === undefined) {
        const buf = cachedTextEncoder.encode(arg);
        const ptr = malloc(buf.length, 1) >>> 0;
        getUint8ArrayMemory0().subarray(ptr, ptr + buf.length).set(buf);
        WASM_VECTOR_LEN = buf.length;
        return ptr;
    }
    let len = arg.length;
    let ptr = malloc(len, 1) >>> 0;
    const mem = getUint8ArrayMemory0();
    let offset = 0;
    for (; offset < len; offset++) {
        const code = arg.charCodeAt(offset);
        if (code > 0x7F) break;
        mem[ptr + offset] = code;
    }
    if (offset !== len) {
        if (offset !== 0) {
            arg = arg.slice(offset);
        }
        ptr = realloc(ptr, len, len = offset + arg.length * 3, 1) >>> 0;
        const view = getUint8ArrayMemory0().subarray(ptr + offset, ptr + len);
        const ret = cachedTextEncoder.encodeInto(arg, view);
        offset += ret.written;
        ptr = realloc(ptr, len, offset, 1) >>> 0;
    }
    WASM_VECTOR_LEN = offset;
    return ptr;
}`;

// encodeInto never splits a character: what it did not read fits in 3 bytes per UTF-16 unit.
// (The glue's encodeInto polyfill would throw on the first, short view; it is never used: every
// engine with the wasm features this build needs, externref included, has encodeInto.)
const FAST = `function passStringToWasm0(arg, malloc, realloc) {
    if (realloc === undefined) {
        const buf = cachedTextEncoder.encode(arg);
        const ptr = malloc(buf.length, 1) >>> 0;
        getUint8ArrayMemory0().subarray(ptr, ptr + buf.length).set(buf);
        WASM_VECTOR_LEN = buf.length;
        return ptr;
    }
    let len = arg.length;
    let ptr = malloc(len, 1) >>> 0;
    const first = cachedTextEncoder.encodeInto(arg, getUint8ArrayMemory0().subarray(ptr, ptr + len));
    let offset = first.written;
    if (first.read !== arg.length) {
        arg = arg.slice(first.read);
        ptr = realloc(ptr, len, len = offset + arg.length * 3, 1) >>> 0;
        const view = getUint8ArrayMemory0().subarray(ptr + offset, ptr + len);
        offset += cachedTextEncoder.encodeInto(arg, view).written;
        ptr = realloc(ptr, len, offset, 1) >>> 0;
    }
    WASM_VECTOR_LEN = offset;
    return ptr;
}`;

const [gluePath] = process.argv.slice(2);
if (!gluePath) fail('usage: fast-strings.mjs <glue.js>');

function fail(message) {
  console.error(`fast-strings: ${message}`);
  process.exit(1);
}

const glue = readFileSync(gluePath, 'utf8');
const start = glue.indexOf('function passStringToWasm0(');
const end = start < 0 ? -1 : glue.indexOf('\n}\n', start);
if (start < 0 || end < 0 || glue.indexOf('function passStringToWasm0(', start + 1) >= 0) {
  fail(`expected one passStringToWasm0 in ${gluePath}`);
}
const found = glue.slice(start, end + 2);
const shape = (s) => s.replace(/\s+/g, ' ');
if (shape(found) !== shape(KNOWN)) {
  fail(`passStringToWasm0 in ${gluePath} is not the one this script knows (wasm-bindgen upgraded?): ` +
    'compare it with KNOWN in scripts/fast-strings.mjs and update both texts');
}
writeFileSync(gluePath, glue.slice(0, start) + FAST + glue.slice(end + 2));
