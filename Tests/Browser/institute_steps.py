"""The Institute's side of a journey, as steps other browser tests can call: each signs in as the
demo staff member whose role does the step (admin assigns, the reviewer writes), drives the real
pages, checks each page with axe-core, and leaves the browser signed out (its cookies cleared), so
the caller signs in again as whoever comes next.

    from institute_steps import release_proposal_feedback, request_clarification, grant_exception
"""
from selenium.webdriver.common.by import By

from accessibility import check_page
from conftest import click_and_wait

ADMIN = "admin@institute.example"
REVIEWERS = {"Riya Reviewer": "reviewer@institute.example", "Rob Reviewer": "second.reviewer@institute.example"}


def sign_in_as(driver, service, email):
    """Signs in as `email` with its demo password, whoever was signed in before."""
    driver.delete_all_cookies()
    driver.get(service.url("/sign-in"))
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(service.passwords[email])
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/sign-in'] button[type=submit]"))
    assert "/sign-in" not in driver.current_url, f"signing in as {email} failed"


def sign_out(driver):
    driver.delete_all_cookies()


def summary_value(driver, key):
    """The value of a summary list row by its key, or None."""
    for row in driver.find_elements(By.CSS_SELECTOR, ".summary-list__row"):
        if row.find_element(By.CSS_SELECTOR, ".summary-list__key").text.strip() == key:
            return row.find_element(By.CSS_SELECTOR, ".summary-list__value").text.strip()
    return None


def notice(driver):
    found = driver.find_elements(By.CSS_SELECTOR, ".notification--success")
    return found[0].text if found else ""


def assert_no_error(driver, step):
    errors = driver.find_elements(By.CSS_SELECTOR, ".error-summary")
    assert not errors, f"{step}: {errors[0].text}"


def reviewer_of(driver, service, path, kind):
    """Makes sure the record at `path` has a reviewer (the admin assigns Riya Reviewer, or the first
    reviewer offered when Riya has a conflict) and returns the reviewer's email."""
    sign_in_as(driver, service, ADMIN)
    driver.get(service.url(path))
    check_page(driver, f"institute-{kind}-admin")
    assigned = summary_value(driver, "Reviewer")
    if assigned in REVIEWERS:
        return REVIEWERS[assigned]
    offered = driver.find_elements(By.CSS_SELECTOR, "input[name=reviewer]")
    assert offered, f"no reviewer can be offered for {path}"
    labels = {driver.find_element(By.CSS_SELECTOR, f"label[for='{radio.get_attribute('id')}']").text: radio for radio in offered}
    name = "Riya Reviewer" if "Riya Reviewer" in labels else next(iter(labels))
    labels[name].click()
    click_and_wait(driver, driver.find_element(By.XPATH, "//form[contains(@action, '/assign')]//button[@type='submit']"))
    assert_no_error(driver, "assign a reviewer")
    assert "reviewer has been assigned" in notice(driver)
    return REVIEWERS[name]


def start_review_if_needed(driver, kind):
    buttons = driver.find_elements(By.XPATH, "//form[contains(@action, '/start-review')]//button")
    if buttons:
        click_and_wait(driver, buttons[0])
        assert_no_error(driver, "start the review")
        check_page(driver, f"institute-{kind}-review-started")


def release_proposal_feedback(driver, service, proposal_reference):
    """The proposal's reviewer writes the three parts of the feedback and releases it to the AO."""
    path = f"/institute/proposals/{proposal_reference}"
    reviewer = reviewer_of(driver, service, path, "proposal")
    sign_in_as(driver, service, reviewer)
    driver.get(service.url(path))
    check_page(driver, "institute-proposal-reviewer")
    start_review_if_needed(driver, "proposal")
    parts = {
        "category_fit_and_need": "The proposal fits the category: the duties go beyond the standard, and the case for need is made.",
        "duties_quality_and_relevance": "The duties are clear and relevant; D3 could say which equipment is used.",
        "employer_demand_approach": "The planned employer survey is a good approach; add letters from large employers.",
    }
    for field, text in parts.items():
        box = driver.find_element(By.ID, field)
        box.clear()
        box.send_keys(text)
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "button[name=then][value=release]"))
    assert_no_error(driver, "release the feedback")
    assert "released to the awarding organisation" in notice(driver)
    assert summary_value(driver, "Fit for the category and the case for need") == parts["category_fit_and_need"]
    check_page(driver, "institute-proposal-feedback-released")
    sign_out(driver)


def request_clarification(driver, service, submission_reference, question):
    """The submission's reviewer starts the review if needed and asks the AO `question`, with the
    answer due ten days from the service's now (the date the page suggests)."""
    path = f"/institute/submissions/{submission_reference}"
    reviewer = reviewer_of(driver, service, path, "submission")
    sign_in_as(driver, service, reviewer)
    driver.get(service.url(path))
    check_page(driver, "institute-submission-reviewer")
    start_review_if_needed(driver, "submission")
    driver.find_element(By.ID, "question").send_keys(question)
    due = driver.find_element(By.ID, "due-hint").text.replace("For example,", "").strip()
    driver.find_element(By.ID, "due").send_keys(due)
    click_and_wait(driver, driver.find_element(By.XPATH, "//form[contains(@action, '/clarification')]//button"))
    assert_no_error(driver, "ask for clarification")
    assert "clarification request has been sent" in notice(driver)
    assert question in driver.find_element(By.TAG_NAME, "main").text
    check_page(driver, "institute-submission-clarification-requested")
    sign_out(driver)


def grant_exception(driver, service, submission_reference, new_deadline_uk):
    """An administrator grants the requested late-submission exception for the record, with the new
    deadline given in UK time ("2025-03-28 17:00")."""
    sign_in_as(driver, service, ADMIN)
    driver.get(service.url(f"/institute/exceptions?state=requested&q={submission_reference}"))
    check_page(driver, "institute-exceptions")
    links = driver.find_elements(By.CSS_SELECTOR, "table tbody a")
    assert links, f"no requested exception for {submission_reference}"
    click_and_wait(driver, links[0])
    check_page(driver, "institute-exception")
    driver.find_element(By.ID, "decision-grant").click()
    driver.find_element(By.ID, "new_deadline").send_keys(new_deadline_uk)
    driver.find_element(By.ID, "reason").send_keys("The evidence shows the failure happened before the deadline.")
    click_and_wait(driver, driver.find_element(By.XPATH, "//form[contains(@action, '/decide')]//button"))
    assert_no_error(driver, "grant the exception")
    assert "has been granted" in notice(driver)
    check_page(driver, "institute-exception-granted")
    sign_out(driver)
