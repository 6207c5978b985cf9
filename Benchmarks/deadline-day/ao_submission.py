"""The AO's submission on deadline day, through the organisation's pages (issue 5): start a
submission, fill its task list (saving the draft page by page, and again later), upload the evidence
(one file input per kind of document), then submit at the planned moment: many in the final minute,
some just after the window closes.

A receipt is what the AO holds afterwards: whether the service acknowledged the submit (and when,
by our clock), its reference, and the SHA-256 of every file sent. The checks compare receipts with
what the store kept. Every form is read from its page (forms.py), so the CSRF token, the record's
version and any hidden field travel exactly as a browser would send them."""
import asyncio
import re
import time

import forms
import journeys

REQUIRED_KINDS = ["specification", "assessment_materials", "mapping_template", "structure_document", "letter_of_support"]
KSB_MAPPING = "\n".join(f"ST0973,{code},Unit {n},Assignment {n}" for n, code in enumerate(["K1", "K2", "S1", "S2", "B1"], 1))
REFERENCE = re.compile(r"/organisation/submissions/([A-Z0-9][A-Z0-9\-]+)")


class Plan:
    def __init__(self, organisation, email, password, files, small_files, save_at, submit_at, sign_in_at):
        self.organisation, self.email, self.password = organisation, email, password
        self.files, self.small_files = files, small_files      # evidence.EvidenceFile: 5-50 MB, and a few KB
        self.save_at, self.submit_at, self.sign_in_at = save_at, submit_at, sign_in_at


class Receipt:
    def __init__(self, plan):
        self.plan = plan
        self.reference = None       # e.g. SUB-…
        self.acknowledged = None    # True: the submit was confirmed; False: refused; None: no answer
        self.refusal = None         # the message the refusal showed
        self.offers_exception = False
        self.sent_at = self.answered_at = None   # run offsets (monotonic seconds) of the submit
        self.documents = []         # (sha256, size) of each file the server took
        self.stage = "planned"      # how far the journey got, for the report


class Tab:
    """The page a person's browser tab shows, when a journey keeps it: after an upload the browser
    lands on the documents page, and the next file is uploaded from that page's form, not from a
    second fetch of the same page."""
    def __init__(self):
        self.page = None


async def available(run, session):
    """True when the organisation's pages offer submissions to a signed-in AO user."""
    answer = await run.call(session, "page", "GET", "/organisation")
    return answer is not None and answer.status == 200 and b"/organisation/submissions/new" in answer.body


async def _form(run, session, path, fragment=None):
    page = await run.call(session, "page", "GET", path)
    if page is None or page.status != 200:
        return None, page
    return forms.form_posting_to(page.body, fragment or path.split("?")[0]), page


async def _post(run, session, klass, form, kind, **typed):
    return await run.call(session, klass, "POST", form.action, kind=kind, fields=form.values(**typed))


async def _save_section(run, session, reference, section, **typed):
    form, _ = await _form(run, session, f"/organisation/submissions/{reference}/{section}")
    if form is None:
        return False
    answer = await _post(run, session, "form", form, f"POST /organisation/submissions/:id/{section}", **typed)
    return answer is not None and answer.status in (302, 303)


def _details(organisation, glh):
    return {"title": f"Level 3 Technical Occupational Entry in Digital Support {organisation:03d} (Certificate)",
            "level": "3", "age_groups": ["16_19", "adult"], "guided_learning_hours": str(glh),
            "total_qualification_time": str(glh + 60), "route": "digital", "sector_subject_area": "6.1"}


async def journey(run, session, plan, receipt):
    try:
        await _journey(run, session, plan, receipt)
    finally:
        await session.close()


async def _journey(run, session, plan, receipt):
    origin = run.recorder.origin
    await asyncio.sleep(max(0.0, origin + plan.sign_in_at - time.monotonic()))
    if not await journeys.sign_in(run, session, plan.email, plan.password):
        receipt.stage = "sign-in failed"
        return
    await run.call(session, "static", "GET", "/assets/app.css")
    await run.call(session, "page", "GET", "/organisation")

    reference = await start_draft(run, session, plan.organisation, receipt)
    if reference is None:
        return
    files = list(plan.files) + list(plan.small_files)
    if not await upload(run, session, reference, list(zip(REQUIRED_KINDS, files)), receipt):
        return

    # Later saves of the draft, as people go back over it before submitting.
    for moment in plan.save_at:
        if moment >= plan.submit_at:
            break
        await asyncio.sleep(max(0.0, origin + moment - time.monotonic()))
        await _save_section(run, session, reference, "details", **_details(plan.organisation, 360 + int(moment) % 40))

    await asyncio.sleep(max(0.0, origin + plan.submit_at - time.monotonic()))
    await submit(run, session, reference, receipt)


async def start_draft(run, session, organisation, receipt):
    """Starts a submission and fills its task list's sections; its reference, or None (the receipt's
    stage says why)."""
    form, _ = await _form(run, session, "/organisation/submissions/new")
    if form is None:
        receipt.stage = "no start form"
        return None
    details = _details(organisation, 360)
    cycle = (form.choices.get("cycle") or [""])[0]
    answer = await _post(run, session, "form", form, "POST /organisation/submissions/new", cycle=cycle,
                         category="occupational_entry", route="digital", title=details["title"])
    found = REFERENCE.search((answer.header("location") or "") if answer else "")
    if not found:
        receipt.stage = f"start refused ({answer.status if answer else 'no answer'})"
        return None
    receipt.reference = reference = found.group(1)
    await run.call(session, "page", "GET", f"/organisation/submissions/{reference}")
    ok = (await _save_section(run, session, reference, "details", **details)
          and await _save_section(run, session, reference, "standards", standards="ST0973", ksb_mapping=KSB_MAPPING)
          and await _save_section(run, session, reference, "demand",
                                  employer_demand_evidence="Letters from twelve employers in the region; a survey of 140 IT service firms."))
    receipt.stage = "draft saved" if ok else "sections not saved"
    return reference if ok else None


async def upload(run, session, reference, kinds_and_files, receipt, tab=None):
    """One upload form with a file in each named input; on success the files join the receipt. With a
    `tab`, the form is the one on the page it shows, when that is the documents page, and the tab
    then shows the page the upload lands on."""
    path = f"/organisation/submissions/{reference}/documents"
    form = forms.form_posting_to(tab.page.body, path) if tab is not None and tab.page is not None else None
    if form is None:
        form, _ = await _form(run, session, path)
    if form is None:
        receipt.stage = "no upload form"
        return False
    parts = [(kind, evidence.filename, "application/pdf", evidence.segments) for kind, evidence in kinds_and_files]
    kind = "POST /organisation/submissions/:id/documents"
    started = time.monotonic()
    try:
        answer = await session.post_multipart(form.action, form.values(), parts)
    except Exception as error:  # a failure below HTTP: recorded, and the journey stops here
        run.recorder.fail(kind, started, str(error))
        receipt.stage = "upload unanswered"
        return False
    run.recorder.record(kind, "upload", started, answer)
    if answer.status not in (302, 303):
        receipt.stage = f"upload refused ({answer.status})"
        receipt.refusal = _summary(answer)
        return False
    run.recorder.transfer("upload", started, time.monotonic(), sum(f.size for _, f in kinds_and_files))
    receipt.documents += [(f.sha256, f.size) for _, f in kinds_and_files]
    receipt.stage = "uploaded"
    landed = await run.call(session, "page", "GET", answer.header("location") or path)
    if tab is not None:
        tab.page = landed if landed is not None and landed.status == 200 else None
    return True


def _summary(answer):
    """What the page told the person: its error summary, else its main content, as plain text."""
    main = re.search(r"<main[^>]*>(.*?)</main>", answer.text, re.S)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main.group(1) if main else answer.text)).strip()
    return text.split("There is a problem", 1)[-1].strip()[:300]


async def submit(run, session, reference, receipt):
    """Finds the submit form (on the check-your-answers page, else the task list) and sends it."""
    task_list = f"/organisation/submissions/{reference}"
    form = None
    for path in (f"{task_list}/check", task_list):
        page = await run.call(session, "page", "GET", path)
        form = forms.form_posting_to(page.body, "/submit") if page is not None and page.status == 200 else None
        if form is not None:
            break
    if form is None:
        receipt.stage = "no submit form"
        return
    receipt.sent_at = run.recorder.now()
    answer = await _post(run, session, "submit", form, "POST /organisation/submissions/:id/submit")
    receipt.answered_at = run.recorder.now()
    if answer is None:
        receipt.stage = "submit unanswered"
        return
    if answer.status in (302, 303):
        receipt.acknowledged = True
        receipt.stage = "acknowledged"
        location = answer.header("location") or task_list
        await run.call(session, "page", "GET", location)
    else:
        receipt.acknowledged = False
        receipt.stage = f"refused ({answer.status})"
        receipt.refusal = _summary(answer)
        receipt.offers_exception = "late-submission exception" in answer.text
