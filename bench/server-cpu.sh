#!/usr/bin/env bash
# The server's CPU time per request of keep-alive cached POST /v1/check (issue 15), of this
# checkout against a baseline checkout (BASELINE, e.g. a clone of main, built), in the same run.
# Both servers run at once, each started by its own checkout's launcher (so launcher flags count),
# and wrk drives them in alternating rounds, so both see the same load on a shared machine; the
# figure is the servers' user + system CPU (from /proc/PID/stat) over the measured rounds divided
# by the requests wrk completed, and its ratio this / baseline. Throughput on a loaded machine says
# little; CPU per request says what one request costs the server.
#
#   BASELINE=/path/to/main-checkout bench/server-cpu.sh       # ROUNDS=3 DURATION=10s WARMUP=20s CONNECTIONS=16
#   bench/server-cpu.sh                                       # this checkout only
#
# Build both first: mvn -q -DskipTests package. Installs Debian's wrk when it is missing. Not part of CI.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
duration="${DURATION:-10s}"
rounds="${ROUNDS:-3}"
connections="${CONNECTIONS:-16}"
threads="${THREADS:-2}"
port="${PORT:-18183}"
baseline="${BASELINE:-}"
work="$(mktemp -d "${TMPDIR:-/tmp}/vfio-compat-cpu.XXXXXX")"
# shellcheck source=bench/server-lib.sh
. "$root/bench/server-lib.sh"
ensure_wrk
ensure_built "$root/cli/target/vfio-compat.jar"
[[ -z "$baseline" ]] || ensure_built "$baseline/cli/target/vfio-compat.jar"

cat > "$work/check.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"source": "host-a/566bf9d7-c55a-45f8-91a6-e55e9b9b1325", "target": "host-d/0000:00:02.0/i915-GVTg_V5_4"}'
LUA

names=(this); checkouts=("$root"); pids=()
[[ -z "$baseline" ]] || { names+=(baseline); checkouts+=("$(cd "$baseline" && pwd)"); }
stop_all() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; wait "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap stop_all EXIT
for i in "${!names[@]}"; do
  start_server_of "${checkouts[$i]}" $((port + i)) --watch 0 --inventory "$root/examples/fleet.json"
  pids+=("$server"); server=""
done

# wrk_run I SECONDS FILE: one run against server I.
wrk_run() {
  wrk -t"$threads" -c"$connections" -d"$2" --latency -s "$work/check.lua" "http://127.0.0.1:$((port + $1))/v1/check" > "$3"
}
# requests FILE: the requests a wrk run completed (2xx or not: the script checks there were no others).
requests() { awk '/requests in/ {print $1}' "$1"; }

for i in "${!names[@]}"; do wrk_run "$i" "${WARMUP:-20s}" /dev/null; done # warm-up: the JIT (C2 compiles cost CPU), caches
declare -A ticks reqs rps
for i in "${!names[@]}"; do ticks[$i]=0; reqs[$i]=0; rps[$i]=""; done
for r in $(seq 1 "$rounds"); do
  for i in "${!names[@]}"; do
    before=$(cpu_ticks "${pids[$i]}")
    wrk_run "$i" "$duration" "$work/run.wrk"
    after=$(cpu_ticks "${pids[$i]}")
    if grep -q 'Non-2xx' "$work/run.wrk"; then echo "server-cpu: non-2xx answers from ${names[$i]}" >&2; cat "$work/run.wrk" >&2; exit 1; fi
    ticks[$i]=$(( ${ticks[$i]} + after - before ))
    reqs[$i]=$(( ${reqs[$i]} + $(requests "$work/run.wrk") ))
    rps[$i]+=" $(awk '/Requests\/sec/ {print $2}' "$work/run.wrk")"
    echo "round $r ${names[$i]}: $(requests "$work/run.wrk") requests, $(( after - before )) CPU ticks, load $(cut -d' ' -f1 /proc/loadavg)"
  done
done
hz=$(getconf CLK_TCK)
for i in "${!names[@]}"; do
  us=$(echo "scale=2; ${ticks[$i]} * 1000000 / $hz / ${reqs[$i]}" | bc)
  echo "RESULT ${names[$i]} (${checkouts[$i]}): $us us server CPU per request (${reqs[$i]} requests, req/s by round:${rps[$i]})"
  eval "us_$i=$us"
done
if [[ -n "$baseline" ]]; then
  echo "RESULT CPU per request, this / baseline: $(echo "scale=3; $us_0 / $us_1" | bc) (1-minute load average $(cut -d' ' -f1 /proc/loadavg))"
fi
