"""An awarding organisation's journey in a real browser, over its own demo data and two servers
started at chosen instants (`approvals serve --clock-start`): the first while the windows are open,
the second an hour after the submission window closed, on the same data folder.

The AO registers intent, submits a proposal, reads its feedback (released by the Institute's
reviewer through institute_steps), builds and submits a qualification with two documents (then
the rest the rule checks ask for), amends it, answers a clarification request; after the window,
asks for a late-submission exception which, once granted, it uses. Every page is checked with
axe-core (check_page), which also writes the screenshots CI keeps.
"""
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request

import pytest
from selenium.webdriver.common.by import By

from accessibility import check_page
from conftest import ROOT, RunningService, approvals_binary, click_and_wait, free_port
from institute_steps import grant_exception, release_proposal_feedback, request_clarification

EDITOR = "editor@northbridge.example"
# In winter, so UK time is GMT and the arithmetic below is plain. The demo cycle's windows open three
# days before this instant; registration closes 14 days after, proposals 21, submissions 28.
T0 = "2026-01-12T10:00:00Z"
AFTER_CLOSE = "2026-02-09T11:00:00Z"       # the submission window closed at 10:00 GMT on 9 February 2026
EXCEPTION_DEADLINE_UK = "2026-02-10 17:00"  # the new deadline the Institute grants
TITLE = "Level 3 Technical Occupational Entry in Digital Support (Certificate)"
LATE_TITLE = "Level 3 Technical Occupational Entry in Cloud Support (Certificate)"


class Server:
    """`approvals serve` over a data folder, its clock started at a chosen instant."""

    def __init__(self, data, passwords, clock_start):
        self.port = free_port()
        self.log = open(os.path.join(data, f"serve-{self.port}.log"), "w")
        self.process = subprocess.Popen([approvals_binary(), "serve", "--data", data, "--port", str(self.port), "--clock-start", clock_start],
                                        cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        self.service = RunningService(f"http://127.0.0.1:{self.port}", passwords, data)
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(self.service.url("/healthz"), timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("approvals serve did not start; see " + self.log.name)
                time.sleep(0.2)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


@pytest.fixture
def ao_data():
    """A data folder of its own, loaded with the demo data around T0, and the demo sign-ins."""
    data = tempfile.mkdtemp(prefix="approvals-ao-journey-")
    try:
        loaded = subprocess.run([approvals_binary(), "demo-data", "--data", data, "--now", T0], cwd=ROOT, capture_output=True,
                                text=True, timeout=300, check=True)
        passwords = dict(re.findall(r"^\s+(\S+@\S+) / (\S+)\s", loaded.stdout, re.MULTILINE))
        assert EDITOR in passwords, loaded.stdout
        yield data, passwords
    finally:
        shutil.rmtree(data, ignore_errors=True)


@pytest.fixture
def evidence_files():
    folder = tempfile.mkdtemp(prefix="approvals-evidence-")
    files = {}
    for name in ["specification", "assessment-materials", "mapping-template", "structure", "letter-of-support", "outage-log", "unit-2"]:
        path = os.path.join(folder, name + ".pdf")
        with open(path, "wb") as f:
            f.write(b"%PDF-1.7\n" + f"The {name} of the qualification.".encode() + b"\n%%EOF\n")
        files[name] = path
    yield files
    shutil.rmtree(folder, ignore_errors=True)


def sign_in(driver, service):
    driver.delete_all_cookies()
    driver.get(service.url("/sign-in"))
    driver.find_element(By.ID, "email").send_keys(EDITOR)
    driver.find_element(By.ID, "password").send_keys(service.passwords[EDITOR])
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/sign-in'] button[type=submit]"))
    driver.get(service.url("/"))
    assert driver.current_url == service.url("/organisation")


def fill(driver, values):
    for field, value in values.items():
        box = driver.find_element(By.ID, field)
        box.clear()
        box.send_keys(value)


def choose(driver, name, value):
    driver.find_element(By.CSS_SELECTOR, f"input[name='{name}'][value='{value}']").click()


def choose_labelled(driver, name, text):
    for radio in driver.find_elements(By.CSS_SELECTOR, f"input[name='{name}']"):
        if text in driver.find_element(By.CSS_SELECTOR, f"label[for='{radio.get_attribute('id')}']").text:
            radio.click()
            return
    raise AssertionError(f"no {name} choice says {text}")


def press(driver, label):
    """Presses the main form's button with these words and waits for the next page."""
    click_and_wait(driver, driver.find_element(By.XPATH, f"//main//button[normalize-space()='{label}']"))


def error_summary(driver):
    found = driver.find_elements(By.CSS_SELECTOR, ".error-summary")
    return found[0].text if found else ""


def no_errors(driver, step):
    assert not error_summary(driver), f"{step}: {error_summary(driver)}"


def reference_in(url, kind):
    return re.search(rf"/organisation/{kind}/([A-Z0-9-]+)", url).group(1)


def start_submission(driver, service, title):
    driver.get(service.url("/organisation/submissions/new"))
    check_page(driver, "ao-submission-new")
    choose_labelled(driver, "cycle", "Level 3 demonstration cycle")
    choose(driver, "category", "occupational_entry")
    choose(driver, "route", "digital")
    fill(driver, {"title": title})
    press(driver, "Start submission")
    no_errors(driver, "start a submission")
    reference = reference_in(driver.current_url, "submissions")
    check_page(driver, "ao-submission-task-list")
    base = f"/organisation/submissions/{reference}"
    driver.get(service.url(base + "/details"))
    check_page(driver, "ao-submission-details")
    fill(driver, {"guided_learning_hours": "360", "total_qualification_time": "480", "sector_subject_area": "6.1"})
    choose(driver, "level", "3")
    press(driver, "Save and return to the task list")
    no_errors(driver, "qualification details")
    driver.get(service.url(base + "/standards"))
    check_page(driver, "ao-submission-standards")
    fill(driver, {"standards": "ST0973", "ksb_mapping": "ST0973,K1,Unit 1,Assignment 1\nST0973,S1,Unit 2,Practical task"})
    press(driver, "Save and return to the task list")
    no_errors(driver, "standard and KSB mapping")
    driver.get(service.url(base + "/origin"))
    check_page(driver, "ao-submission-origin")
    press(driver, "Save and return to the task list")
    no_errors(driver, "proposal or predefined area")
    driver.get(service.url(base + "/demand"))
    check_page(driver, "ao-submission-demand")
    fill(driver, {"employer_demand_evidence": "Twelve employers in the north east asked for it."})
    press(driver, "Save and return to the task list")
    no_errors(driver, "employer demand")
    return reference


def upload(driver, service, reference, files, name):
    driver.get(service.url(f"/organisation/submissions/{reference}/documents"))
    check_page(driver, name)
    for field, path in files.items():
        driver.find_element(By.ID, field).send_keys(path)
    press(driver, "Upload files")
    no_errors(driver, "upload " + ", ".join(files))


def test_an_awarding_organisations_journey(browser, ao_data, evidence_files):
    data, passwords = ao_data
    first = Server(data, passwords, T0)
    try:
        service = first.service
        sign_in(browser, service)
        check_page(browser, "ao-home")
        main = browser.find_element(By.TAG_NAME, "main").text
        assert "Level 3 demonstration cycle" in main and "GMT" in main and "closes in" in main

        # Registration of intent: a mistake first, then the real thing.
        browser.get(service.url("/organisation/registrations/new"))
        check_page(browser, "ao-registration-new")
        press(browser, "Save and continue")
        assert "There is a problem" in error_summary(browser)
        check_page(browser, "ao-registration-new-error")
        choose_labelled(browser, "cycle", "Level 3 demonstration cycle")
        fill(browser, {"contact_name": "Nia Editor", "contact_email": "nia@northbridge.example"})
        press(browser, "Save and continue")
        no_errors(browser, "start a registration")
        registration = reference_in(browser.current_url, "registrations")
        check_page(browser, "ao-registration-qualification")
        fill(browser, {"title": TITLE, "standards": "ST0973"})
        choose(browser, "category", "occupational_entry")
        choose(browser, "proposal_first", "no")
        press(browser, "Add qualification")
        no_errors(browser, "add a qualification")
        check_page(browser, "ao-registration")
        press(browser, "Register intent")
        no_errors(browser, "register intent")
        assert f"{registration} is registered" in browser.find_element(By.TAG_NAME, "main").text
        check_page(browser, "ao-registration-registered")

        # A proposal, page by page, checked and submitted.
        browser.get(service.url("/organisation/proposals/new"))
        check_page(browser, "ao-proposal-new")
        choose_labelled(browser, "cycle", "Level 3 demonstration cycle")
        choose(browser, "category", "additional_specialist")
        choose(browser, "route", "digital")
        press(browser, "Start proposal")
        proposal = reference_in(browser.current_url, "proposals")
        check_page(browser, "ao-proposal-about")
        fill(browser, {"proposed_area": "Cloud security operations", "intended_title": "Level 3 Technical Specialist in Cloud Security (Certificate)",
                       "aims_and_purpose": "Prepares technicians to run security operations in the cloud.",
                       "guided_learning_hours": "240", "total_qualification_time": "300"})
        choose(browser, "level", "3")
        press(browser, "Save and continue")
        no_errors(browser, "proposal page 1")
        check_page(browser, "ao-proposal-standards")
        fill(browser, {"standards": "ST0973", "proposed_duties": "Monitor cloud alerts\nRespond to incidents"})
        press(browser, "Save and continue")
        no_errors(browser, "proposal page 2")
        check_page(browser, "ao-proposal-need")
        fill(browser, {"industry_understanding": "Cloud adoption has doubled.", "approach": "Designed with six employers.",
                       "how_duties_build_on_standard": "They extend S2 to security incidents.",
                       "statutory_or_professional_recognition": "None required."})
        press(browser, "Save and continue")
        no_errors(browser, "proposal page 3")
        assert "Check your answers" in browser.find_element(By.TAG_NAME, "h1").text
        check_page(browser, "ao-proposal-check")
        press(browser, "Submit proposal")
        no_errors(browser, "submit the proposal")
        check_page(browser, "ao-proposal-submitted")

        # The Institute releases its feedback; the AO reads it and answers.
        release_proposal_feedback(browser, service, proposal)
        sign_in(browser, service)
        browser.get(service.url(f"/organisation/proposals/{proposal}"))
        assert "The Institute's feedback" in browser.find_element(By.TAG_NAME, "main").text
        check_page(browser, "ao-proposal-feedback")
        choose(browser, "follow_up", "yes")
        choose(browser, "will_proceed", "yes")
        press(browser, "Send response")
        no_errors(browser, "respond to the feedback")
        check_page(browser, "ao-proposal-closed")

        # A qualification with two documents: the rule checks ask for the rest, then it is submitted.
        submission = start_submission(browser, service, TITLE)
        upload(browser, service, submission, {"specification": evidence_files["specification"],
                                              "assessment_materials": evidence_files["assessment-materials"]}, "ao-documents")
        table = browser.find_element(By.CSS_SELECTOR, "table.documents").text
        assert "specification.pdf" in table and "assessment-materials.pdf" in table and re.search(r"[0-9a-f]{64}", table)
        check_page(browser, "ao-documents-two")
        # Each file links to its download: the very bytes uploaded, as an attachment, only with the session.
        link = browser.find_element(By.PARTIAL_LINK_TEXT, "specification.pdf").get_attribute("href")
        cookies = "; ".join(f"{c['name']}={c['value']}" for c in browser.get_cookies())
        with urllib.request.urlopen(urllib.request.Request(link, headers={"Cookie": cookies}), timeout=10) as response:
            with open(evidence_files["specification"], "rb") as original:
                assert response.read() == original.read()
            assert response.headers["Content-Disposition"] == 'attachment; filename="specification.pdf"'
            assert response.headers["X-Content-Type-Options"] == "nosniff"
        browser.get(service.url(f"/organisation/submissions/{submission}/check"))
        assert "The submission is missing" in error_summary(browser)
        check_page(browser, "ao-submission-check-errors")
        upload(browser, service, submission, {"mapping_template": evidence_files["mapping-template"], "structure_document": evidence_files["structure"],
                                              "letter_of_support": evidence_files["letter-of-support"]}, "ao-documents-more")
        browser.get(service.url(f"/organisation/submissions/{submission}/check"))
        no_errors(browser, "check before submit")
        check_page(browser, "ao-submission-check")
        press(browser, "Submit qualification")
        assert "Qualification submitted" in browser.find_element(By.TAG_NAME, "h1").text
        assert submission in browser.find_element(By.CSS_SELECTOR, ".panel--confirmation").text
        assert re.search(r"[0-9a-f]{64}", browser.find_element(By.TAG_NAME, "main").text)
        check_page(browser, "ao-submission-confirmation")

        # Amended while the window is open: version 2, version 1 still readable.
        browser.get(service.url(f"/organisation/submissions/{submission}/demand"))
        assert "sends version 2" in browser.find_element(By.TAG_NAME, "main").text
        fill(browser, {"employer_demand_evidence": "Fifteen employers now, with three more letters."})
        press(browser, "Save and send a new version")
        no_errors(browser, "amend")
        assert "Version 2" in browser.find_element(By.TAG_NAME, "main").text
        check_page(browser, "ao-submission-amended")
        browser.get(service.url(f"/organisation/submissions/{submission}/versions/1"))
        assert "Twelve employers" in browser.find_element(By.TAG_NAME, "main").text
        check_page(browser, "ao-submission-version-1")

        # A second qualification, prepared but not submitted before the window closes.
        late = start_submission(browser, service, LATE_TITLE)
        upload(browser, service, late, {"specification": evidence_files["specification"], "assessment_materials": evidence_files["assessment-materials"],
                                        "mapping_template": evidence_files["mapping-template"], "structure_document": evidence_files["structure"],
                                        "letter_of_support": evidence_files["letter-of-support"]}, "ao-late-documents")

        # The reviewer asks for clarification; the AO answers with a document.
        request_clarification(browser, service, submission, "Which unit assesses S1?")
        sign_in(browser, service)
        browser.get(service.url(f"/organisation/submissions/{submission}"))
        assert "Which unit assesses S1?" in browser.find_element(By.TAG_NAME, "main").text
        check_page(browser, "ao-clarification-requested")
        browser.get(service.url(f"/organisation/submissions/{submission}/clarification"))
        assert browser.find_element(By.ID, "respond-by").text.startswith("Respond by ")
        check_page(browser, "ao-clarification-answer")
        fill(browser, {"answer": "Unit 2 assesses S1, by observed practical task."})
        browser.find_element(By.ID, "documents").send_keys(evidence_files["unit-2"])
        choose(browser, "document_kind", "assessment_materials")
        press(browser, "Send answer")
        no_errors(browser, "answer the clarification")
        assert "Your answer has been sent" in browser.find_element(By.TAG_NAME, "main").text
        check_page(browser, "ao-clarification-answered")
    finally:
        first.stop()

    # An hour after the submission window closed, on the same data.
    second = Server(data, passwords, AFTER_CLOSE)
    try:
        service = second.service
        sign_in(browser, service)
        browser.get(service.url(f"/organisation/submissions/{late}/check"))
        main = browser.find_element(By.TAG_NAME, "main").text
        assert "The window has closed" in main and "closed at" in error_summary(browser)
        check_page(browser, "ao-late-check-closed")
        press(browser, "Submit qualification")
        assert "closed at" in error_summary(browser)
        browser.get(service.url(f"/organisation/submissions/{late}/exception"))
        check_page(browser, "ao-exception-form")
        choose(browser, "reason_kind", "technical_failure_ao")
        fill(browser, {"event_at": "9", "event_at-month": "2", "event_at-year": "2026", "event_at-hour": "9", "event_at-minute": "30",
                       "what_happened": "Our network failed at 09:30 and was down until after the deadline."})
        browser.find_element(By.ID, "evidence").send_keys(evidence_files["outage-log"])
        press(browser, "Send request")
        no_errors(browser, "ask for an exception")
        assert "has been sent" in browser.find_element(By.TAG_NAME, "main").text
        check_page(browser, "ao-exception-requested")

        grant_exception(browser, service, late, EXCEPTION_DEADLINE_UK)
        sign_in(browser, service)
        browser.get(service.url(f"/organisation/submissions/{late}"))
        assert "Your late-submission exception lets you submit" in browser.find_element(By.TAG_NAME, "main").text
        check_page(browser, "ao-late-task-list")
        browser.get(service.url(f"/organisation/submissions/{late}/check"))
        no_errors(browser, "check under the exception")
        press(browser, "Submit qualification")
        assert "Qualification submitted" in browser.find_element(By.TAG_NAME, "h1").text
        check_page(browser, "ao-late-confirmation")
        browser.get(service.url(f"/organisation/submissions/{late}/versions/1"))
        assert "under a late-submission exception" in browser.find_element(By.TAG_NAME, "main").text
        check_page(browser, "ao-late-version")
    finally:
        second.stop()
