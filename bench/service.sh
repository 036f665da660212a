#!/usr/bin/env bash
# Benchmarks the embedded local Batch service (`hailctl batch serve`) and writes
# bench/results/service.md. Everything is measured in one run, on this machine:
#
#   1. Throughput: THROUGHPUT_JOBS (10,000) trivial jobs (`true`) in one batch, from the first
#      submission request to `complete`, with the plain-process runner (--runtime host) and with
#      bubblewrap (if it works here), beside `xargs -P<cores>` running the same command lines.
#   2. Latency with STORE_JOBS (100,000) jobs stored: GET batch and the job list (first page
#      and a page deep in via last_job_id), LAT_REQUESTS (200) sequential requests each on one
#      keep-alive connection, (a) while the batch runs, (b) after it was cancelled (all jobs
#      terminal, service idle).
#   3. Service memory (VmHWM / VmRSS) with STORE_JOBS jobs stored, and the CPU time the idle
#      service uses over IDLE_SECONDS (10).
#
# Installs nothing. Needs bash, python3 (standard library), xargs; uses bwrap if present.
#
# Environment overrides (defaults in brackets):
#   THROUGHPUT_JOBS [10000]  STORE_JOBS [100000]  LAT_REQUESTS [200]  IDLE_SECONDS [10]
#   CORES [nproc]            --cores of the throughput services and -P of the baselines
#   STORE_CORES [1]          --cores of the 100,000-job service (jobs run while measuring)
#   SANDBOX [off]            the isolated runtime is measured by bench/runtime.sh
#   SKIP_BUILD [0]           1: use the existing target/release/hailctl
#   HAILCTL [target/release/hailctl]
#   BENCH_WORK [mktemp -d]   scratch directory (data dirs, logs, raw JSON results)
#   KEEP_WORK [0]            1: keep BENCH_WORK afterwards
#   QUIET_BUSY [0.15]        before each timed phase, wait until the machine (all cores) is
#   QUIET_MAX [60]             less than QUIET_BUSY busy over 2 s, for at most QUIET_MAX seconds
#                            (the wait and the CPU other processes used are reported)
#   OUT [bench/results/service.md]
#   BENCH_COMMIT             commit to report when ROOT is not a git checkout (e.g. git archive)
#
# Quick run: THROUGHPUT_JOBS=1000 STORE_JOBS=10000 LAT_REQUESTS=50 IDLE_SECONDS=3 bench/service.sh
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HELPERS=$ROOT/bench/service
THROUGHPUT_JOBS=${THROUGHPUT_JOBS:-10000}
STORE_JOBS=${STORE_JOBS:-100000}
LAT_REQUESTS=${LAT_REQUESTS:-200}
IDLE_SECONDS=${IDLE_SECONDS:-10}
CORES=${CORES:-$(nproc)}
STORE_CORES=${STORE_CORES:-1}
SANDBOX=${SANDBOX:-off}
SKIP_BUILD=${SKIP_BUILD:-0}
HAILCTL=${HAILCTL:-$ROOT/target/release/hailctl}
OUT=${OUT:-$ROOT/bench/results/service.md}
KEEP_WORK=${KEEP_WORK:-0}
QUIET_BUSY=${QUIET_BUSY:-0.15}
QUIET_MAX=${QUIET_MAX:-60}
# The PATH the runner gives jobs (runner::DEFAULT_PATH), so the baselines' PATH lookup of
# `true` costs the same.
JOB_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

if [[ -z ${BENCH_WORK:-} ]]; then
    BENCH_WORK=$(mktemp -d "${TMPDIR:-/tmp}/hailctl-service-bench.XXXXXX")
fi
mkdir -p "$BENCH_WORK"
RESULTS=$BENCH_WORK/results
mkdir -p "$RESULTS"

log() { printf '[service.sh %s] %s\n' "$(date +%T)" "$*" >&2; }

SERVICE_PID=
cleanup() {
    if [[ -n $SERVICE_PID ]] && kill -0 "$SERVICE_PID" 2>/dev/null; then
        kill -TERM "$SERVICE_PID" 2>/dev/null || true
        wait "$SERVICE_PID" 2>/dev/null || true
    fi
    if [[ $KEEP_WORK != 1 ]]; then
        rm -rf "$BENCH_WORK"
    else
        log "kept $BENCH_WORK"
    fi
}
trap cleanup EXIT

client() { python3 "$HELPERS/client.py" "$@"; }
now() { date +%s.%N; }
# utime+stime (clock ticks) of a process; and of its waited-for children.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
child_ticks() { awk '{print $16 + $17}' "/proc/$1/stat"; }
status_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }
TICKS=$(getconf CLK_TCK)
machine_busy() { python3 "$HELPERS/machine.py" snap | cut -d' ' -f1; }
# quiet NAME: waits for a quiet machine before phase NAME; records the wait.
quiet() {
    python3 "$HELPERS/machine.py" quiet "$QUIET_BUSY" "$QUIET_MAX" >"$RESULTS/quiet-$1.json"
    log "quiet before $1: $(cat "$RESULTS/quiet-$1.json")"
}

# start_service NAME ARGS... : starts `hailctl batch serve` in the foreground (as a child of
# this script) with its own state and data directories; sets SERVICE_PID and STATE_FILE.
start_service() {
    local name=$1
    shift
    local dir=$BENCH_WORK/$name
    rm -rf "$dir"
    mkdir -p "$dir/state"
    STATE_FILE=$dir/state/hailctl/server.json
    XDG_STATE_HOME=$dir/state "$HAILCTL" batch serve --addr 127.0.0.1:0 \
        --data-dir "$dir/data" "$@" >"$dir/service.out" 2>"$dir/service.log" &
    SERVICE_PID=$!
    client ready --state "$STATE_FILE" --pid "$SERVICE_PID" --timeout 30 >/dev/null
    log "$name: service pid $SERVICE_PID: $(head -n1 "$dir/service.log")"
}

stop_service() {
    kill -TERM "$SERVICE_PID"
    wait "$SERVICE_PID" || true
    SERVICE_PID=
}

# ---------------------------------------------------------------------------------------------
if [[ $SKIP_BUILD != 1 ]]; then
    log "cargo build --release"
    (cd "$ROOT" && cargo build --release --quiet)
fi
[[ -x $HAILCTL ]] || { echo "no hailctl binary at $HAILCTL" >&2; exit 1; }

BWRAP=$(command -v bwrap || true)
BWRAP_OK=0
# The bubblewrap runtime now runs jobs in their images: bench/runtime.sh measures it beside the
# same command lines. This script keeps the host runtime's figures; SANDBOX=host-bwrap runs the
# old read-only-host bubblewrap comparison (no longer what the service does).
if [[ $SANDBOX == host-bwrap && -n $BWRAP ]]; then
    mkdir -p "$BENCH_WORK/probe-io"
    python3 "$HELPERS/cmdlines.py" bwrap 1 "$BENCH_WORK/probe-io" >"$BENCH_WORK/probe.args"
    if xargs -a "$BENCH_WORK/probe.args" -L1 -- "$BWRAP" 2>"$BENCH_WORK/probe.err"; then
        BWRAP_OK=1
    else
        log "bubblewrap unusable here: $(head -c 300 "$BENCH_WORK/probe.err")"
    fi
fi

cat >"$RESULTS/env.json" <<EOF
{"date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)", "kernel": "$(uname -sr)",
 "cpu": "$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)",
 "nproc": $(nproc), "mem_kb": $(awk '/^MemTotal/ {print $2}' /proc/meminfo),
 "commit": "${BENCH_COMMIT:-$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)}",
 "dirty": $(cd "$ROOT" && if [[ -n ${BENCH_COMMIT:-} ]] || git diff --quiet HEAD -- src Cargo.toml Cargo.lock 2>/dev/null; then echo false; else echo true; fi),
 "cores": $CORES, "store_cores": $STORE_CORES, "throughput_jobs": $THROUGHPUT_JOBS,
 "store_jobs": $STORE_JOBS, "lat_requests": $LAT_REQUESTS, "idle_seconds": $IDLE_SECONDS,
 "bwrap": "${BWRAP:-}", "bwrap_ok": $BWRAP_OK, "ticks": $TICKS,
 "fs": "$(df -T "$BENCH_WORK" | awk 'NR==2 {print $2}')"}
EOF

# --- 1. Throughput -----------------------------------------------------------------------------
# baseline NAME CMDLINE_FILE CMD...: xargs -P$CORES -L1 CMD <line args>, timed.
baseline() {
    local name=$1 file=$2
    shift 2
    local t0 t1 m0 m1
    quiet "baseline-$name"
    m0=$(machine_busy)
    t0=$(now)
    env PATH="$JOB_PATH" xargs -a "$file" -P "$CORES" -L1 -- "$@"
    t1=$(now)
    m1=$(machine_busy)
    python3 -c "import json,sys; s=float(sys.argv[2])-float(sys.argv[1]); n=int(sys.argv[3]);
print(json.dumps({'seconds': s, 'jobs': n, 'jobs_per_s': n/s,
                  'machine_cpu_s': (float(sys.argv[5])-float(sys.argv[4]))/float(sys.argv[6])}))" \
        "$t0" "$t1" "$THROUGHPUT_JOBS" "$m0" "$m1" "$TICKS" >"$RESULTS/baseline-$name.json"
    log "baseline $name: $(cat "$RESULTS/baseline-$name.json")"
}

# service_throughput NAME SERVE_ARGS...
service_throughput() {
    local name=$1
    shift
    start_service "throughput-$name" --cores "$CORES" "$@"
    local c0 k0 c1 k1 m0 m1 w0 w1
    quiet "service-$name"
    c0=$(cpu_ticks "$SERVICE_PID")
    k0=$(child_ticks "$SERVICE_PID")
    m0=$(machine_busy)
    w0=$(now)
    client submit --state "$STATE_FILE" --jobs "$THROUGHPUT_JOBS" --wait --name "throughput-$name" \
        >"$RESULTS/service-$name.raw.json"
    m1=$(machine_busy)
    w1=$(now)
    c1=$(cpu_ticks "$SERVICE_PID")
    k1=$(child_ticks "$SERVICE_PID")
    python3 - "$RESULTS/service-$name.raw.json" "$c0" "$c1" "$k0" "$k1" "$TICKS" \
        "$(status_kb "$SERVICE_PID" VmHWM)" "$m0" "$m1" "$w0" "$w1" >"$RESULTS/service-$name.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
c0, c1, k0, k1, ticks = map(float, sys.argv[2:7])
r["service_cpu_s"] = (c1 - c0) / ticks
r["jobs_cpu_s"] = (k1 - k0) / ticks
r["service_cpu_ms_per_job"] = 1000 * r["service_cpu_s"] / r["n_jobs"]
r["vmhwm_kb"] = int(sys.argv[7])
r["machine_cpu_s"] = (float(sys.argv[9]) - float(sys.argv[8])) / ticks
r["window_s"] = float(sys.argv[11]) - float(sys.argv[10])
print(json.dumps(r))
PY
    rm -f "$RESULTS/service-$name.raw.json"
    log "service $name: $(cat "$RESULTS/service-$name.json")"
    stop_service
}

log "1. throughput: $THROUGHPUT_JOBS jobs, $CORES cores"
seq 1 "$THROUGHPUT_JOBS" >"$BENCH_WORK/plain.lines"
# The plain runner execs `true` (PATH lookup, no shell); xargs passes the line as one ignored
# argument: `true <n>`.
baseline plain "$BENCH_WORK/plain.lines" true
service_throughput plain --runtime host

if [[ $BWRAP_OK == 1 ]]; then
    mkdir -p "$BENCH_WORK/baseline-io"
    python3 "$HELPERS/cmdlines.py" bwrap "$THROUGHPUT_JOBS" "$BENCH_WORK/baseline-io" \
        >"$BENCH_WORK/bwrap.lines"
    head -n1 "$BENCH_WORK/bwrap.lines" >"$RESULTS/bwrap-cmdline.txt"
    baseline bwrap "$BENCH_WORK/bwrap.lines" "$BWRAP"
    service_throughput bwrap
    if ! grep -q bubblewrap "$BENCH_WORK/throughput-bwrap/service.log"; then
        log "warning: the service did not report bubblewrap: $(head -n1 "$BENCH_WORK/throughput-bwrap/service.log")"
        echo '{"sandbox_not_used": true}' >"$RESULTS/bwrap-warning.json"
    fi
fi

# --- 2 and 3. 100,000 jobs stored ---------------------------------------------------------------
log "2. latency and memory with $STORE_JOBS jobs stored (--cores $STORE_CORES, --runtime host)"
start_service store --cores "$STORE_CORES" --runtime host
quiet store
client submit --state "$STATE_FILE" --jobs "$STORE_JOBS" --name store >"$RESULTS/store-submit.json"
log "submitted: $(cat "$RESULTS/store-submit.json")"
STORE_BATCH=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['batch_id'])" \
    "$RESULTS/store-submit.json")
echo "{\"vmrss_kb\": $(status_kb "$SERVICE_PID" VmRSS), \"vmhwm_kb\": $(status_kb "$SERVICE_PID" VmHWM)}" \
    >"$RESULTS/mem-after-submit.json"

# (a) while the batch runs on STORE_CORES cores.
c0=$(cpu_ticks "$SERVICE_PID")
client latency --state "$STATE_FILE" --batch "$STORE_BATCH" --requests "$LAT_REQUESTS" \
    >"$RESULTS/latency-running.json"
log "latency while running: $(cat "$RESULTS/latency-running.json")"

# (b) after cancelling: every job terminal (a few Success, the rest Cancelled), nothing runs.
client cancel --state "$STATE_FILE" --batch "$STORE_BATCH" >"$RESULTS/store-cancel.json"
log "cancelled: $(cat "$RESULTS/store-cancel.json")"
sleep 2
client latency --state "$STATE_FILE" --batch "$STORE_BATCH" --requests "$LAT_REQUESTS" \
    >"$RESULTS/latency-idle.json"
log "latency after cancel: $(cat "$RESULTS/latency-idle.json")"

# Idle CPU: nothing runs and nothing is requested.
quiet idle
c0=$(cpu_ticks "$SERVICE_PID")
t0=$(now)
sleep "$IDLE_SECONDS"
c1=$(cpu_ticks "$SERVICE_PID")
t1=$(now)
DB=$BENCH_WORK/store/data/batch.sqlite
python3 - "$c0" "$c1" "$t0" "$t1" "$TICKS" "$(status_kb "$SERVICE_PID" VmRSS)" \
    "$(status_kb "$SERVICE_PID" VmHWM)" "$(du -sk "$BENCH_WORK/store/data" | cut -f1)" \
    "$(stat -c %s "$DB")" "$(stat -c %s "$DB-wal" 2>/dev/null || echo 0)" \
    "$(awk '{print $20}' "/proc/$SERVICE_PID/stat")" >"$RESULTS/idle.json" <<'PY'
import json, sys
c0, c1, t0, t1, ticks = map(float, sys.argv[1:6])
print(json.dumps({
    "idle_cpu_s": (c1 - c0) / ticks, "idle_wall_s": t1 - t0,
    "vmrss_kb": int(sys.argv[6]), "vmhwm_kb": int(sys.argv[7]),
    "data_dir_kb": int(sys.argv[8]), "db_bytes": int(sys.argv[9]), "wal_bytes": int(sys.argv[10]),
    "threads": int(sys.argv[11]),
}))
PY
log "idle: $(cat "$RESULTS/idle.json")"
stop_service
for d in "$BENCH_WORK"/throughput-* "$BENCH_WORK"/store; do
    [[ -f $d/service.log ]] && cp "$d/service.log" "$RESULTS/$(basename "$d").log"
done

# --- report ---------------------------------------------------------------------------------------
mkdir -p "$(dirname "$OUT")"
python3 "$HELPERS/report.py" "$RESULTS" >"$OUT"
log "wrote $OUT"
