"""Signing in and out in a real browser, as a person would: the form, the error summary, the
account page, the sign-out button in the header, and what happens to the session afterwards."""
from selenium.webdriver.common.by import By

from accessibility import check_page
from conftest import click_and_wait

EDITOR = "editor@northbridge.example"


def sign_in(browser, service, email, password):
    browser.get(service.url("/sign-in"))
    browser.find_element(By.ID, "email").send_keys(email)
    browser.find_element(By.ID, "password").send_keys(password)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/sign-in'] button[type=submit]"))


def test_sign_in_and_sign_out(browser, service):
    browser.get(service.url("/sign-in"))
    check_page(browser, "sign-in")
    sign_in(browser, service, EDITOR, service.passwords[EDITOR])
    assert browser.current_url == service.url("/account")
    check_page(browser, "account")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Your account"
    assert "Nia Editor" in browser.find_element(By.TAG_NAME, "main").text
    session = browser.get_cookie("approvals-session")
    assert session is not None and session["httpOnly"] and session.get("sameSite") == "Lax"

    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/sign-out'] button"))
    assert browser.current_url == service.url("/sign-in?signed_out=1")
    assert "You have signed out." in browser.find_element(By.TAG_NAME, "main").text
    assert browser.get_cookie("approvals-session") is None

    browser.get(service.url("/account"))
    assert browser.current_url.startswith(service.url("/sign-in?next="))


def test_a_wrong_password_shows_the_error_summary_and_keeps_the_email(browser, service):
    sign_in(browser, service, EDITOR, "not the right password")
    summary = browser.find_element(By.CSS_SELECTOR, ".error-summary")
    assert summary.find_element(By.TAG_NAME, "h2").text == "There is a problem"
    link = summary.find_element(By.CSS_SELECTOR, "a[href='#email']")
    assert "email address or password is not right" in link.text
    assert browser.find_element(By.ID, "email").get_attribute("value") == EDITOR
    assert browser.find_element(By.ID, "password").get_attribute("value") == ""
    assert browser.title.startswith("Error: Sign in")
    check_page(browser, "sign-in-error")


def test_signing_in_returns_to_the_page_asked_for(browser, service):
    admin = "admin@northbridge.example"
    browser.get(service.url("/users"))
    assert browser.current_url.startswith(service.url("/sign-in?next="))
    browser.find_element(By.ID, "email").send_keys(admin)
    browser.find_element(By.ID, "password").send_keys(service.passwords[admin])
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/sign-in'] button[type=submit]"))
    assert browser.current_url == service.url("/users")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Users"
    # An AO administrator sees their own organisation's people only.
    text = browser.find_element(By.TAG_NAME, "table").text
    assert "editor@northbridge.example" in text and "crescent.example" not in text
