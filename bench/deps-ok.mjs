// Exits 1 (naming the first mismatch) unless the bench's npm dependencies are installed at exactly
// the versions the root package.json pins. Run by scripts/bench before it runs `npm ci`.
//
//   node bench/deps-ok.mjs
import fs from 'node:fs';

const want = JSON.parse(fs.readFileSync('package.json', 'utf8')).devDependencies;
for (const name of ['playwright-core', 'esbuild', 'openai', 'eventsource-parser']) {
  let got;
  try {
    got = JSON.parse(fs.readFileSync(`node_modules/${name}/package.json`, 'utf8')).version;
  } catch {
    // not installed
  }
  if (got !== want[name]) {
    console.error(`${name}: installed ${got ?? 'nothing'}, package.json pins ${want[name]}`);
    process.exit(1);
  }
}
