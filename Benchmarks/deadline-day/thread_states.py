#!/usr/bin/env python3
"""Where a running server's threads spend their time, off the CPU as well as on it: every few
milliseconds, for each thread, its scheduler state (running, sleeping, waiting for the disk) and the
system call it sits in, read from /proc. CPU profilers (perf) see only the time on the CPU; this is
how the event loops were found blocked about 60% of the time in a futex (waiting for an upload's
disk write) while the machine was partly idle.

Run it beside a load, for example during a `capacity.py` round:

    python3 Benchmarks/deadline-day/thread_states.py --pid "$(pgrep -f 'approvals serve' | head -1)" --seconds 10

Threads seen waiting in epoll_wait are marked LOOP. Threads that only ever slept in a futex (idle
workers) are summed on one line.
"""
import argparse
import collections
import os
import sys
import time

# x86_64 system call numbers of the calls a server thread is usually found in.
SYSCALLS = {0: "read", 1: "write", 3: "close", 17: "pread64", 18: "pwrite64", 20: "writev", 40: "sendfile",
            44: "sendto", 45: "recvfrom", 46: "sendmsg", 47: "recvmsg", 74: "fsync", 75: "fdatasync",
            82: "rename", 202: "futex", 232: "epoll_wait", 257: "openat", 281: "epoll_pwait", 288: "accept4"}
LOOP_CALLS = {"epoll_wait", "epoll_pwait"}


def sample(pid):
    """One look at every thread: {tid: "R" or "<state>:<system call>"}."""
    seen = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as stat:
                state = stat.read().rsplit(")", 1)[1].split()[0]
            with open(f"/proc/{pid}/task/{tid}/syscall") as syscall:
                call = syscall.read().split()[0]
        except (OSError, IndexError):
            continue  # the thread ended between the listing and the read
        if state == "R":
            seen[tid] = "R"
            continue
        name = call if not call.lstrip("-").isdigit() else SYSCALLS.get(int(call), f"syscall {call}")
        seen[tid] = f"{state}:{name}"
    return seen


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--interval-ms", type=float, default=5)
    options = parser.parse_args()
    if not os.path.isdir(f"/proc/{options.pid}"):
        sys.exit(f"no process {options.pid}")
    counts = collections.defaultdict(collections.Counter)
    loops = set()
    looks = 0
    end = time.monotonic() + options.seconds
    while time.monotonic() < end:
        looks += 1
        for tid, where in sample(options.pid).items():
            counts[tid][where] += 1
            if where.split(":")[-1] in LOOP_CALLS:
                loops.add(tid)
        time.sleep(options.interval_ms / 1000)
    idle = [tid for tid, c in counts.items() if set(c) == {"S:futex"}]
    busy = sorted((tid for tid in counts if tid not in idle), key=lambda tid: -sum(
        n for where, n in counts[tid].items() if where != "S:futex"))
    print(f"{looks} looks over {options.seconds:.0f} s; R = running or waiting for a CPU, S = sleeping, D = waiting for the disk")
    for tid in busy:
        total = sum(counts[tid].values())
        shares = ", ".join(f"{where} {100 * n / total:.0f}%" for where, n in counts[tid].most_common(4))
        print(f"  {tid:>8} {'LOOP' if tid in loops else '    '}  {shares}")
    if idle:
        print(f"  {len(idle)} threads only ever asleep in a futex (idle workers)")


if __name__ == "__main__":
    main()
