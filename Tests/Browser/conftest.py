"""Browser tests: the real `approvals serve` on a free port over a temporary data folder loaded with
the demo data, driven by Debian's chromium and chromium-driver, headless, through selenium.

Run from the package root after `swift build`:  python3 -m pytest -q Tests/Browser
"""
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def approvals_binary():
    path = os.environ.get("APPROVALS_BIN") or os.path.join(ROOT, ".build", "debug", "approvals")
    if not os.path.exists(path):
        raise RuntimeError(f"{path} not found: run `swift build` first, or set APPROVALS_BIN")
    return path


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RunningService:
    def __init__(self, base_url, passwords, data):
        self.base_url = base_url
        self.passwords = passwords
        self.data = data

    def url(self, path):
        return self.base_url + path


@pytest.fixture(scope="session")
def service():
    binary = approvals_binary()
    data = tempfile.mkdtemp(prefix="approvals-browser-")
    try:
        loaded = subprocess.run([binary, "demo-data", "--data", data], cwd=ROOT, capture_output=True, text=True, timeout=300, check=True)
        passwords = dict(re.findall(r"^\s+(\S+@\S+) / (\S+)\s", loaded.stdout, re.MULTILINE))
        assert passwords, "demo-data printed no sign-ins:\n" + loaded.stdout
        port = free_port()
        log = open(os.path.join(data, "serve.log"), "w")
        server = subprocess.Popen([binary, "serve", "--data", data, "--port", str(port)], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("approvals serve did not start; see " + log.name)
                time.sleep(0.2)
        yield RunningService(base, passwords, data)
        server.terminate()
        server.wait(timeout=30)
        log.close()
    finally:
        shutil.rmtree(data, ignore_errors=True)


@pytest.fixture
def browser():
    options = Options()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900"]:
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def click_and_wait(browser, element, timeout=15):
    """Clicks a button that submits a form and waits until the browser has left the page, so that
    the next lookup reads the new page and never the old one (no stale elements, no races)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

    old_page = browser.find_element(By.TAG_NAME, "html")

    def left_old_page(_driver):
        # Chromium reports a node from the page being replaced either as stale or, mid-navigation, as
        # "does not belong to the document": both mean the old page is gone.
        try:
            old_page.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return True
            raise

    element.click()
    WebDriverWait(browser, timeout).until(left_old_page)
    WebDriverWait(browser, timeout).until(lambda driver: driver.execute_script("return document.readyState") == "complete")
