"""The evaluation pages through AppTest: each role sees what the contract allows, no more.

Every test runs against its own SQLite file (DATABASE_URL), signs in through the page's
own code form, and reads what the page drew.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_pages.panel import state as panel_state
from evaluations import services
from evaluations.demo import load_demo
from evaluations.process import Role
from evaluations.store import open_store, unit_of_work

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "streamlit_app.py")
SAMPLES = ROOT / "sample_tenders"
PANEL_PAGES = ("setup", "progress", "declare", "score", "plain", "moderate", "decision",
               "audit", "sign_in")
RULE_ID = re.compile(r"\b[A-Z]{3}-\d{2}\b")


@pytest.fixture
def engine(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'panel.db'}")
    panel_state.engine.clear()
    yield open_store()
    panel_state.engine.clear()


@pytest.fixture
def demo(engine):
    """The demo evaluation (in moderation): member name -> (role, code)."""
    loaded = load_demo(engine)
    return {m["role"]: m["code"] for m in loaded["members"]
            if m["member"] != "Sam Okafor" and m["member"] != "Jordan Lee"}


@pytest.fixture
def scoring(engine):
    """A small evaluation with two bids, just opened for scoring: role -> code."""
    with unit_of_work(engine) as uow:
        _, lead, lead_code = services.create_evaluation(uow, "Test tender", "Lee Lead")
        codes = {"lead": lead_code}
        for name, role in (("Eve Evaluator", Role.evaluator), ("Sue User", Role.service_user),
                           ("Obi Observer", Role.observer)):
            codes[role.value] = services.add_member(uow, lead, name, role)[1]
        for name in ("northgate.xlsx", "swift_outcomes.xlsx"):
            services.add_bid(uow, lead, (SAMPLES / name).read_bytes(), name)
        services.declare(uow, lead, [])
        services.advance(uow, lead)
    return codes


def signed_in(code: str) -> AppTest:
    """A new session, signed in through the sign-in page's code form."""
    app = AppTest.from_file(APP, default_timeout=60).run()
    app.switch_page("app_pages/panel/sign_in.py").run()
    app.text_input(key="panel_code_input").set_value(code)
    next(b for b in app.button if b.label == "Sign in").click().run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def available(app: AppTest) -> set[str]:
    """The evaluation pages this session's navigation offers."""
    found = set()
    for name in PANEL_PAGES:
        try:
            app.switch_page(f"app_pages/panel/{name}.py")
        except ValueError:
            continue
        found.add(name)
    app.switch_page("app_pages/panel/sign_in.py")
    return found


def open_page(app: AppTest, name: str) -> AppTest:
    app.switch_page(f"app_pages/panel/{name}.py").run()
    assert not app.exception, [e.value for e in app.exception]
    assert not any("something went wrong" in e.value for e in app.error)
    return app


def texts(app: AppTest, outside_expanders: bool = False) -> str:
    kinds = ("markdown", "caption", "title", "header", "subheader", "info", "success",
             "warning", "error")
    inside = set()
    if outside_expanders:
        for expander in app.expander:
            inside |= {id(e.proto) for kind in kinds for e in getattr(expander, kind)}
    parts = [e.value for kind in kinds for e in getattr(app, kind) if id(e.proto) not in inside]
    parts += [frame.value.to_string() for frame in (*app.dataframe, *app.table)]
    return "\n".join(str(part) for part in parts)


def test_signed_out_the_evaluation_offers_only_sign_in_and_quick_look_says_nothing_is_saved(
        engine):
    app = AppTest.from_file(APP, default_timeout=60).run()
    assert "nothing you do here is saved" in texts(app)
    assert available(app) == {"sign_in"}


@pytest.mark.parametrize(("setting", "offered"), [("on", True), ("off", False)])
def test_starting_an_evaluation_or_the_demo_is_offered_only_where_allowed(
        engine, monkeypatch, setting, offered):
    monkeypatch.setenv("EVALUATIONS_ALLOW_CREATE", setting)
    app = open_page(AppTest.from_file(APP, default_timeout=60).run(), "sign_in")
    labels = {expander.label for expander in app.expander}
    assert ("Start a new evaluation (you will be its lead)" in labels) is offered
    assert ("Try the demo evaluation" in labels) is offered
    assert app.text_input(key="panel_code_input").proto.type == 0  # a visible box, not masked


@pytest.mark.parametrize("role, pages", [
    ("lead", {"setup", "progress", "moderate", "decision", "audit", "sign_in"}),
    ("evaluator", {"score", "sign_in"}),
    ("service_user", {"plain", "sign_in"}),
    ("observer", {"sign_in"}),
])
def test_each_role_in_moderation_is_offered_its_own_pages(demo, role, pages):
    app = signed_in(demo[role])
    assert available(app) == pages
    for name in pages:
        open_page(app, name)


def test_the_session_says_who_is_signed_in_and_as_what_and_sign_out_ends_it(demo):
    app = signed_in(demo["evaluator"])
    assert "Priya Shah" in texts(app) and "Evaluator" in texts(app)
    next(b for b in app.sidebar.button if b.label == "Sign out").click().run()
    assert available(app) == {"sign_in"}
    assert "Priya Shah" not in texts(app)


def test_a_forged_role_in_session_state_or_the_url_changes_nothing(demo):
    app = signed_in(demo["evaluator"])
    app.session_state["role"] = "lead"
    app.session_state["panel_role"] = "lead"
    app.query_params["role"] = "lead"
    app.run()
    assert available(app) == {"score", "sign_in"}
    assert "Evaluator" in texts(app)

    forged = AppTest.from_file(APP, default_timeout=60)
    forged.session_state[panel_state.SIGNED_IN] = {"member_id": 1, "how": "code"}
    forged.session_state["role"] = "lead"
    forged.query_params["role"] = "lead"
    forged.run()
    assert available(forged) == {"sign_in"}


def test_two_sessions_of_different_roles_see_different_data(demo):
    lead = open_page(signed_in(demo["lead"]), "moderate")
    user = open_page(signed_in(demo["service_user"]), "plain")
    lead_text, user_text = texts(lead), texts(user)
    assert "Priya Shah" in lead_text and "Sam Okafor" in lead_text  # evaluators' scores
    assert "Priya Shah" not in user_text and "Sam Okafor" not in user_text
    assert "Evaluator" not in user_text
    assert "£" not in user_text
    assert not RULE_ID.search(texts(user))  # words written for them, no rule ids at all


def test_an_evaluators_saved_score_survives_a_rerun_and_a_new_session(scoring):
    app = signed_in(scoring["evaluator"])
    assert available(app) == {"declare", "score", "sign_in"}
    open_page(app, "declare")
    next(b for b in app.button if b.label == "Declare").click().run()
    assert "nil return is recorded" in texts(app)
    open_page(app, "score")
    reference = app.selectbox(key="panel_score_bid").value
    unsaved, saved = f"panel_score|{reference}|balance|v0", f"panel_score|{reference}|balance|v1"
    assert app.radio(key=f"{unsaved}|score").value is None  # nothing chosen for you
    app.radio(key=f"{unsaved}|score").set_value(3)
    save = next(b for b in app.button if b.label == "Save this score")
    save.click().run()
    assert "write a comment" in texts(app)
    app.text_area(key=f"{unsaved}|comment").input(
        "Both routes are open: abstinence and maintenance without limits (Treatment!B7).")
    next(b for b in app.button if b.label == "Save this score").click().run()
    assert "Saved: 3" in texts(app)
    app.run()
    assert app.radio(key=f"{saved}|score").value == 3

    again = open_page(signed_in(scoring["evaluator"]), "score")
    assert again.radio(key=f"{saved}|score").value == 3
    assert "B7" in again.text_area(key=f"{saved}|comment").value
    assert "Still to score: 11 in all." in texts(again)
    submit = next(b for b in again.button if b.label == "Submit my scores…")
    assert submit.disabled


def test_an_evaluator_sees_nothing_before_declaring_and_no_one_elses_scores(scoring):
    app = open_page(signed_in(scoring["evaluator"]), "score")
    assert "Declare your interests first" in texts(app)
    assert not app.radio


def test_the_moderation_page_warns_about_a_reason_comparing_bidders(demo):
    app = open_page(signed_in(demo["lead"]), "moderate")
    choice = app.selectbox(key="panel_moderate_bid")
    assert "Still to agree" in texts(app)
    choice.select_index(len(choice.options) - 1).run()  # the demo agreed only the first two
    reference = app.selectbox(key="panel_moderate_bid").value
    app.radio(key=f"panel_mod_score|{reference}|balance|v0").set_value(2).run()
    app.text_area(key=f"panel_mod_reason|{reference}|balance|v0").input(
        "Better than the other bids.").run()
    warnings = " ".join(w.value for w in app.warning)
    assert "compares bidders" in warnings
    assert "words" in warnings


def test_the_observer_sees_the_decision_only_once_decided(scoring, engine):
    observer = signed_in(scoring["observer"])
    assert available(observer) == {"sign_in"}
    with unit_of_work(engine) as uow:
        members = {m["role"]: m for m in _members(uow)}
        lead, evaluator = members["lead"]["id"], members["evaluator"]["id"]
        services.declare(uow, evaluator, [])
        for bid in ("NRP-2027-01", "SWO/26/114"):
            for area in ("balance", "incentives", "mutual_aid", "recovery_capital", "safety",
                         "voice"):
                services.save_score(uow, evaluator, bid, area, 2, "Meets it with gaps.")
        services.submit(uow, evaluator)
        services.advance(uow, lead)
        for bid in ("NRP-2027-01", "SWO/26/114"):
            for area in ("balance", "incentives", "mutual_aid", "recovery_capital", "safety",
                         "voice"):
                services.moderate(uow, lead, bid, area, 2, "Agreed against the descriptor.")
        services.advance(uow, lead)
    observer.run()
    assert available(observer) == {"decision", "sign_in"}
    page = open_page(observer, "decision")
    assert "Decided by" in texts(page) and "Lee Lead" in texts(page)
    assert "Northgate" in texts(page)


def _members(uow):
    from sqlalchemy import select

    from evaluations.models import Member

    return [{"id": m.id, "role": m.role} for m in uow.session.scalars(select(Member))]


def test_a_submitted_evaluator_sees_the_others_scores_and_a_conflicted_one_not_that_bid(
        engine):
    members = {m["member"]: m["code"] for m in load_demo(engine)["members"]}
    priya = open_page(signed_in(members["Priya Shah"]), "score")
    assert "The panel's submitted scores for this bid" in texts(priya)
    assert "Sam Okafor" in texts(priya)
    jordan = open_page(signed_in(members["Jordan Lee"]), "score")
    shown = " ".join(jordan.selectbox(key="panel_score_bid").options)
    assert "Swift Outcomes" not in shown and "SWO/26/114" not in shown
    assert "withheld from you because of the conflict you declared" in texts(jordan)


def test_the_lead_sees_the_audit_chain_verified_and_can_filter_it(demo):
    app = open_page(signed_in(demo["lead"]), "audit")
    assert "The chain verifies" in texts(app)
    everything = app.table[0].value.shape[0]
    app.multiselect[0].set_value(["Consensus saved"]).run()
    agreed = app.table[0].value
    assert 0 < agreed.shape[0] < everything
    assert all(" agreed a score of " in said for said in agreed["What happened"])
    assert "{" not in texts(app)  # sentences, never raw data


@pytest.fixture
def identity_provider(monkeypatch):
    """Streamlit's OIDC sign-in, configured, with the e-mail it verified (set by the test)."""
    verified = {"email": None}
    monkeypatch.setattr(panel_state, "identity_provider_configured", lambda: True)
    monkeypatch.setattr(panel_state, "verified_email", lambda: verified["email"])
    return verified


def test_an_identity_providers_email_signs_in_its_member_and_an_unknown_one_is_told(
        engine, identity_provider):
    with unit_of_work(engine) as uow:
        _, lead, _ = services.create_evaluation(uow, "Tender A", "Lee Lead")
        services.add_member(uow, lead, "Eve Evaluator", Role.evaluator, "Eve@Council.example")
    identity_provider["email"] = "stranger@example.org"
    app = AppTest.from_file(APP, default_timeout=60).run()
    app.switch_page("app_pages/panel/sign_in.py").run()
    assert "is not a member of any evaluation" in texts(app)
    assert available(app) == {"sign_in"}

    identity_provider["email"] = "eve@council.example"
    app = AppTest.from_file(APP, default_timeout=60).run()
    assert available(app) == {"declare", "sign_in"}
    assert "Eve Evaluator" in texts(app)


def test_an_email_on_two_evaluations_chooses_which_to_open(engine, identity_provider):
    with unit_of_work(engine) as uow:
        for name in ("Tender A", "Tender B"):
            _, lead, _ = services.create_evaluation(uow, name, "Lee Lead")
            services.add_member(uow, lead, "Sue User", Role.service_user, "sue@example.org")
    identity_provider["email"] = "sue@example.org"
    app = AppTest.from_file(APP, default_timeout=60).run()
    app.switch_page("app_pages/panel/sign_in.py").run()
    assert available(app) == {"sign_in"}
    app.selectbox[0].select_index(1).run()
    next(b for b in app.button if b.label == "Open this evaluation").click().run()
    assert "Tender A" in texts(app) and "Service-user representative" in texts(app)


def test_the_lead_makes_draft_decision_documents_in_moderation_and_sees_what_blocks_finals(
        demo):
    app = open_page(signed_in(demo["lead"]), "decision")
    page = texts(app)
    assert "Decision documents" in page
    assert "Before the final documents can be made" in page  # the demo is not decided
    next(b for b in app.button if b.label == "Make the draft documents").click().run()
    assert not app.exception and not app.error
    (download,) = app.get("download_button")
    assert "Download the draft documents" in download.proto.label
    assert "Moderation record (internal)" in texts(app)


def test_the_decision_documents_are_for_the_lead_only(demo):
    for role in ("evaluator", "service_user"):
        app = signed_in(demo[role])
        if "decision" in available(app):
            assert "Decision documents" not in texts(open_page(app, "decision"))


def test_decided_documents_are_final_word_files_traced_to_the_audit(scoring, engine, tmp_path):
    from docx import Document

    from evaluations import reports

    with unit_of_work(engine) as uow:
        members = {m["role"]: m for m in _members(uow)}
        lead, evaluator = members["lead"]["id"], members["evaluator"]["id"]
        services.declare(uow, evaluator, [])
        areas = ("balance", "incentives", "mutual_aid", "recovery_capital", "safety", "voice")
        for bid in ("NRP-2027-01", "SWO/26/114"):
            for area in areas:
                services.save_score(uow, evaluator, bid, area, 2, "Meets it with gaps.")
        services.submit(uow, evaluator)
        services.advance(uow, lead)
        reason = ("The panel agreed this score against the published descriptor for the "
                  "criterion, weighing the workbook answers the rules read and the evaluator's "
                  "note on the cells cited.")
        for bid in ("NRP-2027-01", "SWO/26/114"):
            for area in areas:
                services.moderate(uow, lead, bid, area, 2, reason)
        services.advance(uow, lead)
    blocking, _ = reports.report_checks(engine, lead)
    app = open_page(signed_in(scoring["lead"]), "decision")
    assert "Before the final documents can be made" in texts(app)
    assert all(problem in texts(app) for problem in map(panel_state.escape, blocking[:1]))
    button = next(b for b in app.button if b.label == "Make the final documents")
    assert button.disabled  # finals wait for the award details
    with pytest.raises(reports.NotReady):
        reports.write_reports(engine, lead, tmp_path)
    drafts = reports.write_reports(engine, lead, tmp_path, final=False)
    assert {entry["kind"] for entry in drafts} >= {"moderation_record", "decision_record"}
    text = " ".join(p.text for p in Document(drafts[0]["path"]).paragraphs)
    assert "DRAFT" in text or any("DRAFT" in s.header.paragraphs[0].text
                                  for s in Document(drafts[0]["path"]).sections)


def test_what_the_reader_noted_in_a_bid_is_shown_to_evaluators_and_at_moderation(
        engine, tmp_path):
    """A bid whose workbook hides an answer (a hidden row): the evaluator scoring it, the
    service-user representative reading it and the lead moderating it all see the note,
    with its cell (the representative in plain words first)."""
    from evaluations import views
    from tests.bidfiles import rewrite_sheet, write_bid

    hidden = rewrite_sheet(write_bid(tmp_path, answers={"ost.max_duration_months": 24}),
                           "Treatment",
                           lambda xml: xml.replace('<row r="3"', '<row r="3" hidden="1"', 1))
    with unit_of_work(engine) as uow:
        _, lead, lead_code = services.create_evaluation(uow, "Test tender", "Lee Lead")
        evaluator, evaluator_code = services.add_member(uow, lead, "Eve Evaluator",
                                                        Role.evaluator)
        user, user_code = services.add_member(uow, lead, "Sue User", Role.service_user)
        added = services.add_bid(uow, lead, hidden.read_bytes(), "hidden.xlsx")
        assert added.accepted and added.report.warnings
        services.add_bid(uow, lead, (SAMPLES / "swift_outcomes.xlsx").read_bytes(),
                         "swift_outcomes.xlsx")
        for member in (lead, evaluator, user):
            services.declare(uow, member, [])
        services.advance(uow, lead)
    note = "row 3 is hidden"
    app = open_page(signed_in(evaluator_code), "score")
    assert "Notes on how the workbook was read" in texts(app) and note in texts(app)
    app = open_page(signed_in(user_code), "plain")
    app.selectbox(key="panel_plain_bid").set_value(added.report.scorecard.reference).run()
    assert "Some answers in this plan are hidden" in texts(app) and note in texts(app)
    app.selectbox(key="panel_plain_bid").set_value("SWO/26/114").run()
    assert "Some answers in this plan are hidden" not in texts(app)
    with unit_of_work(engine) as uow:
        page = views.show(uow, evaluator)
        for bid in page["bids"]:
            for criterion in page["scheme"]["criteria"]:
                if criterion["panel_share"]:
                    services.save_score(uow, evaluator, bid["reference"], criterion["id"],
                                        1 if criterion["kind"] == "pass_fail" else 2, "fine")
        services.submit(uow, evaluator)
        services.advance(uow, lead)
    app = open_page(signed_in(lead_code), "moderate")
    app.selectbox(key="panel_moderate_bid").set_value(added.report.scorecard.reference).run()
    assert "Notes on how the workbook was read" in texts(app) and note in texts(app)
    app.selectbox(key="panel_moderate_bid").set_value("SWO/26/114").run()
    assert "Notes on how the workbook was read" not in texts(app)
