"""Text from a bid or a person is shown as itself on every page that draws it (issue 19).

A provider named like a Markdown link, an outside image and an HTML tag must read as
those characters, never become a live link, a fetched image or bold text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_pages.panel import state as panel_state
from app_pages.shared.present import plain
from evaluations import services
from evaluations.process import Role
from evaluations.store import open_store, unit_of_work
from tests.bidfiles import write_bid
from tests.test_panel_app import signed_in

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = "[x](http://evil) ![i](http://evil/i.png) <b>"
KINDS = ("markdown", "caption", "title", "header", "subheader", "info", "success", "warning",
         "error", "checkbox", "expander")


@pytest.fixture
def codes(tmp_path, monkeypatch):
    """An evaluation in scoring whose only bid and whose members carry hostile text."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'panel.db'}")
    panel_state.engine.clear()
    engine = open_store()
    bid = write_bid(tmp_path, answers={"provider.name": HOSTILE,
                                       "bid.reference": "REF-1 <i>x</i>"})
    with unit_of_work(engine) as uow:
        _, lead, lead_code = services.create_evaluation(uow, f"Tender {HOSTILE}", "Lee Lead")
        found = {"lead": lead_code}
        for name, role in ((f"Eve {HOSTILE}", Role.evaluator), ("Sue User", Role.service_user)):
            found[role.value] = services.add_member(uow, lead, name, role)[1]
        assert services.add_bid(uow, lead, bid.read_bytes(), bid.name).accepted
        services.declare(uow, lead, [])
        services.advance(uow, lead)
    yield found
    panel_state.engine.clear()


def _drawn(app: AppTest) -> list[str]:
    """Every piece of text the page hands to Streamlit's Markdown renderer."""
    found = []
    for kind in KINDS:
        for element in getattr(app, kind):
            found.append(str(getattr(element, "label", None) or element.value))
    return found


def _only_as_text(app: AppTest) -> None:
    drawn = _drawn(app)
    assert not [text for text in drawn if "](http" in text or "<b>" in text], drawn
    assert any(plain(HOSTILE) in text for text in drawn), drawn


@pytest.mark.parametrize(("role", "page"), [("evaluator", "declare"),
                                            ("evaluator", "score"),
                                            ("service_user", "declare"),
                                            ("service_user", "plain"),
                                            ("lead", "setup"), ("lead", "progress")])
def test_a_hostile_provider_name_is_literal_text_on_the_evaluators_and_service_users_pages(
        codes, role, page):
    app = signed_in(codes[role])
    if page != "declare":
        app.switch_page("app_pages/panel/declare.py").run()
        app.button[0].click().run()  # a nil return: the bids open
    app.switch_page(f"app_pages/panel/{page}.py").run()
    assert not app.exception, [e.value for e in app.exception]
    _only_as_text(app)


def test_the_escaped_name_reads_as_the_provider_wrote_it():
    rendered = plain(HOSTILE).replace("\\", "").replace("\u2060", "")
    assert rendered == HOSTILE
