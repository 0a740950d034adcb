"""Headless Chromium for the page tests and the page benchmark (selenium).

``chrome_driver()`` starts Debian's ``chromium`` through ``chromedriver`` with every flag
that stops it reaching for the network on its own. ``chromium_missing()`` says why a
browser cannot run here (None when it can); tests skip on that reason only outside CI.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
DRIVER_CANDIDATES = ("/usr/bin/chromedriver",)

FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
)


def _first(paths: tuple[str, ...], name: str) -> str | None:
    for p in paths:
        if Path(p).exists():
            return p
    return shutil.which(name)


def chromium_binary() -> str | None:
    return os.environ.get("ERGRAPH_CHROMIUM") or _first(CHROMIUM_CANDIDATES, "chromium")


def chromedriver_binary() -> str | None:
    return os.environ.get("ERGRAPH_CHROMEDRIVER") or _first(DRIVER_CANDIDATES, "chromedriver")


def chromium_missing() -> str | None:
    """Why headless Chromium cannot run here, or None."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed"
    if not chromium_binary():
        return "chromium is not installed (apt-get install chromium chromium-driver)"
    if not chromedriver_binary():
        return "chromedriver is not installed (apt-get install chromium-driver)"
    return None


@contextmanager
def chrome_driver(width: int = 1400, height: int = 900) -> Iterator[Any]:
    """A headless Chromium WebDriver with browser console logs captured."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="ergraph-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium_binary() or ""
    for flag in FLAGS:
        opts.add_argument(flag)
    opts.add_argument(f"--user-data-dir={profile}")
    opts.add_argument(f"--window-size={width},{height}")
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(chromedriver_binary() or ""), options=opts)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def wait_ready(driver: Any, timeout: float = 60.0) -> float:
    """Wait until the page sets ``window.ergraphReady``; returns ms since navigation."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        at = driver.execute_script("return window.ergraphReady ? window.ergraphReadyAt : null")
        if at is not None:
            return float(at)
        time.sleep(0.02)
    raise TimeoutError(f"page not ready after {timeout:.0f}s")


CANVAS_STATS_JS = """
const c = document.querySelector('#eg-network canvas');
if (!c) return null;
const ctx = c.getContext('2d');
const d = ctx.getImageData(0, 0, c.width, c.height).data;
const colours = new Set(); let inked = 0;
for (let i = 0; i < d.length; i += 4 * 7) {
  if (d[i + 3] > 0 && !(d[i] > 245 && d[i + 1] > 245 && d[i + 2] > 245)) inked++;
  colours.add((d[i] >> 3) << 10 | (d[i + 1] >> 3) << 5 | (d[i + 2] >> 3) | (d[i + 3] > 0 ? 1 << 15 : 0));
}
return {colours: colours.size, inked: inked, samples: Math.floor(d.length / 28),
        width: c.width, height: c.height};
"""


def canvas_stats(driver: Any) -> dict[str, int] | None:
    """Pixel variety of the network canvas: how many distinct colours, how many pixels
    are not blank (sampled every 7th pixel)."""
    return driver.execute_script(CANVAS_STATS_JS)


def browser_errors(driver: Any) -> list[str]:
    """Severe console messages (script errors, CSP violations)."""
    try:
        logs = driver.get_log("browser")
    except Exception:  # noqa: BLE001 - some drivers have no log endpoint
        return []
    return [e["message"] for e in logs if e.get("level") == "SEVERE"]
