#!/usr/bin/env python3
"""Submits N trivial jobs (`true`) in one batch with Hail's Python client (hail 0.2.139).

  py_submit.py N [--billing-project bench] [--name big] [--phases FILE]

The same jobs as bench/batch.sh's spec file: job i (1..N) is named `j<i>`, runs ["true"] in
image ubuntu:24.04 in region us-central1 (what our CLI sends for the spec; Hail's client leaves
out the empty `env` and `resources`). Uses the synchronous `hailtop.batch_client.client.
BatchClient`, found through HAIL_DEPLOY_CONFIG_FILE / HAIL_TOKENS_FILE / SSL_CERT_FILE
(`hailctl batch serve --python-env`). Prints the batch id; with --phases, writes the time of
each phase (import, building the client and the specs, submit, close) as one JSON line appended
to FILE.
"""

import argparse
import json
import time

t0 = time.perf_counter()
from hailtop.batch_client.client import BatchClient  # noqa: E402

t_import = time.perf_counter()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("n", type=int)
    p.add_argument("--billing-project", default="bench")
    p.add_argument("--name", default="big")
    p.add_argument("--phases")
    args = p.parse_args()

    client = BatchClient(args.billing_project)
    batch = client.create_batch(attributes={"name": args.name})
    for i in range(1, args.n + 1):
        batch.create_job(
            "ubuntu:24.04", ["true"], attributes={"name": f"j{i}"}, regions=["us-central1"]
        )
    t_built = time.perf_counter()
    # No progress bar (our CLI prints none when stdout is not a terminal either).
    batch.submit(disable_progress_bar=True)
    t_submitted = time.perf_counter()
    batch_id = batch.id
    client.close()
    t_closed = time.perf_counter()
    print(batch_id)
    if args.phases:
        phases = {
            "n_jobs": args.n,
            "import_s": t_import - t0,
            "build_s": t_built - t_import,
            "submit_s": t_submitted - t_built,
            "close_s": t_closed - t_submitted,
        }
        with open(args.phases, "a") as f:
            f.write(json.dumps(phases) + "\n")


if __name__ == "__main__":
    main()
