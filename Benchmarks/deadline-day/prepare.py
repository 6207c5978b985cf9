"""The data folder the run starts from, made only through the service's own commands and pages:
`approvals migrate` and `demo-data` (whose current cycle's submission window is placed so that it
closes at the chosen instant), the awarding organisations through the admin's form, the people with
`approvals users add` (their passwords set through the single-use links, as a person would), and
DfE's and Ofqual's tokens with `approvals tokens create`."""
import asyncio
import concurrent.futures
import datetime
import os
import re
import subprocess

from httpclient import Session, csrf_token
from server import ServerProcess, iso

# demo-data opens the current cycle's submission window 28 days after the instant it is given.
DEMO_SUBMISSION_CLOSES_AFTER = datetime.timedelta(days=28)
PASSWORD = "deadline-day-load-{}"   # formatted with the person's number: long enough for the policy


class Population:
    """Who takes part: emails, passwords and tokens, as the prepared folder knows them."""

    def __init__(self):
        self.organisations = []   # (index, recognition number)
        self.ao_users = []        # (organisation index, email, password)
        self.reviewers = []       # (email, password)
        self.tokens = {}          # name -> bearer token
        self.admin = None         # (email, password)


def run(binary, root, *args):
    done = subprocess.run([binary, *args, "--migrations", os.path.join(root, "Migrations")],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"approvals {' '.join(args[:2])} failed: {done.stdout}{done.stderr}")
    return done.stdout


def prepare(binary, root, data, closes_at, organisations, users_per_organisation, reviewers, log):
    os.makedirs(data, exist_ok=True)
    population = Population()
    run(binary, root, "migrate", "--data", data)
    demo = run(binary, root, "demo-data", "--data", data, "--now", iso(closes_at - DEMO_SUBMISSION_CLOSES_AFTER))
    found = re.search(r"admin@institute\.example / (\S+)", demo)
    population.admin = ("admin@institute.example", found.group(1))

    # The organisations through the admin's own form (there is no command for them).
    server = ServerProcess(binary, data, root, log)
    server.start()
    try:
        asyncio.run(_add_organisations(server.port, population, organisations))
        # People: `approvals users add`, a few at a time (each is a short process on the SQLite file).
        plans = [(o, f"editor{u}@ao{o:03d}.example", "ao_editor", f"RN7{o:03d}")
                 for o, _ in population.organisations for u in range(1, users_per_organisation + 1)]
        plans += [(None, f"reviewer{r:02d}@institute.example", "reviewer", "institute") for r in range(1, reviewers + 1)]

        def add(plan):
            organisation, email, role, org = plan
            out = run(binary, root, "users", "add", "--data", data, "--email", email, "--name", email.split("@")[0].title(),
                      "--org", org, "--role", role, "--days", "30", "--base-url", f"http://127.0.0.1:{server.port}")
            return plan, re.search(r"token=(\S+)", out).group(1)

        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            links = list(pool.map(add, plans))
        asyncio.run(_set_passwords(server.port, links, population))
    finally:
        server.stop()
    expires = (datetime.date.today() + datetime.timedelta(days=60)).isoformat()
    for name in ("DfE deadline-day poller", "Ofqual deadline-day poller"):
        out = run(binary, root, "tokens", "create", "--data", data, "--name", name, "--expires", expires)
        population.tokens[name] = out.strip().splitlines()[-1].strip()
    return population


async def sign_in(session, email, password):
    page = await session.get("/sign-in")
    answer = await session.post_form("/sign-in", {"csrf_token": csrf_token(page.body), "next": "", "email": email,
                                                 "password": password})
    if answer.status not in (302, 303):
        raise RuntimeError(f"sign-in of {email} answered {answer.status}")
    return answer


async def _add_organisations(port, population, count):
    session = Session("127.0.0.1", port)
    await sign_in(session, *population.admin)
    for index in range(1, count + 1):
        number = f"RN7{index:03d}"
        form = await session.get("/organisations/new")
        answer = await session.post_form("/organisations/new", {
            "csrf_token": csrf_token(form.body), "name": f"Deadline Awarding Body {index:03d}",
            "ofqual_recognition_number": number, "ssa_scope": "6, 8.1, 7.4"})
        if answer.status not in (302, 303):
            raise RuntimeError(f"adding organisation {number} answered {answer.status}: {answer.text[:300]}")
        population.organisations.append((index, number))
    await session.close()


async def _set_passwords(port, links, population):
    limit = asyncio.Semaphore(4)

    async def one(number, plan, token):
        organisation, email, _, _ = plan
        password = PASSWORD.format(number)
        async with limit:
            session = Session("127.0.0.1", port)
            form = await session.get(f"/account/set-password?token={token}")
            answer = await session.post_form("/account/set-password", {
                "csrf_token": csrf_token(form.body), "token": token, "new_password": password, "confirm_password": password})
            await session.close()
        if answer.status not in (302, 303):
            raise RuntimeError(f"setting the password of {email} answered {answer.status}: {answer.text[:300]}")
        if organisation is None:
            population.reviewers.append((email, password))
        else:
            population.ao_users.append((organisation, email, password))

    await asyncio.gather(*(one(n, plan, token) for n, (plan, token) in enumerate(links)))
