#!/usr/bin/env bash
# The Spark job on a real standalone cluster on this machine, against the single-machine CLI on the
# same fleet (docs/spark.md, docs/performance.md "Spark on a loopback standalone cluster"):
#
#   bench/spark-cluster.sh [--devices 1000000] [--top 10] [--work /tmp/vfio-compat-spark-cluster]
#                          [--worker-memory 2g] [--executor-memory 1500m] [--driver-memory 1g] [--cds] [--runs 1]
#                          [--order name|shuffled] [--keep]
#
# CLI_JAVA_OPTS (default -XX:+UseParallelGC), DRIVER_JAVA_OPTS and EXECUTOR_JAVA_OPTS (default
# -XX:TieredStopAtLevel=1 -XX:+UseSerialGC; set them empty for the JVM's defaults) are JVM options of the
# CLI, of the job's driver (the submit JVM) and of its executors; SPARK_CONF ("key=value ...") adds
# --conf settings to the job. C1 only and one GC thread: in a job of a few minutes C2 compiles code
# the job has finished with (docs/performance.md, the interleaved pairs).
# --cds gives every timed JVM, on both sides, a class-data-sharing archive (AppCDS) of the classes
# it loads, as ./vfio-compat does for the CLI: before the timed runs, the CLI and the job each run
# once on the fleet's first 2,000 hosts listing their classes (-XX:DumpLoadedClassList; each
# executor into its own working folder), and a static archive is dumped from each list (the CLI's,
# the driver's, the executors' merged) without its @lambda-proxy lines, which JDK 17 crashes
# archiving (see ./vfio-compat). Start-up is a fixed cost of the job (~10 s before its first task
# at 1M devices without archives, ~3 s with them) and loading classes is much of it. The master and workers are not timed and get none.
# --runs N runs the CLI and the job N times each, in turns on the one cluster (CLI, job, CLI, job, ...),
# and reports each run and the medians: on this VM the CLI's time alone moved from 5.1 to 10.2 s
# between runs minutes apart (docs/performance.md).
# --order shuffled gives both sides the fleet's hosts in a fixed shuffled order (shuf, its random source
# fixed) instead of the generator's, which is by name: the job takes hosts it reads in name order as they
# are (no sort of hosts, no count of names used twice: HostOrder), so the default measures that path and
# --order shuffled the one for hosts in any order.
# Build first: mvn -B -o -q -DskipTests package. Then, from the repository root, this script
#  1. generates an NDJSON fleet of --devices devices (the first FleetGenerator hosts that hold that
#     many; its size argument is not a device count) into --work, once, and reuses it;
#  2. with --cds, makes the CLI's archive;
#  3. starts a standalone cluster on 127.0.0.1 from the Maven jars: one master and two workers, each
#     its own JVM (org.apache.spark.deploy.master.Master, org.apache.spark.deploy.worker.Worker,
#     one core each), Spark's "home" being a folder of links to the jars of spark/target/spark-classpath.txt;
#  4. with --cds, makes the driver's and the executors' archives; then, --runs times, runs
#     `vfio-compat batch --format ndjson` on the fleet (the single-machine figure) and submits the job
#     through org.apache.spark.deploy.SparkSubmit (what spark-submit runs), with the job jar and its
#     libraries (--jars), and --metrics for Spark's stage metrics;
#  5. compares each job's NDJSON with the CLI's source lines byte for byte, prints both wall times and
#     CPU times (the executors' whole process CPU, JIT and GC included, from their workers), the
#     ratios, the stage table and the 1-minute load average; stops the cluster (also on error
#     or Ctrl-C: every JVM it started, and the executors its workers started).
# Exit 0 when the outputs are equal, 1 when they differ, 2 for bad usage or a missing build.
set -euo pipefail

devices=1000000
top=10
work=/tmp/vfio-compat-spark-cluster
worker_memory=2g
executor_memory=1500m
driver_memory=1g
keep=0
cds=0
runs=1
order=name
usage() { sed -n '5,7p' "$0" | sed 's/^# *//' >&2; exit 2; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --devices) devices="$2"; shift 2 ;;
    --top) top="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --worker-memory) worker_memory="$2"; shift 2 ;;
    --executor-memory) executor_memory="$2"; shift 2 ;;
    --driver-memory) driver_memory="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    --cds) cds=1; shift ;;
    --runs) runs="$2"; shift 2 ;;
    --order) order="$2"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "spark-cluster.sh: unknown argument $1" >&2; usage ;;
  esac
done

[[ "$order" == name || "$order" == shuffled ]] || { echo "spark-cluster.sh: --order is name or shuffled, not '$order'" >&2; exit 2; }
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "spark-cluster.sh: --runs takes a positive whole number, not '$runs'" >&2; exit 2; }
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cli_jar="$root/cli/target/vfio-compat.jar"
job_jar="$root/spark/target/vfio-compat-spark.jar"
bench_jar="$root/bench/target/benchmarks.jar"
for f in "$cli_jar" "$job_jar" "$bench_jar" "$root/spark/target/classpath.txt" "$root/spark/target/spark-classpath.txt"; do
  [[ -f "$f" ]] || { echo "spark-cluster.sh: $f is missing; build first: (cd $root && mvn -B -o -q -DskipTests package)" >&2; exit 2; }
done
command -v /usr/bin/time >/dev/null || { echo "spark-cluster.sh: needs /usr/bin/time (apt-get install -y time)" >&2; exit 2; }

# The JVM options Spark documents for Java 17 (the parent pom's spark.java.options, as ./vfio-compat-spark).
short_jvm='-XX:TieredStopAtLevel=1 -XX:+UseSerialGC'
DRIVER_JAVA_OPTS="${DRIVER_JAVA_OPTS-$short_jvm}"
EXECUTOR_JAVA_OPTS="${EXECUTOR_JAVA_OPTS-$short_jvm}"
opts="$(sed -n 's:.*<spark.java.options>\(.*\)</spark.java.options>.*:\1:p' "$root/pom.xml")"
[[ -n "$opts" ]] || { echo "spark-cluster.sh: no spark.java.options in $root/pom.xml" >&2; exit 2; }
load() { cut -d' ' -f1 /proc/loadavg; }
wall_of() { # seconds from /usr/bin/time -v's "Elapsed (wall clock)" line
  sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$1" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }'
}
field_of() { sed -n "s/.*$2: //p" "$1"; }
cpu_of() { # user + system seconds from /usr/bin/time -v
  awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$1"
}
# CPU seconds of the children a process has waited for (/proc/PID/stat cutime + cstime): for a worker, its executors'
# whole CPU, JIT compilation and GC included (the stage metrics count the tasks' threads only).
children_cpu_of() { awk -v t="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.2f", ($14 + $15) / t }' "/proc/$1/stat"; }

mkdir -p "$work/logs"
run="$work/run-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$run"

# 1. The fleet: the first generated hosts that hold $devices devices.
fleet="$work/fleet-$devices.ndjson"
if [[ ! -f "$fleet" ]]; then
  echo "generating $fleet ..."
  java -cp "$bench_jar" org.vfiocompat.bench.FleetGenerator $(( devices * 10 / 6 )) "$work/fleet-over.ndjson" 42 >/dev/null
  awk -v want="$devices" '{ n += gsub(/"kind":/, "&"); print; if (n >= want) exit }' "$work/fleet-over.ndjson" > "$fleet.tmp"
  rm -f "$work/fleet-over.ndjson"
  mv "$fleet.tmp" "$fleet"
fi
if [[ $order == shuffled ]]; then
  # The same hosts in an order of no kind, the same order every time (shuf's random bytes fixed).
  if [[ ! -f "$work/fleet-$devices-shuffled.ndjson" ]]; then
    shuf --random-source=<(yes 42) "$fleet" > "$work/fleet-$devices-shuffled.ndjson.tmp"
    mv "$work/fleet-$devices-shuffled.ndjson.tmp" "$work/fleet-$devices-shuffled.ndjson"
  fi
  fleet="$work/fleet-$devices-shuffled.ndjson"
fi
read -r hosts n_devices n_assigned < <(awk '{ h++; d += gsub(/"kind":/, "&"); a += gsub(/"assignedTo":/, "&") } END { print h, d, a }' "$fleet")
echo "fleet: $fleet: $hosts hosts, $n_devices devices, $n_assigned assigned, hosts in $order order"

# 2. The single-machine CLI. Both sides use one compiled-pack cache, filled before either is timed
# (as it is in use: packs are compiled once, not on every run).
cache="$work/pack-cache"
java -Dvfiocompat.packs="$root/vendor-packs" -jar "$cli_jar" packs --pack-cache "$cache" > /dev/null
cli_out="$run/cli.ndjson"
cds_dir="$run/cds"
cli_cds=()
# $1: the archive, $2: the class list(s), the rest: the class path as the timed JVM has it.
dump_archive() {
  local archive="$1" list="$2"; shift 2
  grep -hv '^@lambda-proxy' $list | awk '!seen[$0]++' > "$archive.classes"
  (cd "$cds_dir" && java -Xshare:dump -XX:SharedClassListFile="$archive.classes" -XX:SharedArchiveFile="$archive" \
      -Xlog:disable "$@" > "$archive.log" 2>&1) || { echo "spark-cluster.sh: dumping $archive failed: $archive.log" >&2; exit 3; }
}
if [[ $cds == 1 ]]; then
  mkdir -p "$cds_dir"
  train="$cds_dir/train.ndjson"
  head -n 2000 "$fleet" > "$train"
  java ${CLI_JAVA_OPTS:--XX:+UseParallelGC} -XX:DumpLoadedClassList="$cds_dir/cli.list" -Dvfiocompat.packs="$root/vendor-packs" -jar "$cli_jar" \
    batch --inventory "$train" --format ndjson --top "$top" --out "$cds_dir/train-cli.ndjson" --quiet --pack-cache "$cache"
  dump_archive "$cds_dir/cli.jsa" "$cds_dir/cli.list" -cp "$cli_jar"
  cli_cds=(-XX:SharedArchiveFile="$cds_dir/cli.jsa" -Xshare:auto)
  echo "CDS: CLI archive $(du -m "$cds_dir/cli.jsa" | cut -f1) MiB"
fi
# $1: the run's number. Its times in $run/cli-time-$1.txt; every run writes the same output file.
run_cli() {
  local before; before="$(load)"
  /usr/bin/time -v -o "$run/cli-time-$1.txt" java "${cli_cds[@]}" ${CLI_JAVA_OPTS:--XX:+UseParallelGC} -Dvfiocompat.packs="$root/vendor-packs" \
    -jar "$cli_jar" batch --inventory "$fleet" --format ndjson --top "$top" --out "$cli_out" --quiet --pack-cache "$cache"
  echo "CLI run $1: $(wall_of "$run/cli-time-$1.txt") s wall (load $before before, $(load) after)"
}

# 3. The cluster: Spark's home is a folder of links to the Maven jars.
home="$work/spark-home"
rm -rf "$home"
mkdir -p "$home/jars"
# Spark's jars are the provided ones, and the few libraries Spark shares with the engine, which Maven
# therefore put in the job's compile scope (a Spark distribution ships them in its jars/ too).
shared='/(org/slf4j|com/fasterxml/jackson/core|commons-codec|org/antlr/antlr4-runtime)/'
{ tr ':' '\n' < "$root/spark/target/spark-classpath.txt"; echo; tr ':' '\n' < "$root/spark/target/classpath.txt" | grep -E "$shared"; } |
  while read -r j; do if [[ -n "$j" ]]; then ln -sf "$j" "$home/jars/"; fi; done
export SPARK_HOME="$home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 SPARK_LOCAL_DIRS="$run/local"
mkdir -p "$SPARK_LOCAL_DIRS"
pids=()
stop_cluster() {
  local children=()
  for p in "${pids[@]}"; do
    children+=($(pgrep -P "$p" || true)) # executors a worker started
  done
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}" "${children[@]}"; do
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$p" 2>/dev/null || true
  done
  pids=()
}
trap stop_cluster EXIT
trap 'exit 130' INT TERM

# $1: the log, $2: the pattern; the first match's first group, waiting up to 120 s for it.
wait_for() {
  for _ in $(seq 600); do
    if m="$(sed -n "s/$2/\1/p" "$1" | head -1)" && [[ -n "$m" ]]; then echo "$m"; return 0; fi
    sleep 0.2
  done
  echo "spark-cluster.sh: no '$2' in $1 after 120 s:" >&2; tail -20 "$1" >&2; return 1
}
# shellcheck disable=SC2086
java -Xmx256m $opts -cp "$home/jars/*" org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port 0 --webui-port 0 > "$run/master.log" 2>&1 &
pids+=($!)
port="$(wait_for "$run/master.log" '.*Starting Spark master at spark:\/\/127\.0\.0\.1:\([0-9]*\).*')"
master="spark://127.0.0.1:$port"
for w in 1 2; do
  mkdir -p "$run/worker-$w"
  # shellcheck disable=SC2086
  java -Xmx256m $opts -cp "$home/jars/*" org.apache.spark.deploy.worker.Worker \
    --host 127.0.0.1 --port 0 --webui-port 0 --cores 1 --memory "$worker_memory" --work-dir "$run/worker-$w" "$master" \
    > "$run/worker-$w.log" 2>&1 &
  pids+=($!)
done
for w in 1 2; do wait_for "$run/worker-$w.log" '.*\(Successfully registered\) with master.*' >/dev/null; done
echo "cluster: master $master, 2 workers (1 core, $worker_memory each), logs in $run"

# 4. The job, as spark-submit runs it; its libraries are the job's class path minus Spark's own jars.
jars="$({ tr ':' '\n' < "$root/spark/target/classpath.txt"; echo; } | while read -r j; do
  if [[ -n "$j" && ! -e "$home/jars/$(basename "$j")" ]]; then echo "$j"; fi; done | paste -sd, -)"
# SPARK_CONF: more of the job's settings, "key=value key=value", each passed as --conf.
extra_conf=()
for kv in ${SPARK_CONF:-}; do extra_conf+=(--conf "$kv"); done
# The submit command, into cmd: $1 the driver's extra JVM options, $2 the executors', $3 the inventory, $4 the output, $5 the metrics.
submit_command() {
  # shellcheck disable=SC2206
  cmd=(java -Xmx"$driver_memory" ${DRIVER_JAVA_OPTS:-} $1 $opts -cp "$home/jars/*" org.apache.spark.deploy.SparkSubmit
    --master "$master" --deploy-mode client --class org.vfiocompat.spark.VfioCompatSpark --name "vfio-compat batch"
    --jars "$jars" --executor-memory "$executor_memory" --total-executor-cores 2
    --conf spark.executor.cores=1 --conf "spark.executor.extraJavaOptions=${EXECUTOR_JAVA_OPTS:+$EXECUTOR_JAVA_OPTS }$2${2:+ }$opts" --conf spark.driver.host=127.0.0.1
    --conf spark.driver.bindAddress=127.0.0.1 --conf spark.ui.enabled=false --conf spark.sql.shuffle.partitions=8
    --conf "spark.sql.warehouse.dir=$run/warehouse" "${extra_conf[@]}"
    "$job_jar" --packs "$root/vendor-packs" --inventory "$3" --out "$4" --format ndjson --top "$top"
    --pack-cache "$cache" --metrics "$5")
}
# Waits until both workers have reaped their executors (which end with the application): then the
# workers' children's CPU (children_cpu_of) holds theirs.
wait_for_executors_to_end() {
  for w in 1 2; do
    for _ in $(seq 150); do [[ -z "$(pgrep -P "${pids[$w]}" || true)" ]] && break; sleep 0.2; done
  done
}
driver_cds=""
executor_cds=""
if [[ $cds == 1 ]]; then
  # Each executor lists its classes into its working folder (the worker's work dir/app/executor).
  submit_command "-XX:DumpLoadedClassList=$cds_dir/driver.list" "-XX:DumpLoadedClassList=executor.list" \
    "$train" "$cds_dir/train-spark" "$cds_dir/train-metrics.json"
  "${cmd[@]}" 2> "$cds_dir/train-submit.log" || { tail -30 "$cds_dir/train-submit.log" >&2; exit 3; }
  dump_archive "$cds_dir/driver.jsa" "$cds_dir/driver.list" -cp "$home/jars/*"
  for _ in $(seq 100); do [[ $(ls "$run"/worker-*/app-*/*/executor.list 2>/dev/null | wc -l) -ge 2 ]] && break; sleep 0.2; done
  # The executors' class path as their workers launched them ("Launch command" in the worker's log).
  executor_cp="$(grep -h -o '"-cp" "[^"]*"' "$run"/worker-1.log | head -1 | sed 's/^"-cp" "\(.*\)"$/\1/')"
  [[ -n "$executor_cp" ]] || { echo "spark-cluster.sh: no executor launch command in $run/worker-1.log" >&2; exit 3; }
  dump_archive "$cds_dir/executor.jsa" "$(ls "$run"/worker-*/app-*/*/executor.list | paste -sd' ')" -cp "$executor_cp"
  driver_cds="-XX:SharedArchiveFile=$cds_dir/driver.jsa -Xshare:auto"
  executor_cds="-XX:SharedArchiveFile=$cds_dir/executor.jsa -Xshare:auto"
  echo "CDS: driver archive $(du -m "$cds_dir/driver.jsa" | cut -f1) MiB, executors' $(du -m "$cds_dir/executor.jsa" | cut -f1) MiB"
  # The workers' counts of their executors' CPU start after the training job's executors.
  wait_for_executors_to_end
fi
# 4b. The runs, in turns: the CLI, then the job, on the one cluster. Each job's output is compared with
# the CLI's source lines byte for byte (5.), then removed; the executors' CPU is what their workers
# reaped during the job.
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.2f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
cli_walls=(); cli_cpus=(); cli_rss=(); spark_walls=(); driver_cpus=(); driver_rss=(); executor_cpus=(); spark_cpus=()
rc=0
declare -A cpu_before
for i in $(seq "$runs"); do
  run_cli "$i"
  cli_walls+=("$(wall_of "$run/cli-time-$i.txt")"); cli_cpus+=("$(cpu_of "$run/cli-time-$i.txt")")
  cli_rss+=("$(( $(field_of "$run/cli-time-$i.txt" 'Maximum resident set size (kbytes)') / 1024 ))")
  if [[ $i == 1 ]]; then grep '^{"type":"source"' "$cli_out" > "$run/cli-sources.ndjson"; fi
  for w in 1 2; do cpu_before[$w]="$(children_cpu_of "${pids[$w]}")"; done
  spark_out="$run/spark-out-$i"
  spark_load="$(load)"
  submit_command "$driver_cds" "$executor_cds" "$fleet" "$spark_out" "$run/metrics-$i.json"
  /usr/bin/time -v -o "$run/spark-time-$i.txt" "${cmd[@]}" 2> "$run/submit-$i.log" || { tail -30 "$run/submit-$i.log" >&2; exit 3; }
  grep '^vfio-compat-spark:' "$run/submit-$i.log" || true
  wait_for_executors_to_end
  executors_cpu=0
  for w in 1 2; do
    executors_cpu="$(awk -v a="$executors_cpu" -v b="$(children_cpu_of "${pids[$w]}")" -v c="${cpu_before[$w]}" 'BEGIN { printf "%.2f", a + b - c }')"
  done
  spark_walls+=("$(wall_of "$run/spark-time-$i.txt")"); driver_cpus+=("$(cpu_of "$run/spark-time-$i.txt")")
  driver_rss+=("$(( $(field_of "$run/spark-time-$i.txt" 'Maximum resident set size (kbytes)') / 1024 ))")
  executor_cpus+=("$executors_cpu")
  spark_cpus+=("$(awk -v a="${driver_cpus[-1]}" -v b="$executors_cpu" 'BEGIN { printf "%.2f", a + b }')")
  # 5. Same records, byte for byte: the CLI's source lines against the job's parts, in order.
  if cat "$spark_out"/targets.ndjson/part-* | cmp -s - "$run/cli-sources.ndjson"; then
    same[$i]="equal byte for byte ($(wc -l < "$run/cli-sources.ndjson") records)"
  else
    same[$i]="DIFFERENT: cat $spark_out/targets.ndjson/part-* | cmp - $run/cli-sources.ndjson"; rc=1
  fi
  echo "job run $i: ${spark_walls[-1]} s wall (load $spark_load before, $(load) after); output ${same[$i]}"
  [[ $keep == 1 || ${same[$i]} == DIFFERENT* ]] || rm -rf "$spark_out"
done
stop_cluster

printf '\n%-34s %10s %10s %12s\n' "$hosts hosts, $n_devices devices" "wall s" "CPU s" "max RSS MiB"
for i in $(seq "$runs"); do
  printf '%-34s %10s %10s %12s\n' "run $i: vfio-compat batch (one JVM)" "${cli_walls[$i-1]}" "${cli_cpus[$i-1]}" "${cli_rss[$i-1]}"
  printf '%-34s %10s %10s %12s\n' "run $i: Spark job, driver" "${spark_walls[$i-1]}" "${driver_cpus[$i-1]}" "${driver_rss[$i-1]}"
  printf '%-34s %10s %10s\n' "run $i: Spark job, 2 executors" "" "${executor_cpus[$i-1]}"
done
cli_wall="$(median "${cli_walls[@]}")"; cli_cpu="$(median "${cli_cpus[@]}")"
spark_wall="$(median "${spark_walls[@]}")"; spark_cpu="$(median "${spark_cpus[@]}")"
label="median of $runs"; [[ $runs == 1 ]] && label="the run"
echo "$label: CLI ${cli_wall} s wall, ${cli_cpu} s CPU; job ${spark_wall} s wall, ${spark_cpu} s CPU (driver and executors)"
echo "ratio Spark / CLI ($label): $(awk -v s="$spark_wall" -v c="$cli_wall" 'BEGIN { printf "%.2f", s / c }') wall (target: within 3)," \
  "$(awk -v s="$spark_cpu" -v c="$cli_cpu" 'BEGIN { printf "%.2f", s / c }') CPU"
echo "load average (1 min) at the end: $(load); $(nproc) cores; CDS: $([[ $cds == 1 ]] && echo on || echo off)"
echo "stages: $run/metrics-*.json"
[[ $keep == 1 ]] || rm -rf "$cli_out" "$run/cli-sources.ndjson" "$SPARK_LOCAL_DIRS"
exit $rc
