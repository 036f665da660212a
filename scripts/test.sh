#!/usr/bin/env bash
# Runs the whole test suite. The side-by-side tests compare this tool with Hail's Python
# `hailctl`; this script installs it (hail 0.2.139 and what `hailtop` imports) into a virtualenv
# under target/ the first time, and points the tests at it with HAILCTL_PYTHON.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=${HAILCTL_PYTHON_VENV:-target/python-hailctl}
if [ -z "${HAILCTL_PYTHON:-}" ]; then
  if [ ! -x "$venv/bin/hailctl" ]; then
    echo "Installing Hail's Python hailctl into $venv (once) ..." >&2
    rm -rf "$venv"
    bash bench/install-python-hailctl.sh "$venv" >&2
  fi
  HAILCTL_PYTHON="$PWD/$venv/bin/hailctl"
  export HAILCTL_PYTHON
fi

cargo test --all-targets "$@"
