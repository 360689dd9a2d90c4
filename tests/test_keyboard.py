"""The score page and the service-user page used with the keyboard alone, in Chromium.

No clicks: Tab to move, arrow keys to choose, Space to tick, Enter to press. Every
control reached shows a focus mark (an outline or a ring), and what is saved this way
reaches the store. Each test has its own evaluation, in the accessibility test's store
and server.
"""

from __future__ import annotations

import re

import pytest

from evaluations import views
from evaluations.process import Stage
from evaluations.store import open_store
from tests.panel.support import build_panel, to_stage
from tests.test_accessibility import app  # noqa: F401  (the accessibility test's server)
from tests.test_browser import CHROMIUM
from tests.test_panel_browser import settle

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="needs Debian's chromium at /usr/bin/chromium "
                              "(apt-get install chromium; `make test` does it as root)"),
]

FOCUS_MARK = """() => {
  const style = getComputedStyle(document.activeElement);
  return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2)
      || style.boxShadow !== 'none';
}"""


def tab_to(page, test: str, limit: int = 150) -> None:
    """Press Tab until the focused element `el` passes `test` (JavaScript)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return {test}; }}"):
            assert page.evaluate(FOCUS_MARK), f"no visible focus mark where {test}"
            return
    pytest.fail(f"Tab never reached an element where {test}")


def sign_in_by_keyboard(page, url: str, code: str) -> None:
    page.goto(f"{url}/panel_sign_in")
    page.get_by_role("textbox", name="Your sign-in code").wait_for()
    settle(page)
    tab_to(page, "el.getAttribute('aria-label') === 'Your sign-in code' || "
                 "(el.labels && [...el.labels].some(l => l.textContent.includes('sign-in code')))")
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    page.get_by_text("You are signed in as").wait_for()
    settle(page)


def press(page, what: str, name: str) -> None:
    """Tab to the link or button whose text ends with `name`, and press Enter."""
    tab_to(page, f"el.tagName === {what!r} && el.textContent.trim().endsWith({name!r})")
    page.keyboard.press("Enter")
    settle(page)


def panel_in_scoring(database: str):
    engine = open_store(database)
    panel = to_stage(build_panel(engine), Stage.scoring)
    return engine, panel


def test_an_evaluator_scores_an_area_with_the_keyboard_alone(app, browser):  # noqa: F811
    url, _, database = app
    engine, panel = panel_in_scoring(database)
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(30_000)
    try:
        sign_in_by_keyboard(page, url, panel.codes["b"])
        press(page, "A", "Score the bids")
        tab_to(page, "el.type === 'radio'")
        page.keyboard.press("ArrowDown")
        settle(page)
        tab_to(page, "el.tagName === 'TEXTAREA'")
        page.keyboard.type("Scored with the keyboard alone: the answers leave gaps.")
        press(page, "BUTTON", "Save this score")
        page.get_by_text("Saved: ").first.wait_for()
        with panel.read() as uow:
            mine = views.my_scores(uow, panel.b)
        assert any(row["comment"].startswith("Scored with the keyboard alone")
                   and row["score"] is not None for row in mine), mine
    finally:
        page.context.close()
        engine.dispose()


def test_a_representative_gives_a_view_with_the_keyboard_alone(app, browser):  # noqa: F811
    url, _, database = app
    engine, panel = panel_in_scoring(database)
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(30_000)
    try:
        sign_in_by_keyboard(page, url, panel.codes["service_user"])
        press(page, "A", "The bids in plain words")
        tab_to(page, "el.type === 'radio'")
        page.keyboard.press("ArrowDown")
        tab_to(page, "el.tagName === 'TEXTAREA'")
        page.keyboard.type("Typed with the keyboard alone.")
        tab_to(page, "el.type === 'checkbox'")
        page.keyboard.press("Space")
        press(page, "BUTTON", "Save my view")
        # the one-off "saved" message, or (after any later rerun) the lasting "Saved: ..."
        page.get_by_text(re.compile(r"Your view is saved|Saved: I ")).first.wait_for()
        with panel.read() as uow:
            shown = views.show(uow, panel.service_user)
        saved = [c["my_view"] for b in shown["bids"] for c in b["criteria"] if c["my_view"]]
        assert len(saved) == 1 and saved[0]["view"] in ("agree", "concern")
        assert saved[0]["comment"] == "Typed with the keyboard alone."
        assert saved[0]["consent_to_quote"] is True
    finally:
        page.context.close()
        engine.dispose()


def test_a_single_letter_outside_a_field_does_nothing(app, browser):  # noqa: F811
    """WCAG 2.1.4: Streamlit's own "r" (rerun) shortcut is switched off."""
    url, _, _ = app
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sent: list[object] = []
    page.on("websocket", lambda socket: socket.on("framesent", lambda frame: sent.append(frame)))
    try:
        page.goto(f"{url}/glossary")
        settle(page)
        page.mouse.click(700, 500)
        before = -1
        for _ in range(10):  # until the page has been quiet for a second and a half
            if len(sent) == before:
                break
            before = len(sent)
            page.wait_for_timeout(1500)
        for letter in "rcR":
            page.keyboard.press(letter)
        page.wait_for_timeout(1500)
        assert len(sent) == before, "a single letter made the app rerun"
    finally:
        page.context.close()
