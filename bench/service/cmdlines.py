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
  cmdlines.py shim N           -> N lines `__job-shim --supervise -- true`: what the host
                                  runtime runs (xargs' command: the hailctl executable).
  cmdlines.py image N DIR ROOTFS
                               -> N lines of what the builtin runtime runs for the argv
                                  ["true"] in the image unpacked at ROOTFS (mirrors
                                  `image_command` in src/server/runner/runtime.rs): the job
                                  shim mounting a fresh overlay (DIR/<i>/{upper,work,root},
                                  created here) and entering its sandbox. xargs' command: the
                                  hailctl executable.
  cmdlines.py image-bwrap N DIR ROOTFS
                               -> the same for the bubblewrap runtime: the shim mounts the
                                  overlay and runs bubblewrap on it.
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


def image_line(d, rootfs, builtin):
    for sub in ("upper", "work", "root", "io"):
        os.makedirs(os.path.join(d, sub), exist_ok=True)
    bwrap = ["/usr/bin/bwrap", "--bind", f"{d}/root", "/", "--dev", "/dev", "--tmpfs", "/dev/shm",
             "--proc", "/proc", "--bind", f"{d}/io", "/io"]
    for f in ("/etc/resolv.conf", "/etc/hosts"):
        if os.path.isfile(f):
            bwrap += ["--ro-bind-try", f, f]
    bwrap += ["--unshare-user", "--uid", "0", "--gid", "0", "--unshare-pid", "--unshare-ipc",
              "--unshare-uts", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
              "--chdir", "/", "--", "true"]
    args = ["__job-shim", "--overlay", rootfs, f"{d}/upper", f"{d}/work", f"{d}/root"]
    if builtin:
        args += ["--sandbox", f"{d}/io", "/", "0", "0", "--supervise", "--", "true"]
    else:
        args += ["--supervise", "--"] + bwrap
    return " ".join(shlex.quote(a) for a in args)


def main():
    mode, n = sys.argv[1], int(sys.argv[2])
    if mode in ("image", "image-bwrap"):
        base, rootfs = sys.argv[3], sys.argv[4]
        for i in range(n):
            line = image_line(os.path.join(base, str(i)), rootfs, mode == "image")
            sys.stdout.write(line + "\n")
        return
    if mode == "shim":
        line = "__job-shim --supervise -- true"
    elif mode == "plain":
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
