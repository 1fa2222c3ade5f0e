#!/usr/bin/env bash
# Load test of `vfio-compat serve` with a real HTTP load generator (wrk; issue 15), the
# generator on the same machine as the server. Measures, each in its own server:
#   1. keep-alive POST /v1/check, verdict cache warm        (targets: >= 20,000 req/s, p99 <= 5 ms)
#   2. keep-alive POST /v1/check, verdict cache off         (target:  >= 3,000 req/s)
#   3. POST /v1/batch of a 100,000-device fleet over HTTP against `vfio-compat batch` of the same
#      fleet, end to end, in the same run (target: HTTP <= 1.5 x CLI); the two outputs must be
#      the same bytes.
#
#   bench/server-load.sh                      # DURATION=20s CONNECTIONS=16 THREADS=2 DEVICES=100000
#   SKIP_BATCH=1 bench/server-load.sh         # the check runs only
#
# Build first: mvn -q -DskipTests package (the launcher's jar and bench/target/benchmarks.jar,
# whose FleetGenerator makes the fleet). Installs Debian's wrk when it is missing. Not part of
# CI; docs/performance.md keeps the results.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
duration="${DURATION:-20s}"
connections="${CONNECTIONS:-16}"
threads="${THREADS:-2}"
devices="${DEVICES:-100000}"
port="${PORT:-18181}"
work="$(mktemp -d "${TMPDIR:-/tmp}/vfio-compat-load.XXXXXX")"
# shellcheck source=bench/server-lib.sh
. "$root/bench/server-lib.sh"
ensure_wrk
ensure_built "$root/cli/target/vfio-compat.jar" "$root/bench/target/benchmarks.jar"
serve() { start_server --watch 0 "$@"; }
stop() { stop_server; }

source_ref="host-a/566bf9d7-c55a-45f8-91a6-e55e9b9b1325"
target_ref="host-d/0000:00:02.0/i915-GVTg_V5_4"
cat > "$work/check.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"source": "$source_ref", "target": "$target_ref"}'
LUA

# run_wrk NAME: a warm-up (WARMUP, default 10 s: the server runs C2, whose compiling costs CPU at
# first), then the measured run; prints requests/s, p50, p99, non-2xx and the server's CPU time
# per request over the measured run (user + system, /proc/PID/stat).
run_wrk() {
  wrk -t"$threads" -c"$connections" -d"${WARMUP:-10s}" -s "$work/check.lua" "http://127.0.0.1:$port/v1/check" >/dev/null
  local before after
  before=$(cpu_ticks "$server")
  wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$work/check.lua" "http://127.0.0.1:$port/v1/check" \
    > "$work/$1.wrk"
  after=$(cpu_ticks "$server")
  cat "$work/$1.wrk"
  awk -v name="$1" -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" -v load="$(cut -d' ' -f1 /proc/loadavg)" \
    '/requests in/ {n=$1} /Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Non-2xx/ {bad=$5}
    END {printf "RESULT %s: %s req/s, p50 %s, p99 %s, non-2xx %s, server CPU %.1f us/request, load average %s\n", name, rps, p50, p99,
      bad == "" ? 0 : bad, ticks * 1000000 / hz / n, load}' "$work/$1.wrk"
}

echo "== 1. cached check ($connections connections, $threads wrk threads, $duration)"
serve --inventory "$root/examples/fleet.json"
run_wrk cached
stop

echo "== 2. uncached check (--cache-size 0: every request is a pack evaluation)"
serve --inventory "$root/examples/fleet.json" --cache-size 0
run_wrk uncached
stop

[[ "${SKIP_BATCH:-}" == 1 ]] && exit 0
echo "== 3. batch of $devices devices, over HTTP and by the CLI"
java -cp "$root/bench/target/benchmarks.jar" org.vfiocompat.bench.FleetGenerator "$devices" "$work/fleet.json" >&2
# The CLI, end to end (JVM start, packs from the pack cache, read, batch, NDJSON written); once
# to warm the pack cache and the page cache, then timed.
"$root/vfio-compat" batch --inventory "$work/fleet.json" --format ndjson --quiet --out "$work/cli.ndjson"
cli_start=$(date +%s.%N)
"$root/vfio-compat" batch --inventory "$work/fleet.json" --format ndjson --quiet --out "$work/cli.ndjson"
cli_end=$(date +%s.%N)
serve --inventory "$work/fleet.json"
# Over HTTP, of the loaded inventory: first request (cold JIT) and a second one, each timed.
for run in first second; do
  start=$(date +%s.%N)
  curl -sf -X POST "http://127.0.0.1:$port/v1/batch" -o "$work/http-$run.ndjson"
  end=$(date +%s.%N)
  echo "RESULT batch over HTTP ($run request, loaded inventory): $(echo "$end - $start" | bc) s"
done
# With the inventory in the body (read per request), a raised --max-inventory.
stop
serve --inventory "$work/fleet.json" --max-inventory 1000000000
curl -sf -X POST "http://127.0.0.1:$port/v1/batch" -o /dev/null # warm-up
start=$(date +%s.%N)
curl -sf -X POST "http://127.0.0.1:$port/v1/batch" --data-binary "@$work/fleet.json" -H 'Content-Type: application/json' \
  -o "$work/http-body.ndjson"
end=$(date +%s.%N)
echo "RESULT batch over HTTP (inventory in the body, $(stat -c %s "$work/fleet.json") bytes): $(echo "$end - $start" | bc) s"
stop
cli=$(echo "$cli_end - $cli_start" | bc)
echo "RESULT batch by the CLI, end to end: $cli s"
for f in http-second http-body; do
  if cmp -s "$work/cli.ndjson" "$work/$f.ndjson"; then
    echo "RESULT $f.ndjson: the same bytes as the CLI's ($(wc -l < "$work/cli.ndjson") lines)"
  else
    echo "RESULT $f.ndjson DIFFERS from the CLI's output" >&2; exit 1
  fi
done
