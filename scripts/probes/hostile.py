#!/usr/bin/env python3
"""Hostile-input probe: malformed and adversarial HTTP requests against the service, and
malformed spec and config files against the CLI. Nothing may answer 5xx, hang, panic or kill
the service; every CLI failure must be a message with a non-zero exit (never a Rust panic).

Bounded: a fixed, seeded set of inputs (HOSTILE_SEED, default 14); loopback only.
"""

import json
import os
import random
import socket
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Client, Home  # noqa: E402

SEED = int(os.environ.get("HOSTILE_SEED", "14"))


def mutate(rng, text):
    chars = list(text)
    for _ in range(rng.randint(1, 6)):
        op = rng.randrange(4)
        i = rng.randrange(len(chars) + 1)
        if op == 0 and chars:
            del chars[min(i, len(chars) - 1)]
        elif op == 1:
            chars.insert(i, rng.choice('{}[]":,\\\x00\xff9-e.'))
        elif op == 2:
            chars.insert(i, rng.choice(["1e309", "-1", "9" * 30, "null", "\"\\ud800\"", "[]"]))
        else:
            chars[i:i] = chars[max(0, i - 8):i]
    return "".join(chars)


def main():
    rng = random.Random(SEED)
    findings = []
    with Home() as home:
        state = home.start()
        addr, token = state["addr"], state["token"]
        job = {"job_id": 1, "process": {"type": "docker", "image": "ubuntu", "command": ["true"]},
               "absolute_parent_ids": [], "in_update_parent_ids": [], "in_update_job_group_id": 0}
        fast = json.dumps({"batch": {"billing_project": "p", "token": "t", "n_jobs": 1}, "bunch": [job]})
        requests = [
            ("GET", "/api/v1alpha/batches?q=%00", None),
            ("GET", "/api/v1alpha/batches?limit=-1", None),
            ("GET", "/api/v1alpha/batches?last_batch_id=abc", None),
            ("GET", "/api/v1alpha/batches/99999999999999999999", None),
            ("GET", "/api/v1alpha/batches/1/jobs/1/log/../../../etc/passwd", None),
            ("GET", "/api/v2alpha/batches?q=" + "(" * 5000, None),
            ("GET", "/api/v2alpha/batches?q=" + "a%20" * 20000, None),
            ("POST", "/api/v1alpha/batches/create", "[]"),
            ("POST", "/api/v1alpha/batches/create-fast", "{" * 100000),
            ("POST", "/api/v1alpha/batches/create-fast", "x" * (9 * 1024 * 1024)),
            ("PATCH", "/api/v1alpha/batches/1/updates/1/commit", None),
            ("DELETE", "/api/v1alpha/batches/-1", None),
        ]
        for _ in range(300):
            requests.append(("POST", "/api/v1alpha/batches/create-fast", mutate(rng, fast)))
        answered = 0
        for method, path, body in requests:
            try:
                status, text = Client(addr, token).request(method, path, body)
                answered += 1
                if status >= 500:
                    findings.append(f"{method} {path[:60]} -> {status} {text[:100]!r}")
            except Exception as e:
                findings.append(f"{method} {path[:60]} -> {e!r}")
        # Raw protocol abuse: garbage, a never-ending header, a truncated body.
        host, port = addr.rsplit(":", 1)
        for raw in [b"\x00\xff" * 100 + b"\r\n\r\n", b"GET / HTTP/1.1\r\nX: " + b"a" * 100000,
                    b"POST /api/v1alpha/batches/create HTTP/1.1\r\nContent-Length: 100\r\n\r\n{"]:
            s = socket.create_connection((host, int(port)), timeout=5)
            try:
                s.sendall(raw)
                s.shutdown(socket.SHUT_WR)
                s.recv(100)
            except OSError:
                pass
            s.close()
        status, _ = Client(addr, token).request("GET", "/healthcheck")
        if status != 200:
            findings.append("service unhealthy after the hostile requests")
        # The CLI: malformed spec files and config files, a FIFO and /dev/zero as inputs.
        cli_inputs = 0
        spec = json.dumps({"jobs": [{"name": "a", "command": ["true"], "depends_on": []}]})
        for i in range(150):
            path = os.path.join(home.root, f"bad-{i}.{rng.choice(['json', 'yaml', 'toml'])}")
            with open(path, "w", errors="surrogateescape") as f:
                f.write(mutate(rng, spec))
            done = home.run(["batch", "submit", "--dry-run", "--file", path], check=False, timeout=30)
            cli_inputs += 1
            if "panicked" in done.stderr or done.returncode not in (0, 1, 2):
                findings.append(f"submit --file {path}: exit {done.returncode} {done.stderr[:200]}")
        fifo = os.path.join(home.root, "fifo.yaml")
        os.mkfifo(fifo)
        for path in [fifo, "/dev/zero"]:
            done = home.run(["batch", "submit", "--dry-run", "--file", path], check=False, timeout=30)
            cli_inputs += 1
            if done.returncode == 0 or "panicked" in done.stderr:
                findings.append(f"submit --file {path}: exit {done.returncode}")
        print(f"http_requests={len(requests) + 3} answered={answered} cli_inputs={cli_inputs}")
        print(f"findings={len(findings)}")
        for f in findings:
            print("  " + f)
        sys.exit(1 if findings else 0)


if __name__ == "__main__":
    main()
