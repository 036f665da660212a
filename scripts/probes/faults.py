#!/usr/bin/env python3
"""Fault-injection probe: a loopback TCP proxy in front of the local service breaks a share of
the CLI's connections (reset before the request reaches the service, reset after it did but
before the answer, a garbled answer, a stall), while `hailctl batch submit` runs many times
with idempotency tokens, single-job (create-fast) and multi-bunch (create, bunches, commit).

Afterwards: every submit that reported a batch id names a complete batch with all its jobs,
no token produced two batches, and the service holds exactly one batch per token.

Bounded: SUBMITS (default 30) submissions; the proxy and the service listen on 127.0.0.1 only.
"""

import json
import os
import random
import socket
import subprocess
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Client, Home, binary  # noqa: E402

SUBMITS = int(os.environ.get("SUBMITS", "30"))
FAULT_RATE = float(os.environ.get("FAULT_RATE", "0.25"))


class Proxy:
    """Forwards loopback connections to `target`, injecting a fault into some of them."""

    def __init__(self, target, seed):
        self.target = target
        self.rng = random.Random(seed)
        self.faults = {"reset_before": 0, "reset_after": 0, "garbled": 0, "stall": 0}
        self.lock = threading.Lock()
        self.server = socket.socket()
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(128)
        self.port = self.server.getsockname()[1]
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self.handle, args=(conn,), daemon=True).start()

    def pick(self):
        with self.lock:
            if self.rng.random() >= FAULT_RATE:
                return None
            fault = self.rng.choice(list(self.faults))
            self.faults[fault] += 1
            return fault

    def handle(self, conn):
        conn.settimeout(60)
        try:
            request = conn.recv(65536)
            if not request:
                return
            fault = None if request.startswith(b"GET /healthcheck") else self.pick()
            if fault == "reset_before":
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                return
            upstream = socket.create_connection(self.target, timeout=60)
            upstream.sendall(request)
            # The rest of the request body, if any, then the answer (Connection: close below).
            upstream.settimeout(0.3)
            conn.settimeout(0.3)
            answer = b""
            while True:
                try:
                    more = conn.recv(65536)
                    if more:
                        upstream.sendall(more)
                        continue
                except socket.timeout:
                    pass
                try:
                    chunk = upstream.recv(65536)
                except socket.timeout:
                    if answer:
                        break
                    continue
                if not chunk:
                    break
                answer += chunk
            upstream.close()
            if fault == "reset_after":
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                return
            if fault == "garbled" and b"\r\n\r\n" in answer:
                head, body = answer.split(b"\r\n\r\n", 1)
                answer = head + b"\r\n\r\n" + bytes(b ^ 0x5A for b in body)
            if fault == "stall":
                threading.Event().wait(2)
            conn.sendall(answer)
        except OSError:
            pass
        finally:
            conn.close()


def main():
    with Home() as home:
        state = home.start("--cores", "2")
        host, port = state["addr"].rsplit(":", 1)
        proxy = Proxy((host, int(port)), 14)
        # Point the CLI at the proxy: the state file is the only place it looks.
        real = dict(state)
        state_path = os.path.join(home.env["XDG_STATE_HOME"], "hailctl", "server.json")
        state["addr"] = f"127.0.0.1:{proxy.port}"
        with open(state_path, "w") as f:
            json.dump(state, f)
        os.chmod(state_path, 0o600)
        reported, failed, errors = {}, 0, []
        for i in range(SUBMITS):
            token = f"probe-{i}"
            n = 1 if i % 2 == 0 else 1100  # create-fast, or create + 2 bunches + commit
            spec = {"jobs": [{"name": "j-{k}", "sweep": {"values": {"k": list(range(n))}}, "command": ["true"]}]}
            path = os.path.join(home.root, f"s{i}.json")
            with open(path, "w") as f:
                json.dump(spec, f)
            env = dict(home.env, HAILCTL_RETRY_DEADLINE_SECONDS="60")
            done = subprocess.run(
                [binary(), "batch", "submit", "--token", token, "--file", path],
                env=env, capture_output=True, text=True, timeout=300,
            )
            if done.returncode == 0:
                reported[token] = (int(done.stdout.split()[2].rstrip(",")), n)
            else:
                failed += 1
                errors.append(done.stderr.strip().splitlines()[-1][:300] if done.stderr.strip() else f"exit {done.returncode}")
        # Check through the real address, no faults.
        client = Client(real["addr"], real["token"])
        status, body = client.request("GET", "/api/v1alpha/batches?q=&limit=1000")
        batches = json.loads(body)["batches"]
        by_token = {}
        for b in batches:
            status, full = client.request("GET", f"/api/v1alpha/batches/{b['id']}")
            by_token.setdefault(b.get("token") or b["id"], []).append(json.loads(full))
        lost = 0
        for token, (batch_id, n) in reported.items():
            status, full = client.request("GET", f"/api/v1alpha/batches/{batch_id}")
            doc = json.loads(full)
            if status != 200 or doc["n_jobs"] != n:
                lost += 1
        # Hail's batch documents do not show the token: count batches instead.
        duplicates = len(batches) - SUBMITS if len(batches) > SUBMITS else 0
        looks_ok_but_empty = sum(1 for b in batches if b["n_jobs"] == 0 and b["state"] == "success")
        print(f"submits={SUBMITS} reported={len(reported)} failed_with_error={failed}")
        for e in errors:
            print(f"  failed submit: {e}")
        print(f"faults_injected={sum(proxy.faults.values())} {proxy.faults}")
        print(f"batches_in_service={len(batches)} duplicates={duplicates} lost_or_incomplete={lost} empty_success={looks_ok_but_empty}")
        sys.exit(0 if lost == 0 and duplicates == 0 and looks_ok_but_empty == 0 else 1)


if __name__ == "__main__":
    main()
