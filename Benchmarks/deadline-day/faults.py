"""Faults: the server killed with SIGKILL at random moments while people write, then restarted (the
clock carried on); and a data folder on a small filesystem that fills up."""
import asyncio
import json
import os
import subprocess
import time

import ao_submission
import journeys
from httpclient import Session, csrf_token


class Acknowledged:
    """Writes the service acknowledged during the kill phase, to look for afterwards."""

    def __init__(self):
        self.organisations = []   # recognition numbers added through the admin's form (303 seen)
        self.receipts = []        # AO submissions (ao_submission.Receipt)
        self.unanswered = 0       # writes cut off by a kill: their outcome is unknown, and either is fine


async def admin_writer(run, population, acknowledged, first_number):
    """The admin adds organisations one after another; each 303 is an acknowledged, audited write."""
    number = first_number
    session = None
    while run.remaining() > 0:
        if session is None:
            session = run.session(timeout=10.0)
            if not await journeys.sign_in(run, session, *population.admin):
                await session.close()
                session = None
                await asyncio.sleep(0.3)
                continue
        form = await run.call(session, "page", "GET", "/organisations/new")
        if form is None or form.status != 200:
            await session.close()
            session = None
            await asyncio.sleep(0.3)
            continue
        recognition = f"RN8{number:04d}"
        answer = await run.call(session, "form", "POST", "/organisations/new", fields={
            "csrf_token": csrf_token(form.body), "name": f"Kill-phase Awarding Body {number}",
            "ofqual_recognition_number": recognition, "ssa_scope": "6"})
        number += 1
        if answer is None:
            acknowledged.unanswered += 1
            await session.close()
            session = None
        elif answer.status in (302, 303):
            acknowledged.organisations.append(recognition)
        await asyncio.sleep(0.05)
    if session:
        await session.close()


async def killer(server, run, kills, rng, log):
    """SIGKILL at `kills` random moments, each followed by a restart as soon as possible."""
    span = run.remaining()
    moments = sorted(rng.uniform(0.15 * span, 0.85 * span) for _ in range(kills))
    origin = time.monotonic()
    for moment in moments:
        await asyncio.sleep(max(0.0, origin + moment - time.monotonic()))
        server.kill()
        restarted = time.monotonic()
        await asyncio.to_thread(server.start)
        log.append(f"killed at {moment:.1f}s, answering again after {time.monotonic() - restarted:.2f}s")


async def organisations_through_api(port, token):
    """Every organisation's recognition number, read page by page from the API."""
    session = Session("127.0.0.1", port)
    session.bearer = token
    numbers, target = set(), "/api/v1/organisations?limit=200"
    try:
        while target:
            answer = await session.get(target)
            body = json.loads(answer.body)
            numbers.update(item.get("ofqual_recognition_number") for item in body["items"])
            target = body["links"].get("next")
    finally:
        await session.close()
    return numbers


def mount_small_filesystem(folder, megabytes):
    """A tmpfs of `megabytes` MiB at `folder` (needs root); None when mounting is not allowed here."""
    os.makedirs(folder, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", folder], capture_output=True, text=True)
    return folder if done.returncode == 0 else None


def unmount(folder):
    subprocess.run(["umount", folder], capture_output=True)


def fill(folder, leave_bytes=0):
    """Writes a filler file until the filesystem refuses (ENOSPC), then frees `leave_bytes`."""
    path = os.path.join(folder, "filler.bin")
    block = b"\0" * (1 << 20)
    with open(path, "wb") as handle:
        try:
            while True:
                handle.write(block)
                handle.flush()
        except OSError:
            pass
    if leave_bytes:
        with open(path, "r+b") as handle:
            handle.truncate(max(0, os.path.getsize(path) - leave_bytes))
    return path


async def submission_writer(run, person, acknowledged, evidence, rng, file_bytes):
    """An AO user submitting one qualification after another while the server is being killed: each
    upload acknowledged (303) and each submit acknowledged goes into a receipt to look for later."""
    organisation, email, password = person
    session = None
    number = 0
    while run.remaining() > 0:
        if session is None:
            session = run.session(timeout=30.0)
            if not await journeys.sign_in(run, session, email, password):
                await session.close()
                session = None
                await asyncio.sleep(0.3)
                continue
        receipt = ao_submission.Receipt(None)
        acknowledged.receipts.append(receipt)
        reference = await ao_submission.start_draft(run, session, organisation, receipt)
        if reference is not None:
            files = []
            for kind in ao_submission.REQUIRED_KINDS:
                number += 1
                size = rng.randint(*file_bytes) if kind == "specification" else rng.randint(8_000, 64_000)
                files.append((kind, evidence.make(organisation * 100_000 + 50_000 + number, size)))
            if await ao_submission.upload(run, session, reference, files, receipt):
                await ao_submission.submit(run, session, reference, receipt)
        if receipt.acknowledged is None and receipt.stage not in ("acknowledged",):
            acknowledged.unanswered += 1
        await asyncio.sleep(0.05)
    if session:
        await session.close()
