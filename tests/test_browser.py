"""The app in a real headless Chromium against `streamlit run`: load the samples, see them."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.bidfiles import SAMPLE_PROVIDERS

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
READY_WITHIN_SECONDS = 60
PROVIDERS = SAMPLE_PROVIDERS

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


def test_samples_load_and_the_comparison_shows_every_provider_and_a_red_flag(tmp_path):
    from playwright.sync_api import expect, sync_playwright

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path / "streamlit.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "streamlit_app.py",
             "--server.headless", "true", "--server.address", "127.0.0.1",
             "--server.port", str(port), "--browser.gatherUsageStats", "false"],
            cwd=ROOT, stdout=output, stderr=subprocess.STDOUT,
        )
    try:
        wait_until_ready(url, server, log)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM),
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            try:
                page = browser.new_page(viewport={"width": 1400, "height": 2400})
                page.set_default_timeout(30_000)
                page.goto(url)
                page.get_by_role("button", name="Load the six sample bids").click()
                expect(page.get_by_text("6 files loaded: 6 accepted, 0 refused")).to_be_visible()
                page.get_by_role("link", name="Compare bids").click()
                for provider in PROVIDERS:
                    expect(page.get_by_role("heading", name=provider)).to_be_visible()
                expect(page.get_by_text(re.compile(r"^\d+ red$")).first).to_be_visible()
                page.screenshot(path=tmp_path / "compare.png")
            finally:
                browser.close()
        assert (tmp_path / "compare.png").stat().st_size > 0
    finally:
        stop(server)
