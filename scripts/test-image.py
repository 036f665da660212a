#!/usr/bin/env python3
"""Builds a small container image offline and pushes it to a registry on loopback.

The tests, the benchmarks and CI cannot reach Docker Hub. They build their images from
Debian's statically linked busybox (`busybox-static`) and bash (`bash-static`): a root with
/bin/sh, /bin/bash and the usual busybox commands, /etc/passwd, /etc/os-release, and an OCI
config with ENV, WORKDIR and USER as asked. Standard library only.

    python3 scripts/test-image.py --registry 127.0.0.1:5000 --name library/ubuntu:24.04 \
        [--name library/busybox:latest ...] [--os-release TEXT] [--workdir DIR] [--user U] \
        [--env K=V ...] [--pad-mb N] [--symlink PATH=TARGET ...]

Prints the manifest digest. Several names get the same image.
"""

import argparse
import gzip
import hashlib
import io
import json
import os
import sys
import tarfile
import time
import urllib.error
import urllib.request

APPLETS = """
[ awk base64 basename cat chmod chown cp cut date dd df dirname du echo env expr false find
grep gzip head hostname id kill ln ls md5sum mkdir mktemp mv nproc od printf ps pwd readlink
realpath rm rmdir sed seq sh sha256sum sleep sort stat tail tar tee test timeout touch tr true
uname uniq wc which whoami xargs yes
""".split()


def add_file(tar, path, data, mode=0o644):
    info = tarfile.TarInfo(path)
    info.size = len(data)
    info.mode = mode
    info.mtime = 0
    tar.addfile(info, io.BytesIO(data))


def add_dir(tar, path, mode=0o755):
    info = tarfile.TarInfo(path)
    info.type = tarfile.DIRTYPE
    info.mode = mode
    info.mtime = 0
    tar.addfile(info)


def add_symlink(tar, path, target):
    info = tarfile.TarInfo(path)
    info.type = tarfile.SYMTYPE
    info.linkname = target
    info.mtime = 0
    tar.addfile(info)


def build_layer(args):
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.GNU_FORMAT) as tar:
        for d in ["bin", "etc", "root", "home", "usr", "usr/bin", "var", "work"]:
            add_dir(tar, d)
        add_dir(tar, "tmp", 0o1777)
        with open(args.busybox, "rb") as f:
            add_file(tar, "bin/busybox", f.read(), 0o755)
        with open(args.bash, "rb") as f:
            add_file(tar, "bin/bash", f.read(), 0o755)
        for applet in APPLETS:
            add_symlink(tar, f"bin/{applet}", "busybox")
        add_symlink(tar, "usr/bin/env", "/bin/busybox")
        add_file(
            tar,
            "etc/passwd",
            b"root:x:0:0:root:/root:/bin/sh\nhail:x:1000:1000:hail:/home/hail:/bin/sh\n"
            b"nobody:x:65534:65534:nobody:/:/bin/false\n",
        )
        add_file(tar, "etc/group", b"root:x:0:\nhail:x:1000:\nnogroup:x:65534:\n")
        add_file(tar, "etc/os-release", args.os_release.encode() + b"\n")
        add_dir(tar, "home/hail")
        for link in args.symlink:
            # A hostile image's links (the sandbox tests), at paths the root does not have.
            path, target = link.split("=", 1)
            add_symlink(tar, path, target)
        if args.pad_mb:
            # Incompressible, so the pull moves this many bytes.
            add_file(tar, "var/padding", os.urandom(args.pad_mb << 20))
    return gzip.compress(raw.getvalue(), compresslevel=1, mtime=0), raw.getvalue()


def digest(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def request(method, url, data=None, headers=None):
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    with urllib.request.urlopen(req, timeout=60) as response:
        return response.status, dict(response.headers), response.read()


def push_blob(base, repo, data):
    d = digest(data)
    try:
        request("HEAD", f"{base}/v2/{repo}/blobs/{d}")
        return d
    except urllib.error.HTTPError:
        pass
    _, headers, _ = request("POST", f"{base}/v2/{repo}/blobs/uploads/")
    location = headers["Location"]
    if location.startswith("/"):
        location = base + location
    sep = "&" if "?" in location else "?"
    request(
        "PUT",
        f"{location}{sep}digest={d}",
        data=data,
        headers={"Content-Type": "application/octet-stream"},
    )
    return d


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registry", required=True, help="host:port, plain HTTP")
    parser.add_argument("--name", action="append", required=True, help="repository:tag")
    parser.add_argument("--os-release", default='PRETTY_NAME="hailctl test image (busybox)"\nID=hailctl-test')
    parser.add_argument("--workdir", default="")
    parser.add_argument("--user", default="")
    parser.add_argument("--env", action="append", default=[])
    parser.add_argument("--pad-mb", type=int, default=0)
    parser.add_argument("--symlink", action="append", default=[], help="PATH=TARGET in the root")
    parser.add_argument("--busybox", default="/bin/busybox")
    parser.add_argument("--bash", default="/bin/bash-static")
    args = parser.parse_args()

    base = f"http://{args.registry}"
    deadline = time.time() + 30
    while True:
        try:
            request("GET", f"{base}/v2/")
            break
        except Exception as e:  # the registry may still be starting
            if time.time() > deadline:
                sys.exit(f"test-image: the registry at {base} does not answer: {e}")
            time.sleep(0.05)

    layer_gz, layer_tar = build_layer(args)
    env = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"] + args.env
    config = json.dumps(
        {
            "architecture": {"x86_64": "amd64", "aarch64": "arm64"}.get(os.uname().machine, os.uname().machine),
            "os": "linux",
            "config": {"Env": env, "WorkingDir": args.workdir, "User": args.user, "Cmd": ["/bin/sh"]},
            "rootfs": {"type": "layers", "diff_ids": [digest(layer_tar)]},
        },
        sort_keys=True,
    ).encode()
    manifest_digest = None
    for name in args.name:
        repo, _, tag = name.rpartition(":")
        if not repo:
            repo, tag = name, "latest"
        config_digest = push_blob(base, repo, config)
        layer_digest = push_blob(base, repo, layer_gz)
        manifest = json.dumps(
            {
                "schemaVersion": 2,
                "mediaType": "application/vnd.oci.image.manifest.v1+json",
                "config": {
                    "mediaType": "application/vnd.oci.image.config.v1+json",
                    "digest": config_digest,
                    "size": len(config),
                },
                "layers": [
                    {
                        "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                        "digest": layer_digest,
                        "size": len(layer_gz),
                    }
                ],
            }
        ).encode()
        request(
            "PUT",
            f"{base}/v2/{repo}/manifests/{tag}",
            data=manifest,
            headers={"Content-Type": "application/vnd.oci.image.manifest.v1+json"},
        )
        manifest_digest = digest(manifest)
    print(manifest_digest)


if __name__ == "__main__":
    main()
