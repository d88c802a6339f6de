# shellcheck shell=bash
# Shared helpers for the developer scripts. Source it, do not run it:
#
#   # shellcheck source=scripts/lib.sh
#   . "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# After sourcing, the current directory is the repository root ($ZAI_ROOT).

if [[ -n "${ZAI_LIB_LOADED:-}" ]]; then
  return 0
fi
ZAI_LIB_LOADED=1

ZAI_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ZAI_SCRIPT="$(basename "${BASH_SOURCE[1]:-$0}")"
export ZAI_ROOT
cd "$ZAI_ROOT" || exit 1

# cargo-installed tools (wasm-bindgen, the test runner) live here; CI shells may not have it on PATH.
ZAI_CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
case ":$PATH:" in
  *":$ZAI_CARGO_BIN:"*) ;;
  *) [[ -d "$ZAI_CARGO_BIN" ]] && PATH="$ZAI_CARGO_BIN:$PATH" ;;
esac
export PATH

# ---------------------------------------------------------------------------
# Logging
# ---------------------------------------------------------------------------

log() { printf '[%s] %s\n' "$ZAI_SCRIPT" "$*"; }
warn() { printf '[%s] warning: %s\n' "$ZAI_SCRIPT" "$*" >&2; }
die() {
  printf '[%s] error: %s\n' "$ZAI_SCRIPT" "$*" >&2
  exit 1
}

# have CMD: is CMD on PATH?
have() { command -v "$1" >/dev/null 2>&1; }

# now_ms: wall clock in milliseconds (bash 5 $EPOCHREALTIME, no fork).
now_ms() {
  local t=${EPOCHREALTIME/[.,]/}
  printf '%s' "$((10#$t / 1000))"
}

# fmt_ms MS: "12.3s"
fmt_ms() { printf '%d.%ds' "$(($1 / 1000))" "$((($1 % 1000) / 100))"; }

# toml_string FILE SECTION KEY: the string value of KEY in [SECTION] of a simple TOML file (one
# `key = "value"` per line), empty when absent: Cargo.toml's version and rust-version, the
# rust-toolchain.toml channel.
toml_string() {
  awk -v want="[$2]" -v key="$3" '
    /^\[/ { in_section = ($0 == want) }
    in_section && $0 ~ "^" key "[ \t]*=" { v = $0; sub(/^[^"]*"/, "", v); sub(/".*$/, "", v); print v; exit }
  ' "$1"
}

# cargo_version: the [package] version of Cargo.toml, the one version of the crate and the npm package.
cargo_version() { toml_string "$ZAI_ROOT/Cargo.toml" package version; }

# ---------------------------------------------------------------------------
# Exit hooks: at_exit CMD... runs CMD (in reverse order of registration) when the script exits,
# including on Ctrl-C / SIGTERM. Hooks can read the exit status in $ZAI_EXIT_RC.
# ---------------------------------------------------------------------------

ZAI_EXIT_HOOKS=()
# shellcheck disable=SC2034 # read by the hooks
ZAI_EXIT_RC=0

at_exit() { ZAI_EXIT_HOOKS+=("$*"); }

_zai_run_exit_hooks() {
  local rc=$? i
  trap - EXIT
  # shellcheck disable=SC2034 # read by the hooks
  ZAI_EXIT_RC=$rc
  for ((i = ${#ZAI_EXIT_HOOKS[@]} - 1; i >= 0; i--)); do
    eval "${ZAI_EXIT_HOOKS[i]}" || true
  done
  exit "$rc"
}

trap _zai_run_exit_hooks EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# kill_pid PID: stop a process this script started (TERM, then KILL after ~3 s).
kill_pid() {
  local pid=$1 i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 30; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

# ---------------------------------------------------------------------------
# Ports
# ---------------------------------------------------------------------------

# free_port: print a TCP port on 127.0.0.1 that is free right now.
free_port() {
  node -e '
    const s = require("net").createServer();
    s.listen(0, "127.0.0.1", () => { process.stdout.write(String(s.address().port)); s.close(); });
  '
}

# port_is_free PORT: can we bind 127.0.0.1:PORT?
port_is_free() {
  node -e '
    const s = require("net").createServer();
    s.once("error", () => process.exit(1));
    s.listen(Number(process.argv[1]), "127.0.0.1", () => s.close(() => process.exit(0)));
  ' "$1"
}

# pick_port PREFERRED: PREFERRED when free, otherwise a free port (with a notice on stderr).
pick_port() {
  if port_is_free "$1"; then
    printf '%s' "$1"
  else
    local p
    p=$(free_port)
    warn "port $1 is busy, using $p instead"
    printf '%s' "$p"
  fi
}

# ---------------------------------------------------------------------------
# Mock Z.AI server (tests/mock/server.mjs)
# ---------------------------------------------------------------------------

MOCK_PID=""
MOCK_PORT=""
MOCK_URL=""

# start_mock PORT: start the mock in the background (PORT 0 lets it pick one), wait up to ~10 s for
# its "zai-mock listening on http://127.0.0.1:N" line and fail loudly otherwise. Sets MOCK_PID,
# MOCK_PORT and MOCK_URL (http://127.0.0.1:N, no trailing slash). The mock is stopped on exit.
start_mock() {
  local port=${1:-0} server="$ZAI_ROOT/tests/mock/server.mjs" logfile line i
  [[ -f "$server" ]] || die "mock server not found: tests/mock/server.mjs"
  mkdir -p "$ZAI_ROOT/target"
  logfile="$ZAI_ROOT/target/mock-server.log"
  : >"$logfile"
  node "$server" --port "$port" >"$logfile" 2>&1 &
  MOCK_PID=$!
  at_exit "kill_pid $MOCK_PID"
  for ((i = 0; i < 100; i++)); do
    line=$(grep -m1 -oE 'zai-mock listening on http://127\.0\.0\.1:[0-9]+' "$logfile" || true)
    if [[ -n "$line" ]]; then
      MOCK_PORT=${line##*:}
      MOCK_URL="http://127.0.0.1:$MOCK_PORT"
      log "mock server pid $MOCK_PID listening on $MOCK_URL (log: target/mock-server.log)"
      return 0
    fi
    if ! kill -0 "$MOCK_PID" 2>/dev/null; then
      sed 's/^/  mock| /' "$logfile" >&2
      die "mock server exited before it was ready (port $port)"
    fi
    sleep 0.1
  done
  sed 's/^/  mock| /' "$logfile" >&2
  die "mock server did not print its listening line within 10 s (port $port)"
}
