# Shared by bench/server-load.sh and bench/server-soak.sh (sourced, not run): wrk, and one
# `vfio-compat serve` at a time on 127.0.0.1:$port, its JVM's pid in $server.
# Needs $root, $port and $work set.

# Installs Debian's wrk when it is missing.
ensure_wrk() {
  if ! command -v wrk >/dev/null; then
    echo "installing wrk (Debian package)" >&2
    if [[ $(id -u) -eq 0 ]]; then apt-get install -y wrk >&2; else sudo apt-get install -y wrk >&2; fi
  fi
}

# ensure_built JAR...: stops when a jar the script needs is missing.
ensure_built() {
  for f in "$@"; do
    [[ -f "$f" ]] || { echo "$f is missing; build first: mvn -q -DskipTests package" >&2; exit 2; }
  done
}

server=""
# The launcher then execs java, so $! is the server's JVM (for its RSS and its signals).
export VFIO_COMPAT_CDS=off

# start_server ARGS...: `vfio-compat serve ARGS` on $port, waiting until it is ready.
start_server() {
  start_server_of "$root" "$port" "$@"
}

# start_server_of CHECKOUT PORT ARGS...: the launcher of that checkout serving on PORT; its pid in $server.
start_server_of() {
  local checkout="$1" on="$2"
  shift 2
  "$checkout/vfio-compat" serve --listen "127.0.0.1:$on" --max-concurrent 64 "$@" 2>>"$work/serve.log" &
  server=$!
  for _ in $(seq 1 900); do
    curl -sf "http://127.0.0.1:$on/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "$server" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
    sleep 0.2
  done
  echo "the server did not get ready" >&2
  exit 1
}

# cpu_ticks PID: the process's user + system CPU time so far, in clock ticks (getconf CLK_TCK a second).
cpu_ticks() {
  # Fields 14 and 15 of /proc/PID/stat, counted after the command name, which may hold spaces.
  sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'
}

# stop_server: SIGTERM, as systemd stops it, and wait for the drained exit.
stop_server() {
  if [[ -n "$server" ]]; then
    kill -TERM "$server" 2>/dev/null
    wait "$server" 2>/dev/null || true
    server=""
  fi
}

cleanup() {
  stop_server
  rm -rf "$work"
}
trap cleanup EXIT
