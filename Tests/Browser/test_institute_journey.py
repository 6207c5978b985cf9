"""The Institute's journeys in a real browser, over the demo data: feedback on a proposal, a
clarification request, a decision, a late-submission exception granted. Every page visited is
checked with axe-core (check_page) and photographed."""
import datetime

from selenium.webdriver.common.by import By

from accessibility import check_page
from conftest import click_and_wait
from institute_steps import (ADMIN, assert_no_error, grant_exception, notice, release_proposal_feedback,
                             request_clarification, sign_in_as, sign_out, summary_value)


def first_reference(browser, service, path):
    browser.get(service.url(path))
    links = browser.find_elements(By.CSS_SELECTOR, "table#records tbody a")
    assert links, f"nothing listed at {path}"
    return links[0].text


def test_feedback_clarification_and_exception_steps(browser, service):
    sign_in_as(browser, service, ADMIN)
    browser.get(service.url("/"))
    proposal = first_reference(browser, service, "/institute/proposals?state=submitted")
    submission = first_reference(browser, service, "/institute/submissions?state=submitted")
    browser.get(service.url("/institute/exceptions?state=requested"))
    record = browser.find_elements(By.CSS_SELECTOR, "table tbody tr td")[1].text
    sign_out(browser)

    release_proposal_feedback(browser, service, proposal)
    request_clarification(browser, service, submission, "Which unit assesses K3? The mapping names none.")
    deadline = (datetime.datetime.now() + datetime.timedelta(days=30)).strftime("%Y-%m-%d 17:00")
    grant_exception(browser, service, record, deadline)
