#!/usr/bin/env bash
# Soak of `vfio-compat serve` (issue 15): wrk drives a mix of good and bad requests for
# DURATION seconds (default 600) while a pack changes every 10 s (every sixth change breaks
# the pack, which must be refused with the last good set kept, and the next one mends it).
# Reports the answers by status, the reloads seen, and the server's RSS at start and end, with
# the JVM's native memory by category (class/metaspace, heap, threads...) at start and end when
# NativeMemoryTracking is on (it is, unless VFIO_COMPAT_JAVA_OPTS already says otherwise), and
# the class loaders alive after a full GC at start and end, by type with their classes (a pack
# build that the engine kept would show as one more Drools loader with classes).
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
warmup="${WARMUP:-60}"
every="${SAMPLE_EVERY:-60}"
max_slope="${MAX_RSS_SLOPE_KIB:-1024}"
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
rss() { awk '/VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
# workers: "COUNT RSS_KIB" of the server's pack worker JVMs (--isolation process) alive now.
workers() {
  local n=0 kib=0 w
  for w in $(pgrep -P "$server" java || true); do n=$((n + 1)); kib=$((kib + $(rss "$w"))); done
  echo "$n $kib"
}
# nmt: the committed KiB of the JVM's native memory by category, as "name=KiB ..." (names without
# blanks: java-heap, class, thread, code, gc, compiler, internal, other, symbol, metaspace, ...),
# then total=, the classes loaded now (classes=) and metaspace's own committed figure (meta=).
nmt() {
  jcmd "$server" VM.native_memory summary 2>/dev/null | awk '
    /^Total: / {match($0, /committed=[0-9]+KB/); printf "total=%s", substr($0, RSTART+10, RLENGTH-12)}
    /^-  *[A-Z][A-Za-z ]* \(reserved=/ {name=$0; sub(/^- */, "", name); sub(/ \(reserved=.*/, "", name)
      gsub(/ /, "-", name); match($0, /committed=[0-9]+KB/); printf " %s=%s", tolower(name), substr($0, RSTART+10, RLENGTH-12)}
    /\(classes #/ {match($0, /classes #[0-9]+/); printf " classes=%s", substr($0, RSTART+9, RLENGTH-9)}
    /^ *\(  Metadata: *$/ {getline; match($0, /committed=[0-9]+KB/); printf " meta=%s", substr($0, RSTART+10, RLENGTH-12)}
    END {print ""}'
}
# field NAME LINE: the value of NAME= in a sample line (0 when absent).
field() { echo "$2" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k {print $2; f=1} END {if (!f) print 0}'; }
loaders() { jcmd "$server" VM.classloader_stats 2>/dev/null | awk '/^Total = / {print $3}'; }
# loader_types: the class loaders alive now by type, "Type=count(classes)" (which ones a leak would add).
loader_types() {
  jcmd "$server" VM.classloader_stats 2>/dev/null | awk '$1 ~ /^0x/ && NF >= 7 {n[$7]++; c[$7] += $4}
    END {for (t in n) {s = t; sub(/.*[.$]/, "", s); printf "%s=%d(%d) ", s, n[t], c[t]}; print ""}'
}
heap_used() { jcmd "$server" GC.heap_info 2>/dev/null | awk '/used/ {for (i=1; i<=NF; i++) if ($i == "used") {print $(i+1); exit}}'; }
# sample SECONDS: one line "t=SECONDS rss=KiB workers=N worker-rss=KiB loaders=N <nmt>", without a GC
# first (what an operator's RSS graph shows).
sample() {
  local w
  w="$(workers)"
  local r n
  r="$(rss "$server")"
  n="$(nmt)"
  echo "t=$1 rss=$r workers=${w% *} worker-rss=${w#* } loaders=$(loaders) $n outside=$(( r - $(field total "$n") ))"
}
# held: what the JVM holds after a full GC (heap used, loaders, classes, metaspace).
held() {
  jcmd "$server" GC.run >/dev/null 2>&1
  echo "heap-used=$(heap_used) loaders=$(loaders) $(nmt)"
  echo "  loaders by type, count(classes): $(loader_types)"
}

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
# Time line: WARMUP seconds of the load and the pack changes first (the JIT compiles the request
# path, the caches fill, the first rebuilt packs replace the bundled ones), then the start sample,
# then a sample every SAMPLE_EVERY seconds up to DURATION seconds after the start; the pack
# changes and the load go on throughout, samples taken without a GC first.
wrk -t"$threads" -c"$connections" -d"$(( warmup + duration + 5 ))s" --timeout 10s -s "$work/mix.lua" "http://127.0.0.1:$port" > "$work/wrk.out" &
load=$!
t0=$(date +%s)
( k=0
  while (( k * every <= duration )); do
    at=$(( t0 + warmup + k * every ))
    (( $(date +%s) < at )) && sleep $(( at - $(date +%s) ))
    kill -0 "$server" 2>/dev/null || exit 0
    (( k == 0 )) && held > "$work/held.start"
    sample $(( k * every )) >> "$work/samples"
    k=$((k + 1))
  done ) &
sampler=$!
# Every 0.2 s, which worker JVMs are alive ("MILLIS PID PID ..."): how long a replaced pack's old
# worker outlives its successor's start (the reload warms the new one, swaps, then ends the old).
( while kill -0 "$server" 2>/dev/null; do
    echo "$(date +%s%3N) $(pgrep -P "$server" java | tr '\n' ' ')" >> "$work/worker-times"
    sleep 0.2
  done ) &
poller=$!
changes=0
end=$(( t0 + warmup + duration ))
while (( $(date +%s) < end - 5 )); do
  sleep 10
  changes=$((changes + 1))
  if (( changes % 6 == 0 )); then
    echo '{"id": ' > "$pack/pack.json"                    # broken: refused, last good set kept
  else
    cp "$work/pack.json.orig" "$pack/pack.json"
    if (( changes % 2 )); then cp "$work/rules.orig" "$rules"; else { cat "$work/rules.orig"; echo "// soak $changes"; } > "$rules"; fi
  fi
  kill -0 "$server" 2>/dev/null || { echo "server-soak: the server died" >&2; cat "$work/serve.log" >&2; exit 1; }
done
wait "$sampler"
wait "$load"
kill "$poller" 2>/dev/null || true
cp "$work/pack.json.orig" "$pack/pack.json"
held_end="$(held)"
cat "$work/wrk.out"
metrics="$(curl -sf --max-time 30 "http://127.0.0.1:$port/metrics")" || { echo "server-soak: no metrics at the end; the server's log:" >&2; tail -50 "$work/serve.log" >&2; exit 1; }
echo "RESULT answers by status:"
echo "$metrics" | awk -F'status="' '/^vfiocompat_http_requests_seconds_count/ {split($2, a, "\""); split($0, v, "} "); s[a[1]] += v[2]}
  END {for (k in s) printf "  %s %d\n", k, s[k]}' | sort
echo "RESULT pack reloads (generation): $(echo "$metrics" | awk '/^vfiocompat_pack_reloads_total/ {print $2}'), pack changes made: $changes"
status="$(curl -sf --max-time 30 "http://127.0.0.1:$port/v1/status")" || true
echo "RESULT last pack reload ok: $(echo "$metrics" | awk '/^vfiocompat_pack_last_reload_ok/ {print $2}')"
echo "RESULT JVM options: ${VFIO_COMPAT_JAVA_OPTS}; MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-unset}"
echo "RESULT memory of the server's JVM, MiB (start = after ${warmup} s of warm-up; samples without a GC;"
echo "       outside = RSS - NMT's committed total: glibc arenas' free memory, mapped files, ...):"
awk '{for (i = 1; i <= NF; i++) {split($i, kv, "="); v[kv[1]] = kv[2] + 0}
  printf "  %6ss  rss %6.1f  heap %6.1f  metaspace %5.1f  class %5.1f  code %5.1f  thread %5.1f  gc %5.1f  symbol %5.1f  internal+other %5.1f  nmt-total %6.1f  outside %6.1f  loaders %3d  classes %5d  workers %d (%.1f)\n",
    v["t"], v["rss"]/1024, v["java-heap"]/1024, v["metaspace"]/1024, v["class"]/1024, v["code"]/1024, v["thread"]/1024, v["gc"]/1024,
    v["symbol"]/1024, (v["internal"] + v["other"])/1024, v["total"]/1024, (v["rss"] - v["total"])/1024, v["loaders"], v["classes"],
    v["workers"], v["worker-rss"]/1024}' "$work/samples"
# The slope over the second half: least squares over the samples from the middle on, KiB a minute.
slope() {
  awk -v key="$1" -v from=$(( duration / 2 )) '{for (i = 1; i <= NF; i++) {split($i, kv, "="); v[kv[1]] = kv[2] + 0}}
    v["t"] >= from {n++; x = v["t"] / 60; y = v[key]; sx += x; sy += y; sxx += x * x; sxy += x * y}
    END {if (n < 2 || n * sxx == sx * sx) print 0; else printf "%.0f", (n * sxy - sx * sy) / (n * sxx - sx * sx)}' "$work/samples"
}
rss_slope="$(slope rss)"
echo "RESULT RSS start $(( $(field rss "$(head -1 "$work/samples")") / 1024 )) MiB, middle $(( $(field rss "$(awk -v m=$(( duration / 2 )) '{split($1, t, "="); if (t[2] + 0 >= m) {print; exit}}' "$work/samples")") / 1024 )) MiB, end $(( $(field rss "$(tail -1 "$work/samples")") / 1024 )) MiB;" \
  "slope over the second half: RSS ${rss_slope} KiB/min (bound ${max_slope}), NMT total $(slope total), class $(slope class), code $(slope code), heap $(slope java-heap), outside NMT $(slope outside) KiB/min"
# Workers in the order they started; each one that ended before the run did is paired with the
# next one to start: "overlap" is the time from that successor's first sighting to the old one's
# last (a new worker starts, loads its pack, the set swaps, the old one is ended).
awk '{for (i = 2; i <= NF; i++) {if (!($i in first)) {first[$i] = $1; order[++n] = $i}; last[$i] = $1}
      if (NF - 1 > most) most = NF - 1; end = $1}
  END {for (k = 1; k < n; k++) {p = order[k]; if (last[p] < end) {o = last[p] - first[order[k + 1]]; if (o < 0) o = 0; ov[++m] = o}}
    for (i = 2; i <= m; i++) {x = ov[i]; for (j = i - 1; j >= 1 && ov[j] > x; j--) ov[j + 1] = ov[j]; ov[j + 1] = x}
    printf "RESULT workers: %d started, at most %d alive at once; a replaced worker outlived its successor'"'"'s start by median %.1f s, max %.1f s (%d replaced)\n",
      n, most, m ? ov[int((m + 1) / 2)] / 1000 : 0, m ? ov[m] / 1000 : 0, m}' "$work/worker-times"
echo "RESULT held after a full GC at the start: $(cat "$work/held.start")"
echo "RESULT held after a full GC at the end:   $held_end"
unexpected="$(echo "$metrics" | grep '^vfiocompat_http_requests_seconds_count' | grep -v 'status="\(200\|400\|404\|405\|413\|422\)"' || true)"
if [[ -n "$unexpected" ]] || grep -q 'socket errors: connect [1-9]\|read [1-9]\|write [1-9]\|timeout [1-9]' "$work/wrk.out"; then
  echo "server-soak: unexpected answers or socket errors:" >&2; echo "$unexpected" >&2; exit 1
fi
echo "$status" | grep -q '"ready" : true\|"ready": true' || { echo "server-soak: not ready at the end" >&2; exit 1; }
echo "RESULT no answer but the expected ones"
if (( rss_slope > max_slope )); then
  echo "server-soak: the server's RSS grew ${rss_slope} KiB a minute over the second half, more than the bound of ${max_slope}" >&2
  exit 1
fi
echo "RESULT RSS flat over the second half (${rss_slope} KiB/min <= ${max_slope})"
