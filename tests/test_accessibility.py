"""WCAG 2.2 AA on every page each role can reach, at desktop and phone widths (axe-core).

One `streamlit run` over a store holding an evaluation at every stage: being set up,
in scoring (with a service-user view), the demo in moderation, and one decided. Each role
signs in to each in its own browser, and every page its menu offers is opened by the
menu, as a person would, at 1280 and at 390 px; so is every Quick look page, before and
after the sample bids are loaded. axe-core must find no serious or critical violation of
the WCAG 2.0, 2.1 and 2.2 A and AA rules, including in what Streamlit itself draws, and
the headings of each page's main part must go down one level at a time from its h1.

Set A11Y_SHOTS to a folder to keep a full-page screenshot of each page at each width.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from evaluations import services
from evaluations.demo import load_demo
from evaluations.process import Stage
from evaluations.store import open_store
from tests.axe import heading_jumps, violations
from tests.bidfiles import rewrite_sheet, write_bid
from tests.panel.support import build_panel, to_stage
from tests.test_browser import CHROMIUM, running_app
from tests.test_panel_browser import settle

WIDTHS = (1280, 390)
PHONE = 600

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="needs Debian's chromium at /usr/bin/chromium "
                              "(apt-get install chromium; `make test` does it as root)"),
]


def evaluations_at_every_stage(url: str, folder: Path) -> dict[str, dict[str, str]]:
    """(stage -> role -> sign-in code) for an evaluation at each stage, in one store. The
    one in scoring has first (by reference) a bid the reader made a note on (a hidden
    row), so each role's pages there are checked with the note showing."""
    engine = open_store(url)
    setup = build_panel(engine)
    scoring = to_stage(build_panel(engine, (noted_bid(folder, "AAA-NOTED-01"),)),
                       Stage.scoring)
    decided = to_stage(build_panel(engine), Stage.scoring)
    with decided.write() as uow:
        services.save_view(uow, decided.service_user, "SWO/26/114", "incentives",
                           "serious_concern", "People could be pushed off their script.")
        services.save_view(uow, decided.service_user, "NRP-2027-01", "voice", "agree",
                           "This is what people in recovery asked for.")
    to_stage(decided, Stage.decided)
    demo = {entry["role"]: entry["code"] for entry in
            reversed(load_demo(engine)["members"])}  # the first evaluator (Priya Shah)
    engine.dispose()
    codes = {"setup": {"lead": setup.lead_code}, "moderation": demo}
    for stage, panel in (("scoring", scoring), ("decided", decided)):
        codes[stage] = {"lead": panel.codes["lead"], "evaluator": panel.codes["a"],
                        "service_user": panel.codes["service_user"],
                        "observer": panel.codes["observer"]}
    return codes


def noted_bid(folder: Path, reference: str) -> Path:
    """A bid whose workbook hides an answer (row 3 of Treatment), which the reader notes."""
    return rewrite_sheet(write_bid(folder, "noted.xlsx",
                                   answers={"ost.max_duration_months": 24,
                                            "bid.reference": reference}),
                         "Treatment",
                         lambda xml: xml.replace('<row r="3"', '<row r="3" hidden="1"', 1))


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """The app under `streamlit run` over the store, each stage's codes, the store's URL."""
    folder = tmp_path_factory.mktemp("a11y")
    database = f"sqlite:///{folder / 'a11y.db'}"
    codes = evaluations_at_every_stage(database, folder)
    with running_app(folder, env={"DATABASE_URL": database}) as url:
        yield url, codes, database


def open_menu(page) -> None:
    """On a phone the menu is folded away: open it."""
    if page.viewport_size["width"] < PHONE:
        button = page.get_by_test_id("stExpandSidebarButton")
        if button.is_visible():
            button.click()
            page.wait_for_timeout(300)


def close_menu(page) -> None:
    if page.viewport_size["width"] < PHONE:
        button = page.get_by_test_id("stSidebarCollapseButton")
        if button.is_visible():
            button.locator("button").click()
            page.wait_for_timeout(300)


def menu_links(page, panel: bool) -> list[str]:
    """The addresses of the pages the menu offers (the evaluation's, or the Quick look's)."""
    open_menu(page)
    hrefs = page.get_by_test_id("stSidebar").locator("a").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))")
    close_menu(page)
    return [href for href in hrefs if page_name(href).startswith("panel_") == panel]


def page_name(href: str) -> str:
    path = href.split("://", 1)[-1].partition("/")[2] if "://" in href else href
    return path.strip("/") or "bids in"


def visit(page, href: str) -> None:
    """Follow the menu link to `href`, as a person would."""
    open_menu(page)
    page.get_by_test_id("stSidebar").locator(f'a[href="{href}"]').first.click()
    settle(page)
    close_menu(page)
    settle(page)


def shot_name(*parts: str) -> str:
    return "-".join(re.sub(r"[^a-z0-9]+", "_", part.lower()).strip("_") or "start"
                    for part in parts)


def check(page, label: str, found: dict[str, list[str]]) -> None:
    """Run axe on the page as it is; keep a screenshot when A11Y_SHOTS names a folder."""
    width = page.viewport_size["width"]
    # the page is ready when our accessibility script has run (streamlit_app.py)
    page.wait_for_function("window.scrollableTablesWatched === true", timeout=15_000)
    page.wait_for_timeout(600)  # elements fade in after a rerun; judge them as shown
    problems = violations(page) + heading_jumps(page)
    if problems:
        found[f"{label} at {width} px"] = problems
    folder = os.environ.get("A11Y_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        whole = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
        page.set_viewport_size({"width": width, "height": min(max(whole, 900), 8000)})
        page.wait_for_timeout(300)
        page.screenshot(path=Path(folder) / f"{shot_name(label)}-{width}.png")
        page.set_viewport_size({"width": width, "height": 900})


def sign_in(page, url: str, code: str) -> None:
    page.goto(f"{url}/panel_sign_in")
    page.get_by_role("textbox", name="Your sign-in code").fill(code)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("You are signed in as").wait_for()
    settle(page)


def report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{where}:\n  " + "\n  ".join(lines) for where, lines in found.items())


@pytest.mark.parametrize("width", WIDTHS)
def test_every_quick_look_page_meets_wcag_aa(app, browser, width, tmp_path):
    """Every quick-look page with the samples and one bid the reader made a note on (a
    hidden row), so the pages' notes are checked too."""
    url, _, _ = app
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    page.set_default_timeout(30_000)
    found: dict[str, list[str]] = {}
    page.goto(url)
    settle(page)
    check(page, "quick look - bids in - empty", found)
    page.get_by_role("button", name="Load the six sample bids").click()
    page.get_by_text("Northgate Recovery Partnership").first.wait_for()
    settle(page)
    page.locator('input[type="file"]').set_input_files(str(noted_bid(tmp_path, "NOTED-01")))
    page.get_by_text("1 note from reading this workbook").first.wait_for()
    settle(page)
    pages = menu_links(page, panel=False)
    assert len(pages) >= 8, pages
    for href in pages:
        visit(page, href)
        check(page, f"quick look - {page_name(href)}", found)
    page.context.close()
    assert not found, report(found)


ROLES_BY_STAGE = (
    ("setup", "lead"),
    *(("scoring", role) for role in ("lead", "evaluator", "service_user", "observer")),
    *(("moderation", role) for role in ("lead", "evaluator", "service_user", "observer")),
    *(("decided", role) for role in ("lead", "evaluator", "service_user", "observer")),
)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("stage", "role"), ROLES_BY_STAGE)
def test_every_evaluation_page_meets_wcag_aa_for_each_role_and_stage(app, browser, stage,
                                                                      role, width):
    url, codes, _ = app
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    page.set_default_timeout(30_000)
    found: dict[str, list[str]] = {}
    sign_in(page, url, codes[stage][role])
    pages = menu_links(page, panel=True)
    assert pages, "the menu offers no evaluation page"
    for href in pages:
        if not page.get_by_test_id("stSidebar").locator(f'a[href="{href}"]').count():
            # A busy machine can drop the connection, and a new one is signed out: sign
            # in again (keeping sessions across reconnections is not this test's subject).
            sign_in(page, url, codes[stage][role])
        visit(page, href)
        check(page, f"{stage} - {role} - {page_name(href)}", found)
    page.context.close()
    assert not found, report(found)
