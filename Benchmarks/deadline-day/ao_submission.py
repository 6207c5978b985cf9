"""The AO's submission on deadline day, kept apart so that it can be wired to the organisation's
pages (issue 5) as they land: a draft saved a few times, evidence uploaded, then submitted at the
planned moment, many in the final minute and some just after the window closes.

A receipt is what the AO holds afterwards: whether the service acknowledged the submit (and when,
by our clock), its reference, and the SHA-256 of every file sent. The checks compare receipts with
what the store kept.

PENDING: the submission pages are not on this branch yet; `available` says so and the run reports
the submission scenario as pending rather than pretending it ran."""
import time


class Plan:
    def __init__(self, organisation, email, password, files, save_at, submit_at, sign_in_at):
        self.organisation, self.email, self.password = organisation, email, password
        self.files, self.save_at, self.submit_at, self.sign_in_at = files, save_at, submit_at, sign_in_at


class Receipt:
    def __init__(self, plan):
        self.plan = plan
        self.reference = None       # e.g. SUB-…: read from the confirmation or the draft's page
        self.submission_id = None
        self.acknowledged = None    # True: confirmation shown; False: refused; None: no answer
        self.refusal = None         # the message the refusal showed
        self.offers_exception = False
        self.sent_at = self.answered_at = None   # run offsets (monotonic, seconds)
        self.documents = []         # (sha256, size) of each file the server took


async def available(run, session):
    """True when the organisation's submission pages answer for a signed-in AO user."""
    answer = await run.call(session, "page", "GET", "/organisation", kind="GET /organisation")
    return answer is not None and answer.status == 200 and b"/organisation/submissions" in answer.body


async def journey(run, session, plan, receipt):
    raise NotImplementedError("the AO submission pages (issue 5) are not wired yet")
