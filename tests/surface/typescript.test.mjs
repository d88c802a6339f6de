// The TypeScript declarations and the package README's endpoint table (src/wasm/README.md)
// against the endpoint tables (tests/surface/endpoints.json, generated from src/resources/ and
// kept current by `cargo test --test surface`). Uses the TypeScript compiler's own type checker on
// src/wasm/index.d.ts, so unions, intersections, `extends` and overloads are resolved as tsc does.
//
//   node --test tests/surface/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('../../', import.meta.url));
const endpoints = JSON.parse(readFileSync(root + 'tests/surface/endpoints.json', 'utf8'));

const dts = root + 'src/wasm/index.d.ts';
const program = ts.createProgram([dts], { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], types: [] });
const checker = program.getTypeChecker();
const source = program.getSourceFile(dts);
const client = source.statements.find((s) => ts.isClassDeclaration(s) && s.name?.text === 'ZaiClient');

const typeOf = (symbol) => checker.getTypeOfSymbolAtLocation(symbol, client);
const optional = (symbol) => (symbol.flags & ts.SymbolFlags.Optional) !== 0;
/** The object types a parameter type may be: a union's members, each with its properties. */
const alternatives = (type) => (type.isUnion() ? type.types.flatMap(alternatives) : [type]);

/** A string, a string literal, or a union of them (`'text' | 'download_link'`). */
const stringy = (t) => (t.flags & ts.TypeFlags.StringLike) !== 0 || (t.isUnion() && t.types.every(stringy));

/** `client.a.b.method`'s call signatures, or a message saying where the path breaks. */
function signatures(name) {
  const path = name.split('.');
  let type = checker.getTypeAtLocation(client);
  for (const [i, seg] of path.entries()) {
    const prop = type.getProperty(seg);
    if (!prop) return `ZaiClient.${path.slice(0, i + 1).join('.')} is not declared`;
    type = typeOf(prop);
  }
  const sigs = type.getCallSignatures();
  return sigs.length ? sigs : `ZaiClient.${name} is not a method`;
}

test('index.d.ts declares every endpoint with exactly its parameters', () => {
  const problems = [];
  for (const ep of endpoints) {
    const sigs = signatures(ep.name);
    if (typeof sigs === 'string') { problems.push(sigs); continue; }
    for (const sig of sigs) {
      const first = sig.getParameters()[0];
      if (!first) { problems.push(`${ep.name}: a signature without parameters`); continue; }
      const type = typeOf(first);
      const returns = checker.typeToString(sig.getReturnType());
      if (ep.answer !== 'auto' && (ep.answer === 'binary') !== /^Promise<Response(\b|$| \|)/.test(returns) && !(ep.stream && /Stream>$/.test(returns))) {
        problems.push(`${ep.name}: returns ${returns}, but its answer is ${ep.answer}`);
      }
      if (ep.body === 'none') {
        // One string per `{…}` in the path, then the options object.
        const n = ep.poll ? 1 : (ep.path.match(/\{/g) || []).length;
        const params = sig.getParameters();
        for (let i = 0; i <= n; i++) {
          const isString = params[i] && stringy(typeOf(params[i]));
          if (i < n && !isString) problems.push(`${ep.name}: argument ${i + 1} (a {…} in ${ep.path}) must be a string`);
          if (i === n && isString) problems.push(`${ep.name}: takes more string arguments than ${ep.path} has {…}`);
        }
        continue;
      }
      const seen = new Set();
      for (const alt of alternatives(type)) {
        const props = checker.getPropertiesOfType(alt);
        for (const p of props) seen.add(p.name);
        for (const r of ep.required) {
          const p = props.find((q) => q.name === r);
          if (!p) problems.push(`${ep.name}: ${checker.typeToString(alt)} lacks required parameter \`${r}\``);
          else if (optional(p)) problems.push(`${ep.name}: \`${r}\` is required by the table but optional in ${checker.typeToString(alt)}`);
        }
      }
      for (const p of ep.params) if (!seen.has(p)) problems.push(`${ep.name}: ${checker.typeToString(type)} lacks parameter \`${p}\``);
      for (const p of seen) if (!ep.params.includes(p)) problems.push(`${ep.name}: ${checker.typeToString(type)} has \`${p}\`, which the table does not`);
    }
  }
  assert.deepEqual(problems, [], 'index.d.ts drifted from the endpoint tables:\n' + problems.join('\n'));
});

// Methods built in JS over the endpoints rather than one request each, and where they live.
const COMPOSED = {
  'chat.completions.runTools': 'src/wasm/tools.js',
  ...Object.fromEntries(['list', 'get', 'resume', 'remove'].map((m) => [`tasks.${m}`, 'src/wasm/tasks.js'])),
};

test('index.d.ts declares no method that is not an endpoint', () => {
  const names = new Set([...endpoints.map((e) => e.name), ...Object.keys(COMPOSED)]);
  const extra = [];
  const walk = (type, path, depth) => {
    for (const prop of checker.getPropertiesOfType(type)) {
      const t = typeOf(prop);
      const name = path ? path + '.' + prop.name : prop.name;
      if (t.getCallSignatures().length) {
        if (path && !names.has(name)) extra.push(name);
      } else if (depth < 3 && t.flags & ts.TypeFlags.Object) {
        walk(t, name, depth + 1);
      }
    }
  };
  walk(checker.getTypeAtLocation(client), '', 0);
  assert.deepEqual(extra, [], 'methods without an endpoint table entry: ' + extra.join(', '));
  assert.ok(endpoints.every((e) => typeof signatures(e.name) !== 'string'));
});

test("the package README's endpoint table lists every endpoint, its HTTP method and path", () => {
  const readme = readFileSync(root + 'src/wasm/README.md', 'utf8');
  const rows = [...readme.matchAll(/^\| `client\.([\w.]+)\(.*?\)` \| (GET|POST|DELETE|ANY) `([^`]+)` \|/gm)]
    .map((m) => ({ name: m[1], method: m[2], path: m[3] }));
  // `client.request` takes any method.
  const want = endpoints.map((e) => ({ name: e.name, method: e.body === 'raw' ? 'ANY' : e.method, path: e.path }));
  assert.deepEqual(rows, want, 'src/wasm/README.md "Endpoints" table: one row per endpoint, in the tables\' order');
});
