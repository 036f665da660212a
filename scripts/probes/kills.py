#!/usr/bin/env python3
"""Kill probe: `kill -9` the local service KILLS times while batches run and while they are
submitted, and a second service races each restart; then checks that nothing was lost.

After each kill the next CLI command restarts the service as it was started (same data
directory, cores); a `batch wait` running across the kills follows it. At the end every batch
that `submit` reported must exist, be complete, and have every job succeeded; no job may have
run twice at once (each job's attempts never overlap).

Bounded: KILLS (default 8) kills; loopback only.
"""

import json
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Client, Home, binary, sleeps  # noqa: E402

KILLS = int(os.environ.get("KILLS", "8"))


def main():
    with Home() as home:
        data = os.path.join(home.root, "svc-data")
        home.start("--cores", "2", "--data-dir", data)
        batches = []
        waiter = None
        races = 0
        for kill in range(KILLS):
            batches.append(home.submit_spec(sleeps(20, 0.3, f"k{kill}")))
            if waiter is None:
                # Follows the first batch across every kill below.
                waiter = subprocess.Popen(
                    [binary(), "batch", "wait", str(batches[0]), "-o", "json"],
                    env=dict(home.env, HAILCTL_RETRY_DEADLINE_SECONDS="300"),
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                )
            pid = home.state()["pid"]
            os.kill(pid, signal.SIGKILL)
            while os.path.exists(f"/proc/{pid}") and open(f"/proc/{pid}/stat").read().split()[2] != "Z":
                time.sleep(0.01)
            # Two restarts race: a manual `serve` on the same data dir and an auto-start.
            racer = subprocess.Popen(
                [binary(), "batch", "serve", "--runtime", "host", "--cores", "2", "--data-dir", data],
                env=dict(home.env, XDG_STATE_HOME=os.path.join(home.root, "racer-state")),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            listed = home.run(["batch", "list", "-o", "json"], check=False)
            time.sleep(0.2)
            if racer.poll() is None:
                # The racer won the data directory: stop it; the CLI's service must then start.
                racer.send_signal(signal.SIGTERM)
                racer.wait(timeout=30)
            else:
                races += 1  # the racer was refused
            if listed.returncode != 0:
                assert "in use by another" in listed.stderr, listed.stderr
                races += 1  # the CLI's service was refused
        # Everything finishes.
        out, err = waiter.communicate(timeout=600)
        results = []
        for b in batches:
            done = home.run(["batch", "wait", str(b), "-o", "json"], check=False, timeout=600)
            results.append(done.returncode)
        state = home.state()
        client = Client(state["addr"], state["token"])
        overlaps = 0
        for b in batches:
            for job in range(1, 21):
                status, body = client.request("GET", f"/api/v1alpha/batches/{b}/jobs/{job}/attempts")
                attempts = json.loads(body) or []
                spans = sorted((a.get("start_time") or 0, a.get("end_time") or 0) for a in attempts)
                overlaps += sum(1 for x, y in zip(spans, spans[1:]) if y[0] < x[1])
        print(f"kills={KILLS} refused_second_services={races} batches={len(batches)} jobs={20 * len(batches)}")
        print(f"wait_across_kills_exit={waiter.returncode}")
        print(f"batches_succeeded={results.count(0)}/{len(batches)} overlapping_attempts={overlaps}")
        ok = waiter.returncode == 0 and results.count(0) == len(batches) and overlaps == 0
        sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
