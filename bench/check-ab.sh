#!/usr/bin/env bash
# The CLI `check` of two builds side by side (docs/performance.md, "Opening cached builds without
# XStream"): each build's tree (its cli/target/vfio-compat.jar built, `mvn -q -DskipTests package`),
# warmed twice in each isolation mode (compiled-pack cache, launcher archive), then RUNS rounds of
# (A in-process, A process, B in-process, B process), wall and user+sys CPU from /usr/bin/time;
# prints the medians and the 1-minute load average. On a loaded machine only the CPU compares.
#
#   A=/path/to/old-checkout B=. RUNS=5 bench/check-ab.sh
set -euo pipefail
a="$(cd "${A:?A=tree of the first build}" && pwd)"
b="$(cd "${B:-$(dirname "$0")/..}" && pwd)"
runs="${RUNS:-5}"
src="host-a/566bf9d7-c55a-45f8-91a6-e55e9b9b1325"
tgt="host-d/0000:00:02.0/i915-GVTg_V5_4"
[[ -x /usr/bin/time ]] || { echo "needs /usr/bin/time (apt-get install -y time)" >&2; exit 2; }
for t in "$a" "$b"; do
  [[ -f "$t/cli/target/vfio-compat.jar" ]] || { echo "missing $t/cli/target/vfio-compat.jar: build it first" >&2; exit 2; }
done
work="$(mktemp -d "${TMPDIR:-/tmp}/vfio-compat-check-ab.XXXXXX")"
trap 'rm -rf "$work"' EXIT
run() { (cd "$1" && ./vfio-compat check --inventory examples/fleet.json "$src" "$tgt" --isolation "$2" >/dev/null); }
for t in "$a" "$b"; do for m in in-process process; do run "$t" "$m"; sleep 1; run "$t" "$m"; done; done
sleep 3
echo "load average at the start: $(cut -d' ' -f1 /proc/loadavg)"
for _ in $(seq 1 "$runs"); do
  for side in A B; do
    t="$a"; [[ $side == B ]] && t="$b"
    for m in in-process process; do
      (cd "$t" && /usr/bin/time -f "%e %U %S" -o "$work/t" ./vfio-compat check --inventory examples/fleet.json "$src" "$tgt" --isolation "$m" >/dev/null)
      read -r wall user sys < "$work/t"
      echo "$wall $(echo "$user + $sys" | bc)" >> "$work/$side-$m"
    done
  done
done
median() { sort -n -k"$2" "$1" | awk -v k="$2" '{v[NR]=$k} END {print v[int((NR+1)/2)]}'; }
for side in A B; do for m in in-process process; do
  printf '%s %-11s wall %s s, cpu %s s\n' "$side" "$m" "$(median "$work/$side-$m" 1)" "$(median "$work/$side-$m" 2)"
done; done
echo "load average at the end: $(cut -d' ' -f1 /proc/loadavg)"
