"""Do bad clients cost the others? A steady closed-loop load (people and the API asking as fast as
answers come) is measured alone and beside slowloris, slow uploads and vanished clients, in
alternating rounds; the share kept is the mean rate beside them over the mean rate alone. The bad
clients run in a process of their own (see `bad_clients.Process`).

On a machine of two cores the load generator, the bad clients and the server share the same CPUs, so
a round's rate also moves with what else runs. Two figures say what the server itself paid: each
beside round against the mean of the alone rounds either side of it (drift cancels), and the server's
CPU time per steady request alone and beside (from /proc: if the bad clients cost the server work,
every good request costs more). The bad clients' own CPU share is reported too: on a real network it
is spent on other machines."""
import asyncio
import time

import bad_clients
import journeys
from server import cpu_seconds, sample_rss
from stats import Recorder, percentile


def total_cpu_seconds(pid):
    """User plus system CPU seconds of a process so far (None when it is gone)."""
    both = cpu_seconds(pid)
    return None if both is None else sum(both)


async def _steady(port, population, sessions, seconds, rng, server_pid=None):
    recorder = Recorder()
    run = journeys.Run(port, recorder, time.monotonic() + seconds + 1000, rng)  # ended by the flag below
    people = []
    for index in range(sessions):
        session = run.session(timeout=30.0)
        if index % 4 == 3:
            session.bearer = list(population.tokens.values())[index % len(population.tokens)]
        else:
            _, email, password = population.ao_users[index % len(population.ao_users)]
            await journeys.sign_in(run, session, email, password)
        people.append((index, session))
    recorder.samples.clear()
    cpu_before = total_cpu_seconds(server_pid)
    start = time.monotonic()
    end = start + seconds

    async def loop(index, session):
        targets = ["/api/v1/submissions?limit=50", "/api/v1/changes?limit=100"] if session.bearer else ["/", "/account", "/assets/app.css"]
        n = 0
        while time.monotonic() < end:
            target = targets[n % len(targets)]
            await run.call(session, "api" if session.bearer else "page", "GET", target)
            n += 1

    await asyncio.gather(*(loop(i, s) for i, s in people))
    elapsed = time.monotonic() - start
    cpu_after = total_cpu_seconds(server_pid)
    for _, session in people:
        await session.close()
    latencies = sorted(s[3] for s in recorder.samples)
    server_cpu = cpu_after - cpu_before if cpu_before is not None and cpu_after is not None else None
    return {"rate": len(recorder.samples) / elapsed, "p99": percentile(latencies, 0.99) * 1000,
            "server_cpu_ms_per_request": 1000 * server_cpu / len(recorder.samples) if server_cpu and recorder.samples else None,
            "fivexx": sum(1 for s in recorder.samples if s[4] >= 500), "failures": len(recorder.failures)}


async def compare(server, population, profile, rng, upload_target, upload_length):
    """`upload_target` is where the slow and vanishing uploads go: an upload route when there is one
    (its body is received into the multipart sink before anything else runs), else the sign-in form."""
    sessions, seconds = profile["steady_sessions"], profile["steady_seconds"]
    token = next(iter(population.tokens.values()))
    counts, alone, beside, bad_cpu_shares = {}, [], [], []
    memory, stop_sampling = Recorder(), asyncio.Event()
    sampler = asyncio.ensure_future(sample_rss(server, memory, stop_sampling))
    # Alone and beside alternate (alone first and last), so that the drift of a shared machine falls
    # on both sides alike.
    for round_number in range(2 * profile.get("interference_rounds", 1) + 1):
        if round_number % 2 == 0:
            alone.append(await _steady(server.port, population, sessions, seconds, rng, server.pid))
            continue
        bad = bad_clients.Process(server.port, profile["slowloris"], profile["slow_uploads"], profile["vanishing"],
                                  upload_target, "/api/v1/submissions.csv", read_headers=f"Authorization: Bearer {token}\r\n",
                                  upload_length=upload_length)
        await bad.start()
        await asyncio.sleep(2.0)  # let them all connect and start dribbling
        bad_cpu_before, began = total_cpu_seconds(bad.pid), time.monotonic()
        beside.append(await _steady(server.port, population, sessions, seconds, rng, server.pid))
        bad_cpu_after = total_cpu_seconds(bad.pid)
        if bad_cpu_before is not None and bad_cpu_after is not None:
            bad_cpu_shares.append((bad_cpu_after - bad_cpu_before) / (time.monotonic() - began))
        for kind, opened in (await bad.stop()).items():
            counts[kind] = counts.get(kind, 0) + opened
    stop_sampling.set()
    await sampler
    alone_rate = sum(r["rate"] for r in alone) / len(alone)
    beside_rate = sum(r["rate"] for r in beside) / len(beside)
    # Round 2k+1 (beside) sits between alone rounds k and k+1.
    pairs = [beside[k]["rate"] / ((alone[k]["rate"] + alone[k + 1]["rate"]) / 2) for k in range(len(beside))]

    def mean_cpu(rounds):
        values = [r["server_cpu_ms_per_request"] for r in rounds if r["server_cpu_ms_per_request"] is not None]
        return round(sum(values) / len(values), 3) if values else None

    return {"alone": [round(r["rate"], 1) for r in alone], "beside_each": [round(r["rate"], 1) for r in beside],
            "beside_over_neighbours": [round(p, 3) for p in pairs],
            "server_cpu_ms_per_request_alone": mean_cpu(alone), "server_cpu_ms_per_request_beside": mean_cpu(beside),
            "bad_clients_cpu_share": round(sum(bad_cpu_shares) / len(bad_cpu_shares), 3) if bad_cpu_shares else None,
            "alone_rate": alone_rate, "beside": beside_rate, "ratio": beside_rate / alone_rate if alone_rate else 0.0,
            "p99_alone_ms": max(r["p99"] for r in alone), "p99_beside_ms": max(r["p99"] for r in beside),
            "fivexx": sum(r["fivexx"] for r in alone + beside), "failures": sum(r["failures"] for r in alone + beside),
            "bad_clients": f"{profile['slowloris']} slowloris, {profile['slow_uploads']} slow uploads, "
                           f"{profile['vanishing']} vanishing uploads and {profile['vanishing']} vanishing readers",
            "bad_connections_opened": counts, "peak_rss_MB": round(memory.peak_rss_mb(), 1)}
