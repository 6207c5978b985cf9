#!/usr/bin/env python3
"""Instructions per MB uploaded, counted by callgrind on a release build: repeatable on a shared
machine, where MB/s is not. The server runs under valgrind over a prepared folder (one AO user with a
draft); after one small upload to warm it, the counters are zeroed, FILES evidence uploads of FILE_MB
each go through the real upload form (multipart, CSRF, the store), and the instructions of every
thread of the server in between are divided by the megabytes sent, in all and by shared object.

User space only: the kernel's share (the socket copy, the page cache, writeback) is not counted,
see capacity.py's CPU seconds per GB for that. Valgrind's CPU has no SHA extensions, so OpenSSL
hashes in software here (about 4x the instructions of SHA-NI): libcrypto's line is shown apart.

    python3 Benchmarks/deadline-day/upload_instructions.py --binary .build-release/release/approvals
"""
import argparse
import asyncio
import collections
import datetime
import glob
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import ao_submission  # noqa: E402
import journeys  # noqa: E402
import prepare  # noqa: E402
from evidence import EvidencePool  # noqa: E402
from server import free_port, iso  # noqa: E402
from stats import Recorder  # noqa: E402

MB = 1024 * 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--data-binary", default=None, help="the build that prepares the folder (default: --binary)")
    parser.add_argument("--root", default=".")
    parser.add_argument("--work", default=None)
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--file-mb", type=int, default=50)
    options = parser.parse_args()
    root = os.path.abspath(options.root)
    binary = os.path.abspath(options.binary)
    work = os.path.abspath(options.work or os.path.join(os.environ.get("TMPDIR", "/tmp"), f"upload-instructions-{os.getpid()}"))
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    closes_at = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)
    data = os.path.join(work, "data")
    population = prepare.prepare(os.path.abspath(options.data_binary or binary), root, data, closes_at, 1, 1, 1,
                                 os.path.join(work, "prepare.log"))
    evidence = EvidencePool(work, options.file_mb + 1)
    port = free_port()
    log = open(os.path.join(work, "serve.log"), "wb")
    server = subprocess.Popen(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={work}/callgrind.%p", binary, "serve", "--data", data,
         "--port", str(port), "--host", "127.0.0.1", "--public", os.path.join(root, "Public"),
         "--migrations", os.path.join(root, "Migrations"), "--log-level", "warning",
         "--clock-start", iso(closes_at - datetime.timedelta(hours=2))], stdout=log, stderr=subprocess.STDOUT, cwd=root)
    try:
        deadline = time.monotonic() + 600
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    sys.exit(f"the server did not start; see {work}/serve.log")
                time.sleep(0.5)
        sent = asyncio.run(_uploads(port, population, evidence, server.pid, options.files, options.file_mb * MB))
        for old in glob.glob(f"{work}/callgrind.{server.pid}.*"):
            os.unlink(old)
        subprocess.run(["callgrind_control", "-d", str(server.pid)], capture_output=True, check=True)
        dump = max(glob.glob(f"{work}/callgrind.{server.pid}.*"), key=os.path.getmtime)
    finally:
        server.terminate()
        server.wait()
    megabytes = sent / 1e6
    total, by_object = _self_cost_by_object(dump)
    print(f"{options.files} uploads of {options.file_mb} MiB ({megabytes:.1f} MB): "
          f"{total / megabytes / 1e6:.2f} M instructions per MB uploaded (server, all threads, user space); "
          f"without libcrypto {(total - by_object.get('libcrypto.so.3', 0)) / megabytes / 1e6:.2f} M")
    for name, count in by_object.most_common(6):
        print(f"  {name:32} {count / megabytes / 1e6:8.2f} M/MB")
    print(f"callgrind file: {dump}")


def _self_cost_by_object(path):
    """Total instructions and each shared object's own (exclusive) instructions, read from a callgrind
    file: cost lines count for the current `ob`, except the line after `calls=` (a callee's inclusive
    cost, already counted where it was spent)."""
    names = {}
    by_object = collections.Counter()
    current = "?"
    skip_next = False
    total = 0
    with open(path) as lines:
        for line in lines:
            if skip_next:
                skip_next = False
                continue
            if line.startswith("cob="):
                found = re.match(r"cob=\((\d+)\) (.*)", line.strip())
                if found:
                    names[found.group(1)] = os.path.basename(found.group(2))
            elif line.startswith("ob="):
                found = re.match(r"ob=\((\d+)\)(?: (.*))?", line.strip())
                if found:
                    if found.group(2):
                        names[found.group(1)] = os.path.basename(found.group(2))
                    current = names.get(found.group(1), "?")
                else:
                    current = os.path.basename(line.strip()[3:])
            elif line.startswith("calls="):
                skip_next = True
            elif line[:1].isdigit() or line[:1] in "+-*":
                fields = line.split()
                if len(fields) >= 2 and fields[-1].isdigit():
                    by_object[current] += int(fields[-1])
                    total += int(fields[-1])
    return total, by_object


async def _uploads(port, population, evidence, pid, files, file_bytes):
    recorder = Recorder()
    run = journeys.Run(port, recorder, time.monotonic() + 3600, None)
    session = run.session(timeout=1200.0)
    organisation, email, password = population.ao_users[0]
    receipt = ao_submission.Receipt(None)
    if not await journeys.sign_in(run, session, email, password):
        sys.exit("sign-in failed")
    reference = await ao_submission.start_draft(run, session, organisation, receipt)
    if not reference:
        sys.exit(f"no draft: {receipt.stage}")
    if not await ao_submission.upload(run, session, reference, [("other", evidence.make(1, MB))], receipt):
        sys.exit(f"warm-up upload failed: {receipt.stage} {receipt.refusal}")
    subprocess.run(["callgrind_control", "-z", str(pid)], capture_output=True, check=True)
    for number in range(files):
        file = evidence.make(100 + number, file_bytes)
        if not await ao_submission.upload(run, session, reference, [("other", file)], receipt):
            sys.exit(f"upload failed: {receipt.stage} {receipt.refusal}")
    await session.close()
    return files * file_bytes


if __name__ == "__main__":
    main()
