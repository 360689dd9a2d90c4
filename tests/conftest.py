import os

import pytest
from hypothesis import settings
from playwright.sync_api import expect

from tests.bidfiles import write_bid


@pytest.fixture(scope="module")
def browser():
    """One Chromium for a browser test file (each such file skips without Chromium)."""
    from playwright.sync_api import sync_playwright

    from tests.test_browser import launch

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def bid_file(tmp_path):
    """Write a bid workbook into the test's temp dir: `bid_file(answers=..., tables=...)`."""

    def write(**changes):
        return write_bid(tmp_path, **changes)

    return write


# In CI the property tests draw the same examples every run, so a red build always
# reproduces; on a developer's machine they keep exploring new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

# Every browser test waits up to 20 s for what it expects (Playwright's own default is
# 5 s): a rerun on a shared 2-core machine, with the other worker busy, can take seconds.
expect.set_options(timeout=20_000)
