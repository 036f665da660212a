#!/usr/bin/env python3
"""Benchmark client for the embedded local Batch service (standard library only).

Subcommands (all print one JSON object on stdout):

  submit  --state FILE --jobs N [--bunch 1024] [--wait] [--poll 0.05] [--timeout S]
          Creates a batch with POST /batches/create, uploads the jobs in bunches to
          /updates/1/jobs/create, commits the update and (with --wait) polls GET /batches/{id}
          until `complete`. Every job is `true`. Reports the time of each phase, measured
          from the first submission request.

  latency --state FILE --batch ID [--requests 200] [--deep-job ID]
          Median / p95 / p99 / max of GET batch, the first page of the job list and a page
          deep in (last_job_id), each over --requests sequential requests on one keep-alive
          connection.

  wait    --state FILE --batch ID [--timeout S]
          Polls until the batch is complete.

  cancel  --state FILE --batch ID
          PATCH /batches/{id}/cancel, then polls until the batch is complete.

  ready   --state FILE [--pid PID]
          Waits until the state file names PID and the service answers /healthcheck.
"""

import argparse
import http.client
import json
import statistics
import sys
import time


def load_state(path):
    with open(path) as f:
        s = json.load(f)
    host, port = s["addr"].rsplit(":", 1)
    return host, int(port), s["token"]


class Client:
    def __init__(self, state_file):
        self.host, self.port, self.token = load_state(state_file)
        self.conn = None

    def _connect(self):
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=600)

    def request(self, method, path, body=None):
        headers = {"Authorization": f"Bearer {self.token}"}
        data = None
        if body is not None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        for attempt in range(3):
            if self.conn is None:
                self._connect()
            try:
                self.conn.request(method, path, body=data, headers=headers)
                resp = self.conn.getresponse()
                payload = resp.read()
                break
            except (http.client.HTTPException, ConnectionError, OSError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        if resp.status >= 300:
            raise SystemExit(f"{method} {path}: HTTP {resp.status}: {payload[:500]!r}")
        return json.loads(payload) if payload else None


def job_spec(i):
    return {
        "job_id": i,
        "always_run": False,
        "n_max_attempts": 20,
        "always_copy_output": False,
        "absolute_parent_ids": [],
        "in_update_parent_ids": [],
        "in_update_job_group_id": 0,
        "process": {"type": "docker", "image": "ubuntu:24.04", "command": ["true"]},
    }


def wait_complete(c, batch_id, poll, timeout, t0=None):
    """Polls GET batch until complete; returns (batch, completion time, n polls)."""
    deadline = time.monotonic() + timeout
    polls = 0
    while True:
        b = c.request("GET", f"/api/v1alpha/batches/{batch_id}")
        polls += 1
        if b.get("complete"):
            return b, time.monotonic(), polls
        if time.monotonic() > deadline:
            raise SystemExit(f"batch {batch_id} not complete after {timeout}s: {b}")
        time.sleep(poll)


def cmd_submit(a):
    c = Client(a.state)
    n = a.jobs
    # Bodies are serialised before the clock starts: the client's JSON encoding is not the
    # service's cost.
    bunches = []
    for start in range(1, n + 1, a.bunch):
        ids = range(start, min(n, start + a.bunch - 1) + 1)
        bunches.append(json.dumps([job_spec(i) for i in ids]).encode())
    t0 = time.monotonic()
    created = c.request(
        "POST",
        "/api/v1alpha/batches/create",
        {"billing_project": a.billing_project, "token": f"bench-{time.time_ns()}", "n_jobs": n,
         "attributes": {"name": a.name}},
    )
    batch_id = created["id"]
    update_id = created.get("update_id") or 1
    t_created = time.monotonic()
    for body in bunches:
        c.request("POST", f"/api/v1alpha/batches/{batch_id}/updates/{update_id}/jobs/create", body)
    t_uploaded = time.monotonic()
    c.request("PATCH", f"/api/v1alpha/batches/{batch_id}/updates/{update_id}/commit")
    t_committed = time.monotonic()
    out = {
        "batch_id": batch_id,
        "n_jobs": n,
        "bunches": len(bunches),
        "create_s": t_created - t0,
        "upload_s": t_uploaded - t0,
        "commit_s": t_committed - t0,
    }
    if a.wait:
        b, t_done, polls = wait_complete(c, batch_id, a.poll, a.timeout)
        out.update({
            "complete_s": t_done - t0,
            "jobs_per_s": n / (t_done - t0),
            "polls": polls,
            "state": b.get("state"),
            "n_succeeded": b.get("n_succeeded"),
            "n_failed": b.get("n_failed"),
            "n_cancelled": b.get("n_cancelled"),
        })
    print(json.dumps(out))


def cmd_ready(a):
    """Waits until the state file names a service that answers /healthcheck."""
    deadline = time.monotonic() + a.timeout
    while True:
        try:
            with open(a.state) as f:
                s = json.load(f)
            if a.pid is None or s.get("pid") == a.pid:
                host, port = s["addr"].rsplit(":", 1)
                conn = http.client.HTTPConnection(host, int(port), timeout=2)
                conn.request("GET", "/healthcheck")
                if conn.getresponse().status == 200:
                    print(json.dumps({"addr": s["addr"], "pid": s.get("pid")}))
                    return
        except (OSError, ValueError, KeyError, http.client.HTTPException):
            pass
        if time.monotonic() > deadline:
            raise SystemExit(f"service not ready after {a.timeout}s")
        time.sleep(0.1)


def cmd_cancel(a):
    """Cancels a batch and waits until it is complete; reports both times."""
    c = Client(a.state)
    t0 = time.monotonic()
    c.request("PATCH", f"/api/v1alpha/batches/{a.batch}/cancel")
    t_cancel = time.monotonic()
    b, t_done, polls = wait_complete(c, a.batch, 0.05, a.timeout)
    print(json.dumps({"batch_id": a.batch, "cancel_request_s": t_cancel - t0,
                      "complete_s": t_done - t0, "state": b.get("state"),
                      "n_succeeded": b.get("n_succeeded"), "n_cancelled": b.get("n_cancelled"),
                      "n_completed": b.get("n_completed")}))


def cmd_wait(a):
    c = Client(a.state)
    t0 = time.monotonic()
    b, t_done, polls = wait_complete(c, a.batch, a.poll, a.timeout)
    print(json.dumps({"batch_id": a.batch, "waited_s": t_done - t0, "state": b.get("state"),
                      "n_succeeded": b.get("n_succeeded"), "n_completed": b.get("n_completed")}))


def summarize(samples):
    s = sorted(samples)
    n = len(s)

    def pct(p):
        # nearest-rank percentile
        k = max(0, min(n - 1, int(round(p / 100 * n + 0.5)) - 1))
        return s[k]

    return {
        "n": n,
        "median_ms": statistics.median(s) * 1000,
        "p95_ms": pct(95) * 1000,
        "p99_ms": pct(99) * 1000,
        "max_ms": s[-1] * 1000,
    }


def time_requests(c, path, n, check=None):
    c.request("GET", path)  # warm the connection and the caches
    samples = []
    last = None
    for _ in range(n):
        t = time.perf_counter()
        last = c.request("GET", path)
        samples.append(time.perf_counter() - t)
    if check:
        check(last)
    return summarize(samples)


def cmd_latency(a):
    c = Client(a.state)
    b = a.batch
    base = f"/api/v1alpha/batches/{b}"
    info = c.request("GET", base)
    n_jobs = info["n_jobs"]
    deep = a.deep_job if a.deep_job is not None else n_jobs // 2
    first_page = c.request("GET", f"{base}/job-groups/0/jobs?recursive=True")
    deep_page = c.request("GET", f"{base}/job-groups/0/jobs?recursive=True&last_job_id={deep}")

    def page_check(expected_first):
        def check(page):
            jobs = page.get("jobs", [])
            if not jobs or jobs[0]["job_id"] != expected_first:
                raise SystemExit(f"unexpected page: first job {jobs[:1]}")
        return check

    res = {
        "batch_id": b,
        "n_jobs": n_jobs,
        "batch_state": info.get("state"),
        "n_completed": info.get("n_completed"),
        "page_size": len(first_page.get("jobs", [])),
        "deep_last_job_id": deep,
        "deep_page_first_job": (deep_page.get("jobs") or [{}])[0].get("job_id"),
        "get_batch": time_requests(c, base, a.requests),
        "jobs_first_page": time_requests(c, f"{base}/job-groups/0/jobs?recursive=True",
                                         a.requests, page_check(1)),
        "jobs_deep_page": time_requests(
            c, f"{base}/job-groups/0/jobs?recursive=True&last_job_id={deep}", a.requests,
            page_check(deep + 1)),
    }
    print(json.dumps(res))


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("submit")
    s.add_argument("--state", required=True)
    s.add_argument("--jobs", type=int, required=True)
    s.add_argument("--bunch", type=int, default=1024)
    s.add_argument("--billing-project", default="test")
    s.add_argument("--name", default="bench")
    s.add_argument("--wait", action="store_true")
    s.add_argument("--poll", type=float, default=0.05)
    s.add_argument("--timeout", type=float, default=3600)
    s.set_defaults(func=cmd_submit)
    w = sub.add_parser("wait")
    w.add_argument("--state", required=True)
    w.add_argument("--batch", type=int, required=True)
    w.add_argument("--poll", type=float, default=0.2)
    w.add_argument("--timeout", type=float, default=3600)
    w.set_defaults(func=cmd_wait)
    lat = sub.add_parser("latency")
    lat.add_argument("--state", required=True)
    lat.add_argument("--batch", type=int, required=True)
    lat.add_argument("--requests", type=int, default=200)
    lat.add_argument("--deep-job", type=int)
    lat.set_defaults(func=cmd_latency)
    r = sub.add_parser("ready")
    r.add_argument("--state", required=True)
    r.add_argument("--pid", type=int)
    r.add_argument("--timeout", type=float, default=30)
    r.set_defaults(func=cmd_ready)
    cn = sub.add_parser("cancel")
    cn.add_argument("--state", required=True)
    cn.add_argument("--batch", type=int, required=True)
    cn.add_argument("--timeout", type=float, default=600)
    cn.set_defaults(func=cmd_cancel)
    a = p.parse_args()
    a.func(a)


if __name__ == "__main__":
    sys.exit(main())
