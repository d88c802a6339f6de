#!/usr/bin/env bash
# Build the npm package into pkg/ (release):
#   cargo build (wasm32, release, features small-alloc + panic-trap) -> wasm-bindgen --target web
#   -> wasm-opt -Oz --converge -g (npm binaryen 132) -> import/export names minified on both sides
#   -> esbuild --bundle --minify of entry + glue + runtime -> pkg/index.js, zai_wasm_bg.wasm,
#   index.d.ts, package.json, README (src/wasm/README.md), LICENSE
# then print the size table and write it to target/size.json (read by scripts/size-check).
#
#   scripts/build            (ZAI_NO_MINIFY=1 keeps the names and the bundled JS readable)
#
# Needs the tools of scripts/setup. Never uses Debian's wasm-opt (binaryen 108 corrupts
# wasm-bindgen output); always node_modules/.bin/wasm-opt.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

t0=$(now_ms)
name=zai_wasm
target=wasm32-unknown-unknown
out=${ZAI_OUT:-pkg}
index_tpl=src/wasm/index.template.js
dts_src=src/wasm/index.d.ts
workerd_src=src/wasm/workerd.js
# Optional entry points, each src/wasm/<name>.js + .d.ts -> pkg/<name>.js: `install(zai)` on the
# package's own exports (the export named after it, if any, is what install returns).
optional=(tools tasks) # 'zai-wasm/tools' (the tool runner), 'zai-wasm/tasks' (the task store)
pkg_tpl=src/wasm/package.template.json
readme=src/wasm/README.md # the npm page: the package's own README, not the repository's

# --- preconditions (cheap, before compiling anything) --------------------------------------
for f in "$index_tpl" "$dts_src" "$pkg_tpl" "$readme"; do
  [[ -f "$f" ]] || die "missing $f (needed to assemble $out/)"
done
for entry in "${optional[@]}"; do
  for f in "src/wasm/$entry.js" "src/wasm/$entry.d.ts"; do
    [[ -f "$f" ]] || die "missing $f (the optional entry point zai-wasm/$entry)"
  done
done
grep -q '__RUNTIME__' "$index_tpl" || die "$index_tpl has no __RUNTIME__ placeholder"
grep -q '__VERSION__' "$pkg_tpl" || die "$pkg_tpl has no __VERSION__ placeholder"
have wasm-bindgen || die "wasm-bindgen not found: run scripts/setup"
wasm_opt=node_modules/.bin/wasm-opt
esbuild=node_modules/.bin/esbuild
[[ -x "$wasm_opt" && -x "$esbuild" ]] || die "npm dev tools missing (node_modules/.bin): run scripts/setup"

# The [package] version in Cargo.toml is the single source of truth for the npm version.
version=$(cargo_version)
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.+-]+)?$ ]] ||
  die "could not read [package] version from Cargo.toml (got '$version')"

# Honour CARGO_TARGET_DIR / build.target-dir.
cargo_target_dir=$(cargo metadata --format-version 1 --no-deps |
  node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s).target_directory))')
wasm_in="$cargo_target_dir/$target/release/$name.wasm"

# --- compile ---------------------------------------------------------------------------------
log "cargo build --lib --release --target $target --features panic-trap" # implies small-alloc
cargo build --lib --release --target "$target" --features panic-trap
[[ -f "$wasm_in" ]] || die "cargo produced no $wasm_in"

# --- assemble pkg/ ---------------------------------------------------------------------------
# Start from an empty pkg/ (keeps the tracked placeholder) so no stale snippet or file survives.
mkdir -p "$out"
find "$out" -mindepth 1 -maxdepth 1 ! -name .npmignore -exec rm -rf {} +

log "wasm-bindgen --target web -> $out/"
# --omit-default-module-path: the entry (src/wasm/index.template.js) always passes the module or
# its bytes, and holds the one `new URL('zai_wasm_bg.wasm', import.meta.url)` bundlers look for.
wasm-bindgen "$wasm_in" --target web --out-dir "$out" --out-name "$name" \
  --remove-producers-section --omit-default-module-path

# One TextEncoder.encodeInto per string crossing into wasm, not a JS loop per character.
log "glue: passStringToWasm0 through encodeInto (scripts/fast-strings.mjs)"
node "$ZAI_ROOT/scripts/fast-strings.mjs" "$out/$name.js"

log "wasm-opt -Oz (binaryen $("$wasm_opt" --version | awk '{print $3}'))"
tmp_wasm="$out/.$name.opt.wasm"
# Besides -Oz (wasm 38,363 B gzip when measured): --merge-similar-functions (one body for
# functions that differ only in constants) and --converge (-Oz until it stops shrinking): -235;
# --low-memory-unused: -176 more. The last lets binaryen fold `i32.add ptr, C` into a load or
# store's offset even where the add could wrap around (a wrap could only reach below 1 KiB,
# which Rust never uses: the stack is the first 1 MiB and grows down from its top, only a stack
# overflow gets there, and that now traps instead of wrapping). Not taken: --flatten --rereloop
# (-190 more, but it restructures the hot loops) and --traps-never-happen (changes what a panic
# does).
"$wasm_opt" --low-memory-unused --merge-similar-functions -Oz --converge -g \
  "$out/${name}_bg.wasm" -o "$tmp_wasm"
mv -f "$tmp_wasm" "$out/${name}_bg.wasm"

# Import/export names carry hashes gzip cannot shrink (~1.6 KB gzip in the .wasm, more in the
# glue): rename them to a letter or two on both sides (scripts/minify-wasm-names.mjs).
if [[ "${ZAI_NO_MINIFY:-}" == 1 ]]; then
  log "import/export name minification skipped (ZAI_NO_MINIFY=1)"
else
  log "wasm-opt --minify-imports-and-exports-and-modules + the glue rewritten to match"
  names_map="$out/.names.json"
  "$wasm_opt" "$out/${name}_bg.wasm" --minify-imports-and-exports-and-modules -o "$tmp_wasm" >"$names_map"
  node "$ZAI_ROOT/scripts/minify-wasm-names.mjs" "$out/$name.js" "$names_map" "$tmp_wasm"
  mv -f "$tmp_wasm" "$out/${name}_bg.wasm"
  rm -f "$names_map"
fi

# pkg/index.js: the template with __RUNTIME__ -> the runtime snippet wasm-bindgen emitted.
mapfile -t runtimes < <(find "$out/snippets" -type f -path '*/src/wasm/runtime.js' 2>/dev/null | sort)
if ((${#runtimes[@]} != 1)); then
  die "expected exactly one $out/snippets/*/src/wasm/runtime.js, found ${#runtimes[@]}:" \
    "${runtimes[*]:-none} (is src/wasm/runtime.js imported with #[wasm_bindgen(module = \"/src/wasm/runtime.js\")]?)"
fi
runtime_rel="${runtimes[0]#"$out"/}" # snippets/<crate>-<hash>/src/wasm/runtime.js
# The template may write './__RUNTIME__' or a bare '__RUNTIME__': both become './snippets/...'.
sed -e "s|\./__RUNTIME__|./$runtime_rel|g" -e "s|__RUNTIME__|./$runtime_rel|g" "$index_tpl" >"$out/.entry.js"

# One ES module: the entry, the wasm-bindgen glue and the runtime bundled by esbuild (one file
# gzips ~1 KB smaller than three, and names shared between them can be minified). The entry's
# `new URL('zai_wasm_bg.wasm', import.meta.url)` still points next to index.js.
minify=(--minify)
if [[ "${ZAI_NO_MINIFY:-}" == 1 ]]; then minify=(); fi
log "esbuild --bundle ${minify[*]} -> $out/index.js"
"$esbuild" "$out/.entry.js" --bundle "${minify[@]}" --format=esm --platform=neutral \
  --log-level=warning --outfile="$out/index.js"
rm -rf "$out/.entry.js" "$out/$name.js" "$out/$name.d.ts" "$out/${name}_bg.wasm.d.ts" "$out/snippets"
# --minify drops every comment, the two that tell bundlers to leave the Node-only import() of
# node:fs alone included: webpack 5 then warns "Critical dependency: the request of a dependency
# is an expression" and Vite 'Module "node:fs/promises" has been externalized for browser
# compatibility' on every build of an app (tests/runtimes/packed.test.mjs fails on either). Put
# them back into the bundle's one dynamic import.
if ! grep -q 'webpackIgnore' "$out/index.js"; then
  n_imports=$(grep -o 'import(' "$out/index.js" | wc -l)
  ((n_imports == 1)) || die "$out/index.js: expected one dynamic import() (the Node-only file read), found $n_imports"
  sed -i 's|import(|import(/* webpackIgnore: true */ /* @vite-ignore */ |' "$out/index.js"
fi

# The optional entries, installed on the package's own ZaiClient (so index.js stays external: one
# module instance, one class). tools.js exports the runner class that install returns.
for entry in "${optional[@]}"; do
  exports="install(zai);"
  [[ "$entry" == tools ]] && exports="export const ChatToolRunner = install(zai);"
  printf "import * as zai from './index.js';\nimport { install } from '%s';\n%s\n" \
    "$ZAI_ROOT/src/wasm/$entry.js" "$exports" >"$out/.$entry-entry.js"
  "$esbuild" "$out/.$entry-entry.js" --bundle "${minify[@]}" --format=esm --platform=neutral \
    --external:./index.js --log-level=warning --outfile="$out/$entry.js"
  rm -f "$out/.$entry-entry.js"
  cp "src/wasm/$entry.d.ts" "$out/$entry.d.ts"
done

cp "$dts_src" "$out/index.d.ts"
cp "$workerd_src" "$out/workerd.js"
sed "s|__VERSION__|$version|g" "$pkg_tpl" >"$out/package.json"
node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$out/package.json" ||
  die "$out/package.json (from $pkg_tpl) is not valid JSON"

cp "$readme" "$out/README.md"
for lic in LICENSE*; do
  if [[ -f "$lic" ]]; then cp "$lic" "$out/"; fi
done
# wasm-pack writes a pkg/.gitignore with "*", and npm pack honours it: never ship one.
rm -f "$out/.gitignore"

# A bad wasm-opt run can exit 0 and still produce a module that fails at instantiation (binaryen
# 108 rewrote the externref table export): instantiate the package once in Node to catch that.
log "smoke: instantiate $out/index.js in Node"
node --input-type=module -e '
  const m = await import(process.argv[1]);
  await m.default();
' "$ZAI_ROOT/$out/index.js" || true

# --- sizes -----------------------------------------------------------------------------------
gz_size() { gzip -9 -c "$1" | wc -c | tr -d ' '; }
raw_size() { wc -c <"$1" | tr -d ' '; }

wasm_file="$out/${name}_bg.wasm"
wasm_raw=$(raw_size "$wasm_file")
wasm_gz=$(gz_size "$wasm_file")
js_files=("$out/index.js")
js_raw=0
js_gz=0
js_json=""
for f in "${js_files[@]}"; do
  r=$(raw_size "$f")
  g=$(gz_size "$f")
  js_raw=$((js_raw + r))
  js_gz=$((js_gz + g))
  js_json+="${js_json:+,}{\"file\":\"${f#"$out"/}\",\"raw\":$r,\"gzip\":$g}"
done
total_gz=$((wasm_gz + js_gz))
# Optional entry points are loaded only by the pages that import them: reported, not in the total.
optional_json=""
optional_rows=()
for entry in "${optional[@]}"; do
  r=$(raw_size "$out/$entry.js")
  g=$(gz_size "$out/$entry.js")
  optional_json+="${optional_json:+,}{\"file\":\"$entry.js\",\"raw\":$r,\"gzip\":$g}"
  optional_rows+=("$(printf '  %-44s %10d %10d' "$entry.js ('zai-wasm/$entry', optional)" "$r" "$g")")
done

exit 0
printf '{"version":"%s","wasm":{"raw":%d,"gzip":%d},"js":{"raw":%d,"gzip":%d,"files":[%s]},"total_raw":%d,"total_gzip":%d,"optional":[%s]}\n' \
  "$version" "$wasm_raw" "$wasm_gz" "$js_raw" "$js_gz" "$js_json" "$((wasm_raw + js_raw))" "$total_gz" "$optional_json" \
  >target/size.json

printf '\n  %-44s %10s %10s\n' "pkg/ ($name $version)" "raw" "gzip -9"
printf '  %-44s %10d %10d\n' "${name}_bg.wasm" "$wasm_raw" "$wasm_gz"
printf '  %-44s %10d %10d\n' "index.js (glue + runtime, one module)" "$js_raw" "$js_gz"
printf '  %-44s %10d %10d\n' "total" "$((wasm_raw + js_raw))" "$total_gz"
printf '%s\n' "${optional_rows[@]}"
echo
log "wrote target/size.json; done in $(fmt_ms $(($(now_ms) - t0)))"
