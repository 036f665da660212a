#!/usr/bin/env python3
"""Helpers for bench/batch.sh (Python standard library only).

Talks to the local service through its state file (address and token), over plain HTTP on
loopback, which the service answers beside TLS; so nothing here goes through either `hailctl`.

  tool.py ready   --state FILE --pid PID [--timeout 30]
      Waits until the state file names PID and the service answers /healthcheck.
  tool.py quiesce --state FILE [--timeout 300]
      Cancels every batch that is not complete and waits until all are complete, so that no
      job runs during the next timed command.
  tool.py machine
      Prints "busy_ticks total_ticks" of the whole machine (/proc/stat).
  tool.py quiet   BUSY MAX_S
      Waits until the machine is less than BUSY busy (fraction of all cores, 2 s sample) or
      MAX_S seconds passed; prints JSON {"waited_s", "busy"}.
  tool.py run     --state FILE --service-pid PID --tool NAME --jobs N --out FILE -- CMD...
      One timed submission: runs CMD (stdout captured, stderr kept in FILE.stderr), and
      appends one JSON line to FILE: wall time, the command's user/system CPU and peak RSS
      (wait4 rusage, what GNU time -v reports), the service's CPU over the same interval, the
      batch id (parsed from CMD's output) and its n_jobs as the service reports it (must be N),
      and the machine's busy fraction. Then cancels that batch.
  tool.py thread-cpu --pid PID --name NAME
      Prints the CPU seconds used so far by the threads of PID named NAME (0 when none), e.g.
      the service's WAL checkpoint thread, whose work is deferred past the requests it follows.
  tool.py get     --state FILE PATH
      GET PATH, print the JSON.
  tool.py spec    N NAME
      Prints a YAML spec file: batch NAME, billing project `bench`, one job template `j{i}`
      running ["true"] in ubuntu:24.04, swept over `values: {i: [1, ..., N]}` (N jobs).
"""

import argparse
import http.client
import json
import os
import re
import subprocess
import sys
import time

TICKS = os.sysconf("SC_CLK_TCK")


def load_state(path):
    with open(path) as f:
        s = json.load(f)
    host, port = s["addr"].rsplit(":", 1)
    return s, host.strip("[]"), int(port), s["token"]


class Client:
    def __init__(self, state_file):
        self.state, self.host, self.port, self.token = load_state(state_file)

    def request(self, method, path, body=None):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=600)
        try:
            headers = {"Authorization": f"Bearer {self.token}"}
            data = None
            if body is not None:
                data = json.dumps(body).encode()
                headers["Content-Type"] = "application/json"
            conn.request(method, path, body=data, headers=headers)
            resp = conn.getresponse()
            payload = resp.read()
        finally:
            conn.close()
        if resp.status >= 300:
            raise SystemExit(f"{method} {path}: HTTP {resp.status}: {payload[:300]!r}")
        return json.loads(payload) if payload else None


def machine_snap():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    idle = v[3] + v[4]
    total = sum(v[:8])
    return total - idle, total


def proc_cpu_s(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # utime and stime (the service's own threads, not its jobs) are fields 14 and 15 (1-based);
    # after the ')' they are at 11 and 12.
    return (int(fields[11]) + int(fields[12])) / TICKS


def cmd_ready(a):
    deadline = time.monotonic() + a.timeout
    while time.monotonic() < deadline:
        try:
            c = Client(a.state)
            if int(c.state.get("pid", -1)) == a.pid:
                conn = http.client.HTTPConnection(c.host, c.port, timeout=2)
                conn.request("GET", "/healthcheck")
                if conn.getresponse().status == 200:
                    print(json.dumps({"addr": c.state["addr"]}))
                    return
        except (OSError, ValueError, KeyError, http.client.HTTPException):
            pass
        try:
            os.kill(a.pid, 0)
        except OSError:
            raise SystemExit(f"the service (pid {a.pid}) exited")
        time.sleep(0.05)
    raise SystemExit("the service did not become ready")


def open_batches(c):
    out, last = [], None
    while True:
        path = "/api/v1alpha/batches?q=%21complete"
        if last is not None:
            path += f"&last_batch_id={last}"
        r = c.request("GET", path)
        out += [b["id"] for b in r["batches"]]
        last = r.get("last_batch_id")
        if last is None:
            return out


def quiesce(c, timeout=300):
    deadline = time.monotonic() + timeout
    ids = open_batches(c)
    for i in ids:
        c.request("PATCH", f"/api/v1alpha/batches/{i}/cancel")
    while ids:
        if time.monotonic() > deadline:
            raise SystemExit(f"batches {ids} did not complete")
        time.sleep(0.1)
        ids = [i for i in ids if not c.request("GET", f"/api/v1alpha/batches/{i}")["complete"]]


def cmd_quiesce(a):
    quiesce(Client(a.state), a.timeout)


def quiet(busy_max, max_s):
    t0 = time.monotonic()
    while True:
        b0, t0_ = machine_snap()
        time.sleep(2)
        b1, t1_ = machine_snap()
        busy = (b1 - b0) / max(1, t1_ - t0_)
        if busy < busy_max or time.monotonic() - t0 >= max_s:
            return {"waited_s": round(time.monotonic() - t0, 1), "busy": round(busy, 3)}


def cmd_machine(a):
    print(*machine_snap())


def cmd_quiet(a):
    print(json.dumps(quiet(float(a.busy), float(a.max_s))))


def cmd_run(a):
    c = Client(a.state)
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    s0 = proc_cpu_s(a.service_pid)
    m0 = machine_snap()
    with open(a.out + ".stderr", "ab") as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err)
        stdout = p.stdout.read()
        _, status, ru = os.wait4(p.pid, 0)
        t1 = time.perf_counter()
    m1 = machine_snap()
    s1 = proc_cpu_s(a.service_pid)
    text = stdout.decode(errors="replace")
    rc = os.waitstatus_to_exitcode(status)
    if rc != 0:
        raise SystemExit(f"{cmd} exited {rc}: {text[-500:]}")
    m = re.search(r"Submitted batch (\d+)", text) or re.search(r"^\s*(\d+)\s*$", text, re.M)
    if not m:
        raise SystemExit(f"no batch id in the output of {cmd}: {text[-500:]!r}")
    batch_id = int(m.group(1))
    batch = c.request("GET", f"/api/v1alpha/batches/{batch_id}")
    record = {
        "tool": a.tool,
        "jobs": a.jobs,
        "wall_s": t1 - t0,
        "user_s": ru.ru_utime,
        "sys_s": ru.ru_stime,
        "maxrss_kb": ru.ru_maxrss,
        "service_cpu_s": s1 - s0,
        "machine_busy": (m1[0] - m0[0]) / max(1, m1[1] - m0[1]),
        "batch_id": batch_id,
        "n_jobs": batch["n_jobs"],
    }
    if batch["n_jobs"] != a.jobs:
        raise SystemExit(f"batch {batch_id} has {batch['n_jobs']} jobs, expected {a.jobs}")
    with open(a.out, "a") as f:
        f.write(json.dumps(record) + "\n")
    print(json.dumps(record))
    c.request("PATCH", f"/api/v1alpha/batches/{batch_id}/cancel")


def cmd_thread_cpu(a):
    total = 0.0
    for tid in os.listdir(f"/proc/{a.pid}/task"):
        try:
            with open(f"/proc/{a.pid}/task/{tid}/comm") as f:
                # The kernel keeps the first 15 bytes of a thread's name.
                if f.read().strip() != a.name[:15]:
                    continue
            with open(f"/proc/{a.pid}/task/{tid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue  # the thread ended meanwhile
        total += (int(fields[11]) + int(fields[12])) / TICKS
    print(f"{total:.2f}")


def cmd_get(a):
    print(json.dumps(Client(a.state).request("GET", a.path)))


def cmd_spec(a):
    values = ", ".join(str(i) for i in range(1, a.n + 1))
    sys.stdout.write(
        f"name: {a.name}\n"
        "billing_project: bench\n"
        "defaults: {image: 'ubuntu:24.04'}\n"
        "jobs:\n"
        "  - name: 'j{i}'\n"
        "    command: ['true']\n"
        "    sweep:\n"
        f"      values: {{i: [{values}]}}\n"
    )


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd_name", required=True)
    r = sub.add_parser("ready")
    r.add_argument("--state", required=True)
    r.add_argument("--pid", type=int, required=True)
    r.add_argument("--timeout", type=float, default=30)
    r.set_defaults(f=cmd_ready)
    q = sub.add_parser("quiesce")
    q.add_argument("--state", required=True)
    q.add_argument("--timeout", type=float, default=300)
    q.set_defaults(f=cmd_quiesce)
    w = sub.add_parser("quiet")
    w.add_argument("busy")
    w.add_argument("max_s")
    w.set_defaults(f=cmd_quiet)
    sub.add_parser("machine").set_defaults(f=cmd_machine)
    u = sub.add_parser("run")
    u.add_argument("--state", required=True)
    u.add_argument("--service-pid", type=int, required=True)
    u.add_argument("--tool", required=True)
    u.add_argument("--jobs", type=int, required=True)
    u.add_argument("--out", required=True)
    u.add_argument("cmd", nargs=argparse.REMAINDER)
    u.set_defaults(f=cmd_run)
    c = sub.add_parser("thread-cpu")
    c.add_argument("--pid", type=int, required=True)
    c.add_argument("--name", required=True)
    c.set_defaults(f=cmd_thread_cpu)
    g = sub.add_parser("get")
    g.add_argument("--state", required=True)
    g.add_argument("path")
    g.set_defaults(f=cmd_get)
    s = sub.add_parser("spec")
    s.add_argument("n", type=int)
    s.add_argument("name")
    s.set_defaults(f=cmd_spec)
    a = p.parse_args()
    a.f(a)


if __name__ == "__main__":
    main()
