#!/usr/bin/env bash
# Benchmarks the local service's job runtimes and image puller, and writes
# bench/results/runtime.md. Everything is measured in one run, on this machine, against a real
# registry on loopback (Debian's docker-registry) holding images built offline by
# scripts/test-image.py:
#
#   1. Trivial jobs in a cached image, end to end (submission to `complete`), with the
#      builtin runtime, beside `xargs -P<cores>` running the same command lines the service
#      runs (the job shim, the same overlay over the same unpacked image, the same sandbox,
#      `true`), each line with its own fresh overlay directories; then the same with the
#      bubblewrap runtime.
#   2. The same with the host runtime, beside xargs running the shim with `true`, and beside
#      bare `true` (the plain-process figure of bench/service.sh).
#   3. Start overhead per job: podman / docker `run --rm` of the same image, where those run.
#   4. First pull of a PULL_MB (100) MiB image: the service's `pulling` step beside
#      `skopeo copy` of the same image (where skopeo is installed); then a cached image:
#      registry requests made by a second batch.
#
# Needs: bash, python3, xargs, bwrap, /usr/bin/docker-registry, /bin/busybox, /bin/bash-static.
# Environment: JOBS [2000] CORES [nproc] PULL_MB [100] SKIP_BUILD [0] KEEP_WORK [0]
#              OUT [bench/results/runtime.md] HAILCTL [target/release/hailctl]
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HELPERS=$ROOT/bench/service
JOBS=${JOBS:-2000}
CORES=${CORES:-$(nproc)}
PULL_MB=${PULL_MB:-100}
SKIP_BUILD=${SKIP_BUILD:-0}
KEEP_WORK=${KEEP_WORK:-0}
HAILCTL=${HAILCTL:-$ROOT/target/release/hailctl}
OUT=${OUT:-$ROOT/bench/results/runtime.md}
WORK=$(mktemp -d "${TMPDIR:-/var/tmp}/hailctl-runtime-bench.XXXXXX")
R=$WORK/results
mkdir -p "$R"
log() { printf '[runtime.sh %s] %s\n' "$(date +%T)" "$*" >&2; }
now() { date +%s.%N; }

PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    if [[ $KEEP_WORK == 1 ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

if [[ $SKIP_BUILD != 1 ]]; then
    log "cargo build --release"
    (cd "$ROOT" && cargo build --release --quiet)
fi

# --- the registry ---------------------------------------------------------------------------
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
REG=127.0.0.1:$PORT
printf 'version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: %s/registry\nhttp:\n  addr: %s\nlog:\n  level: info\n' \
    "$WORK" "$REG" >"$WORK/registry.yml"
/usr/bin/docker-registry serve "$WORK/registry.yml" 2>"$WORK/registry.log" >/dev/null &
PIDS+=($!)
python3 "$ROOT/scripts/test-image.py" --registry "$REG" --name library/ubuntu:24.04 >/dev/null
python3 "$ROOT/scripts/test-image.py" --registry "$REG" --name bench/big:1 --pad-mb "$PULL_MB" >/dev/null
MIRROR=http://$REG

# start_service NAME ARGS...: a foreground service; sets SERVICE_PID, STATE, DATA.
start_service() {
    local dir=$WORK/$1
    shift
    mkdir -p "$dir/state"
    STATE=$dir/state/hailctl/server.json
    DATA=$dir/data
    XDG_STATE_HOME=$dir/state "$HAILCTL" batch serve --addr 127.0.0.1:0 --data-dir "$DATA" \
        --cores "$CORES" --registry-mirror "$MIRROR" "$@" >"$dir/out" 2>"$dir/log" &
    SERVICE_PID=$!
    PIDS+=("$SERVICE_PID")
    python3 "$HELPERS/client.py" ready --state "$STATE" --pid "$SERVICE_PID" --timeout 30 >/dev/null
}
stop_service() { kill -TERM "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true; }
submit() { python3 "$HELPERS/client.py" submit --state "$STATE" --jobs "$1" --wait --name "$2"; }

# timed_xargs NAME FILE CMD...: xargs -P$CORES -L1 CMD <line>, stdin a pipe held open (the job
# shim ends its job when stdin closes, as when the service dies).
timed_xargs() {
    local name=$1 file=$2
    shift 2
    local t0 t1
    t0=$(now)
    xargs -a "$file" -P "$CORES" -L1 -- "$@" < <(exec sleep 100000)
    t1=$(now)
    python3 -c "import json,sys; s=float(sys.argv[2])-float(sys.argv[1]); n=int(sys.argv[3]);
print(json.dumps({'seconds': s, 'jobs': n, 'jobs_per_s': n/s}))" "$t0" "$t1" "$JOBS" >"$R/xargs-$name.json"
    pkill -f '^sleep 100000$' 2>/dev/null || true
    log "xargs $name: $(cat "$R/xargs-$name.json")"
}

# --- 1. image runtime -------------------------------------------------------------------------
for runtime in builtin bubblewrap; do
    name=image-$runtime
    log "1. $JOBS trivial jobs in a cached image ($runtime), $CORES cores"
    start_service "$name" --runtime "$runtime"
    submit 1 warm >/dev/null
    ROOTFS=$(ls -d "$DATA"/images/roots/*/rootfs | head -n1)
    submit "$JOBS" "$name" >"$R/service-$name.json"
    log "service $name: $(cat "$R/service-$name.json")"
    stop_service
    mode=image
    [[ $runtime == bubblewrap ]] && mode=image-bwrap
    python3 "$HELPERS/cmdlines.py" "$mode" "$JOBS" "$WORK/lines-$name" "$ROOTFS" >"$WORK/$name.lines"
    head -n1 "$WORK/$name.lines" >"$R/$name-cmdline.txt"
    timed_xargs "$name" "$WORK/$name.lines" "$HAILCTL"
done

# --- 2. host runtime --------------------------------------------------------------------------
log "2. $JOBS trivial jobs with the host runtime"
start_service host --runtime host
submit "$JOBS" host >"$R/service-host.json"
log "service host: $(cat "$R/service-host.json")"
stop_service
python3 "$HELPERS/cmdlines.py" shim "$JOBS" >"$WORK/shim.lines"
timed_xargs shim "$WORK/shim.lines" "$HAILCTL"
seq 1 "$JOBS" >"$WORK/plain.lines"
timed_xargs plain "$WORK/plain.lines" true

# --- 3. container engines ---------------------------------------------------------------------
for engine in podman docker; do
    if command -v "$engine" >/dev/null && "$engine" info >/dev/null 2>&1; then
        log "3. $engine run --rm, 20 times"
        "$engine" pull --tls-verify=false "$REG/library/ubuntu:24.04" >/dev/null 2>&1 || true
        t0=$(now)
        for _ in $(seq 20); do "$engine" run --rm "$REG/library/ubuntu:24.04" true; done
        t1=$(now)
        python3 -c "import json,sys; print(json.dumps({'per_job_s': (float(sys.argv[2])-float(sys.argv[1]))/20}))" \
            "$t0" "$t1" >"$R/engine-$engine.json"
    else
        echo '{"absent": true}' >"$R/engine-$engine.json"
    fi
done

# --- 4. pulls ---------------------------------------------------------------------------------
log "4. first pull of a $PULL_MB MiB image"
start_service pull --runtime builtin
python3 - "$STATE" "$REG" >"$R/pull-hailctl.json" <<'PY'
import json, sys, urllib.request
sys.path.insert(0, sys.argv[0].rsplit("/", 1)[0])
state = json.load(open(sys.argv[1]))
base, token = f"http://{state['addr']}", state["token"]
def call(method, path, body=None):
    req = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read() or b"null")
job = {"job_id": 1, "parent_ids": [], "always_run": False, "process": {"type": "docker", "image": f"{sys.argv[2]}/bench/big:1", "command": ["true"]}}
batch = call("POST", "/api/v1alpha/batches/create-fast", {"batch": {"billing_project": "local", "n_jobs": 1, "token": "pull", "attributes": {}}, "bunch": [job]})
bid = batch["id"]
import time
while not call("GET", f"/api/v1alpha/batches/{bid}")["complete"]:
    time.sleep(0.05)
status = call("GET", f"/api/v1alpha/batches/{bid}/jobs/1")["status"]
print(json.dumps({"pulling_s": status["container_statuses"]["main"]["timing"]["pulling"]["duration"] / 1000}))
PY
log "hailctl pull: $(cat "$R/pull-hailctl.json")"
gets() { grep -c "http.request.method=GET.*$1" "$WORK/registry.log" || true; }
submit 1 warm-cache >/dev/null
m0=$(gets /manifests/); b0=$(gets /blobs/)
submit 20 cached >/dev/null
m1=$(gets /manifests/); b1=$(gets /blobs/)
echo "{\"manifest_gets\": $((m1 - m0)), \"blob_gets\": $((b1 - b0)), \"jobs\": 20}" >"$R/cached.json"
stop_service
if command -v skopeo >/dev/null; then
    t0=$(now)
    skopeo copy --quiet --src-tls-verify=false "docker://$REG/bench/big:1" "oci:$WORK/skopeo:big" >/dev/null
    t1=$(now)
    python3 -c "import json,sys; print(json.dumps({'seconds': float(sys.argv[2])-float(sys.argv[1])}))" "$t0" "$t1" >"$R/pull-skopeo.json"
else
    echo '{"absent": true}' >"$R/pull-skopeo.json"
fi

# --- report -----------------------------------------------------------------------------------
python3 - "$R" "$JOBS" "$CORES" "$PULL_MB" "$(cd "$ROOT" && git rev-parse --short HEAD)" >"$OUT" <<'PY'
import json, os, sys
r, jobs, cores, pull_mb, commit = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
j = lambda n: json.load(open(os.path.join(r, n + ".json")))
si, sb, sh = j("service-image-builtin"), j("service-image-bubblewrap"), j("service-host")
xi, xb = j("xargs-image-builtin"), j("xargs-image-bubblewrap")
xs, xp = j("xargs-shim"), j("xargs-plain")
rate = lambda d: d["jobs_per_s"]
print(f"# Job runtime benchmark\n\n`bash bench/runtime.sh` at {commit}: {jobs} trivial jobs, {cores} cores, "
      f"{os.uname().release}.\n")
print("| what | jobs/s | ratio |\n|---|---:|---:|")
print(f"| service, builtin runtime, cached image | {rate(si):.0f} | {rate(si)/xi['jobs_per_s']:.0%} of xargs |")
print(f"| xargs -P{cores}: the same shim + overlay + sandbox command lines | {xi['jobs_per_s']:.0f} | 100% |")
print(f"| service, bubblewrap runtime, cached image | {rate(sb):.0f} | {rate(sb)/xb['jobs_per_s']:.0%} of xargs |")
print(f"| xargs -P{cores}: the same shim + overlay + bubblewrap command lines | {xb['jobs_per_s']:.0f} | 100% |")
print(f"| service, host runtime | {rate(sh):.0f} | {rate(sh)/xs['jobs_per_s']:.0%} of xargs shim; {rate(sh)/xp['jobs_per_s']:.0%} of xargs true |")
print(f"| xargs -P{cores}: the shim running `true` | {xs['jobs_per_s']:.0f} | |")
print(f"| xargs -P{cores}: `true` | {xp['jobs_per_s']:.0f} | |")
print()
for engine in ("podman", "docker"):
    e = j("engine-" + engine)
    if e.get("absent"):
        print(f"- `{engine} run --rm`: not runnable on this machine, not measured.")
    else:
        per_job = 1 / xi["jobs_per_s"] * int(cores)
        print(f"- `{engine} run --rm` of the same image: {e['per_job_s']*1000:.0f} ms per job; a builtin-runtime job costs "
              f"{per_job*1000:.1f} ms of a core: {e['per_job_s']/per_job:.0f}x lower start overhead.")
ph, ps, c = j("pull-hailctl"), j("pull-skopeo"), j("cached")
if ps.get("absent"):
    print(f"- First pull of a {pull_mb} MiB image: {ph['pulling_s']:.2f} s (skopeo absent: no comparison).")
else:
    print(f"- First pull of a {pull_mb} MiB image from the loopback registry: {ph['pulling_s']:.2f} s "
          f"(download, digest checks and unpacking), `skopeo copy` of the same image {ps['seconds']:.2f} s: "
          f"{ph['pulling_s']/ps['seconds']:.2f}x.")
print(f"- A cached image: {c['jobs']} more jobs made {c['manifest_gets']} manifest request(s) and {c['blob_gets']} blob requests.")
PY
log "wrote $OUT"
cat "$OUT"
