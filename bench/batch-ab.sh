#!/usr/bin/env bash
# The CLI `batch` of two builds side by side on one generated fleet, end to end through each
# tree's ./vfio-compat launcher (JVM start to the last NDJSON byte), output to /dev/shm, as the
# 1M goal of docs/performance.md ("The open issues' targets") measures it: RUNS rounds of
# (A, B), wall, user and system time and max RSS from /usr/bin/time; prints the medians, the
# batch phase after the read (--timing), the 1-minute load average and whether each run's
# output, its summary line aside, equals A's first (sha256).
#
#   A=/path/to/old-checkout B=. RUNS=5 DEVICES=1000000 bench/batch-ab.sh
#
# OUT=null writes to /dev/null instead: the tool's own time, without the kernel's cost of new
# tmpfs pages (on a VM that cost moves by seconds from run to run; OUT=shm, the default, times
# `dd` writing the same number of bytes to a new /dev/shm file before each round, "dd s", so a
# reader can see it). With OUT=null nothing is compared and the batch phase is not shown.
#
# Each tree must be built (mvn -q -DskipTests package); the fleet is made once by B's
# FleetGenerator into $WORK (default /tmp/e2e) and kept. ISOLATION=process for the default mode's
# figure; JAVA_OPTS (default -Xmx768m -XX:+UseParallelGC) goes to both through VFIO_COMPAT_JAVA_OPTS.
set -euo pipefail
a="$(cd "${A:?A=tree of the first build}" && pwd)"
b="$(cd "${B:-$(dirname "$0")/..}" && pwd)"
runs="${RUNS:-5}"
devices="${DEVICES:-1000000}"
isolation="${ISOLATION:-in-process}"
opts="${JAVA_OPTS:--Xmx768m -XX:+UseParallelGC}"
dir="${WORK:-/tmp/e2e}"
sink="${OUT:-shm}"
[[ "$sink" == shm || "$sink" == null ]] || { echo "OUT must be shm or null, got $sink" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "needs /usr/bin/time (apt-get install -y time)" >&2; exit 2; }
for t in "$a" "$b"; do
  [[ -f "$t/cli/target/vfio-compat.jar" ]] || { echo "missing $t/cli/target/vfio-compat.jar: build it first" >&2; exit 2; }
done
mkdir -p "$dir"
fleet="$dir/fleet-$devices-devices.ndjson"
if [[ ! -s "$fleet" ]]; then
  java -cp "$b/bench/target/benchmarks.jar" org.vfiocompat.bench.FleetGenerator "$devices" "$fleet.tmp" >/dev/null
  mv "$fleet.tmp" "$fleet"
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/vfio-compat-batch-ab.XXXXXX")"
out="/dev/shm/vfio-compat-batch-ab.$$.ndjson"
[[ "$sink" == null ]] && out=/dev/null
trap 'rm -rf "$work"; [[ "$out" == /dev/null ]] || rm -f "$out" "$out.dd"' EXIT
run() {
  (cd "$1" && VFIO_COMPAT_JAVA_OPTS="$opts" /usr/bin/time -f "%e %U %S %M" -o "$work/t" \
      ./vfio-compat batch --inventory "$fleet" --format ndjson --isolation "$isolation" --quiet --timing > "$out")
}
# Warm the launchers' archives and the pack caches on a small fleet of the same shape.
small="$dir/fleet-1000-devices.ndjson"
[[ -s "$small" ]] || java -cp "$b/bench/target/benchmarks.jar" org.vfiocompat.bench.FleetGenerator 1000 "$small" >/dev/null
for t in "$a" "$b"; do
  for _ in 1 2; do (cd "$t" && ./vfio-compat batch --inventory "$small" --format ndjson --isolation "$isolation" --quiet >/dev/null); sleep 1; done
done
sleep 3
echo "batch of $devices devices, $isolation, $runs rounds (load average $(cut -d' ' -f1 /proc/loadavg) at the start)"
printf '%-5s %8s %8s %8s %9s %8s  %s\n' side "wall s" "user s" "sys s" "RSS MiB" "batch s" "output"
reference=""
bytes=0
for _ in $(seq 1 "$runs"); do
  if [[ "$sink" == shm && "$bytes" -gt 0 ]]; then
    # What new tmpfs pages cost the kernel now: the same bytes written by dd to a new file.
    dd_s="$( { /usr/bin/time -f "%e" dd if=/dev/zero of="$out.dd" bs=1M count=$(( (bytes + 1048575) / 1048576 )) status=none; } 2>&1 )"
    rm -f "$out.dd"
    printf '%-5s %8s\n' dd "$dd_s"
    echo "$dd_s" >> "$work/dd"
  fi
  for side in A B; do
    t="$a"; [[ $side == B ]] && t="$b"
    run "$t"
    read -r wall user sys rss < "$work/t"
    batch=-; same=-
    if [[ "$sink" == shm ]]; then
      bytes="$(stat -c %s "$out")"
      # The summary line carries the batch's own time (--timing): compared without it.
      batch="$(tail -n 1 "$out" | sed -n 's/.*"elapsedMillis":\([0-9]*\).*/\1/p')"
      batch="$(awk -v ms="${batch:-0}" 'BEGIN {printf "%.2f", ms / 1000}')"
      sum="$(head -n -1 "$out" | sha256sum | cut -c1-12)"
      [[ -n "$reference" ]] || reference="$sum"
      same=same; [[ "$sum" == "$reference" ]] || same="DIFFERS ($sum)"
      rm -f "$out"
    fi
    printf '%-5s %8s %8s %8s %9s %8s  %s\n' "$side" "$wall" "$user" "$sys" "$((rss / 1024))" "$batch" "$same"
    echo "$wall $user $sys $rss $batch" >> "$work/$side"
  done
done
median() { sort -n -k"$2" "$1" | awk -v k="$2" '{v[NR]=$k} END {print v[int((NR+1)/2)]}'; }
for side in A B; do
  printf '%s median wall %s s, user %s s, sys %s s, max RSS %s MiB, batch after the read %s s\n' "$side" \
      "$(median "$work/$side" 1)" "$(median "$work/$side" 2)" "$(median "$work/$side" 3)" \
      "$(( $(median "$work/$side" 4) / 1024 ))" "$(median "$work/$side" 5)"
done
[[ -s "$work/dd" ]] && echo "dd of the output's size to a new /dev/shm file: median $(median "$work/dd" 1) s ($(sort -n "$work/dd" | head -1)-$(sort -n "$work/dd" | tail -1) s)"
echo "load average at the end: $(cut -d' ' -f1 /proc/loadavg); output sha256 ${reference:--}..."
