"""What a panel must be able to trust, each in a real headless Chromium (issue 16).

One `streamlit run serve.py` (the app as deployed, with its sign-in cookie route) on a
throwaway SQLite store; each test builds its own evaluation through the service functions
and then works it as its members would, in the browser.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from docx import Document

from evaluations import services, views
from evaluations.details import parse_details
from evaluations.process import Stage
from evaluations.store import engine_for, migrate
from tests.panel.support import build_panel, details_toml, moderate_all, to_stage
from tests.test_browser import CHROMIUM, running_app
from tests.test_panel_browser import go, settle

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="needs Debian's chromium at /usr/bin/chromium "
                              "(apt-get install chromium; `make test` does it as root)"),
]
NORTHGATE, SWIFT = "Northgate Recovery Partnership", "Swift Outcomes Ltd"
BALANCE = "Recovery and maintenance in balance"
SAFETY = "Safety"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """(the app's URL, the store's engine) for this module's tests."""
    folder = tmp_path_factory.mktemp("reliability")
    database = f"sqlite:///{folder / 'panel.db'}"
    engine = engine_for(database)
    migrate(engine)
    try:
        with running_app(folder, "serve.py", {"DATABASE_URL": database,
                                              "EVALUATIONS_ALLOW_CREATE": "off"}) as url:
            yield url, engine
    finally:
        engine.dispose()


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 1400})
    context.set_default_timeout(30_000)
    yield context
    context.close()


def sign_in(page, url: str, code: str) -> None:
    page.goto(f"{url}/panel_sign_in")
    page.get_by_role("textbox", name="Your sign-in code").fill(code)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.get_by_text("You are signed in as").wait_for()
    settle(page)


def area(page, title: str):
    """The bordered form for one area on the score page."""
    return page.locator('[data-testid="stForm"]').filter(
        has=page.get_by_role("heading", name=title, exact=True))


def pick_bid(page, provider: str) -> None:
    from playwright.sync_api import expect

    settle(page)
    page.locator('[data-testid="stSelectbox"]').first.get_by_role("combobox").click()
    page.get_by_role("option", name=re.compile(re.escape(provider))).click()
    settle(page)
    expect(page.get_by_role("heading", name=provider)).to_be_visible()


def score(page, title: str, value: int, comment: str) -> None:
    form = area(page, title)
    form.get_by_text(re.compile(f"^{value}: ")).click()
    form.get_by_role("textbox").fill(comment)
    form.get_by_role("button", name="Save this score").click()
    settle(page)


def checked(page, title: str) -> list[int]:
    """The scores selected in an area's form (the options run 0, 1, 2, ...)."""
    radios = area(page, title).get_by_role("radio")
    return [i for i in range(radios.count()) if radios.nth(i).is_checked()]


def test_a_saved_score_is_still_there_after_switching_bid_and_unscored_shows_nothing(
        server, context):
    from playwright.sync_api import expect

    url, engine = server
    panel = to_stage(build_panel(engine), Stage.scoring)
    page = context.new_page()
    sign_in(page, url, panel.codes["a"])
    go(page, "Score the bids")
    pick_bid(page, NORTHGATE)
    assert checked(page, BALANCE) == [] and checked(page, SAFETY) == []
    score(page, BALANCE, 3, "Both routes are funded and open.")
    expect(area(page, BALANCE).get_by_text("Saved")).to_be_visible()
    pick_bid(page, SWIFT)
    assert checked(page, BALANCE) == []
    go(page, "Signed in")
    go(page, "Score the bids")
    pick_bid(page, NORTHGATE)
    assert checked(page, BALANCE) == [3]
    expect(area(page, BALANCE).get_by_role("textbox")).to_have_value(
        "Both routes are funded and open.")
    assert checked(page, SAFETY) == []
    with panel.read() as uow:
        mine = views.my_scores(uow, panel.a)
    assert [(s["criterion"], s["score"]) for s in mine] == [("balance", 3)]


def test_a_refresh_keeps_you_signed_in_and_sign_out_ends_it(server, context):
    from playwright.sync_api import expect

    url, engine = server
    panel = build_panel(engine)
    page = context.new_page()
    sign_in(page, url, panel.codes["a"])
    for _ in range(50):  # the page hands its ticket in just after signing in
        if any(c["name"] == "panel_session" for c in context.cookies()):
            break
        page.wait_for_timeout(100)
    cookie = next(c for c in context.cookies() if c["name"] == "panel_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert cookie["value"] not in page.url
    assert page.evaluate("document.cookie").find("panel_session") == -1  # HttpOnly
    page.reload()
    expect(page.get_by_text("You are signed in as")).to_be_visible()
    expect(page.get_by_text("Evaluator A").first).to_be_visible()
    page.get_by_role("button", name="Sign out").first.click()
    settle(page)
    page.reload()
    signed_out(page)


def signed_out(page) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_role("link", name="Sign in", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)


def test_a_revoked_code_ends_the_open_session_at_the_next_click(server, context):
    from playwright.sync_api import expect

    url, engine = server
    panel = to_stage(build_panel(engine), Stage.scoring)
    page = context.new_page()
    sign_in(page, url, panel.codes["a"])
    go(page, "Score the bids")
    with panel.write() as uow:
        services.revoke_code(uow, panel.lead, "Evaluator A")
    page.get_by_role("link", name="Signed in", exact=True).click()  # the next click
    settle(page)
    signed_out(page)
    expect(page.get_by_role("link", name="Score the bids")).to_have_count(0)
    page.reload()
    signed_out(page)


def test_a_save_from_a_stale_window_is_refused_with_words(server, context):
    from playwright.sync_api import expect

    url, engine = server
    panel = to_stage(build_panel(engine), Stage.scoring)
    first, second = context.new_page(), context.new_page()
    sign_in(first, url, panel.codes["a"])
    for page in (first, second):
        page.goto(f"{url}/panel_score")
        settle(page)
        pick_bid(page, NORTHGATE)
    score(first, BALANCE, 3, "Written in the first window.")
    score(second, BALANCE, 1, "Written in the second window.")
    expect(second.get_by_text(re.compile("Evaluator A changed this in another window"))
           ).to_be_visible()
    assert checked(second, BALANCE) == [3]
    expect(area(second, BALANCE).get_by_role("textbox")).to_have_value(
        "Written in the first window.")
    with panel.read() as uow:
        mine = views.my_scores(uow, panel.a)
    assert [(s["score"], s["comment"]) for s in mine] == [(3, "Written in the first window.")]


def decided_panel(engine):
    panel = to_stage(build_panel(engine), Stage.moderation)
    moderate_all(panel)
    return panel


def test_after_decide_only_final_documents_are_offered(server, context):
    from playwright.sync_api import expect

    url, engine = server
    panel = decided_panel(engine)
    with panel.write() as uow:
        services.set_award_details(uow, panel.lead, parse_details(details_toml(), ".toml"))
    page = context.new_page()
    sign_in(page, url, panel.lead_code)
    go(page, "Decision")
    page.get_by_role("button", name="Make the draft documents").click()
    expect(page.get_by_role("button", name=re.compile("Download the draft documents"))
           ).to_be_visible()
    go(page, "Progress and stages")
    page.get_by_role("button", name="Decide…").click()
    page.get_by_role("button", name="Yes, decide").click()
    expect(page.get_by_text("now at the decided stage")).to_be_visible()
    go(page, "Decision")
    expect(page.get_by_role("button", name=re.compile("Download the draft"))).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("Download the"))).to_have_count(0)
    page.get_by_role("button", name="Make the final documents").click()
    expect(page.get_by_role("button", name=re.compile("Download the final documents"))
           ).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("Download the draft"))).to_have_count(0)


def test_a_second_evaluation_in_the_same_tab_offers_nothing_of_the_first(server, context):
    from playwright.sync_api import expect

    url, engine = server
    first, second = decided_panel(engine), decided_panel(engine)
    page = context.new_page()
    sign_in(page, url, first.lead_code)
    go(page, "Decision")
    page.get_by_role("button", name="Make the draft documents").click()
    expect(page.get_by_role("button", name=re.compile("Download the draft documents"))
           ).to_be_visible()
    page.get_by_role("button", name="Sign out").first.click()
    settle(page)
    sign_in(page, url, second.lead_code)
    go(page, "Decision")
    expect(page.get_by_role("button", name=re.compile("Download the"))).to_have_count(0)


def test_award_details_set_in_the_form_reach_the_documents(server, context):
    from playwright.sync_api import expect

    url, engine = server
    panel = decided_panel(engine)
    page = context.new_page()
    sign_in(page, url, panel.lead_code)
    go(page, "Decision")
    page.get_by_text("Award details", exact=False).first.click()
    settle(page)
    page.get_by_role("textbox", name="Authority").fill("Formshire County Council")
    page.get_by_role("textbox", name="Reference").first.fill("FCC-FORM-2027")
    page.keyboard.press("Tab")  # leave the field, as a person does before pressing Save
    settle(page)
    page.get_by_role("button", name="Save the award details").click()
    settle(page)
    expect(page.get_by_text("Award details saved")).to_be_visible()
    with panel.read() as uow:
        assert services.award_details(uow, panel.evaluation).contract.reference == (
            "FCC-FORM-2027")
    page.get_by_role("button", name="Make the draft documents").click()
    with page.expect_download() as download:
        page.get_by_role("button", name=re.compile("Download the draft documents")).click()
    archive = zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes()))
    texts = []
    for name in archive.namelist():
        document = Document(io.BytesIO(archive.read(name)))
        texts.append("\n".join(p.text for p in document.paragraphs) + "\n".join(
            cell.text for table in document.tables for row in table.rows for cell in row.cells))
    assert any("FCC-FORM-2027" in text for text in texts)
    assert any("Formshire County Council" in text for text in texts)
