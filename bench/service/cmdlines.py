#!/usr/bin/env python3
"""Writes the baseline command lines for bench/service.sh, one per job, for `xargs -L1`.

  cmdlines.py plain N          -> N lines `true` (the plain-process runner execs the job's
                                  argv directly: no shell is added).
  cmdlines.py bwrap N IO_DIR   -> N lines with the arguments the bubblewrap runner passes to
                                  `bwrap` for the argv ["true"] (mirrors `bwrap_args` in
                                  src/server/runner/sandbox.rs): every top-level host entry
                                  except dev/proc/tmp/io bound read-only (symlinks recreated),
                                  fresh /dev /proc /tmp, IO_DIR at /io, root remounted
                                  read-only, new pid/ipc/uts namespaces, --die-with-parent,
                                  --new-session, --cap-drop ALL as root, --chdir /.
                                  The `bwrap` executable itself is xargs' command.
"""

import os
import shlex
import sys

NOT_BOUND = {"dev", "proc", "tmp", "io"}


def bwrap_args(io_dir, argv):
    args = []
    for name in sorted(os.listdir("/"), key=os.fsencode):
        if name in NOT_BOUND:
            continue
        host = "/" + name
        try:
            st = os.lstat(host)
        except OSError:
            continue
        if os.path.islink(host):
            try:
                args += ["--symlink", os.readlink(host), host]
            except OSError:
                pass
        elif os.path.isdir(host) or os.path.isfile(host):
            args += ["--ro-bind", host, host]
        del st
    args += ["--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp", "--bind", io_dir, "/io",
             "--remount-ro", "/",
             "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--die-with-parent",
             "--new-session"]
    if os.geteuid() == 0:
        args += ["--cap-drop", "ALL"]
    args += ["--chdir", "/", "--"] + argv
    return args


def main():
    mode, n = sys.argv[1], int(sys.argv[2])
    if mode == "plain":
        line = "true"
    elif mode == "bwrap":
        line = " ".join(shlex.quote(a) for a in bwrap_args(sys.argv[3], ["true"]))
    else:
        raise SystemExit(f"unknown mode {mode}")
    out = sys.stdout
    for _ in range(n):
        out.write(line + "\n")


if __name__ == "__main__":
    main()
