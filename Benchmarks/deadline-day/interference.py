"""Do bad clients cost the others? A steady closed-loop load (people and the API asking as fast as
answers come) is measured alone, beside slowloris, slow uploads and vanished clients, then alone
again; the share kept is the rate beside them over the mean of the two rates alone."""
import asyncio
import random
import time

import bad_clients
import journeys
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


async def compare(server, population, profile, rng, upload_target="/sign-in", upload_length=60_000):
    sessions, seconds = profile["steady_sessions"], profile["steady_seconds"]
    before = await _steady(server.port, population, sessions, seconds, rng)
    stop = asyncio.Event()
    counts = {}
    token = next(iter(population.tokens.values()))
    tasks = bad_clients.start_all(server.port, stop, counts, profile["slowloris"], profile["slow_uploads"], profile["vanishing"],
                                  upload_target, "/api/v1/submissions.csv", read_headers=f"Authorization: Bearer {token}\r\n",
                                  upload_length=upload_length)
    await asyncio.sleep(2.0)  # let them all connect and start dribbling
    beside = await _steady(server.port, population, sessions, seconds, rng)
    stop.set()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    after = await _steady(server.port, population, sessions, seconds, rng)
    alone = (before["rate"] + after["rate"]) / 2
    return {"alone_before": before["rate"], "alone_after": after["rate"], "beside": beside["rate"],
            "ratio": beside["rate"] / alone if alone else 0.0, "p99_alone_ms": max(before["p99"], after["p99"]),
            "p99_beside_ms": beside["p99"], "fivexx": before["fivexx"] + beside["fivexx"] + after["fivexx"],
            "failures": before["failures"] + beside["failures"] + after["failures"],
            "bad_clients": f"{profile['slowloris']} slowloris, {profile['slow_uploads']} slow uploads, "
                           f"{profile['vanishing']} vanishing uploads and {profile['vanishing']} vanishing readers",
            "bad_connections_opened": counts}
