#!/usr/bin/env python3
"""The Institute's pages one request at a time on a given data folder (issue 9: their p99 at the
deadline peak): for each route, the latency and the server's CPU time per request, which a shared
machine disturbs far less than latency (the CPU time of every thread of the server, from
/proc/PID/task/*/schedstat, in nanoseconds).

    python3 Benchmarks/institute-pages.py --binary .build-release/release/approvals \
        --data /tmp/dd/deadline [--data /tmp/dd/prepared] [--requests 40]

Each data folder is copied (its SQLite file only: the pages read no documents) so the original
stays as it was; a reviewer and an administrator are added to the copy with `approvals users add`
and sign in through the pages. A deadline-day folder kept with
`scripts/deadline-day.sh --work DIR` has `prepared/` (before the hour) and `deadline/` (after it).
"""
import argparse
import asyncio
import glob
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "deadline-day"))

from httpclient import Session, csrf_token  # noqa: E402
from server import ServerProcess  # noqa: E402

PASSWORD = "institute-pages-timing-1"
ROUTES = {
    "reviewer": ["/institute", "/institute/submissions", "/institute/submissions?q=level&sort=deadline", "/institute/submissions?page=3",
                 "/institute/proposals?sort=deadline", "/institute/audit", "/institute/audit?action=submit",
                 "/institute/export/submissions"],
    "admin": ["/institute", "/institute/submissions?state=submitted", "/institute/audit"],
}


def detail_routes(database):
    """A submitted submission's and proposal's own pages (the Institute's worst p99 on deadline day)."""
    with sqlite3.connect(database) as db:
        routes = []
        for table, path in (("submissions", "/institute/submissions/"), ("proposals", "/institute/proposals/")):
            row = db.execute(f"SELECT reference FROM {table} WHERE state = 'submitted' ORDER BY reference LIMIT 1").fetchone()
            if row:
                routes.append(path + row[0])
        return routes


def cpu_ns(pid):
    total = 0
    for path in glob.glob(f"/proc/{pid}/task/*/schedstat"):
        try:
            with open(path) as handle:
                total += int(handle.read().split()[0])
        except (FileNotFoundError, ProcessLookupError):
            pass  # a thread that ended between the listing and the read
    return total


def sizes(database):
    with sqlite3.connect(database) as db:
        return {table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("organisations", "users", "proposals", "submissions", "audit_events")}


async def signed_in(port, binary, root, data, role):
    email = f"timing-{role}@institute.example"
    out = subprocess.run([binary, "users", "add", "--data", data, "--migrations", os.path.join(root, "Migrations"), "--email", email,
                          "--name", f"Timing {role.title()}", "--org", "institute", "--role", role, "--days", "1",
                          "--base-url", f"http://127.0.0.1:{port}"], check=True, capture_output=True, text=True).stdout
    token = re.search(r"token=(\S+)", out).group(1)
    session = Session("127.0.0.1", port)
    form = await session.get(f"/account/set-password?token={token}")
    answer = await session.post_form("/account/set-password", {"csrf_token": csrf_token(form.body), "token": token,
                                                                "new_password": PASSWORD, "confirm_password": PASSWORD})
    assert answer.status in (302, 303), f"set-password answered {answer.status}"
    page = await session.get("/sign-in")
    answer = await session.post_form("/sign-in", {"csrf_token": csrf_token(page.body), "next": "", "email": email, "password": PASSWORD})
    assert answer.status in (302, 303), f"sign-in answered {answer.status}"
    return session


async def measure(server, binary, root, data, requests):
    results = []
    details = detail_routes(os.path.join(data, "approvals.sqlite"))
    for role, routes in ROUTES.items():
        routes = routes + details
        session = await signed_in(server.port, binary, root, data, role)
        for route in routes:
            for _ in range(3):  # warm: statement caches, the chain's first full walk
                await session.get(route)
            latencies, before = [], cpu_ns(server.pid)
            for _ in range(requests):
                started = time.perf_counter()
                response = await session.get(route)
                latencies.append((time.perf_counter() - started) * 1000)
                assert response.status == 200, f"{route} answered {response.status}"
            cpu = (cpu_ns(server.pid) - before) / requests / 1e6
            latencies.sort()
            results.append((role, route, statistics.median(latencies), latencies[int(0.9 * (len(latencies) - 1))], cpu, len(response.body)))
        await session.close()
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=".build-release/release/approvals")
    parser.add_argument("--root", default=".")
    parser.add_argument("--data", action="append", required=True, help="a data folder (approvals.sqlite); repeat for several")
    parser.add_argument("--requests", type=int, default=40)
    options = parser.parse_args()
    binary, root = os.path.abspath(options.binary), os.path.abspath(options.root)
    for source in options.data:
        work = tempfile.mkdtemp(prefix="institute-pages-")
        data = os.path.join(work, "data")
        os.makedirs(data)
        for suffix in ("", "-wal"):
            if os.path.exists(os.path.join(source, "approvals.sqlite" + suffix)):
                shutil.copy(os.path.join(source, "approvals.sqlite" + suffix), os.path.join(data, "approvals.sqlite" + suffix))
        server = ServerProcess(binary, data, root, os.path.join(work, "server.log"))
        server.start()
        try:
            print(f"== {source}: {sizes(os.path.join(data, 'approvals.sqlite'))}; load average {os.getloadavg()[0]:.1f}")
            results = asyncio.run(measure(server, binary, root, data, options.requests))
        finally:
            server.stop()
        print(f"{'who':9} {'route':48} {'p50 ms':>8} {'p90 ms':>8} {'CPU ms/req':>11} {'bytes':>9}")
        for role, route, p50, p90, cpu, size in results:
            print(f"{role:9} {route:48} {p50:8.1f} {p90:8.1f} {cpu:11.2f} {size:9}")
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
