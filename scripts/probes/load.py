#!/usr/bin/env python3
"""Load probe: 40 concurrent API clients (reads of listings, batches, jobs, logs) against a
local service while a batch runs. Prints requests/s, latency percentiles and any 5xx.

Bounded: LOAD_SECONDS (default 20) of load; loopback only.
Usage: python3 scripts/probes/load.py   (HAILCTL_BIN selects the binary)
"""

import os
import random
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Client, Home, sleeps  # noqa: E402

CLIENTS = 40
SECONDS = float(os.environ.get("LOAD_SECONDS", "20"))


def main():
    with Home() as home:
        state = home.start("--cores", "2")
        batch = home.submit_spec(sleeps(400, 0.2))
        paths = [
            "/api/v1alpha/batches?q=",
            f"/api/v1alpha/batches/{batch}",
            f"/api/v1alpha/batches/{batch}/jobs?q=",
            f"/api/v2alpha/batches/{batch}/jobs?q=state%20%3D%20success",
            f"/api/v1alpha/batches/{batch}/jobs/1",
            f"/api/v1alpha/batches/{batch}/jobs/1/log/main",
        ]
        latencies, statuses, errors = [], {}, []
        lock = threading.Lock()
        deadline = time.monotonic() + SECONDS

        def client():
            c = Client(state["addr"], state["token"])
            mine, seen = [], {}
            while time.monotonic() < deadline:
                path = random.choice(paths)
                start = time.monotonic()
                try:
                    status, _ = c.request("GET", path)
                except Exception as e:  # a dropped connection is a finding, not a crash
                    with lock:
                        errors.append(repr(e))
                    c = Client(state["addr"], state["token"])
                    continue
                mine.append(time.monotonic() - start)
                seen[status] = seen.get(status, 0) + 1
            with lock:
                latencies.extend(mine)
                for k, v in seen.items():
                    statuses[k] = statuses.get(k, 0) + v

        started = time.monotonic()
        threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
        latencies.sort()

        def pct(p):
            return latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000

        done = home.run(["batch", "wait", str(batch), "-o", "json"], check=False, timeout=600)
        print(f"clients={CLIENTS} seconds={elapsed:.1f} requests={len(latencies)}")
        print(f"requests/s={len(latencies) / elapsed:.0f}")
        print(f"p50_ms={pct(0.50):.1f} p99_ms={pct(0.99):.1f} max_ms={latencies[-1] * 1000:.1f}")
        print(f"statuses={dict(sorted(statuses.items()))} transport_errors={len(errors)}")
        print(f"batch_while_loaded={batch} exit={done.returncode} (0: all 400 jobs succeeded)")
        bad = sum(v for k, v in statuses.items() if k >= 500)
        sys.exit(1 if bad or errors or done.returncode else 0)


if __name__ == "__main__":
    main()
