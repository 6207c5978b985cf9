"""What the people of deadline day do, apart from submitting (ao_submission.py): AO users sign in
and look at their pages, reviewers browse their queues and download documents, DfE and Ofqual poll
the API and its change feed. Each journey runs until the run's end and records every request."""
import asyncio
import re
import time

from httpclient import HTTPError, Session, csrf_token

HREF = re.compile(rb'href="(/[^"#]*)"')
ID_SEGMENT = re.compile(r"^(?=.*\d)[A-Za-z0-9_\-]{6,}$|^[0-9a-f]{64}$|^\d+$")


def route_of(path):
    """A path as a route pattern, for grouping: identifiers and references become `:id`."""
    path = path.split("?", 1)[0]
    return "/".join(":id" if ID_SEGMENT.match(s) else s for s in path.split("/")) or "/"


class Run:
    """What every journey shares: where the server is, when the run ends, the recorder."""

    def __init__(self, port, recorder, ends_at, rng):
        self.port, self.recorder, self.ends_at, self.rng = port, recorder, ends_at, rng

    def session(self, timeout=30.0):
        return Session("127.0.0.1", self.port, timeout=timeout)

    def remaining(self):
        return self.ends_at - time.monotonic()

    async def pause(self, low, high):
        await asyncio.sleep(min(max(0.0, self.remaining()), self.rng.uniform(low, high)))

    async def call(self, session, klass, method, target, kind=None, **kwargs):
        """One request, recorded under `kind` (default: method and route pattern). None on a failure
        below HTTP (recorded as a failure: a time-out, a reset or a refused connection)."""
        kind = kind or f"{method} {route_of(target)}"
        started = time.monotonic()
        try:
            if method == "POST" and "fields" in kwargs:
                response = await session.post_form(target, kwargs.pop("fields"))
            else:
                response = await session.request(method, target, **kwargs)
        except HTTPError as error:
            self.recorder.fail(kind, started, str(error))
            return None
        self.recorder.record(kind, klass, started, response)
        return response


async def sign_in(run, session, email, password):
    page = await run.call(session, "page", "GET", "/sign-in")
    if page is None:
        return False
    answer = await run.call(session, "signin", "POST", "/sign-in",
                            fields={"csrf_token": csrf_token(page.body), "next": "", "email": email, "password": password})
    return answer is not None and answer.status in (302, 303)


async def browse(run, session, start, prefixes, downloads=None, think=(1.0, 4.0)):
    """A random walk over the pages linked from `start` whose path begins with one of `prefixes`;
    links to documents are downloaded (recorded as transfers) when `downloads` is a pattern."""
    here = start
    while run.remaining() > 0:
        page = await run.call(session, "page", "GET", here)
        links = []
        if page is not None and page.status == 200:
            links = [h.decode() for h in HREF.findall(page.body)]
        documents = [l for l in links if downloads and downloads.search(l)]
        if documents and run.rng.random() < 0.3:
            target = run.rng.choice(documents)
            started = time.monotonic()
            answer = await run.call(session, "download", "GET", target)
            if answer is not None and answer.status == 200:
                run.recorder.transfer("download", started, time.monotonic(), len(answer.body))
        candidates = [l for l in links if any(l.startswith(p) for p in prefixes) and not (downloads and downloads.search(l))]
        here = run.rng.choice(candidates) if candidates and run.rng.random() < 0.8 else start
        await run.pause(*think)


async def api_poller(run, token, seen_documents, poll_every=1.0, download_share=0.25):
    """DfE or Ofqual keeping its copy in step: the change feed every `poll_every` seconds (following
    `links.next` to the end), the submissions list every few polls, and some of the documents of the
    submissions it has not seen yet. Stays under the API's rate limit (20 a second)."""
    import json
    session = run.session(timeout=60.0)
    session.bearer = token
    cursor = None
    polls = 0
    try:
        while run.remaining() > 0:
            target = "/api/v1/changes?limit=200" + (f"&after={cursor}" if cursor else "")
            while target and run.remaining() > 0:
                answer = await run.call(session, "api", "GET", target, kind="GET /api/v1/changes")
                if answer is None or answer.status != 200:
                    break
                body = json.loads(answer.body)
                cursor = body.get("cursor") or cursor
                target = (body.get("links") or {}).get("next")
            if polls % 3 == 0:
                answer = await run.call(session, "api", "GET", "/api/v1/submissions?limit=50", kind="GET /api/v1/submissions")
                if answer is not None and answer.status == 200:
                    for item in json.loads(answer.body).get("items", [])[:10]:
                        detail = await run.call(session, "api", "GET", f"/api/v1/submissions/{item['id']}",
                                                kind="GET /api/v1/submissions/:id")
                        if detail is None or detail.status != 200:
                            continue
                        for document in _documents(json.loads(detail.body)):
                            if document["id"] in seen_documents or run.rng.random() > download_share:
                                continue
                            seen_documents.add(document["id"])
                            started = time.monotonic()
                            got = await run.call(session, "download", "GET", document["href"], kind="GET /api/v1/documents/:id")
                            if got is not None and got.status == 200:
                                run.recorder.transfer("download", started, time.monotonic(), len(got.body))
            polls += 1
            await run.pause(poll_every * 0.8, poll_every * 1.2)
    finally:
        await session.close()


def _documents(submission):
    for version in submission.get("versions", []) or []:
        for document in version.get("documents", []) or []:
            if "href" in document:
                yield document
