#!/usr/bin/env python3
"""Machine-wide CPU accounting for bench/service.sh (standard library only).

  machine.py snap                 -> prints "busy_ticks total_ticks" from /proc/stat
  machine.py quiet BUSY MAX_S     -> waits until the machine is idle enough: a 2 s sample with
                                     less than BUSY (fraction of all cores) in use, or MAX_S
                                     seconds passed; prints JSON {"waited_s", "busy"}.
"""

import json
import sys
import time


def snap():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    idle = v[3] + v[4]  # idle + iowait
    total = sum(v[:8])  # guest time is already counted in user
    return total - idle, total


def main():
    if sys.argv[1] == "snap":
        print(*snap())
        return
    busy_max, max_s = float(sys.argv[2]), float(sys.argv[3])
    t0 = time.monotonic()
    while True:
        b0, t0_ = snap()
        time.sleep(2)
        b1, t1_ = snap()
        busy = (b1 - b0) / max(1, t1_ - t0_)
        if busy < busy_max or time.monotonic() - t0 >= max_s:
            print(json.dumps({"waited_s": round(time.monotonic() - t0, 1), "busy": round(busy, 3)}))
            return


if __name__ == "__main__":
    main()
