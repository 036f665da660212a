#!/usr/bin/env bash
# Benchmarks `hailctl batch` commands of this crate against Hail's Python `hailctl` / Python
# client (hail 0.2.139), both talking to the SAME local Batch service (`hailctl batch serve
# --tls`, reached by Python through `hailctl batch serve --python-env`), and writes
# bench/results/batch.md. Everything is measured in one run, on this machine:
#
#   1. Read-only commands, whole-process wall time with hyperfine (-N, WARMUP warm-up runs, RUNS
#      timed runs): `hailctl batch list`, `hailctl batch get 1`, `hailctl batch jobs 1`, ours vs
#      the Python tool, with 3 batches of 3 jobs stored (submitted and finished first). Before
#      timing, both tools' stdout, stderr and exit status are compared (differences are reported,
#      not fatal).
#   2. Submitting SUBMIT_JOBS (10,000) trivial jobs (`true`) in one batch, whole-process wall
#      time: ours, `hailctl batch submit --file big.yaml` (a spec with a SUBMIT_JOBS-value
#      sweep), vs a Python script using `hailtop.batch_client.client.BatchClient`
#      (bench/batch/py_submit.py) that submits the same job specs. SUBMIT_RUNS runs each,
#      interleaved (python, ours, python, ours, ...), after one untimed warm-up run of each.
#      Before every run, all batches are cancelled and complete, and the machine is quiet;
#      after it, its batch is cancelled. Also recorded: each command's CPU time and peak RSS and
#      the service's CPU time over the run.
#   3. Peak RSS of OUR CLI submitting RSS_JOBS (100,000) jobs (a RSS_JOBS-value sweep), from
#      wait4's rusage (what GNU `time -v` reports as "Maximum resident set size"), RSS_RUNS
#      runs; and, unless RSS_PYTHON=0, one run of the Python script with the same jobs.
#
# Needs: cargo, python3 (with venv; the helpers use only the standard library), hyperfine.
# The Python tool is installed into bench/.venv (git-ignored) on first use, as bench/config.sh
# does; set HAILCTL_PYTHON to the path of an existing Python `hailctl` to use that one instead
# (its directory must hold the venv's `python`, with hail 0.2.139 installed).
#
# Environment overrides (defaults in brackets):
#   RUNS [30]  WARMUP [3]           hyperfine runs per read-only command
#   SUBMIT_JOBS [10000]             jobs per timed submission (part 2)
#   SUBMIT_RUNS [9]                 timed submissions per tool (part 2)
#   RSS_JOBS [100000]  RSS_RUNS [2] part 3
#   RSS_PYTHON [1]                  0: skip the Python run of part 3
#   CORES [1]                       --cores of the service (jobs only run between timed runs)
#   SKIP_BUILD [0]                  1: use the existing target/release/hailctl
#   HAILCTL [target/release/hailctl]
#   HAILCTL_PYTHON [bench/.venv/bin/hailctl]
#   BENCH_WORK [mktemp -d]          scratch directory (isolated HOME and XDG dirs, data, results)
#   KEEP_WORK [0]                   1: keep BENCH_WORK afterwards
#   QUIET_BUSY [0.15]  QUIET_MAX [60]
#                                   before each timed phase or run, wait until the machine (all
#                                   cores) is less than QUIET_BUSY busy over 2 s, for at most
#                                   QUIET_MAX seconds (the waits and the load are reported)
#   OUT [bench/results/batch.md]
#   BENCH_COMMIT                    commit to report when ROOT is not a git checkout
#
# Quick run: RUNS=10 WARMUP=1 SUBMIT_JOBS=2000 SUBMIT_RUNS=2 RSS_JOBS=20000 RSS_RUNS=1 bash bench/batch.sh
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HELPERS=$ROOT/bench/batch
RUNS=${RUNS:-30}
WARMUP=${WARMUP:-3}
SUBMIT_JOBS=${SUBMIT_JOBS:-10000}
SUBMIT_RUNS=${SUBMIT_RUNS:-9}
RSS_JOBS=${RSS_JOBS:-100000}
RSS_RUNS=${RSS_RUNS:-2}
RSS_PYTHON=${RSS_PYTHON:-1}
CORES=${CORES:-1}
SKIP_BUILD=${SKIP_BUILD:-0}
HAILCTL=${HAILCTL:-$ROOT/target/release/hailctl}
OUT=${OUT:-$ROOT/bench/results/batch.md}
KEEP_WORK=${KEEP_WORK:-0}
QUIET_BUSY=${QUIET_BUSY:-0.15}
QUIET_MAX=${QUIET_MAX:-60}

log() { printf '[batch.sh %s] %s\n' "$(date +%T)" "$*" >&2; }
tool() { python3 "$HELPERS/tool.py" "$@"; }

# --- 1. Binaries ---------------------------------------------------------------------------------
if [[ $SKIP_BUILD != 1 ]]; then
    log "cargo build --release"
    (cd "$ROOT" && cargo build --release --quiet)
fi
[[ -x $HAILCTL ]] || { echo "no hailctl binary at $HAILCTL" >&2; exit 1; }
HAILCTL=$(cd "$(dirname "$HAILCTL")" && pwd)/$(basename "$HAILCTL")

if [[ -n ${HAILCTL_PYTHON:-} ]]; then
    PY_HAILCTL=$HAILCTL_PYTHON
else
    venv=$ROOT/bench/.venv
    if [[ ! -x $venv/bin/hailctl ]]; then
        log "installing the Python hailctl into $venv"
        rm -rf "$venv"
        bash "$ROOT/bench/install-python-hailctl.sh" "$venv"
    fi
    PY_HAILCTL=$venv/bin/hailctl
fi
[[ -x $PY_HAILCTL ]] || { echo "no Python hailctl at $PY_HAILCTL" >&2; exit 1; }
PY=$(dirname "$PY_HAILCTL")/python
"$PY" -c 'import hailtop.batch_client.client' ||
    { echo "$PY cannot import hailtop.batch_client" >&2; exit 1; }

# --- 2. An isolated environment and the service ----------------------------------------------------
if [[ -z ${BENCH_WORK:-} ]]; then
    BENCH_WORK=$(mktemp -d "${TMPDIR:-/tmp}/hailctl-batch-bench.XXXXXX")
fi
mkdir -p "$BENCH_WORK"
BENCH_WORK=$(cd "$BENCH_WORK" && pwd)
RESULTS=$BENCH_WORK/results
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

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

# Nothing of the user's Hail configuration may leak in: a fresh HOME and XDG directories, no
# HAIL_* variables (an identity file or HAIL_DOMAIN would send Python elsewhere).
for name in $(compgen -e); do
    case $name in HAIL_* | SSL_CERT_FILE | REQUESTS_CA_BUNDLE) unset "$name" ;; esac
done
export HOME=$BENCH_WORK/home XDG_CONFIG_HOME=$BENCH_WORK/config XDG_STATE_HOME=$BENCH_WORK/state \
    XDG_DATA_HOME=$BENCH_WORK/data NO_COLOR=1 TERM=dumb COLUMNS=200
rm -rf "$HOME" "$XDG_CONFIG_HOME" "$XDG_STATE_HOME" "$XDG_DATA_HOME"
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_STATE_HOME" "$XDG_DATA_HOME"
STATE_FILE=$XDG_STATE_HOME/hailctl/server.json

"$HAILCTL" batch serve --tls --addr 127.0.0.1:0 --data-dir "$XDG_DATA_HOME/service" \
    --cores "$CORES" >"$BENCH_WORK/service.out" 2>"$BENCH_WORK/service.log" &
SERVICE_PID=$!
tool ready --state "$STATE_FILE" --pid "$SERVICE_PID" --timeout 30 >/dev/null
log "service pid $SERVICE_PID: $(head -n1 "$BENCH_WORK/service.log")"
"$HAILCTL" batch serve --python-env >"$RESULTS/python-env.sh"
# shellcheck disable=SC1091
source "$RESULTS/python-env.sh"

cat >"$RESULTS/env.json" <<EOF
{"date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)", "kernel": "$(uname -sr)",
 "cpu": "$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)",
 "nproc": $(nproc), "mem_kb": $(awk '/^MemTotal/ {print $2}' /proc/meminfo),
 "commit": "${BENCH_COMMIT:-$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)}",
 "dirty": $(cd "$ROOT" && if [[ -n ${BENCH_COMMIT:-} ]] || git diff --quiet HEAD -- src Cargo.toml Cargo.lock 2>/dev/null; then echo false; else echo true; fi),
 "runs": $RUNS, "warmup": $WARMUP, "submit_jobs": $SUBMIT_JOBS, "submit_runs": $SUBMIT_RUNS,
 "rss_jobs": $RSS_JOBS, "rss_runs": $RSS_RUNS, "rss_python": $RSS_PYTHON, "cores": $CORES,
 "rust_version": "$("$HAILCTL" --version | head -n1)",
 "python_version": "$("$PY_HAILCTL" version 2>/dev/null | head -n1)",
 "python": "$("$PY" --version 2>&1)",
 "hyperfine": "$(hyperfine --version)",
 "service": "$(head -n1 "$BENCH_WORK/service.log" | sed 's/"/\\"/g')",
 "python_url": "$(sed -n 's/^# Hail.s Python client will use //p' "$RESULTS/python-env.sh")",
 "fs": "$(df -T "$BENCH_WORK" | awk 'NR==2 {print $2}')"}
EOF

# --- 3. Read-only commands -------------------------------------------------------------------------
log "1. read-only commands: 3 batches of 3 jobs"
tool spec 3 small >"$BENCH_WORK/small.yaml"
for _ in 1 2 3; do
    "$HAILCTL" batch submit --file "$BENCH_WORK/small.yaml" >>"$RESULTS/small-submit.txt"
done
for id in 1 2 3; do
    "$HAILCTL" batch wait "$id" >/dev/null ||
        { echo "batch $id did not succeed" >&2; exit 1; }
done

READ_COMMANDS=("batch list" "batch get 1" "batch jobs 1")
# Output check: stdout, stderr and exit status of both tools (the reference's formatters are
# byte-exact for these three: grid for list, yaml for get and jobs).
: >"$RESULTS/checks.tsv"
for i in "${!READ_COMMANDS[@]}"; do
    cmd=${READ_COMMANDS[$i]}
    for t in python rust; do
        if [[ $t == python ]]; then bin=$PY_HAILCTL; else bin=$HAILCTL; fi
        set +e
        # shellcheck disable=SC2086 # split into words on purpose
        "$bin" $cmd >"$RESULTS/check-$i-$t.out" 2>"$RESULTS/check-$i-$t.err"
        echo $? >"$RESULTS/check-$i-$t.rc"
        set -e
    done
    same() { cmp -s "$RESULTS/check-$i-python.$1" "$RESULTS/check-$i-rust.$1" && echo 1 || echo 0; }
    printf '%s\t%s\t%s\t%s\t%s\n' "$i" "$cmd" "$(same out)" "$(same err)" "$(same rc)" \
        >>"$RESULTS/checks.tsv"
    diff -u --label "python: hailctl $cmd" --label "rust: hailctl $cmd" \
        "$RESULTS/check-$i-python.out" "$RESULTS/check-$i-rust.out" >"$RESULTS/check-$i.out.diff" || true
    diff -u --label "python: hailctl $cmd (stderr)" --label "rust: hailctl $cmd (stderr)" \
        "$RESULTS/check-$i-python.err" "$RESULTS/check-$i-rust.err" >"$RESULTS/check-$i.err.diff" || true
done
log "output checks (index, command, same stdout, same stderr, same status):"
sed 's/^/    /' "$RESULTS/checks.tsv" >&2

tool quiet "$QUIET_BUSY" "$QUIET_MAX" >"$RESULTS/quiet-read.json"
log "quiet before hyperfine: $(cat "$RESULTS/quiet-read.json")"
hf_args=(-N --warmup "$WARMUP" --runs "$RUNS" --style basic
    --export-json "$RESULTS/hyperfine.json" --export-markdown "$RESULTS/hyperfine.md")
for cmd in "${READ_COMMANDS[@]}"; do
    hf_args+=(-n "python: hailctl $cmd" "'$PY_HAILCTL' $cmd")
    hf_args+=(-n "rust: hailctl $cmd" "'$HAILCTL' $cmd")
done
m0=$(tool machine)
hyperfine "${hf_args[@]}" >&2
m1=$(tool machine)
echo "{\"before\": \"$m0\", \"after\": \"$m1\"}" >"$RESULTS/machine-read.json"

# --- 4. Submitting SUBMIT_JOBS jobs --------------------------------------------------------------
log "2. submission of $SUBMIT_JOBS jobs: $SUBMIT_RUNS runs per tool, interleaved"
tool spec "$SUBMIT_JOBS" big >"$BENCH_WORK/big.yaml"
ours_submit=("$HAILCTL" batch submit --file "$BENCH_WORK/big.yaml")
py_submit=("$PY" "$HELPERS/py_submit.py" "$SUBMIT_JOBS" --name big)
# timed TOOL FILE JOBS CMD...: one run after a quiesced service and a quiet machine.
timed() {
    local t=$1 file=$2 jobs=$3
    shift 3
    tool quiesce --state "$STATE_FILE"
    tool quiet "$QUIET_BUSY" "$QUIET_MAX" >>"$RESULTS/quiet-$(basename "$file" .jsonl).jsonl"
    tool run --state "$STATE_FILE" --service-pid "$SERVICE_PID" --tool "$t" --jobs "$jobs" \
        --out "$file" -- "$@" >/dev/null
    log "$t: $(tail -n1 "$file")"
}
# The service copies its WAL into the database file on a background thread (checkpoints), after
# the requests that wrote it: that thread's CPU over all of part 2 is recorded separately.
ckpt0=$(tool thread-cpu --pid "$SERVICE_PID" --name sqlite-checkpoint)
timed python "$RESULTS/submit-warmup.jsonl" "$SUBMIT_JOBS" "${py_submit[@]}" \
    --phases "$RESULTS/py-phases-warmup.jsonl"
timed rust "$RESULTS/submit-warmup.jsonl" "$SUBMIT_JOBS" "${ours_submit[@]}"
for _ in $(seq "$SUBMIT_RUNS"); do
    timed python "$RESULTS/submit.jsonl" "$SUBMIT_JOBS" "${py_submit[@]}" \
        --phases "$RESULTS/py-phases.jsonl"
    timed rust "$RESULTS/submit.jsonl" "$SUBMIT_JOBS" "${ours_submit[@]}"
done

tool quiesce --state "$STATE_FILE"
tool quiet "$QUIET_BUSY" "$QUIET_MAX" >/dev/null
ckpt1=$(tool thread-cpu --pid "$SERVICE_PID" --name sqlite-checkpoint)
echo "{\"cpu_s\": $(python3 -c "print(round($ckpt1 - $ckpt0, 2))"), \"submissions\": $((2 * SUBMIT_RUNS + 2))}" \
    >"$RESULTS/checkpoint.json"
log "checkpoint thread during part 2: $(cat "$RESULTS/checkpoint.json")"

# --- 5. Peak RSS with RSS_JOBS jobs -------------------------------------------------------------
log "3. peak RSS submitting $RSS_JOBS jobs"
tool spec "$RSS_JOBS" huge >"$BENCH_WORK/huge.yaml"
for _ in $(seq "$RSS_RUNS"); do
    timed rust "$RESULTS/rss.jsonl" "$RSS_JOBS" "$HAILCTL" batch submit --file "$BENCH_WORK/huge.yaml"
done
if [[ $RSS_PYTHON == 1 ]]; then
    timed python "$RESULTS/rss.jsonl" "$RSS_JOBS" "$PY" "$HELPERS/py_submit.py" "$RSS_JOBS" --name huge \
        --phases "$RESULTS/py-phases-rss.jsonl"
fi
tool quiesce --state "$STATE_FILE"

kill -TERM "$SERVICE_PID"
wait "$SERVICE_PID" || true
SERVICE_PID=
cp "$BENCH_WORK/service.log" "$RESULTS/service.log"

# --- report ----------------------------------------------------------------------------------------
mkdir -p "$(dirname "$OUT")"
python3 "$HELPERS/report.py" "$RESULTS" >"$OUT"
log "wrote $OUT"
