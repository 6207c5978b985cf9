"""Upload capacity: several AO users uploading large evidence files back to back into their drafts,
the aggregate rate compared with the disk's sequential write speed measured by dd in the same folder
before each slice of uploading and after the last.

`deadline_day.py` runs it as part of its SIGKILL phase. Run as a script, it is that measure alone,
for comparing builds: one prepared folder, then rounds alternating between the binaries given (A B
A B ...), each round on a fresh copy of the folder with its own dd yardsticks, and the CPU the
server and this generator spent per GB uploaded (less noisy on a shared machine than MB/s):

    python3 Benchmarks/deadline-day/capacity.py --binary OLD --binary NEW --rounds 3
"""
import asyncio
import os
import statistics
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ beside the sources when run as a script

import ao_submission
import journeys
from server import cpu_seconds, machine_ticks, sample_rss
from stats import Recorder


async def measure(server, population, evidence, rng, uploaders, seconds, file_bytes, slices=1, yardstick=None):
    """`uploaders` AO users, each signed in with a draft, upload `file_bytes` files back to back for
    `seconds` in all, in `slices` equal slices. Before each slice and after the last, with nobody
    uploading, `yardstick()` (blocking; returns the disk's (MB/s, O_DIRECT MB/s, page cache MB/s))
    measures the disk in the same folder. This VM's disk is its host's, and its speed drifts by half
    within minutes, so one dd before the uploads made the share a lottery (76% of one measured just
    before and 132% of the same dd just after, in one run): uploads are held to the mean of the dd
    taken around and between the slices, the disk's speed over the same minutes.

    The CPU (the server's, this generator's, the machine's steal and idle) is counted over the slices
    only, not the dd between them."""
    recorder = Recorder()
    run = journeys.Run(server.port, recorder, time.monotonic() + seconds + 600 + 120 * slices, rng)
    leads = {}
    for organisation, email, password in population.ao_users:
        leads.setdefault(organisation, (organisation, email, password))
    people = list(leads.values())[-uploaders:]
    ready = []
    for organisation, email, password in people:
        session = run.session(timeout=120.0)
        receipt = ao_submission.Receipt(None)
        if await journeys.sign_in(run, session, email, password):
            reference = await ao_submission.start_draft(run, session, organisation, receipt)
            if reference:
                ready.append((organisation, session, reference, receipt, ao_submission.Tab()))
                continue
        await session.close()
    if not ready:
        return None
    counter = [0]

    async def uploader(organisation, session, reference, receipt, tab, end):
        # Each next file from the documents page the last upload landed on, as a person would.
        while time.monotonic() < end:
            counter[0] += 1
            file = await asyncio.to_thread(evidence.make, 900_000 + organisation * 1000 + counter[0], file_bytes)
            if not await ao_submission.upload(run, session, reference, [("other", file)], receipt, tab):
                return False
        return True

    def uploaded_bytes():
        return sum(size for r in ready for _, size in r[3].documents)

    stop = asyncio.Event()
    sampler = asyncio.ensure_future(sample_rss(server, recorder, stop))
    slices = max(1, slices)
    disks, cuts, spent = [], [], Spent(server.pid)
    going = list(ready)
    for _ in range(slices):
        if yardstick:
            disks.append(await asyncio.to_thread(yardstick))
        bytes_before, began = uploaded_bytes(), time.monotonic()
        spent.resume()
        end = began + seconds / slices
        still = await asyncio.gather(*(uploader(*r, end) for r in going))
        spent.pause()
        cuts.append((time.monotonic() - began, uploaded_bytes() - bytes_before))
        going = [r for r, ok in zip(going, still) if ok]
        if not going:
            break
    if yardstick:
        disks.append(await asyncio.to_thread(yardstick))
    stop.set()
    await sampler
    for _, session, _, _, _ in ready:
        await session.close()
    elapsed = sum(c[0] for c in cuts)
    total = sum(c[1] for c in cuts)
    gigabytes = total / 1e9
    slice_rates = [b / 1e6 / t for t, b in cuts]
    upload_latencies = sorted(s[3] for s in recorder.samples if s[1] == "upload")
    result = {"uploaders": len(ready), "seconds": round(elapsed, 1), "uploaded_MB": round(total / 1e6, 1),
              "MB_per_s": round(total / 1e6 / elapsed, 1), "files": len(upload_latencies), "peak_rss_MB": round(recorder.peak_rss_mb(), 1),
              "pages_per_upload": round(sum(1 for s in recorder.samples if s[1] == "page") / max(1, len(upload_latencies)), 2),
              "fivexx": sum(1 for s in recorder.samples if s[4] >= 500), "failures": len(recorder.failures),
              "failure_messages": sorted({m for _, _, m in recorder.failures})[:3],
              "slices_MB_per_s": [round(rate, 1) for rate in slice_rates],
              "receipts": [r[3] for r in ready]}
    result.update(spent.per_gigabyte(gigabytes))
    if disks:
        # Each slice against the mean of the dd just before and just after it; the whole against the
        # mean of every dd taken.
        disk = statistics.mean(d[0] for d in disks)
        result.update(disk_MB_per_s=round(disk, 1), share_of_disk=round(result["MB_per_s"] / disk, 3),
                      disk_runs_MB_per_s=[[round(x) for x in d] for d in disks],
                      slice_shares=[round(rate / statistics.mean((disks[i][0], disks[i + 1][0])), 3)
                                    for i, rate in enumerate(slice_rates)])
    return result


class Spent:
    """CPU time counted only while the uploads run: the server's user and system seconds, this
    generator's, and the machine's all/steal/idle ticks. Steal is the hypervisor running something
    else while this VM wanted the CPU (a round with much of it ran on a slower machine); idle is what
    the uploads left unused of the two cores."""

    def __init__(self, pid):
        self.pid = pid
        self.server = [0.0, 0.0]
        self.client = 0.0
        self.machine = [0, 0, 0]
        self.marks = None

    def _now(self):
        times = os.times()
        return cpu_seconds(self.pid), times.user + times.system, machine_ticks()

    def resume(self):
        self.marks = self._now()

    def pause(self):
        server, client, machine = self._now()
        before_server, before_client, before_machine = self.marks
        if server and before_server:
            self.server = [self.server[i] + server[i] - before_server[i] for i in (0, 1)]
        self.client += client - before_client
        self.machine = [self.machine[i] + machine[i] - before_machine[i] for i in (0, 1, 2)]

    def per_gigabyte(self, gigabytes):
        ticks = max(1, self.machine[0])
        gigabytes = gigabytes or 1
        return {"server_user_s_per_GB": round(self.server[0] / gigabytes, 3),
                "server_sys_s_per_GB": round(self.server[1] / gigabytes, 3),
                "server_cpu_s_per_GB": round(sum(self.server) / gigabytes, 2),
                "client_s_per_GB": round(self.client / gigabytes, 3),
                "steal": round(self.machine[1] / ticks, 3), "idle": round(self.machine[2] / ticks, 3)}


def dd_runs(result):
    """The dd taken around and between the slices, as "[O_DIRECT MB/s, page cache MB/s]" each."""
    return ", ".join(f"[{direct}, {cached}]" for _, direct, cached in result["disk_runs_MB_per_s"])


def main():
    import argparse
    import datetime
    import random
    import shutil

    import checks
    import disk
    import prepare
    from evidence import EvidencePool
    from server import ServerProcess

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", action="append", required=True, help="an `approvals` build; give two to compare")
    parser.add_argument("--root", default=".", help="the project folder (Migrations/ and Public/)")
    parser.add_argument("--work", default=None)
    parser.add_argument("--rounds", type=int, default=2, help="rounds per binary, run in alternation")
    parser.add_argument("--uploaders", type=int, default=12, help="AO users uploading at once: 12 keep two cores busy (with 6 a tenth of the CPU sat idle while each waited for its keep)")
    parser.add_argument("--seconds", type=int, default=15, help="seconds of uploading per round, in all")
    parser.add_argument("--slices", type=int, default=1, help="the round's uploading in this many slices, the dd before each and after the last")
    parser.add_argument("--file-mb", type=int, default=50)
    parser.add_argument("--dd-mb", type=int, default=1024, help="MiB each of the fsync'd-files dd (O_DIRECT, then through the page cache) writes, before each slice and after the last")
    parser.add_argument("--serve-option", action="append", default=[])
    options = parser.parse_args()
    root = os.path.abspath(options.root)
    binaries = [os.path.abspath(b) for b in options.binary]
    work = os.path.abspath(options.work or os.path.join(os.environ.get("TMPDIR", "/tmp"), f"capacity-{os.getpid()}"))
    os.makedirs(work, exist_ok=True)
    mb = 1024 * 1024
    closes_at = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)
    template = os.path.join(work, "prepared")
    shutil.rmtree(template, ignore_errors=True)
    population = prepare.prepare(binaries[0], root, template, closes_at, options.uploaders, 1, 1,
                                 os.path.join(work, "prepare-server.log"))
    evidence = EvidencePool(work, options.file_mb + 1)
    verdicts = checks.Verdicts()
    rows = []
    for round_number in range(options.rounds):
        for label, binary in enumerate(binaries):
            data = os.path.join(work, "round")
            shutil.rmtree(data, ignore_errors=True)
            shutil.copytree(template, data)
            server = ServerProcess(binary, data, root, os.path.join(work, "server.log"),
                                   clock_start=closes_at - datetime.timedelta(hours=2), extra_args=options.serve_option)
            server.start()
            try:
                load = os.getloadavg()[0]
                result = asyncio.run(measure(server, population, evidence, random.Random(round_number), options.uploaders,
                                             options.seconds, options.file_mb * mb, options.slices,
                                             lambda: disk.upload_yardstick(data, options.file_mb, options.dd_mb)))
            finally:
                server.stop()
            if not result:
                sys.exit("no uploader could start a draft")
            checks.uploads_present(data, result.pop("receipts"), verdicts, f"round {round_number + 1}, binary {label + 1}")
            row = dict(result, binary=label + 1, load=load)
            rows.append(row)
            print(f"round {round_number + 1} binary {label + 1}: {row['MB_per_s']:.0f} MB/s {row['slices_MB_per_s']}, "
                  f"dd {row['disk_MB_per_s']:.0f} MB/s, the mean of {dd_runs(row)} "
                  f"({100 * row['share_of_disk']:.0f}%; slice by slice {[round(100 * s) for s in row['slice_shares']]}%); "
                  f"server CPU per GB {row['server_user_s_per_GB']:.2f}s user + "
                  f"{row['server_sys_s_per_GB']:.2f}s sys, generator {row['client_s_per_GB']:.2f}s; load {load:.1f}, "
                  f"steal {100 * row['steal']:.0f}%, idle {100 * row['idle']:.0f}%; "
                  f"5xx {row['fivexx']}, failures {row['failures']}, peak RSS {row['peak_rss_MB']} MB, "
                  f"pages per upload {row['pages_per_upload']}", flush=True)
    for label, binary in enumerate(binaries):
        mine = [r for r in rows if r["binary"] == label + 1]
        print(f"binary {label + 1} ({binary}): MB/s {[round(r['MB_per_s']) for r in mine]}, share of dd "
              f"{[round(100 * r['share_of_disk']) for r in mine]}%, server CPU s/GB {[r['server_cpu_s_per_GB'] for r in mine]}")
    for line in verdicts.lines():
        print(line)
    shutil.rmtree(os.path.join(work, "round"), ignore_errors=True)
    sys.exit(0 if verdicts.passed and all(r["fivexx"] == 0 and r["failures"] == 0 for r in rows) else 1)


if __name__ == "__main__":
    main()
