"""The last hour of the submission window, compressed: everyone at once, the window closing
`lead` seconds into the run, `tail` seconds after it. Returns the recorder and the receipts."""
import asyncio
import random
import re
import time

import ao_submission
import journeys
from httpclient import Session
from server import sample_rss
from stats import Recorder

AO_FALLBACK_PAGES = ["/", "/account", "/account/password"]
STAFF_FALLBACK_PAGES = ["/", "/account", "/api/v1/docs"]
DOCUMENT_LINK = re.compile(r"/documents/")


async def probe(port, email, password, path):
    """Whether `path` answers 200 for this person (routes of other issues may not be here yet)."""
    session = Session("127.0.0.1", port)
    recorder = Recorder()
    run = journeys.Run(port, recorder, time.monotonic() + 30, random.Random(0))
    try:
        if not await journeys.sign_in(run, session, email, password):
            return False, None
        answer = await session.get(path)
        return answer.status == 200, answer
    finally:
        await session.close()


async def submissions_ready(port, population):
    """Whether the organisation's submission pages are on this build."""
    session = Session("127.0.0.1", port)
    run = journeys.Run(port, Recorder(), time.monotonic() + 30, random.Random(0))
    try:
        _, email, password = population.ao_users[0]
        return await journeys.sign_in(run, session, email, password) and await ao_submission.available(run, session)
    finally:
        await session.close()


def plan(population, profile, evidence, rng):
    """Who does what when, decided before the server starts (hashing the evidence takes a while):
    each AO user's sign-in moment, and for the first user of each AO a submission plan with its
    evidence files, its later saves and its submit moment (seconds from the start of the run)."""
    lead, tail = profile["lead"], profile["tail"]
    people, plans, number = [], {}, 0
    for organisation, email, password in population.ao_users:
        sign_in_at = rng.uniform(0, lead * 0.6)
        people.append((organisation, email, password, sign_in_at))
        if any(p.organisation == organisation for p in plans.values()):
            continue
        files, small = [], []
        for _ in range(rng.choice(profile["files_per_submission"])):
            number += 1
            files.append(evidence.make(number, rng.randint(*profile["file_bytes"])))
        for _ in range(len(ao_submission.REQUIRED_KINDS) - len(files)):
            number += 1
            small.append(evidence.make(number, rng.randint(8_000, 64_000)))
        plans[email] = ao_submission.Plan(organisation, email, password, files, small,
                                          save_at=sorted(rng.uniform(sign_in_at, lead * 0.7) for _ in range(2)),
                                          submit_at=_submit_moment(rng, lead, tail), sign_in_at=sign_in_at)
    return people, plans


async def play(server, population, profile, planned, rng):
    people, plans = planned
    recorder = Recorder()
    started = time.monotonic()
    # The server's clock began at its process start, a little before this run: the close is at this
    # run's offset `lead` less that head start.
    lead = profile["lead"] - (started - server.first_started)
    tail = profile["tail"]
    recorder.origin = started
    run = journeys.Run(server.port, recorder, started + lead + tail, rng)
    stop = asyncio.Event()
    sampler = asyncio.ensure_future(sample_rss(server, recorder, stop))

    ready = await submissions_ready(server.port, population)
    institute_ready, _ = await probe(server.port, *population.reviewers[0], "/institute")

    tasks, receipts = [], []
    for organisation, email, password, sign_in_at in people:
        plan = plans.get(email)
        if ready and plan is not None:
            receipt = ao_submission.Receipt(plan)
            receipts.append(receipt)
            tasks.append(ao_submission.journey(run, Session("127.0.0.1", server.port, timeout=120), plan, receipt))
        else:
            pages = ["/organisation"] if ready else AO_FALLBACK_PAGES
            # An AO's evidence files are downloads, as a reviewer's are: timed as transfers, not held
            # to the 200 ms of a page (a 50 MB file is most of that on the wire alone).
            tasks.append(_browse_as(run, email, password, sign_in_at, pages, DOCUMENT_LINK))
    for email, password in population.reviewers:
        pages = ["/institute"] if institute_ready else STAFF_FALLBACK_PAGES
        tasks.append(_browse_as(run, email, password, rng.uniform(0, lead * 0.3), pages, DOCUMENT_LINK, think=(1.0, 4.0)))
    seen = set()
    for token in population.tokens.values():
        tasks.append(journeys.api_poller(run, token, seen, poll_every=profile["poll_every"]))
    await asyncio.gather(*tasks, return_exceptions=False)
    stop.set()
    await sampler
    return recorder, receipts, {"submissions": ready, "institute": institute_ready,
                                "close_offset": lead, "duration": time.monotonic() - started}


def _submit_moment(rng, lead, tail):
    """Many in the final minute; some a little too late; the rest earlier in the hour."""
    draw = rng.random()
    final = min(60.0, lead * 0.4)
    if draw < 0.55:
        return rng.uniform(lead - final, lead)
    if draw < 0.70:
        return rng.uniform(lead, lead + min(tail, 20.0) * 0.8)
    return rng.uniform(lead * 0.3, lead - final)


async def _browse_as(run, email, password, sign_in_at, pages, documents, think=(2.0, 6.0)):
    """Signs in at `sign_in_at`, then either walks the links under `pages[0]` (the area exists) or
    visits the given pages in turn."""
    await asyncio.sleep(sign_in_at)
    session = run.session(timeout=60.0)
    try:
        if not await journeys.sign_in(run, session, email, password):
            return
        await run.call(session, "static", "GET", "/assets/app.css")
        if len(pages) == 1:
            await journeys.browse(run, session, pages[0], pages, downloads=documents, think=think)
        else:
            while run.remaining() > 0:
                await run.call(session, "page", "GET", run.rng.choice(pages))
                await run.pause(*think)
    finally:
        await session.close()
