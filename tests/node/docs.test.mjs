// The docs' examples against the built package (pkg/), so they cannot drift from the API the
// other tests exercise: every ```js block of the package README (src/wasm/README.md, the npm
// page) and of README.md is a valid ES module, imports only what pkg/index.js exports and calls
// only client methods a ZaiClient has; README.md's opening example is the package README's; and
// every relative link of the Markdown docs points at a file (and heading) that exists. The Rust
// example of README.md is checked against the tested file by tests/web/rust_api.rs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { transformSync } from 'esbuild';
import init, * as pkg from '../../pkg/index.js';
import '../../pkg/tasks.js'; // client.tasks, which the task store's examples call

const ROOT = new URL('../../', import.meta.url).pathname;
const read = (p) => fs.readFileSync(path.join(ROOT, p), 'utf8');
const jsBlocks = (md) => [...md.matchAll(/^```js\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
const DOCS = ['README.md', 'src/wasm/README.md', 'CHANGELOG.md', ...fs.readdirSync(path.join(ROOT, 'docs')).map((f) => `docs/${f}`)];

test('the package README examples parse, import real exports and call real methods', async () => {
  await init();
  const client = new pkg.ZaiClient({ apiKey: 'id.secret' });
  let blocks = 0;
  let calls = 0;
  let imports = 0;
  for (const file of ['src/wasm/README.md', 'README.md']) {
    for (const code of jsBlocks(read(file))) {
      blocks++;
      const where = `${file}: ${code.split('\n')[0]}`;
      assert.doesNotThrow(() => transformSync(code, { loader: 'js', format: 'esm' }), where);
      for (const [, names] of code.matchAll(/^import\s+[\w\s,]*\{([^}]*)\}\s*from\s+'zai-wasm'/gm)) {
        for (const name of names.split(',').map((n) => n.trim()).filter(Boolean)) {
          assert.ok(name in pkg, `${where}: imports ${name}, which pkg/index.js does not export`);
          imports++;
        }
      }
      for (const [, chain] of code.matchAll(/\bclient\.([\w.]+)\(/g)) {
        const fn = chain.split('.').reduce((o, k) => o?.[k], client);
        assert.equal(typeof fn, 'function', `${where}: client.${chain}() is not a method of ZaiClient`);
        calls++;
      }
    }
  }
  assert.ok(blocks >= 20 && calls >= 20 && imports >= 3, `found ${blocks} blocks, ${imports} imports and ${calls} client calls: did the READMEs move?`);
});

test("README.md's opening example is the package README's", () => {
  const [repo] = jsBlocks(read('README.md'));
  assert.ok(repo && jsBlocks(read('src/wasm/README.md')).includes(repo), 'README.md opens with an example src/wasm/README.md does not have');
});

/** GitHub's anchor of a heading. */
const slug = (heading) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
const anchors = (md) => new Set([...md.replace(/^```[\s\S]*?^```$/gm, '').matchAll(/^#+ (.+)$/gm)].map((m) => slug(m[1])));

test('relative links of the Markdown docs point at files and headings that exist', () => {
  let links = 0;
  for (const file of DOCS) {
    const md = read(file).replace(/^```[\s\S]*?^```$/gm, '');
    for (const [, href] of md.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(href)) continue;
      links++;
      const [target, anchor] = href.split('#');
      const to = target ? path.normalize(path.join(path.dirname(file), target)) : file;
      assert.ok(fs.existsSync(path.join(ROOT, to)), `${file}: link to ${href}: no ${to}`);
      if (anchor && to.endsWith('.md')) {
        assert.ok(anchors(read(to)).has(anchor), `${file}: link to ${href}: no heading #${anchor} in ${to}`);
      }
    }
  }
  assert.ok(links >= 10, `only ${links} relative links found`);
});
