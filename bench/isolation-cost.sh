#!/usr/bin/env bash
# What worker isolation (--isolation process, docs/security.md) costs against in-process, each
# pair of figures measured in the same run (issue 13; docs/performance.md, "Worker isolation"):
#   1. CLI `check`, warm caches (compiled-pack cache and the launcher's class-data archive, made
#      by a first run here), RUNS runs of each mode interleaved: wall and CPU (user+sys, the
#      worker JVM included) per run, and their medians          (goal: process <= 1.6 s wall)
#   2. LargeBatchBenchmark (JMH): read a DEVICES-device fleet and batch it, in-process and
#      process in one JMH run                                    (goal: process <= 1.3 x in-process)
#
#   bench/isolation-cost.sh                 # RUNS=7 DEVICES=100000
#   SKIP_BATCH=1 bench/isolation-cost.sh    # the check runs only (about 30 s idle)
#
# Build first: mvn -q -DskipTests package. The JMH part takes about 3 minutes idle. Prints the
# 1-minute load average with the figures: on a loaded machine only the ratios mean anything.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${RUNS:-7}"
devices="${DEVICES:-100000}"
src="host-a/566bf9d7-c55a-45f8-91a6-e55e9b9b1325"
tgt="host-d/0000:00:02.0/i915-GVTg_V5_4"
for f in "$root/cli/target/vfio-compat.jar" "$root/bench/target/benchmarks.jar"; do
  [[ -f "$f" ]] || { echo "missing $f: build first (mvn -q -DskipTests package)" >&2; exit 2; }
done
[[ -x /usr/bin/time ]] || { echo "needs /usr/bin/time (apt-get install -y time)" >&2; exit 2; }
work="$(mktemp -d "${TMPDIR:-/tmp}/vfio-compat-isolation.XXXXXX")"
trap 'rm -rf "$work"' EXIT
load() { cut -d' ' -f1 /proc/loadavg; }
check() { "$root/vfio-compat" check --inventory "$root/examples/fleet.json" "$src" "$tgt" --isolation "$1" >/dev/null; }

# Warm the caches as a user's second run would find them: the compiled packs, then the archive
# (the first run records the class list, a background dump makes the archive).
check in-process
for _ in $(seq 1 300); do
  ls "${XDG_CACHE_HOME:-$HOME/.cache}"/vfio-compat/cds-*.lock >/dev/null 2>&1 || break
  sleep 0.2
done
check process

echo "CLI check, warm caches, $runs runs each, interleaved (load average $(load) at the start)"
printf '%-11s %8s %8s\n' mode "wall s" "cpu s"
for i in $(seq 1 "$runs"); do
  for mode in in-process process; do
    /usr/bin/time -f "%e %U %S" -o "$work/t" "$root/vfio-compat" check --inventory "$root/examples/fleet.json" \
        "$src" "$tgt" --isolation "$mode" >/dev/null
    read -r wall user sys < "$work/t"
    cpu="$(echo "$user + $sys" | bc)"
    printf '%-11s %8s %8s\n' "$mode" "$wall" "$cpu"
    echo "$wall $cpu" >> "$work/$mode"
  done
done
median() { sort -n -k"$2" "$1" | awk -v k="$2" '{a[NR]=$k} END {print a[int((NR+1)/2)]}'; }
for mode in in-process process; do
  printf 'median %-11s wall %s s, cpu %s s\n' "$mode" "$(median "$work/$mode" 1)" "$(median "$work/$mode" 2)"
done
echo "load average at the end: $(load)"

if [[ -z "${SKIP_BATCH:-}" ]]; then
  echo
  echo "LargeBatchBenchmark, $devices devices, in-process and process (load average $(load) at the start)"
  java -jar "$root/bench/target/benchmarks.jar" LargeBatchBenchmark -p devices="$devices" \
      -p isolation=IN_PROCESS,PROCESS -rf json -rff "$work/jmh.json" | grep -E '^(Benchmark|LargeBatch)'
  python3 - "$work/jmh.json" <<'PY'
import json, sys
rows = {r["params"]["isolation"]: r["primaryMetric"]["score"] for r in json.load(open(sys.argv[1]))}
print("process / in-process batch time: %.2f x (%.0f ms / %.0f ms)" % (rows["PROCESS"] / rows["IN_PROCESS"], rows["PROCESS"], rows["IN_PROCESS"]))
PY
  echo "load average at the end: $(load)"
fi
