#!/usr/bin/env bash
# What a pack worker's warm-up (WorkerWarmUp) saves the first pack's KieBase (docs/performance.md,
# "Only the command being run, and a worker that warms up while it waits"): RUNS rounds of two
# fresh JVMs, one making four vendor packs' KieBases cold and one after the warm-up, both as a
# worker runs (C1 only, SerialGC; the JDK's own class-data archive, not the launcher's); prints each run and the medians of the
# first KieBase, of the later ones, and of the warm-up itself.
#
#   RUNS=7 bench/warm-up.sh
#
# Needs bench/target/benchmarks.jar (mvn -q -DskipTests package). The packs are compiled into
# the CLI's pack cache on the first run, untimed.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${RUNS:-7}"
jar="$root/bench/target/benchmarks.jar"
[[ -f "$jar" ]] || { echo "missing $jar: build it first (mvn -q -DskipTests package)" >&2; exit 2; }
packs=("$root/vendor-packs/intel-gvtg" "$root/vendor-packs/nvidia-vgpu" "$root/vendor-packs/mlx5-vfio" "$root/vendor-packs/hisi-acc")
for p in "${packs[@]}"; do [[ -d "$p" ]] || { echo "missing pack folder $p" >&2; exit 2; }; done
work="$(mktemp -d "${TMPDIR:-/tmp}/vfio-compat-warm-up.XXXXXX")"
trap 'rm -rf "$work"' EXIT
run() { java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -cp "$jar" org.vfiocompat.bench.KieBaseWarmUp "$@" "${packs[@]}"; }
run >/dev/null # compiles the packs into the cache
echo "KieBase of the first pack, then of the next three, in a fresh JVM; $runs rounds (load average $(cut -d' ' -f1 /proc/loadavg))"
printf '%-8s %10s %12s %10s\n' side "first ms" "next ms" "warm-up ms"
for _ in $(seq 1 "$runs"); do
  for side in cold warm; do
    if [[ $side == warm ]]; then run --warm > "$work/out"; else run > "$work/out"; fi
    warm_ms="$(awk '$1 == "warm-up" {print $2}' "$work/out")"
    first="$(awk '$1 != "warm-up" {print $2; exit}' "$work/out")"
    next="$(awk '$1 != "warm-up" {n++; if (n > 1) s += $2} END {print s}' "$work/out")"
    printf '%-8s %10s %12s %10s\n' "$side" "$first" "$next" "${warm_ms:--}"
    echo "$first $next ${warm_ms:-0}" >> "$work/$side"
  done
done
median() { sort -n -k"$2" "$1" | awk -v k="$2" '{v[NR]=$k} END {print v[int((NR+1)/2)]}'; }
printf 'cold median: first KieBase %s ms, the next three %s ms in all\n' "$(median "$work/cold" 1)" "$(median "$work/cold" 2)"
printf 'warm median: first KieBase %s ms, the next three %s ms in all, the warm-up itself %s ms\n' \
    "$(median "$work/warm" 1)" "$(median "$work/warm" 2)" "$(median "$work/warm" 3)"
echo "load average at the end: $(cut -d' ' -f1 /proc/loadavg)"
