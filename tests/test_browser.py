"""The app in a real headless Chromium against `streamlit run`: load the samples, see them."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.bidfiles import SAMPLE_PROVIDERS

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
READY_WITHIN_SECONDS = 60
PROVIDERS = SAMPLE_PROVIDERS



def launch(playwright):
    """Debian's Chromium, headless, with the flags this machine needs (no sandbox as
    root; no background connections, which the closed network refuses)."""
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM),
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])


pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="needs Debian's chromium at /usr/bin/chromium "
                              "(apt-get install chromium; `make test` does it as root)"),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_ready(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + READY_WITHIN_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"streamlit run exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"streamlit run was not ready within {READY_WITHIN_SECONDS} s:\n"
                f"{log.read_text()}")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


@contextmanager
def running_app(folder: Path, script: str = "streamlit_app.py",
                env: dict[str, str] | None = None) -> Iterator[str]:
    """`streamlit run script` on a free local port (its log in `folder`), with `env` laid
    over this process's environment; yields its URL once it answers, stops it after."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = folder / "streamlit.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script,
             "--server.headless", "true", "--server.address", "127.0.0.1",
             "--server.port", str(port), "--browser.gatherUsageStats", "false"],
            cwd=ROOT, stdout=output, stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})})
    try:
        wait_until_ready(url, server, log)
        yield url
    finally:
        stop(server)


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    """The app under `streamlit run`, on a free local port, for this module's tests."""
    with running_app(tmp_path_factory.mktemp("streamlit")) as url:
        yield url


@pytest.fixture
def browser_page(app_url):
    """A page at 1280 px that fails, and records, every request not made to the app."""
    from playwright.sync_api import sync_playwright

    outside: list[str] = []

    def only_the_app(route):
        if route.request.url.startswith(app_url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 2400})
            context.route("**/*", only_the_app)
            page = context.new_page()
            page.set_default_timeout(30_000)
            page.goto(app_url)
            yield page, outside
        finally:
            browser.close()


def overflowing(page, selector: str) -> list[str]:
    """Elements matching `selector` whose content is wider than the element shows."""
    return page.eval_on_selector_all(
        selector,
        "elements => elements.filter(e => e.scrollWidth > e.clientWidth + 1)"
        "  .map(e => `${e.getAttribute('data-testid')}: ${e.scrollWidth} > ${e.clientWidth}"
        " ${e.parentElement.outerHTML.slice(0, 300)}`)",
    )


def test_samples_load_and_the_comparison_shows_every_provider_and_a_red_flag(browser_page,
                                                                            tmp_path):
    from playwright.sync_api import expect

    page, outside = browser_page
    page.get_by_role("button", name="Load the six sample bids").click()
    expect(page.get_by_text("6 files loaded: 6 accepted, 0 refused")).to_be_visible()
    page.get_by_role("link", name="Compare bids").click()
    for provider in PROVIDERS:
        expect(page.get_by_role("heading", name=provider)).to_be_visible()
    expect(page.get_by_text(re.compile(r"^\d+ red$")).first).to_be_visible()
    page.screenshot(path=tmp_path / "compare.png")
    assert (tmp_path / "compare.png").stat().st_size > 0
    assert outside == [], f"the app asked for something outside the machine: {outside}"


def test_the_compare_table_shows_every_column_at_1280_px(browser_page):
    from playwright.sync_api import expect

    page, outside = browser_page
    page.get_by_role("button", name="Load the six sample bids").click()
    expect(page.get_by_text("6 files loaded: 6 accepted, 0 refused")).to_be_visible()
    page.get_by_role("link", name="Compare bids").click()
    table = page.get_by_test_id("stTable").first
    expect(table).to_be_visible()
    table.scroll_into_view_if_needed()
    assert overflowing(page, '[data-testid="stTable"], [data-testid="stTable"] *') == []
    width = page.viewport_size["width"]
    headers = table.locator("th")
    assert headers.count() == 12
    for index in range(headers.count()):
        box = headers.nth(index).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, (
            headers.nth(index).inner_text())
    expect(table.locator("th").last).to_contain_text("Minimum requirements")
    assert outside == []


def test_a_very_long_unbroken_provider_name_breaks_no_layout(browser_page, tmp_path):
    """10,000 characters are refused by the contract's limit (200), and the refusal breaks
    no layout; the longest name allowed, unbroken, breaks none on Compare either."""
    from playwright.sync_api import expect

    from tests.bidfiles import write_bid

    page, outside = browser_page
    too_long = write_bid(tmp_path, "long-name.xlsx", answers={"provider.name": "Q" * 10_000})
    longest = write_bid(tmp_path, "longest-name.xlsx", answers={"provider.name": "W" * 200})
    page.locator('input[type="file"]').set_input_files([str(too_long), str(longest)])
    expect(page.get_by_text("2 files loaded")).to_be_visible()
    expect(page.get_by_text("1 refused").first).to_be_visible()
    text = ('[data-testid="stMain"], [data-testid="stMarkdownContainer"], '
            '[data-testid="stHeading"], [data-testid="stHeading"] *, [data-testid="stTable"] td')
    assert overflowing(page, text) == []
    assert beyond_the_page(page, text) == []
    page.get_by_role("link", name="Compare bids").click()
    expect(page.get_by_role("heading", name="Compare bids")).to_be_visible()
    expect(page.get_by_test_id("stTable").first).to_be_visible()  # the page has rendered
    page.wait_for_timeout(500)
    page.screenshot(path=tmp_path / "long-name.png", full_page=True)
    assert overflowing(page, text) == []
    assert beyond_the_page(page, text) == []
    assert outside == []


def beyond_the_page(page, selector: str) -> list[str]:
    """Elements matching `selector` that reach past the right edge of the window."""
    return page.eval_on_selector_all(
        selector,
        "elements => elements.filter(e => e.getBoundingClientRect().right > innerWidth + 1)"
        "  .map(e => `${e.tagName} ${e.getAttribute('data-testid')}`)",
    )
