"""Fixtures for the browser tests: the app on the bundled model served over real HTTP, and
Debian's headless Chromium driven through its chromium-driver by Selenium.

Nothing here downloads anything: Selenium is given the driver's and the browser's paths, so
its driver manager never runs. `make test` installs the two Debian packages when they are
missing and it runs as root. Without them the tests fail under CI=true and are skipped, with
the command that installs them, elsewhere.
"""

from __future__ import annotations

import base64
import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from service import create_app
from service.config import Config

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
INSTALL = "apt-get install -y chromium chromium-driver (or run `make test` as root)"

VIEWPORTS = {
    "desktop": {"width": 1280, "height": 900, "mobile": False},
    "phone": {"width": 375, "height": 812, "mobile": True},  # an iPhone's 375 CSS pixels
}


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def live_server():
    """The real app on the bundled model, over HTTP on a free loopback port, in a thread.

    Werkzeug's server rather than gunicorn: the pages and /tag behave the same under both
    (tests/test_gunicorn_e2e.py covers gunicorn), and a thread starts in a moment.
    """
    app = create_app(Config(log_level="WARNING"))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.port}/"
    server.shutdown()
    thread.join(timeout=10)


class Browser:
    """A headless Chromium, with the few things the tests do to it."""

    def __init__(self, driver, base_url: str, screenshots: Path):
        self.driver = driver
        self.base_url = base_url
        self.screenshots = screenshots

    def open(self, path: str = "", viewport: str = "desktop") -> None:
        self.resize(viewport)
        self.driver.get(self.base_url + path)

    def resize(self, viewport: str) -> None:
        """"desktop" or "phone". Device emulation rather than a window size: exactly that
        width, with a phone's viewport rules, whatever window the headless browser has."""
        size = VIEWPORTS[viewport]
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": size["width"], "height": size["height"],
            "deviceScaleFactor": 1, "mobile": size["mobile"],
        })

    def run(self, script: str, *arguments):
        return self.driver.execute_script(script, *arguments)

    def wait_for(self, condition, what: str, timeout: float = 30):
        """Wait until `condition(driver)` is true. The timeout bounds a broken run only."""
        from selenium.webdriver.support.ui import WebDriverWait

        return WebDriverWait(self.driver, timeout).until(condition, f"timed out waiting for {what}")

    def console_errors(self) -> list[str]:
        """The page's console errors since last asked (script errors, blocked loads, CSP
        violations), less the failed requests a test provoked on purpose (413, 422)."""
        return [entry["message"] for entry in self.driver.get_log("browser")
                if entry["level"] == "SEVERE"
                and not any(f"status of {status}" in entry["message"] for status in (413, 422))]

    def screenshot(self, name: str) -> Path:
        """The whole page (not only the viewport) as screenshots/<name>.png."""
        metrics = self.driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
        size = metrics["cssContentSize"]
        shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1},
        })
        path = self.screenshots / f"{name}.png"
        path.write_bytes(base64.b64decode(shot["data"]))
        return path


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory) -> Path:
    """docs/screenshots/ with UPDATE_SCREENSHOTS=1 (to refresh the README's pictures), else a
    temporary folder: a test run leaves the committed pictures alone."""
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        folder = REPO / "docs" / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="session")
def browser(live_server, screenshots, tmp_path_factory):
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.exists()]
    if missing:
        message = f"headless Chromium is not installed ({', '.join(missing)} missing): {INSTALL}"
        if _in_ci():
            pytest.fail(message)
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    # As root Chromium needs --no-sandbox; the rest keep it from reaching out to the network
    # (updates, sync, field trials) or leaving state behind between runs.
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-extensions",
                 "--disable-default-apps", "--lang=en-GB",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    log = tmp_path_factory.mktemp("chromedriver") / "chromedriver.log"
    # Given the driver's path, Selenium skips its driver manager (which would download one).
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER),
                                              log_output=str(log)), options=options)
    try:
        yield Browser(driver, live_server, screenshots)
    finally:
        driver.quit()


@pytest.fixture(autouse=True)
def no_console_errors(browser):
    """Every test ends with a clean console: a script error or a load the page's
    Content-Security-Policy blocked fails the test that caused it."""
    browser.console_errors()  # forget what earlier tests left
    yield
    assert browser.console_errors() == []
