"""Do bad clients cost the others? A steady closed-loop load (people and the API asking as fast as
answers come) is measured alone and beside slowloris, slow uploads and vanished clients, in
alternating rounds; the share kept is the mean rate beside them over the mean rate alone. The bad
clients run in a process of their own (see `bad_clients.Process`)."""
import asyncio
import random
import time

import bad_clients
import journeys
from server import sample_rss
from stats import Recorder, percentile


async def _steady(port, population, sessions, seconds, rng):
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
    for _, session in people:
        await session.close()
    latencies = sorted(s[3] for s in recorder.samples)
    return {"rate": len(recorder.samples) / elapsed, "p99": percentile(latencies, 0.99) * 1000,
            "fivexx": sum(1 for s in recorder.samples if s[4] >= 500), "failures": len(recorder.failures)}


async def compare(server, population, profile, rng, upload_target, upload_length):
    """`upload_target` is where the slow and vanishing uploads go: an upload route when there is one
    (its body is received into the multipart sink before anything else runs), else the sign-in form."""
    sessions, seconds = profile["steady_sessions"], profile["steady_seconds"]
    token = next(iter(population.tokens.values()))
    counts, alone, beside = {}, [], []
    memory, stop_sampling = Recorder(), asyncio.Event()
    sampler = asyncio.ensure_future(sample_rss(server, memory, stop_sampling))
    # Alone and beside alternate (alone first and last), so that the drift of a shared machine falls
    # on both sides alike.
    for round_number in range(2 * profile.get("interference_rounds", 1) + 1):
        if round_number % 2 == 0:
            alone.append(await _steady(server.port, population, sessions, seconds, rng))
            continue
        bad = bad_clients.Process(server.port, profile["slowloris"], profile["slow_uploads"], profile["vanishing"],
                                  upload_target, "/api/v1/submissions.csv", read_headers=f"Authorization: Bearer {token}\r\n",
                                  upload_length=upload_length)
        await bad.start()
        await asyncio.sleep(2.0)  # let them all connect and start dribbling
        beside.append(await _steady(server.port, population, sessions, seconds, rng))
        for kind, opened in (await bad.stop()).items():
            counts[kind] = counts.get(kind, 0) + opened
    stop_sampling.set()
    await sampler
    alone_rate = sum(r["rate"] for r in alone) / len(alone)
    beside_rate = sum(r["rate"] for r in beside) / len(beside)
    return {"alone": [round(r["rate"], 1) for r in alone], "beside_each": [round(r["rate"], 1) for r in beside],
            "alone_rate": alone_rate, "beside": beside_rate, "ratio": beside_rate / alone_rate if alone_rate else 0.0,
            "p99_alone_ms": max(r["p99"] for r in alone), "p99_beside_ms": max(r["p99"] for r in beside),
            "fivexx": sum(r["fivexx"] for r in alone + beside), "failures": sum(r["failures"] for r in alone + beside),
            "bad_clients": f"{profile['slowloris']} slowloris, {profile['slow_uploads']} slow uploads, "
                           f"{profile['vanishing']} vanishing uploads and {profile['vanishing']} vanishing readers",
            "bad_connections_opened": counts, "peak_rss_MB": round(memory.peak_rss_mb(), 1)}
