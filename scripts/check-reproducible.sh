#!/usr/bin/env bash
# Builds the working tree twice, each time from a clean copy of its own, and compares the jars
# byte for byte: those of rules, engine and cli, and bench's (its plain jar and the shaded
# benchmarks.jar). Exits 1 on any difference, naming the jars that differ.
#
#   scripts/check-reproducible.sh            # extra arguments go to mvn, e.g. -o
#
# Not part of CI: it takes two full packages. The copies are of the files git tracks or would
# track (so uncommitted changes count), without target/ folders.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/vfio-compat-repro.XXXXXX")"
trap 'rm -rf "$work"' EXIT

jars=(
  rules/target/vfio-compat-rules-*.jar
  engine/target/vfio-compat-engine-*.jar
  cli/target/vfio-compat.jar
  bench/target/vfio-compat-bench-*.jar
  bench/target/benchmarks.jar
)

for run in a b; do
  mkdir -p "$work/$run"
  (cd "$root" && git ls-files -z --cached --others --exclude-standard) \
    | (cd "$root" && xargs -0 tar -cf - --no-recursion) | tar -xf - -C "$work/$run"
  echo "build $run in $work/$run" >&2
  (cd "$work/$run" && mvn -B -q -DskipTests "$@" package)
  (cd "$work/$run" && shopt -s nullglob && for j in ${jars[@]}; do sha256sum "$j"; done) > "$work/$run.sha256"
done

if [[ ! -s "$work/a.sha256" ]]; then
  echo "no jars found to compare" >&2
  exit 2
fi
if diff -u "$work/a.sha256" "$work/b.sha256"; then
  echo "reproducible: $(wc -l < "$work/a.sha256") jars identical in two clean builds" >&2
  cat "$work/a.sha256"
else
  echo "NOT reproducible: the jars above differ between two clean builds" >&2
  exit 1
fi
