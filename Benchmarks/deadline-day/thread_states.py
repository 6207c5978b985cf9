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

With `--beside PID` (the load generator, on the same two cores) it also lists what the server's
threads were doing at the looks where fewer than two threads of the two processes could run, the
moments the CPU was partly idle: that is how, in session 10, the writers were found all waiting in
`pwrite` at those moments, and after the storers were split off, the storers.
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
    parser.add_argument("--beside", type=int, help="another process on the same cores (the load generator)")
    parser.add_argument("--cores", type=int, default=os.cpu_count())
    options = parser.parse_args()
    if not os.path.isdir(f"/proc/{options.pid}"):
        sys.exit(f"no process {options.pid}")
    counts = collections.defaultdict(collections.Counter)
    loops = set()
    looks = 0
    underused = collections.Counter()
    end = time.monotonic() + options.seconds
    while time.monotonic() < end:
        looks += 1
        seen = sample(options.pid)
        for tid, where in seen.items():
            counts[tid][where] += 1
            if where.split(":")[-1] in LOOP_CALLS:
                loops.add(tid)
        if options.beside:
            beside = sample(options.beside)
            if sum(1 for where in list(seen.values()) + list(beside.values()) if where == "R") < options.cores:
                underused[summary(seen, beside)] += 1
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
    if options.beside:
        total = sum(underused.values())
        print(f"{total} looks ({100 * total / max(1, looks):.0f}%) with fewer than {options.cores} threads able to run; "
              "the server's threads then (sleeping in a futex left out), most common first:")
        for state, n in underused.most_common(12):
            print(f"  {n:>5}  {state}")


def summary(server, beside):
    """What the server's threads are doing at one look, as counts ("3 D:pwrite64, 2 S:epoll_wait, ...")
    and whether the other process runs."""
    kinds = collections.Counter(where for where in server.values() if where != "S:futex")
    parts = [f"{n} {where}" for where, n in sorted(kinds.items())]
    parts.append("beside: " + ("running" if "R" in beside.values() else "waiting"))
    return ", ".join(parts)


if __name__ == "__main__":
    main()
