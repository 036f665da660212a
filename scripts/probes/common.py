"""Shared helpers of the reliability probes: an isolated home, the hailctl binary, a local
service on loopback, and a small keep-alive HTTP client.

Every probe is bounded (a fixed number of requests, kills or seconds) and talks to 127.0.0.1
only. Nothing here reaches the network beyond this machine.
"""

import http.client
import json
import os
import shutil
import subprocess
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def binary():
    """The hailctl to probe: $HAILCTL_BIN, else target/release, else target/debug."""
    if os.environ.get("HAILCTL_BIN"):
        return os.environ["HAILCTL_BIN"]
    for profile in ("release", "debug"):
        path = os.path.join(REPO, "target", profile, "hailctl")
        if os.path.exists(path):
            return path
    raise SystemExit("build hailctl first (cargo build --release)")


class Home:
    """A throwaway HOME / XDG dirs, removed at exit (also after a failure)."""

    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="hailctl-probe-")
        self.env = {
            "HOME": os.path.join(self.root, "home"),
            "XDG_CONFIG_HOME": os.path.join(self.root, "xdg"),
            "XDG_STATE_HOME": os.path.join(self.root, "state"),
            "XDG_DATA_HOME": os.path.join(self.root, "data"),
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        }
        os.makedirs(self.env["HOME"])

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.run(["batch", "serve", "--stop"], check=False)
        shutil.rmtree(self.root, ignore_errors=True)

    def run(self, args, check=True, timeout=300, stdin=None):
        done = subprocess.run(
            [binary(), *args],
            env=self.env,
            cwd=self.root,
            capture_output=True,
            text=True,
            timeout=timeout,
            input=stdin,
        )
        if check and done.returncode != 0:
            raise RuntimeError(f"hailctl {' '.join(args)} exited {done.returncode}: {done.stderr}")
        return done

    def state(self):
        with open(os.path.join(self.env["XDG_STATE_HOME"], "hailctl", "server.json")) as f:
            return json.load(f)

    def start(self, *extra):
        """`serve --start --runtime host` (plain processes: the probes measure the service)."""
        self.run(["batch", "serve", "--start", "--runtime", "host", "--addr", "127.0.0.1:0", *extra])
        return self.state()

    def submit_spec(self, spec, *extra):
        path = os.path.join(self.root, f"spec-{time.monotonic_ns()}.json")
        with open(path, "w") as f:
            json.dump(spec, f)
        done = self.run(["batch", "submit", "--file", path, *extra])
        return int(done.stdout.split()[2].rstrip(","))


class Client:
    """One keep-alive connection to the service, as one API client."""

    def __init__(self, addr, token):
        host, port = addr.rsplit(":", 1)
        assert host in ("127.0.0.1", "[::1]", "localhost"), "probes talk to loopback only"
        self.conn = http.client.HTTPConnection(host, int(port), timeout=30)
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def request(self, method, path, body=None, headers=None):
        all_headers = dict(self.headers, **(headers or {}))
        if body is not None and not isinstance(body, (bytes, str)):
            body = json.dumps(body)
            all_headers["Content-Type"] = "application/json"
        try:
            self.conn.request(method, path, body=body, headers=all_headers)
            response = self.conn.getresponse()
            return response.status, response.read()
        except (http.client.HTTPException, OSError):
            self.conn.close()
            raise


def sleeps(n, seconds, name="job"):
    """A spec of `n` jobs sleeping `seconds`."""
    return {
        "jobs": [
            {
                "name": f"{name}-{{i}}",
                "sweep": {"values": {"i": list(range(1, n + 1))}},
                "command": ["sleep", str(seconds)],
            }
        ]
    }
