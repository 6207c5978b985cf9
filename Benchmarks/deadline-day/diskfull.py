"""Disk full: the data folder on a small filesystem, filled up while people are signed in. Reads must
go on, nothing stored may be damaged, writes must be refused with a message a person understands
(not a bare 500), and once room is made the service writes again."""
import asyncio
import os
import shutil
import time

import ao_submission
from evidence import EvidencePool
import checks
import faults
import journeys
from httpclient import csrf_token
from server import ServerProcess
from stats import Recorder


def run(binary, root, template, folder, population, verdicts):
    data = os.path.join(folder, "data")
    shutil.copytree(template, data)
    server = ServerProcess(binary, data, root, os.path.join(os.path.dirname(folder), "disk-full-server.log"),
                           extra_args=["--ready-min-free-mb", "4"])
    server.start()
    try:
        result = asyncio.run(_play(server, folder, population, verdicts))
    finally:
        server.stop()
    checks.store_is_whole(data, None, verdicts, "disk full")
    checks.verify_audit(binary, root, data, verdicts, "disk full")
    print("== disk full: " + "; ".join(f"{k}: {v}" for k, v in result.items()))
    return result


async def _play(server, folder, population, verdicts):
    recorder = Recorder()
    run = journeys.Run(server.port, recorder, time.monotonic() + 120, __import__("random").Random(1))
    result = {}
    reader = run.session()
    _, email, password = population.ao_users[0]
    await journeys.sign_in(run, reader, email, password)
    api = run.session()
    api.bearer = next(iter(population.tokens.values()))
    admin = run.session()
    await journeys.sign_in(run, admin, *population.admin)

    # An AO user with a draft open, about to upload (when the organisation's pages are here).
    uploader = run.session(timeout=60.0)
    await journeys.sign_in(run, uploader, email, password)
    draft = ao_submission.Receipt(None)
    reference = await ao_submission.start_draft(run, uploader, population.ao_users[0][0], draft) \
        if await ao_submission.available(run, uploader) else None
    evidence = EvidencePool(os.path.dirname(folder), 4)

    filler = faults.fill(folder)
    result["filled"] = f"{os.path.getsize(filler) // (1024 * 1024)} MiB filler, {shutil.disk_usage(folder).free} bytes free"

    # Writes while full: the admin's form, a new sign-in (a session row), an upload when the pages exist.
    form = await admin.get("/organisations/new")
    answer = await admin.post_form("/organisations/new", {"csrf_token": csrf_token(form.body), "name": "Disk Full Awarding Body",
                                                          "ofqual_recognition_number": "RN9990", "ssa_scope": "6"})
    result["form write while full"] = f"{answer.status} {_message(answer)}"
    kept_while_full = answer.status in (302, 303)
    verdicts.check("disk full: a form write is either kept or refused with a message, not a bare 500",
                   kept_while_full or (answer.status != 500 and _clear(answer)), f"{answer.status}: {_message(answer)}")
    signer = run.session()
    signed = await journeys.sign_in(run, signer, *population.ao_users[1][1:])
    result["sign-in while full"] = "signed in" if signed else "refused"
    ready = await api.get("/readyz")
    result["readyz while full"] = f"{ready.status} {ready.text.strip()[:80]}"

    if reference:
        incoming = os.path.join(folder, "data", "documents", "incoming")
        before = len(os.listdir(incoming))
        big = evidence.make(777_001, 3 * 1024 * 1024)
        refused = ao_submission.Receipt(None)
        kept = await ao_submission.upload(run, uploader, reference, [("specification", big)], refused)
        message = refused.refusal or ""
        result["upload while full"] = "kept" if kept else f"{refused.stage}: {message[:200]}"
        verdicts.check("disk full: an upload is refused with a clear message", not kept and _clear_text(message),
                       result["upload while full"])
        verdicts.check("disk full: the refused upload left no partial file", len(os.listdir(incoming)) == before,
                       f"{len(os.listdir(incoming)) - before} left in documents/incoming")

    # Reads go on.
    reads = [await api.get("/api/v1/submissions?limit=50"), await api.get("/api/v1/changes?limit=50"),
             await reader.get("/account"), await reader.get("/assets/app.css")]
    verdicts.check("disk full: reads go on (API, pages, static)", all(r.status == 200 for r in reads),
                   ", ".join(str(r.status) for r in reads))

    # Room again: writes work.
    os.unlink(filler)
    form = await admin.get("/organisations/new")
    if form.status != 200:  # the admin's session may have been cut by the failed write: sign in again
        await journeys.sign_in(run, admin, *population.admin)
        form = await admin.get("/organisations/new")
    answer = await admin.post_form("/organisations/new", {"csrf_token": csrf_token(form.body), "name": "After Disk Full Awarding Body",
                                                          "ofqual_recognition_number": "RN9991", "ssa_scope": "6"})
    verdicts.check("disk full: writes work again once there is room", answer.status in (302, 303), f"{answer.status}")
    if kept_while_full:
        found = await faults.organisations_through_api(server.port, api.bearer)
        verdicts.check("disk full: the write acknowledged while full is there", "RN9990" in found)
    if reference:
        again = ao_submission.Receipt(None)
        kept = await ao_submission.upload(run, uploader, reference, [("specification", evidence.make(777_002, 3 * 1024 * 1024))], again)
        verdicts.check("disk full: uploads work again once there is room", kept, again.stage)
    for session in (reader, api, admin, signer, uploader):
        await session.close()
    return result


def _message(answer):
    import re
    text = re.sub(r"<[^>]+>", " ", answer.text)
    text = re.sub(r"\s+", " ", text).strip()
    return text[:160]


def _clear(answer):
    return _clear_text(answer.text)


def _clear_text(text):
    text = text.lower()
    return any(word in text for word in ("no room", "space", "storage", "disk is full"))
