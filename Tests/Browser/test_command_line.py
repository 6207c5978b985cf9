"""The operators' commands against a real data folder and server: `approvals users add` prints a
single-use link that a person opens in the browser to set a password and sign in; `approvals tokens
create` prints a token the API accepts until `approvals tokens revoke` stops it."""
import json
import subprocess
import urllib.error
import urllib.request

from selenium.webdriver.common.by import By

from conftest import ROOT, approvals_binary, click_and_wait


def run(*arguments):
    return subprocess.run([approvals_binary(), *arguments], cwd=ROOT, capture_output=True, text=True, timeout=120)


def api_status(service, token):
    request = urllib.request.Request(service.url("/api/v1/nothing-here"), headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, None
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def test_users_add_prints_a_link_that_sets_a_password(browser, service):
    added = run("users", "add", "--data", service.data, "--email", "dana@northbridge.example", "--name", "Dana Example",
                "--org", "RN5137", "--role", "ao_editor", "--base-url", service.base_url)
    assert added.returncode == 0, added.stderr
    link = [line for line in added.stdout.splitlines() if "/account/set-password?token=" in line][0].strip()
    browser.get(link)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Set your password"
    for field in ("new_password", "confirm_password"):
        browser.find_element(By.ID, field).send_keys("copper kettle morning drizzle")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    assert "Your password has been set" in browser.find_element(By.TAG_NAME, "main").text
    browser.find_element(By.ID, "email").send_keys("dana@northbridge.example")
    browser.find_element(By.ID, "password").send_keys("copper kettle morning drizzle")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/sign-in'] button[type=submit]"))
    assert "Dana Example" in browser.find_element(By.TAG_NAME, "main").text
    # The link worked once.
    browser.get(link)
    assert "already been used" in browser.find_element(By.TAG_NAME, "main").text


def test_users_add_refuses_a_role_that_does_not_fit_the_organisation(service):
    refused = run("users", "add", "--data", service.data, "--email", "x@northbridge.example", "--name", "X",
                  "--org", "RN5137", "--role", "admin")
    assert refused.returncode != 0 and "give --org institute" in refused.stderr


def test_tokens_create_and_revoke(service):
    created = run("tokens", "create", "--data", service.data, "--name", "DfE nightly copy", "--expires", "2099-12-31")
    assert created.returncode == 0, created.stderr
    token = created.stdout.strip().splitlines()[-1]
    assert token.startswith("apr_")
    # Accepted: the path does not exist (404), which is not a refusal of the token (401).
    assert api_status(service, token)[0] == 404
    revoked = run("tokens", "revoke", "--data", service.data, "DfE nightly copy")
    assert revoked.returncode == 0, revoked.stderr
    status, problem = api_status(service, token)
    assert status == 401 and problem["status"] == 401
    listed = run("tokens", "list", "--data", service.data)
    assert "revoked" in listed.stdout and token not in listed.stdout


def test_tokens_create_refuses_a_bad_date(service):
    refused = run("tokens", "create", "--data", service.data, "--name", "x", "--expires", "31/12/2099")
    assert refused.returncode != 0 and "year-month-day" in refused.stderr
