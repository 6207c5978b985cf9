"""Upload capacity: several AO users uploading large evidence files back to back into their drafts,
the aggregate rate over the whole interval compared with the disk's sequential write speed measured
by dd just before, in the same folder.

`deadline_day.py` runs it as part of its SIGKILL phase. Run as a script, it is that measure alone,
for comparing builds: one prepared folder, then rounds alternating between the binaries given (A B
A B ...), each round on a fresh copy of the folder with its own dd yardstick just before, and the
CPU the server and this generator spent per GB uploaded (less noisy on a shared machine than MB/s):

    python3 Benchmarks/deadline-day/capacity.py --binary OLD --binary NEW --rounds 3
"""
import asyncio
import os
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ beside the sources when run as a script

import ao_submission
import journeys
from server import cpu_seconds, machine_ticks, sample_rss
from stats import Recorder


async def measure(server, population, evidence, rng, uploaders, seconds, file_bytes):
    recorder = Recorder()
    run = journeys.Run(server.port, recorder, time.monotonic() + seconds + 600, rng)
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
                ready.append((organisation, session, reference, receipt))
                continue
        await session.close()
    if not ready:
        return None
    end = time.monotonic() + seconds
    counter = [0]

    async def uploader(organisation, session, reference, receipt):
        # Each next file from the documents page the last upload landed on, as a person would.
        tab = ao_submission.Tab()
        while time.monotonic() < end:
            counter[0] += 1
            file = await asyncio.to_thread(evidence.make, 900_000 + organisation * 1000 + counter[0], file_bytes)
            if not await ao_submission.upload(run, session, reference, [("other", file)], receipt, tab):
                break

    stop = asyncio.Event()
    sampler = asyncio.ensure_future(sample_rss(server, recorder, stop))
    began = time.monotonic()
    await asyncio.gather(*(uploader(*r) for r in ready))
    elapsed = time.monotonic() - began
    stop.set()
    await sampler
    total = sum(size for r in ready for _, size in r[3].documents)
    for _, session, _, _ in ready:
        await session.close()
    upload_latencies = sorted(s[3] for s in recorder.samples if s[1] == "upload")
    return {"uploaders": len(ready), "seconds": round(elapsed, 1), "uploaded_MB": round(total / 1e6, 1),
            "MB_per_s": round(total / 1e6 / elapsed, 1), "files": len(upload_latencies), "peak_rss_MB": round(recorder.peak_rss_mb(), 1),
            "pages_per_upload": round(sum(1 for s in recorder.samples if s[1] == "page") / max(1, len(upload_latencies)), 2),
            "fivexx": sum(1 for s in recorder.samples if s[4] >= 500), "failures": len(recorder.failures),
            "failure_messages": sorted({m for _, _, m in recorder.failures})[:3],
            "receipts": [r[3] for r in ready]}


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
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--file-mb", type=int, default=50)
    parser.add_argument("--dd-mb", type=int, default=1024, help="MiB each of the fsync'd-files dd (O_DIRECT, then through the page cache) writes before each round")
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
                disk_mb_s, direct_mb_s, cached_mb_s = disk.upload_yardstick(data, options.file_mb, options.dd_mb)
                load = os.getloadavg()[0]
                server_before, client_before, machine_before = cpu_seconds(server.pid), os.times(), machine_ticks()
                result = asyncio.run(measure(server, population, evidence, random.Random(round_number), options.uploaders,
                                             options.seconds, options.file_mb * mb))
                server_after, client_after, machine_after = cpu_seconds(server.pid), os.times(), machine_ticks()
            finally:
                server.stop()
            if not result:
                sys.exit("no uploader could start a draft")
            checks.uploads_present(data, result.pop("receipts"), verdicts, f"round {round_number + 1}, binary {label + 1}")
            gigabytes = result["uploaded_MB"] / 1000
            row = {"binary": label + 1, "load": load, "MB_per_s": result["MB_per_s"], "dd_MB_per_s": disk_mb_s,
                   "share": result["MB_per_s"] / disk_mb_s,
                   "server_user_s_per_GB": (server_after[0] - server_before[0]) / gigabytes,
                   "server_sys_s_per_GB": (server_after[1] - server_before[1]) / gigabytes,
                   "client_s_per_GB": (client_after.user + client_after.system - client_before.user - client_before.system) / gigabytes,
                   "steal": (machine_after[1] - machine_before[1]) / max(1, machine_after[0] - machine_before[0]),
                   "idle": (machine_after[2] - machine_before[2]) / max(1, machine_after[0] - machine_before[0]),
                   "fivexx": result["fivexx"], "failures": result["failures"], "rss": result["peak_rss_MB"],
                   "pages_per_upload": result["pages_per_upload"]}
            rows.append(row)
            print(f"round {round_number + 1} binary {label + 1}: {row['MB_per_s']:.0f} MB/s, dd {disk_mb_s:.0f} MB/s "
                  f"[O_DIRECT {direct_mb_s:.0f}, page cache {cached_mb_s:.0f}] "
                  f"({100 * row['share']:.0f}%); server CPU per GB {row['server_user_s_per_GB']:.2f}s user + "
                  f"{row['server_sys_s_per_GB']:.2f}s sys, generator {row['client_s_per_GB']:.2f}s; load {load:.1f}, "
                  f"steal {100 * row['steal']:.0f}%, idle {100 * row['idle']:.0f}%; "
                  f"5xx {row['fivexx']}, failures {row['failures']}, peak RSS {row['rss']} MB, "
                  f"pages per upload {row['pages_per_upload']}", flush=True)
    for label, binary in enumerate(binaries):
        mine = [r for r in rows if r["binary"] == label + 1]
        print(f"binary {label + 1} ({binary}): MB/s {[round(r['MB_per_s']) for r in mine]}, share of dd "
              f"{[round(100 * r['share']) for r in mine]}%, server CPU s/GB "
              f"{[round(r['server_user_s_per_GB'] + r['server_sys_s_per_GB'], 2) for r in mine]}")
    for line in verdicts.lines():
        print(line)
    shutil.rmtree(os.path.join(work, "round"), ignore_errors=True)
    sys.exit(0 if verdicts.passed and all(r["fivexx"] == 0 and r["failures"] == 0 for r in rows) else 1)


if __name__ == "__main__":
    main()
