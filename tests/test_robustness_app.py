"""How safe the decision is, on the pages: the lead's analysis, everyone else's reading,
and the quick look's rules-only version (AppTest, no browser)."""

from __future__ import annotations

from tests.test_app import texts as quick_texts
from tests.test_app import with_samples
from tests.test_panel_app import demo, engine, open_page, signed_in, texts  # noqa: F401


def test_the_lead_sees_the_whole_analysis_on_the_decision_page(demo):  # noqa: F811
    page = texts(open_page(signed_in(demo["lead"]), "decision"))
    assert "How safe is this decision?" in page
    assert "The decision holds" in page
    for part in ("One mark up or down", "Weights", "Each evaluator left out",
                 "Agreement between evaluators", "Answers to confirm with the provider",
                 "points or more apart"):
        assert part in page, part


def test_the_lead_tests_the_ranking_on_the_moderation_page_when_asked(demo):  # noqa: F811
    app = open_page(signed_in(demo["lead"]), "moderate")
    assert "How safe is this ranking?" not in texts(app)
    app.toggle(key="panel_moderate_robustness").set_value(True).run()
    assert not app.exception
    assert "How safe is this ranking?" in texts(app)


def test_the_service_user_sees_nothing_of_it_before_the_decision(demo):  # noqa: F811
    app = signed_in(demo["service_user"])
    try:
        page = texts(open_page(app, "decision"))
    except ValueError:  # the page is not offered before the decision
        return
    assert "How safe" not in page


def test_the_compare_page_tests_the_top_bid_on_the_rules_alone():
    app = with_samples()
    app.switch_page("app_pages/quick/compare.py").run()
    assert not app.exception
    page = quick_texts(app)
    assert "How safe is the top bid?" in page
    assert "The top bid holds" in page
    assert "Answers to confirm with the provider" in page
    assert "Each evaluator left out" not in page  # no panel on the quick look


def test_once_decided_the_observer_sees_the_plain_reading_only(demo, engine):  # noqa: F811
    from evaluations import services, views
    from evaluations.models import Member
    from evaluations.store import unit_of_work

    with unit_of_work(engine) as uow:
        lead = uow.session.query(Member).filter_by(role="lead").one().id
        for cell in views.moderation_view(uow, lead):
            if cell["panel_scored"] and not cell["consensus"]:
                services.moderate(uow, lead, cell["bid"], cell["criterion"], 2,
                                  "The panel agreed this score against the descriptor after "
                                  "reading the answers and the evaluators' notes together.")
        services.advance(uow, lead)
    page = texts(open_page(signed_in(demo["observer"]), "decision"))
    assert "How safe is this decision?" in page and "The decision holds" in page
    assert "Each evaluator left out" not in page and "One mark up or down" not in page
