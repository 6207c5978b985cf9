"""Accessibility and evidence for the browser journeys: every page a journey visits is checked with
axe-core (WCAG 2.0, 2.1 and 2.2, levels A and AA) and photographed into the screenshots folder that
CI keeps.

axe-core comes from PyPI inside the axe-playwright-python wheel (installed with --no-deps: only its
copy of axe.min.js is used, driven here through selenium), so the version is pinned by that wheel.

Use:  from accessibility import check_page
      check_page(driver, "ao-home")   # fails on any serious or critical violation
"""
import importlib.util
import json
import os
import re

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SCREENSHOTS = os.environ.get("APPROVALS_SCREENSHOTS") or os.path.join(ROOT, ".ci", "artifacts", "screenshots")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = {"serious", "critical"}

_axe_source = None


def axe_source():
    """The text of axe.min.js from the installed axe-playwright-python package (not imported: it
    would need playwright, which these tests do not use)."""
    global _axe_source
    if _axe_source is None:
        spec = importlib.util.find_spec("axe_playwright_python")
        if spec is None or not spec.submodule_search_locations:
            raise RuntimeError("axe-core not found: pip install --no-deps axe-playwright-python")
        with open(os.path.join(spec.submodule_search_locations[0], "axe.min.js"), encoding="utf-8") as f:
            _axe_source = f.read()
    return _axe_source


def run_axe(driver):
    """axe-core's results for the page now in `driver`, limited to the WCAG A and AA rules."""
    driver.execute_script(axe_source())
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}}
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, arguments[0]).then(r => done(r), e => done({error: String(e)}));",
        options,
    )


def describe(violations):
    lines = []
    for v in violations:
        targets = ", ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        lines.append(f"- [{v['impact']}] {v['id']}: {v['help']} ({targets})")
    return "\n".join(lines)


def screenshot(driver, name):
    """Writes `name`.png (the whole page's width at its current height) to the screenshots folder."""
    os.makedirs(SCREENSHOTS, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-") or "page"
    path = os.path.join(SCREENSHOTS, safe + ".png")
    driver.save_screenshot(path)
    return path


def check_page(driver, name):
    """Screenshots the current page as `name`, then fails the test if axe-core finds a serious or
    critical violation. Minor and moderate ones are written beside the screenshot for reading."""
    screenshot(driver, name)
    results = run_axe(driver)
    assert "error" not in results, f"axe-core did not run on {name}: {results.get('error')}"
    blocking = [v for v in results["violations"] if v.get("impact") in BLOCKING]
    others = [v for v in results["violations"] if v.get("impact") not in BLOCKING]
    if others:
        with open(os.path.join(SCREENSHOTS, re.sub(r"[^A-Za-z0-9_.-]+", "-", name) + ".axe.json"), "w") as f:
            json.dump(others, f, indent=1)
    assert not blocking, f"axe-core: serious or critical violations on {name} ({driver.current_url}):\n" + describe(blocking)
    return results
