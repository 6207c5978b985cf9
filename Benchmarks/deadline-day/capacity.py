"""Upload capacity: several AO users uploading large evidence files back to back into their drafts,
the aggregate rate over the whole interval compared with the disk's sequential write speed measured
by dd just before, in the same folder."""
import asyncio
import time

import ao_submission
import journeys
from server import sample_rss
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
        while time.monotonic() < end:
            counter[0] += 1
            file = await asyncio.to_thread(evidence.make, 900_000 + organisation * 1000 + counter[0], file_bytes)
            if not await ao_submission.upload(run, session, reference, [("other", file)], receipt):
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
            "fivexx": sum(1 for s in recorder.samples if s[4] >= 500), "failures": len(recorder.failures),
            "failure_messages": sorted({m for _, _, m in recorder.failures})[:3],
            "receipts": [r[3] for r in ready]}
