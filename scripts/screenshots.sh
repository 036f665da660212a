#!/usr/bin/env bash
# Regenerates the web UI screenshots in docs/ui/ (batches.png, batch.png, job.png,
# running-batch.png, running-job.png) by running
# the browser test, which drives a headless chromium against a real local service.
# Needs Debian's chromium (apt-get install chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v chromium >/dev/null || { echo "chromium is not installed: apt-get install chromium" >&2; exit 1; }
HAILCTL_UI_SCREENSHOTS="$PWD/docs/ui" CI=1 cargo test --test it browser_ui:: -- --nocapture
ls -l docs/ui/*.png
