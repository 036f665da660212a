#!/usr/bin/env bash
# Benchmarks `hailctl config get` and `hailctl config list`: this crate's release binary against
# Hail's Python `hailctl` (hail 0.2.139), on the same realistic configuration, and writes the
# figures to bench/results/config.md (summarized in docs/performance.md).
#
#   bash bench/config.sh
#
# Needs: cargo, python3 (with venv), hyperfine; /usr/bin/time (GNU) for peak RSS (else skipped).
# The Python tool is installed into bench/.venv (git-ignored) on first use; set HAILCTL_PYTHON to
# the path of an existing Python `hailctl` to use that one instead.
# Tunables (environment): RUNS (timed runs per command, default 100), WARMUP (default 5),
# RSS_RUNS (runs per command for peak RSS, default 5).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${RUNS:-100}
warmup=${WARMUP:-5}
rss_runs=${RSS_RUNS:-5}
out_doc=${OUT:-$repo/bench/results/config.md}

log() { printf '==> %s\n' "$*" >&2; }

# 1. Our release binary.
log "cargo build --release"
(cd "$repo" && cargo build --release --quiet)
target_dir=${CARGO_TARGET_DIR:-$repo/target}
rust_bin=$target_dir/release/hailctl
[ -x "$rust_bin" ] || { echo "no release binary at $rust_bin" >&2; exit 1; }

# 2. The Python tool.
if [ -n "${HAILCTL_PYTHON:-}" ]; then
  py_bin=$HAILCTL_PYTHON
else
  venv=$repo/bench/.venv
  if [ ! -x "$venv/bin/hailctl" ]; then
    log "installing the Python hailctl into $venv"
    rm -rf "$venv"
    bash "$repo/bench/install-python-hailctl.sh" "$venv"
  fi
  py_bin=$venv/bin/hailctl
fi
[ -x "$py_bin" ] || { echo "no Python hailctl at $py_bin" >&2; exit 1; }

# 3. A throwaway HOME and XDG_CONFIG_HOME with a realistic configuration: the canonical file of
#    the reference (five settings in three sections) plus an active profile overriding two keys.
work=$(mktemp -d "${TMPDIR:-/tmp}/hailctl-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
for name in $(compgen -e); do
  case $name in HAIL*) unset "$name" ;; esac
done
export HOME=$work/home XDG_CONFIG_HOME=$work/xdg NO_COLOR=1 TERM=dumb COLUMNS=200
mkdir -p "$HOME" "$XDG_CONFIG_HOME/hail" "$work/results"
cfg=$XDG_CONFIG_HOME/hail
printf '%s\n' \
  '[batch]' \
  'billing_project = my-project' \
  'remote_tmpdir = gs://my-bucket/batch/tmp/' \
  'regions = us-central1,us-east1' \
  '' \
  '[global]' \
  'domain = example.org' \
  'profile = dev' \
  '' \
  '[query]' \
  'backend = batch' \
  '' >"$cfg/config.ini"
printf '%s\n' \
  '[batch]' \
  'billing_project = dev-project' \
  'remote_tmpdir = gs://dev-bucket/batch/tmp/' \
  '' >"$cfg/dev.ini"

# Both tools must print the same thing, or the comparison means nothing.
commands=("config get batch/billing_project" "config list")
for cmd in "${commands[@]}"; do
  # shellcheck disable=SC2086 # the command is split into words on purpose
  if ! diff <("$py_bin" $cmd 2>&1) <("$rust_bin" $cmd 2>&1) >"$work/diff.txt"; then
    echo "the two tools disagree on 'hailctl $cmd':" >&2
    cat "$work/diff.txt" >&2
    exit 1
  fi
done

# 4. hyperfine: both tools, both commands, in one run. -N (no intermediate shell): the Rust
#    binary takes about a millisecond, which a shell would dominate.
load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
log "hyperfine: $runs runs per command after $warmup warm-up runs (load average $load_before)"
hyperfine_args=(-N --warmup "$warmup" --runs "$runs" --style basic
  --export-json "$work/results/hyperfine.json"
  --export-markdown "$work/results/hyperfine.md")
for cmd in "${commands[@]}"; do
  hyperfine_args+=(-n "python: hailctl $cmd" "'$py_bin' $cmd")
  hyperfine_args+=(-n "rust: hailctl $cmd" "'$rust_bin' $cmd")
done
hyperfine "${hyperfine_args[@]}" >&2
load_after=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)

# 5. Peak RSS of each (the largest of a few runs), if GNU time is available.
rss_file=$work/results/rss.tsv
: >"$rss_file"
if /usr/bin/time -v true >/dev/null 2>&1; then
  log "peak RSS: $rss_runs runs per command"
  for cmd in "${commands[@]}"; do
    for tool in python rust; do
      if [ "$tool" = python ]; then bin=$py_bin; else bin=$rust_bin; fi
      peak=0
      for _ in $(seq "$rss_runs"); do
        # shellcheck disable=SC2086
        kb=$(/usr/bin/time -v "$bin" $cmd 2>&1 >/dev/null |
          awk -F': ' '/Maximum resident set size/ {print $2}')
        if [ "${kb:-0}" -gt "$peak" ]; then peak=$kb; fi
      done
      printf '%s\t%s\t%s\n' "$tool" "hailctl $cmd" "$peak" >>"$rss_file"
    done
  done
else
  log "no GNU /usr/bin/time: peak RSS skipped"
fi

# 6. The report.
cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)
py_version=$("$py_bin" version 2>/dev/null | head -1 || true)
rust_version=$("$rust_bin" --version 2>/dev/null | head -1 || true)
commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git -C "$repo" status --porcelain -- src Cargo.toml Cargo.lock 2>/dev/null)" ]; then
  commit="$commit (with uncommitted changes in src)"
fi

MACHINE_NPROC=$(nproc) MACHINE_CPU=${cpu:-unknown} MACHINE_KERNEL="$(uname -srm)" \
  MACHINE_DATE="$(date -u '+%Y-%m-%d %H:%M UTC')" PY_VERSION=$py_version \
  LOAD_BEFORE=$load_before LOAD_AFTER=$load_after \
  RUST_VERSION=$rust_version COMMIT=$commit RUNS=$runs WARMUP=$warmup RSS_RUNS=$rss_runs \
  python3 - "$work/results" "$out_doc" <<'PY'
import json, os, sys

results, out_path = sys.argv[1], sys.argv[2]
env = os.environ
with open(os.path.join(results, "hyperfine.json")) as f:
    data = {r["command"]: r for r in json.load(f)["results"]}
with open(os.path.join(results, "hyperfine.md")) as f:
    table = f.read().strip()
rss = {}
with open(os.path.join(results, "rss.tsv")) as f:
    for line in f:
        tool, cmd, kb = line.rstrip("\n").split("\t")
        rss[(tool, cmd)] = int(kb)

commands = ["hailctl config get batch/billing_project", "hailctl config list"]
ms = lambda s: f"{s * 1000:.1f} ms" if s >= 0.01 else f"{s * 1000:.2f} ms"
ratio_rows, ratios = [], []
for cmd in commands:
    py, rs = data[f"python: {cmd}"], data[f"rust: {cmd}"]
    ratio_mean = py["mean"] / rs["mean"]
    ratio_median = py["median"] / rs["median"]
    ratio_min = py["min"] / rs["min"]
    cpu = lambda r: r["user"] + r["system"]
    ratio_cpu = cpu(py) / cpu(rs)
    ratios.append(ratio_median)
    ratio_rows.append(
        f"| `{cmd}` | {ms(py['median'])} | {ms(rs['median'])} | **{ratio_median:.0f}×** "
        f"| {ratio_mean:.0f}× | {ratio_min:.0f}× | {ms(cpu(py))} | {ms(cpu(rs))} "
        f"| {ratio_cpu:.0f}× |"
    )
target_met = all(r >= 100 for r in ratios)

rss_rows = []
for cmd in commands:
    if ("python", cmd) in rss:
        py_kb, rs_kb = rss[("python", cmd)], rss[("rust", cmd)]
        rss_rows.append(
            f"| `{cmd}` | {py_kb / 1024:.1f} MiB | {rs_kb / 1024:.1f} MiB | {py_kb / rs_kb:.0f}× |"
        )

lines = [
    "# Performance: `hailctl config` against Hail's Python tool",
    "",
    "This file is written by `bench/config.sh`; rerun the script to refresh it. Summary: [docs/performance.md](../../docs/performance.md).",
    "",
    "## What is measured",
    "",
    "Wall-clock time of one complete invocation (process start to exit) of",
    "`hailctl config get batch/billing_project` and `hailctl config list`, run with",
    "[hyperfine](https://github.com/sharkdp/hyperfine) without an intermediate shell (`-N`),",
    f"{env['WARMUP']} warm-up runs and {env['RUNS']} timed runs per command, both tools in the same",
    "hyperfine run. Stdout is not a terminal; `NO_COLOR=1`, `TERM=dumb`.",
    "",
    "* **python**: Hail's `hailctl` "
    + (f"(`{env['PY_VERSION']}`)" if env.get("PY_VERSION") else "")
    + ", installed by `bench/install-python-hailctl.sh` into `bench/.venv`.",
    "* **rust**: this crate's `target/release/hailctl` "
    + (f"(`{env['RUST_VERSION']}`, " if env.get("RUST_VERSION") else "(")
    + f"commit {env['COMMIT']}), built with `cargo build --release`.",
    "",
    "Both read the same throwaway configuration (`HOME` and `XDG_CONFIG_HOME` in a temporary",
    "directory): the canonical `config.ini` of the compatibility reference (five settings in",
    "`[batch]`, `[global]` and `[query]`) with `profile = dev` added to `[global]`, and a `dev.ini`",
    "profile that overrides two `[batch]` keys. So both commands read and merge two files. The",
    "script first checks that both tools print exactly the same output for each command.",
    "",
    "## Machine",
    "",
    f"* CPU: {env['MACHINE_CPU']}",
    f"* `nproc`: {env['MACHINE_NPROC']}",
    f"* Kernel: {env['MACHINE_KERNEL']}",
    f"* Date: {env['MACHINE_DATE']}",
    f"* Load average (1, 5, 15 min) before / after the timed runs: {env['LOAD_BEFORE']} / "
    f"{env['LOAD_AFTER']}",
    "",
    "## Results (hyperfine)",
    "",
    table,
    "",
    "## Speed-up (python / rust)",
    "",
    "| Command | python median | rust median | **ratio of medians** | ratio of means "
    "| ratio of minimums | python CPU (user+sys) | rust CPU (user+sys) | ratio of CPU |",
    "|:---|---:|---:|---:|---:|---:|---:|---:|---:|",
    *ratio_rows,
    "",
    "The headline figure is the ratio of medians of wall-clock time. A millisecond-long process",
    "is easily delayed by other work on the machine: such outliers move the mean (see σ above)",
    "much more than the median. The minimums approximate an idle machine, and CPU time (mean",
    "user + system time per run) is the work each tool does, which is the least sensitive to",
    "other load.",
    "",
    "Target from the issue: at least 100× faster than the Python tool: "
    + ("**met** for both commands." if target_met else "**not met** (see the ratios above)."),
    "",
]
if rss_rows:
    lines += [
        "## Peak memory (maximum resident set size)",
        "",
        f"Largest `Maximum resident set size` reported by GNU `/usr/bin/time -v` over {env['RSS_RUNS']}",
        "runs of each command.",
        "",
        "| Command | python | rust | ratio |",
        "|:---|---:|---:|---:|",
        *rss_rows,
        "",
    ]
else:
    lines += ["## Peak memory", "", "Not measured: GNU `/usr/bin/time` was not available.", ""]
lines += [
    "## How to rerun",
    "",
    "```sh",
    "bash bench/config.sh",
    "```",
    "",
    "The first run installs the Python tool into `bench/.venv` (git-ignored); set",
    "`HAILCTL_PYTHON=/path/to/hailctl` to use an existing installation instead. `RUNS`, `WARMUP`",
    "and `RSS_RUNS` change the number of runs. Figures vary with the machine and its load; the",
    "ratio is what matters. Python's time is dominated by interpreter start-up and imports, ours",
    "by process creation.",
    "",
]
with open(out_path, "w") as f:
    f.write("\n".join(lines))
for cmd, r in zip(commands, ratios):
    print(f"{cmd}: python/rust (medians) = {r:.0f}x")
PY
log "wrote $out_doc"
