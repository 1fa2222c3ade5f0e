#!/usr/bin/env bash
# The long fuzzing run: every Jazzer target, one after the other, each for SECONDS_PER_TARGET (default
# 600, the 10 minutes issue #13 asks for). Not part of `mvn verify` (which only replays the corpus).
#
#   scripts/fuzz-long.sh                      # all 14 targets, 10 minutes each
#   SECONDS_PER_TARGET=60 scripts/fuzz-long.sh 'InventoryReaderFuzzTest#inventory'
#
# For each target it prints one line: inputs run, executions per second, the final coverage
# and corpus size libFuzzer reports, and whether the run ended on a finding. A finding fails
# the target's run; Jazzer writes the input as crash-<sha1> into the target's *Inputs/ folder,
# where every later `mvn verify` replays it. Logs stay in $LOGS (default target/fuzz-long/).
# Exit status: 0 when no target found anything, 1 otherwise.
set -uo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_TARGET=${SECONDS_PER_TARGET:-600}
LOGS=${LOGS:-target/fuzz-long}
ALL_TARGETS=(
  'InventoryReaderFuzzTest#inventory'
  'PackInputFuzzTest#manifest'
  'PackInputFuzzTest#csvTable'
  'PackInputFuzzTest#jsonTable'
  'PackInputFuzzTest#drl'
  'ImporterFuzzTest#nodedevXml'
  'ImporterFuzzTest#domainXml'
  'ImporterFuzzTest#mdevctlTypes'
  'ImporterFuzzTest#mdevctlList'
  'ImporterFuzzTest#nvidiaSmiXml'
  'ImporterFuzzTest#nvidiaSmiVgpu'
  'ImporterFuzzTest#devlinkJson'
  'ImporterFuzzTest#lspci'
  'SysfsScannerFuzzTest#sysfsTree'
)
if [ $# -gt 0 ]; then TARGETS=("$@"); else TARGETS=("${ALL_TARGETS[@]}"); fi

mkdir -p "$LOGS"
# Compile once, so each target's run spends its time fuzzing.
mvn -B -o -q -pl engine -am test-compile >"$LOGS/compile.log" 2>&1 || { cat "$LOGS/compile.log"; exit 2; }

printf '%-36s %10s %8s %8s %8s %s\n' target inputs 'exec/s' cov corpus result
failed=0
for target in "${TARGETS[@]}"; do
  class=${target%%#*}
  rm -f engine/target/surefire-reports/*"$class"-output.txt
  log="$LOGS/${target/\#/.}.log"
  start=$(date +%s)
  JAZZER_FUZZ=1 mvn -B -o -pl engine -am test -Dsurefire.failIfNoSpecifiedTests=false \
      -Dtest="$target" \
      -Djazzer.internal.arg.0=fuzz "-Djazzer.internal.arg.1=-max_total_time=$SECONDS_PER_TARGET" \
      >"$log.mvn" 2>&1
  status=$?
  wall=$(( $(date +%s) - start ))
  # libFuzzer's statistics reach Maven's output; Jazzer's own lines the forked JVM's file.
  report=$(ls -t engine/target/surefire-reports/*"$class"-output.txt 2>/dev/null | head -1)
  cat "$log.mvn" ${report:+"$report"} >"$log"
  last=$(grep -E '^#[0-9]+' "$log" | tail -1)
  inputs=$(sed -nE 's/^Done ([0-9]+) runs.*/\1/p' "$log" | tail -1)
  [ -n "$inputs" ] || inputs=$(sed -nE 's/^#([0-9]+).*/\1/p' <<<"$last")
  rate=$(sed -nE 's/.*exec\/s: ([0-9]+).*/\1/p' <<<"$last")
  cov=$(sed -nE 's/.*cov: ([0-9]+).*/\1/p' <<<"$last")
  corpus=$(sed -nE 's/.*corp: ([0-9]+).*/\1/p' <<<"$last")
  if [ $status -eq 0 ]; then result="no finding (${wall}s)"; else result="FINDING or failure, see $log.mvn"; failed=1; fi
  printf '%-36s %10s %8s %8s %8s %s\n' "$target" "${inputs:-?}" "${rate:-?}" "${cov:-?}" "${corpus:-?}" "$result"
done
exit $failed
