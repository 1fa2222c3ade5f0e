#!/usr/bin/env bash
# What worker isolation costs a whole batch through the CLI (issue 13, goal: process <= 1.3 x
# in-process at 100k devices; docs/performance.md, "Worker isolation"): the EndToEndBatch command
# line (java -jar, -Xmx768m, ParallelGC, NDJSON to a file), in-process and process runs
# interleaved in pairs, so that both runs of a pair see the same background load. Prints each
# run's wall and CPU (user+sys, the worker JVMs included), each pair's ratios and their medians,
# checks that both modes wrote the same bytes, and says the load average with the figures.
#
#   bench/isolation-batch.sh                       # PAIRS=5 DEVICES=100000
#   DEVICES=1000000 PAIRS=3 bench/isolation-batch.sh
#   LAUNCHER=1 bench/isolation-batch.sh            # through ./vfio-compat (its class-data archive) instead of java -jar
#
# Build first: mvn -q -DskipTests package. The fleet is EndToEndBatch's (seed 42, NDJSON), generated
# once into $WORK (default /tmp/vfio-compat-e2e) and shared with it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
pairs="${PAIRS:-5}"
devices="${DEVICES:-100000}"
work="${WORK:-/tmp/vfio-compat-e2e}"
for f in "$root/cli/target/vfio-compat.jar" "$root/bench/target/benchmarks.jar"; do
  [[ -f "$f" ]] || { echo "missing $f: build first (mvn -q -DskipTests package)" >&2; exit 2; }
done
[[ -x /usr/bin/time ]] || { echo "needs /usr/bin/time (apt-get install -y time)" >&2; exit 2; }
mkdir -p "$work"
fleet="$work/fleet-$devices-devices.ndjson"
if [[ ! -s "$fleet" ]]; then
  java -cp "$root/bench/target/benchmarks.jar" org.vfiocompat.bench.FleetGenerator "$devices" "$fleet.tmp.ndjson" >/dev/null
  mv "$fleet.tmp.ndjson" "$fleet"
fi
tmp="$(mktemp -d "${TMPDIR:-/tmp}/vfio-compat-isolation-batch.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
load() { cut -d' ' -f1 /proc/loadavg; }
run() { # mode, output file
  if [[ -n "${LAUNCHER:-}" ]]; then
    VFIO_COMPAT_JAVA_OPTS="-Xmx768m -XX:+UseParallelGC" /usr/bin/time -f "%e %U %S" -o "$tmp/t" \
        "$root/vfio-compat" batch --inventory "$fleet" --format ndjson --out "$2" --quiet --isolation "$1"
  else
    /usr/bin/time -f "%e %U %S" -o "$tmp/t" java -Xmx768m -XX:+UseParallelGC -Dvfiocompat.isolation="$1" \
        -Dvfiocompat.packs="$root/vendor-packs" -jar "$root/cli/target/vfio-compat.jar" \
        batch --inventory "$fleet" --format ndjson --out "$2" --quiet
  fi
  read -r wall user sys < "$tmp/t"
  echo "$wall $(echo "$user + $sys" | bc)"
}
# The caches as a second run finds them: the compiled-pack cache (and the launcher's archive)
# from an in-process run, then the workers' class-data archive, which the engine dumps in the
# background after a process run's first worker ends (docs/performance.md, "Worker isolation").
cache="${XDG_CACHE_HOME:-$HOME/.cache}/vfio-compat"
run in-process "$tmp/warm.ndjson" >/dev/null
[[ -n "${LAUNCHER:-}" ]] && for _ in $(seq 1 300); do
  ls "$cache"/cds-*.lock >/dev/null 2>&1 || break; sleep 0.2; done
run process "$tmp/warm.ndjson" >/dev/null
for _ in $(seq 1 600); do
  ls -d "$cache"/packs/worker-cds-*.lock >/dev/null 2>&1 || break; sleep 0.2; done
echo "batch of $devices devices, $pairs interleaved pairs$([[ -n "${LAUNCHER:-}" ]] && echo ", through the launcher") (load average $(load) at the start)"
printf '%-5s %-16s %-16s %-13s %-13s %s\n' pair "in-process wall" "process wall" "wall ratio" "CPU ratio" load
for i in $(seq 1 "$pairs"); do
  read -r iw ic < <(run in-process "$tmp/in.ndjson")
  read -r pw pc < <(run process "$tmp/pr.ndjson")
  cmp -s "$tmp/in.ndjson" "$tmp/pr.ndjson" || { echo "pair $i: the two modes wrote different output" >&2; exit 1; }
  rw="$(echo "scale=3; $pw / $iw" | bc)"; rc="$(echo "scale=3; $pc / $ic" | bc)"
  printf '%-5s %-16s %-16s %-13s %-13s %s\n' "$i" "$iw s ($ic cpu)" "$pw s ($pc cpu)" "$rw" "$rc" "$(load)"
  echo "$rw $rc $iw $pw" >> "$tmp/ratios"
done
median() { sort -n -k"$1" "$tmp/ratios" | awk -v k="$1" '{a[NR]=$k} END {m = NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.3f\n", m}'; }
echo "median: wall ratio $(median 1) (in-process $(median 3) s, process $(median 4) s), CPU ratio $(median 2); output identical in every pair"
echo "load average at the end: $(load)"
