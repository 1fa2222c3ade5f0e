#!/usr/bin/env bash
# The Spark job on a real standalone cluster on this machine, against the single-machine CLI on the
# same fleet (docs/spark.md, docs/performance.md "Spark on a loopback standalone cluster"):
#
#   bench/spark-cluster.sh [--devices 1000000] [--top 10] [--work /tmp/vfio-compat-spark-cluster]
#                          [--worker-memory 2g] [--executor-memory 1500m] [--driver-memory 1g] [--keep]
#
# CLI_JAVA_OPTS (default -XX:+UseParallelGC), DRIVER_JAVA_OPTS and EXECUTOR_JAVA_OPTS (default
# -XX:TieredStopAtLevel=1 -XX:+UseSerialGC; set them empty for the JVM's defaults) are JVM options of the
# CLI, of the job's driver (the submit JVM) and of its executors; SPARK_CONF ("key=value ...") adds
# --conf settings to the job. C1 only and one GC thread: in a job of a few minutes C2 compiles code
# the job has finished with (docs/performance.md, the interleaved pairs).
# Build first: mvn -B -o -q -DskipTests package. Then, from the repository root, this script
#  1. generates an NDJSON fleet of --devices devices (the first FleetGenerator hosts that hold that
#     many; its size argument is not a device count) into --work, once, and reuses it;
#  2. runs `vfio-compat batch --format ndjson` on it (the single-machine figure);
#  3. starts a standalone cluster on 127.0.0.1 from the Maven jars: one master and two workers, each
#     its own JVM (org.apache.spark.deploy.master.Master, org.apache.spark.deploy.worker.Worker,
#     one core each), Spark's "home" being a folder of links to the jars of spark/target/spark-classpath.txt;
#  4. submits the job through org.apache.spark.deploy.SparkSubmit (what spark-submit runs), with the
#     job jar and its libraries (--jars), and --metrics for Spark's stage metrics;
#  5. compares the job's NDJSON with the CLI's source lines byte for byte, prints both wall times and
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
usage() { sed -n '5,6p' "$0" | sed 's/^# *//' >&2; exit 2; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --devices) devices="$2"; shift 2 ;;
    --top) top="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --worker-memory) worker_memory="$2"; shift 2 ;;
    --executor-memory) executor_memory="$2"; shift 2 ;;
    --driver-memory) driver_memory="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) usage ;;
    *) echo "spark-cluster.sh: unknown argument $1" >&2; usage ;;
  esac
done

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
read -r hosts n_devices n_assigned < <(awk '{ h++; d += gsub(/"kind":/, "&"); a += gsub(/"assignedTo":/, "&") } END { print h, d, a }' "$fleet")
echo "fleet: $fleet: $hosts hosts, $n_devices devices, $n_assigned assigned"

# 2. The single-machine CLI. Both sides use one compiled-pack cache, filled before either is timed
# (as it is in use: packs are compiled once, not on every run).
cache="$work/pack-cache"
java -Dvfiocompat.packs="$root/vendor-packs" -jar "$cli_jar" packs --pack-cache "$cache" > /dev/null
cli_out="$run/cli.ndjson"
cli_load="$(load)"
/usr/bin/time -v -o "$run/cli-time.txt" java ${CLI_JAVA_OPTS:--XX:+UseParallelGC} -Dvfiocompat.packs="$root/vendor-packs" -jar "$cli_jar" \
  batch --inventory "$fleet" --format ndjson --top "$top" --out "$cli_out" --quiet --pack-cache "$cache"
cli_wall="$(wall_of "$run/cli-time.txt")"
echo "CLI: ${cli_wall} s wall (load $cli_load before, $(load) after)"

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
spark_out="$run/spark-out"
# SPARK_CONF: more of the job's settings, "key=value key=value", each passed as --conf.
extra_conf=()
for kv in ${SPARK_CONF:-}; do extra_conf+=(--conf "$kv"); done
spark_load="$(load)"
# shellcheck disable=SC2086
/usr/bin/time -v -o "$run/spark-time.txt" java -Xmx"$driver_memory" ${DRIVER_JAVA_OPTS:-} $opts -cp "$home/jars/*" org.apache.spark.deploy.SparkSubmit \
  --master "$master" --deploy-mode client --class org.vfiocompat.spark.VfioCompatSpark --name "vfio-compat batch" \
  --jars "$jars" --executor-memory "$executor_memory" --total-executor-cores 2 \
  --conf spark.executor.cores=1 --conf "spark.executor.extraJavaOptions=${EXECUTOR_JAVA_OPTS:+$EXECUTOR_JAVA_OPTS }$opts" --conf spark.driver.host=127.0.0.1 \
  --conf spark.driver.bindAddress=127.0.0.1 --conf spark.ui.enabled=false --conf spark.sql.shuffle.partitions=8 \
  --conf "spark.sql.warehouse.dir=$run/warehouse" "${extra_conf[@]}" \
  "$job_jar" --packs "$root/vendor-packs" --inventory "$fleet" --out "$spark_out" --format ndjson --top "$top" \
  --pack-cache "$cache" --metrics "$run/metrics.json" 2> "$run/submit.log" || { tail -30 "$run/submit.log" >&2; exit 3; }
grep '^vfio-compat-spark:' "$run/submit.log" || true
spark_wall="$(wall_of "$run/spark-time.txt")"
spark_after="$(load)"
# The executors end with the application; once their workers have reaped them, the workers hold their CPU.
executors_cpu=0
for w in 1 2; do
  worker_pid="${pids[$w]}"
  for _ in $(seq 150); do [[ -z "$(pgrep -P "$worker_pid" || true)" ]] && break; sleep 0.2; done
  executors_cpu="$(awk -v a="$executors_cpu" -v b="$(children_cpu_of "$worker_pid")" 'BEGIN { printf "%.2f", a + b }')"
done
stop_cluster

# 5. Same records, byte for byte: the CLI's source lines against the job's parts, in order.
grep '^{"type":"source"' "$cli_out" > "$run/cli-sources.ndjson"
if cat "$spark_out"/targets.ndjson/part-* | cmp -s - "$run/cli-sources.ndjson"; then
  same="equal byte for byte ($(wc -l < "$run/cli-sources.ndjson") records)"; rc=0
else
  same="DIFFERENT: cat $spark_out/targets.ndjson/part-* | cmp - $run/cli-sources.ndjson"; rc=1
fi
printf '\n%-34s %10s %10s %10s %12s\n' "$hosts hosts, $n_devices devices" "wall s" "CPU s" "CPU %" "max RSS MiB"
printf '%-34s %10s %10s %10s %12s\n' "vfio-compat batch (one JVM)" "$cli_wall" "$(cpu_of "$run/cli-time.txt")" \
  "$(field_of "$run/cli-time.txt" 'Percent of CPU this job got')" "$(( $(field_of "$run/cli-time.txt" 'Maximum resident set size (kbytes)') / 1024 ))"
printf '%-34s %10s %10s %10s %12s\n' "Spark job: the driver (submit JVM)" "$spark_wall" "$(cpu_of "$run/spark-time.txt")" \
  "$(field_of "$run/spark-time.txt" 'Percent of CPU this job got')" "$(( $(field_of "$run/spark-time.txt" 'Maximum resident set size (kbytes)') / 1024 ))"
printf '%-34s %10s %10s\n' "Spark job: the 2 executors" "" "$executors_cpu"
spark_cpu="$(awk -v a="$(cpu_of "$run/spark-time.txt")" -v b="$executors_cpu" 'BEGIN { printf "%.2f", a + b }')"
echo "ratio Spark / CLI: $(awk -v s="$spark_wall" -v c="$cli_wall" 'BEGIN { printf "%.2f", s / c }') wall (target: within 3)," \
  "$(awk -v s="$spark_cpu" -v c="$(cpu_of "$run/cli-time.txt")" 'BEGIN { printf "%.2f", s / c }') CPU (driver and executors: $spark_cpu s)"
echo "load average (1 min): CLI started at $cli_load, job started at $spark_load, ended at $spark_after; $(nproc) cores"
echo "output: $same"
echo "stages: $run/metrics.json"
[[ $keep == 1 ]] || rm -rf "$cli_out" "$run/cli-sources.ndjson" "$spark_out" "$SPARK_LOCAL_DIRS"
exit $rc
