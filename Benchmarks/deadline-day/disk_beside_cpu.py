#!/usr/bin/env python3
"""Does this machine's disk write more slowly while its CPUs are busy? The upload yardstick (fsync'd
files of 1 MiB O_DIRECT blocks, as `disk.py` measures before each capacity slice) taken alone and
beside processes that only spin at the lowest priority (nice 19), in alternation (A B, then B A, so a
drift of the disk over the minutes falls on both alike).

dd itself needs almost no CPU, and the spinners yield to it at once, so inside the machine they take
nothing from it. If the disk is slower beside them anyway, the disk is emulated by its host on the
same cores as this VM's CPUs: an upload, which needs the CPU to copy and hash every byte, can then
never have the disk a dd sees on an idle machine. Session 11 found it so (see HISTORY.md).

    python3 Benchmarks/deadline-day/disk_beside_cpu.py --folder /var/tmp --rounds 8 --spinners 2
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ beside the sources when run as a script

import disk


def measure(folder, file_mb, total_mb, spinners):
    """One yardstick in MB/s, with `spinners` busy processes at nice 19 running throughout."""
    spinning = [subprocess.Popen(["nice", "-n", "19", sys.executable, "-c", "while True: pass"]) for _ in range(spinners)]
    try:
        if spinning:
            time.sleep(0.3)  # the spinners started and running before the first write
        return disk.fsynced_files_mb_per_s(folder, file_mb, total_mb, direct=True)
    finally:
        for process in spinning:
            process.kill()
            process.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folder", default=os.environ.get("TMPDIR", "/tmp"), help="where to write (the data folder's disk)")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--spinners", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--file-mb", type=int, default=25)
    parser.add_argument("--total-mb", type=int, default=2048)
    options = parser.parse_args()
    alone, beside = [], []
    for round_number in range(options.rounds):
        order = (0, options.spinners) if round_number % 2 == 0 else (options.spinners, 0)
        for spinners in order:
            mb_s = measure(options.folder, options.file_mb, options.total_mb, spinners)
            (beside if spinners else alone).append(mb_s)
            print(f"round {round_number + 1}, {spinners} spinners: {mb_s:.0f} MB/s", flush=True)
    slower = sum(1 for a, b in zip(alone, beside) if b < a)
    print(f"alone: {[round(x) for x in alone]}, median {statistics.median(alone):.0f} MB/s")
    print(f"beside {options.spinners} spinners: {[round(x) for x in beside]}, median {statistics.median(beside):.0f} MB/s "
          f"({100 * statistics.median(beside) / statistics.median(alone):.0f}% of alone); slower in {slower} of "
          f"{len(alone)} rounds")


if __name__ == "__main__":
    main()
