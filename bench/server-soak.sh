#!/usr/bin/env bash
# Soak of `vfio-compat serve` (issue 15): wrk drives a mix of good and bad requests for
# DURATION seconds (default 600) while a pack changes every 10 s (every sixth change breaks
# the pack, which must be refused with the last good set kept, and the next one mends it).
# Reports the answers by status, the reloads seen, and the server's RSS at start and end, with
# the JVM's native memory by category (class/metaspace, heap, threads...) at start and end when
# NativeMemoryTracking is on (it is, unless VFIO_COMPAT_JAVA_OPTS already says otherwise), and
# the class loaders alive at the end (each reloaded pack build is one).
# Fails when an answer is not one the mix expects (200, 400, 404, 405, 413, 422), when wrk
# sees socket errors, or when the server dies.
#
#   bench/server-soak.sh                 # DURATION=600 CONNECTIONS=8 THREADS=2
#   VFIO_COMPAT_JAVA_OPTS=-Xmx256m DURATION=600 CONNECTIONS=4 THREADS=1 bench/server-soak.sh   # as docs/performance.md
#
# Build first: mvn -q -DskipTests package. Installs Debian's wrk when it is missing. Not part of CI.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
duration="${DURATION:-600}"
connections="${CONNECTIONS:-8}"
threads="${THREADS:-2}"
port="${PORT:-18182}"
work="$(mktemp -d "${TMPDIR:-/tmp}/vfio-compat-soak.XXXXXX")"
# shellcheck source=bench/server-lib.sh
. "$root/bench/server-lib.sh"
ensure_wrk
ensure_built "$root/cli/target/vfio-compat.jar"

cp -r "$root/vendor-packs" "$work/packs"
pack="$work/packs/intel-gvtg"
rules="$(ls "$pack"/rules/*.drl | head -1)"
cp "$rules" "$work/rules.orig"
cp "$pack/pack.json" "$work/pack.json.orig"

[[ "${VFIO_COMPAT_JAVA_OPTS:-}" == *NativeMemoryTracking* ]] || export VFIO_COMPAT_JAVA_OPTS="${VFIO_COMPAT_JAVA_OPTS:-} -XX:NativeMemoryTracking=summary"
start_server --packs "$work/packs" --inventory "$root/examples/fleet.json" --watch 1
rss() { awk '/VmRSS/ {print $2 " " $3}' "/proc/$server/status"; }
# nmt: the committed KiB of the NMT categories that matter here, on one line (after a full GC, so
# that what is left is what is held).
nmt() {
  jcmd "$server" GC.run >/dev/null 2>&1
  jcmd "$server" VM.native_memory summary 2>/dev/null | awk '
    /^-/ {cat=$2} /committed=/ && cat != "" {match($0, /committed=[0-9]+KB/); v=substr($0, RSTART+10, RLENGTH-12)
      if (cat ~ /^(Java|Class|Thread|Code|GC|Internal|Other|Symbol|Metaspace|Arena)/) printf "%s%s=%s", sep, cat, v; sep=" "; cat=""}
    /Metadata:/ {getline; if ($0 ~ /committed=/) {match($0, /committed=[0-9]+KB/); printf " metaspace=%s", substr($0, RSTART+10, RLENGTH-12)}}
    /Class space:/ {getline; if ($0 ~ /committed=/) {match($0, /committed=[0-9]+KB/); printf " class-space=%s", substr($0, RSTART+10, RLENGTH-12)}}
    /classes #/ {match($0, /classes #[0-9]+/); printf " classes=%s", substr($0, RSTART+9, RLENGTH-9)}
    END {print ""}'
}
# metaspace: the committed KiB of metaspace now (no GC first), for the samples.
metaspace() { jcmd "$server" VM.native_memory summary 2>/dev/null | awk '/Metadata:/ {getline; match($0, /committed=[0-9]+KB/); print substr($0, RSTART+10, RLENGTH-12); exit}'; }
loaders() { jcmd "$server" VM.classloader_stats 2>/dev/null | awk '/^Total = / {print $3 " class loaders, " $4 " classes"}'; }

source_ref="host-a/566bf9d7-c55a-45f8-91a6-e55e9b9b1325"
target_ref="host-d/0000:00:02.0/i915-GVTg_V5_4"
big="$(head -c 70000 /dev/zero | tr '\0' ' ')"
cat > "$work/mix.lua" <<LUA
-- One request in six of each kind: good check, good rank, malformed JSON (400), unknown
-- reference (422), unknown path (404), wrong method (405); every 50th a body over the limit (413).
local n = 0
local json = {["Content-Type"] = "application/json"}
local good = '{"source": "$source_ref", "target": "$target_ref"}'
local rank = '{"device": "$source_ref", "top": 3}'
local big = '{"device": "$source_ref", "x": "$big"}'
request = function()
  n = n + 1
  if n % 50 == 0 then return wrk.format("POST", "/v1/rank", json, big) end
  local k = n % 6
  if k == 0 then return wrk.format("POST", "/v1/check", json, good)
  elseif k == 1 then return wrk.format("POST", "/v1/rank", json, rank)
  elseif k == 2 then return wrk.format("POST", "/v1/check", json, '{"source": "a/b", oops')
  elseif k == 3 then return wrk.format("POST", "/v1/check", json, '{"source": "$source_ref", "target": "nowhere/x"}')
  elseif k == 4 then return wrk.format("GET", "/v2/nothing")
  else return wrk.format("GET", "/v1/check") end
end
done = function(summary, latency, requests)
  io.write(string.format("requests %d, socket errors: connect %d read %d write %d timeout %d\n", summary.requests,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
  io.write(string.format("latency p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
LUA
# The answers by status are read from the server's metrics at the end.
sleep 2
rss_start="$(rss)"
echo "RESULT RSS at start: $rss_start"
nmt_start="$(nmt)"
echo "RESULT NMT at start (KiB committed): $nmt_start"
wrk -t"$threads" -c"$connections" -d"${duration}s" --timeout 10s -s "$work/mix.lua" "http://127.0.0.1:$port" > "$work/wrk.out" &
load=$!
changes=0
rss_log=""
end=$(( $(date +%s) + duration ))
while (( $(date +%s) < end - 5 )); do
  sleep 10
  changes=$((changes + 1))
  if (( changes % 6 == 0 )); then
    echo '{"id": ' > "$pack/pack.json"                    # broken: refused, last good set kept
  else
    cp "$work/pack.json.orig" "$pack/pack.json"
    if (( changes % 2 )); then cp "$work/rules.orig" "$rules"; else { cat "$work/rules.orig"; echo "// soak $changes"; } > "$rules"; fi
  fi
  (( changes % 6 == 0 )) && rss_log+=" $(( changes * 10 ))s:$(rss | cut -d' ' -f1)/$(metaspace)"
  kill -0 "$server" 2>/dev/null || { echo "server-soak: the server died" >&2; cat "$work/serve.log" >&2; exit 1; }
done
wait "$load"
cp "$work/pack.json.orig" "$pack/pack.json"
rss_end="$(rss)"
nmt_end="$(nmt)"
cat "$work/wrk.out"
metrics="$(curl -sf "http://127.0.0.1:$port/metrics")"
echo "RESULT answers by status:"
echo "$metrics" | awk -F'status="' '/^vfiocompat_http_requests_seconds_count/ {split($2, a, "\""); split($0, v, "} "); s[a[1]] += v[2]}
  END {for (k in s) printf "  %s %d\n", k, s[k]}' | sort
echo "RESULT pack reloads (generation): $(echo "$metrics" | awk '/^vfiocompat_pack_reloads_total/ {print $2}'), pack changes made: $changes"
status="$(curl -sf "http://127.0.0.1:$port/v1/status")"
echo "RESULT last pack reload ok: $(echo "$metrics" | awk '/^vfiocompat_pack_last_reload_ok/ {print $2}')"
echo "RESULT RSS at start: $rss_start, at end: $rss_end (KiB samples every 60 s, RSS/metaspace:$rss_log)"
echo "RESULT NMT at start (KiB committed): $nmt_start"
echo "RESULT NMT at end   (KiB committed): $nmt_end"
echo "RESULT class loaders alive at the end: $(loaders)"
unexpected="$(echo "$metrics" | grep '^vfiocompat_http_requests_seconds_count' | grep -v 'status="\(200\|400\|404\|405\|413\|422\)"' || true)"
if [[ -n "$unexpected" ]] || grep -q 'socket errors: connect [1-9]\|read [1-9]\|write [1-9]\|timeout [1-9]' "$work/wrk.out"; then
  echo "server-soak: unexpected answers or socket errors:" >&2; echo "$unexpected" >&2; exit 1
fi
echo "$status" | grep -q '"ready" : true\|"ready": true' || { echo "server-soak: not ready at the end" >&2; exit 1; }
echo "RESULT no answer but the expected ones"
