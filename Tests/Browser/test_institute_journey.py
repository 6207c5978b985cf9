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


def fill(browser, field_id, text):
    box = browser.find_element(By.ID, field_id)
    box.clear()
    box.send_keys(text)


def test_an_admin_sets_up_a_cycle_and_imports_standards(browser, service, tmp_path):
    sign_in_as(browser, service, ADMIN)
    browser.get(service.url("/institute"))
    check_page(browser, "institute-home-admin")
    browser.find_element(By.LINK_TEXT, "Administration").click()
    check_page(browser, "institute-admin")
    browser.find_element(By.PARTIAL_LINK_TEXT, "Cycles, windows").click()
    check_page(browser, "institute-cycles")
    browser.find_element(By.LINK_TEXT, "Add a cycle").click()

    # A first try with the submission window closing before it opens: the error summary, input kept.
    fill(browser, "cycle_code", "L3A27")
    fill(browser, "name", "Level 3 autumn 2027")
    browser.find_element(By.ID, "level-3").click()
    fill(browser, "number", "5")
    browser.find_element(By.ID, "categories-occupational_entry").click()
    browser.find_element(By.ID, "categories-additional_specialist").click()
    browser.find_element(By.ID, "routes-digital").click()
    for field, value in [("registration_opens", "2027-02-15 09:00"), ("registration_closes", "2027-02-19 17:00"),
                         ("submission_opens", "2027-09-20 09:00"), ("submission_closes", "2027-09-01 17:00")]:
        fill(browser, field, value)
    check_page(browser, "institute-cycle-new")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/institute/admin/cycles/new'] button[type=submit]"))
    summary = browser.find_element(By.CSS_SELECTOR, ".error-summary")
    assert summary.find_element(By.TAG_NAME, "h2").text == "There is a problem"
    assert summary.find_element(By.CSS_SELECTOR, "a[href='#submission_closes']")
    assert browser.find_element(By.ID, "name").get_attribute("value") == "Level 3 autumn 2027"
    assert browser.find_element(By.ID, "categories-additional_specialist").is_selected()
    check_page(browser, "institute-cycle-new-error")
    fill(browser, "submission_closes", "2027-10-01 17:00")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/institute/admin/cycles/new'] button[type=submit]"))
    assert_no_error(browser, "create the cycle")
    assert "Cycle L3A27 has been created" in notice(browser)
    table = browser.find_element(By.TAG_NAME, "table").text
    assert "17:00 BST on 1 October 2027" in table and "17:00 GMT on 19 February 2027" in table

    browser.find_element(By.LINK_TEXT, "L3A27").click()
    check_page(browser, "institute-cycle")
    browser.find_element(By.LINK_TEXT, "Import standards from CSV").click()
    check_page(browser, "institute-standards-upload")
    csv = tmp_path / "standards.csv"
    csv.write_text("reference,title,level,route,version,status,ksbs\n"
                   "ST0973,Digital support technician,3,digital,1.3,approved_for_delivery,K1: How networks work | S1: Configure a router\n"
                   "ST9100,Cloud operations technician,3,digital,1.0,approved_for_delivery,K1: Cloud services | S1: Deploy a virtual machine\n")
    browser.find_element(By.ID, "standards").send_keys(str(csv))
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[enctype='multipart/form-data'] button[type=submit]"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Check what the import will do"
    assert "ST9100 Cloud operations technician" in summary_value(browser, "New standards")
    assert "ST0973" in summary_value(browser, "Put in scope from now")
    check_page(browser, "institute-standards-preview")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action$='/standards/apply'] button"))
    assert "The standards have been imported: 1 added" in notice(browser)
    assert "ST9100" in browser.find_element(By.TAG_NAME, "main").text
    check_page(browser, "institute-cycle-standards-imported")
    sign_out(browser)


def test_a_reviewer_reviews_and_asks_for_clarification_then_an_approver_decides(browser, service):
    sign_in_as(browser, service, ADMIN)
    submission = first_reference(browser, service, "/institute/submissions?state=submitted")
    check_page(browser, "institute-submissions")
    sign_out(browser)
    # The reviewer records the criteria, then asks for clarification (the shared step assigns and starts the review).
    request_clarification(browser, service, submission, "Which unit assesses S2? The mapping names two.")
    sign_in_as(browser, service, "reviewer@institute.example")
    browser.get(service.url(f"/institute/submissions/{submission}"))
    browser.find_element(By.ID, "outcome_employer_demand-needs_clarification").click()
    click_and_wait(browser, browser.find_element(By.XPATH, "//form[contains(@action, '/criteria')]//button"))
    assert browser.find_element(By.CSS_SELECTOR, ".error-summary a[href='#comment_employer_demand']")
    check_page(browser, "institute-review-criteria-error")
    fill(browser, "comment_employer_demand", "The letters come from one region only.")
    browser.find_element(By.ID, "outcome_purpose-met").click()
    click_and_wait(browser, browser.find_element(By.XPATH, "//form[contains(@action, '/criteria')]//button"))
    assert_no_error(browser, "record the criteria")
    assert "The criteria have been saved" in notice(browser)
    check_page(browser, "institute-review-criteria-saved")
    sign_out(browser)

    # The approver decides a recommended submission: held, then released.
    sign_in_as(browser, service, "approver@institute.example")
    browser.get(service.url("/institute/decisions"))
    check_page(browser, "institute-decisions")
    recommended = browser.find_elements(By.CSS_SELECTOR, "table tbody a")[0].text
    browser.find_elements(By.CSS_SELECTOR, "table tbody a")[0].click()
    check_page(browser, "institute-submission-approver")
    browser.find_element(By.ID, "outcome-approved").click()
    click_and_wait(browser, browser.find_element(By.XPATH, "//form[contains(@action, '/decision')]//button"))
    assert browser.find_element(By.CSS_SELECTOR, ".error-summary a[href='#reasons']")
    assert browser.find_element(By.ID, "outcome-approved").is_selected()
    fill(browser, "reasons", "The committee agreed with the reviewer: every criterion is met.")
    click_and_wait(browser, browser.find_element(By.XPATH, "//form[contains(@action, '/decision')]//button"))
    assert "will see it once it is released" in notice(browser)
    check_page(browser, "institute-decision-recorded")
    click_and_wait(browser, browser.find_element(By.XPATH, "//form[contains(@action, '/release-decision')]//button"))
    assert "released to the awarding organisation" in notice(browser)
    assert summary_value(browser, "Reasons") == "The committee agreed with the reviewer: every criterion is met."
    check_page(browser, "institute-decision-released")
    browser.get(service.url(f"/institute/audit?record={recommended}"))
    assert "Hash chain intact" in browser.find_element(By.TAG_NAME, "main").text
    assert "approve" in browser.find_element(By.TAG_NAME, "table").text
    check_page(browser, "institute-audit")
    sign_out(browser)


def test_every_other_staff_page_passes_the_accessibility_check(browser, service):
    sign_in_as(browser, service, ADMIN)
    submission = first_reference(browser, service, "/institute/submissions?state=approved")
    proposal = first_reference(browser, service, "/institute/proposals?state=feedback_issued")
    pages = {
        "institute-proposals": "/institute/proposals?sort=deadline",
        "institute-proposal-feedback-issued": f"/institute/proposals/{proposal}",
        "institute-submission-decided": f"/institute/submissions/{submission}",
        "institute-compare": f"/institute/submissions/{submission}/compare?from=1&to=1",
        "institute-conflicts-admin": "/institute/conflicts",
        "institute-notes": "/institute/admin/notes",
        "institute-specialist-areas": "/institute/admin/specialist-areas",
        "institute-audit-all": "/institute/audit",
        "institute-audit-error": "/institute/audit?from=soon",
    }
    for name, path in pages.items():
        browser.get(service.url(path))
        assert browser.find_element(By.TAG_NAME, "h1").text, path
        check_page(browser, name)
    sign_in_as(browser, service, "second.reviewer@institute.example")
    browser.get(service.url("/institute"))
    check_page(browser, "institute-home-reviewer")
    browser.get(service.url("/institute/conflicts"))
    check_page(browser, "institute-conflicts-reviewer")
    sign_out(browser)
