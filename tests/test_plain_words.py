"""The service-user page in plain words, on every sample bid and under both schemes.

What a representative reads is written for them (`scoring.plain_words`): no money in any
form, no cell or field codes or rule ids, every abbreviation explained the first time,
nothing claimed about a part no rule looks at, and a reading age of about 9 to 11
(Flesch-Kincaid grade + 5, textstat). Their views carry a consent tick that decides
whether their words may go into a public document.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import textstat
from streamlit.testing.v1 import AppTest

from app_pages.panel import state as panel_state
from evaluations import services, views
from evaluations.criteria import psr_scheme
from evaluations.models import ServiceUserView
from evaluations.process import Role, Stage
from evaluations.snapshots import snapshot_of
from evaluations.store import open_store, unit_of_work
from scoring.batch import report_for
from scoring.engine import load_rules
from scoring.plain_words import (
    ABBREVIATIONS,
    PLAIN,
    mentions_money,
    plain_findings,
    spelled_out,
    without_money_sentences,
)
from scoring.reader import read_bid_bytes
from tests.panel.support import build_panel, to_stage

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "streamlit_app.py")
SAMPLES = sorted((ROOT / "sample_tenders").glob("*.xlsx"))
READING_AGE_GOAL = 11  # about 9 to 11 years; Flesch-Kincaid grade + 5

MONEY_FORMS = ("£1,200,000", "￡1,200,000", "£1.8m", "6.4 million pounds", "EUR 300k",
               "eur300k", "$50,000", "€40,000", "300 euros", "GBP 12,000", "fifty quid",
               "a 5 grand bonus", "US$2m", "USD 10,000", "¥300", "50p a visit",
               "2.5 thousand pounds", "40 dollars")
NOT_MONEY = ("a 3-year term", "6 months", "12 clients per keyworker", "2% of people",
             "Safety is checked", "we meet 4 times a year")
CELL = re.compile(r"[A-Za-z ]+![A-Z]{1,3}\d+|\b[A-Z]{1,2}\d{1,4}\b")
FIELD = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b|\b[a-z_]+\.[a-z_]+\b")
RULE_ID = re.compile(r"\b[A-Z]{3}-\d{2}\b")
CAPITALS = re.compile(r"\b[A-Z]{2,}\b")


@pytest.mark.parametrize("text", MONEY_FORMS)
def test_money_in_every_form_is_found(text):
    assert mentions_money(f"They would earn about {text} more.")


@pytest.mark.parametrize("text", NOT_MONEY)
def test_counts_durations_and_shares_are_not_money(text):
    assert not mentions_money(text)


def test_a_providers_sentence_about_money_is_left_out_whole_not_garbled():
    told = without_money_sentences("We keep both doors open. The budget is £6.4m, or "
                                   "6.4 million pounds. Detox is funded every year.")
    assert told == "We keep both doors open. Detox is funded every year."


def test_abbreviations_are_spelled_out_the_first_time_only():
    assert spelled_out("OST for all; OST again.") == (
        "medicines like methadone (OST) for all; OST again.")
    assert spelled_out("medicines like methadone (OST) and OST") == (
        "medicines like methadone (OST) and OST")


def test_every_rule_has_words_for_service_users_and_they_are_plain():
    assert set(PLAIN) == {rule.id for rule in load_rules()}
    for rule, plain in PLAIN.items():
        for sentence in (plain.concern, plain.topic):
            assert not mentions_money(sentence), rule
            assert not CELL.search(sentence) and not FIELD.search(sentence), rule
            for short in CAPITALS.findall(sentence):
                assert f"{ABBREVIATIONS[short].lower()} ({short.lower()})" in sentence.lower(), (
                    rule, short)


def test_a_blank_answer_says_they_did_not_answer_rather_than_what_they_would_do():
    swift = report_for(read_bid_bytes((ROOT / "sample_tenders" / "swift_outcomes.xlsx")
                                      .read_bytes(), "swift_outcomes.xlsx"))
    from evaluations.bids import rule_result

    flags = rule_result(swift)["flags"]
    assert any(flag["answered"] is False for flag in flags)
    said = [f["finding"] for f in plain_findings(flags, "safety")]
    assert ("They did not answer the question about looking out for the people most at "
            "risk. Ask them.") in said
    assert all("Safety!" not in sentence for sentence in said)


# The page itself, as the representative reads it ---------------------------------------


@pytest.fixture
def engine(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'plain.db'}")
    panel_state.engine.clear()
    yield open_store()
    panel_state.engine.clear()


def evaluation_of_every_sample(engine, scheme=None) -> dict[str, str]:
    """Every sample bid in scoring, under `scheme`: role -> code."""
    with unit_of_work(engine) as uow:
        _, lead, lead_code = services.create_evaluation(uow, "Plain words", "Lee Lead",
                                                        scheme=scheme)
        codes = {"lead": lead_code}
        for name, role in (("Sue User", Role.service_user), ("Eve Evaluator", Role.evaluator)):
            codes[role.value] = services.add_member(uow, lead, name, role)[1]
        for path in SAMPLES:
            services.add_bid(uow, lead, path.read_bytes(), path.name)
        services.declare(uow, lead, [])
        services.advance(uow, lead)
    return codes


def page_text(app: AppTest) -> str:
    """Everything the page says: text, headings, labels, options, the details opened."""
    parts = [e.value for kind in ("markdown", "caption", "title", "header", "subheader",
                                  "info", "success", "warning", "error")
             for e in getattr(app, kind)]
    parts += [w.label for w in (*app.radio, *app.checkbox, *app.text_area, *app.selectbox,
                                *app.button, *app.expander)]
    parts += [option for radio in app.radio for option in radio.options]
    return re.sub(r"\\(.)", r"\1", "\n".join(str(part) for part in parts))  # as shown


def plain_pages(engine, scheme=None):
    """(provider, page text) for each sample bid on the service-user page, declared."""
    from tests.test_panel_app import signed_in

    codes = evaluation_of_every_sample(engine, scheme)
    app = signed_in(codes["service_user"])
    app.switch_page("app_pages/panel/declare.py").run()
    next(b for b in app.button if b.label == "Declare").click().run()
    app.switch_page("app_pages/panel/plain.py").run()
    assert not app.exception, [e.value for e in app.exception]
    for path in SAMPLES:
        app.session_state["panel_plain_bid"] = read_bid_bytes(path.read_bytes(),
                                                              path.name).bid.overview.bid_reference
        app.run()
        assert not app.exception
        yield app.subheader[0].value, page_text(app)


def words_only(text: str) -> str:
    """The page's sentences, without Markdown marks or icon names, for the reading age."""
    text = re.sub(r":material/[a-z_]+:", "", text)
    text = re.sub(r":[a-z]+\[(.*?)\]", r"\1", text)
    return re.sub(r"[*#_>`-]", " ", text)


@pytest.mark.parametrize("scheme", [None, psr_scheme()], ids=["rule areas", "PSR"])
def test_the_service_user_page_is_plain_for_every_sample_bid(engine, scheme):
    pages = list(plain_pages(engine, scheme))
    assert len(pages) == len(SAMPLES)
    for provider, text in pages:
        own = text.replace(provider, "")  # a provider's name is theirs (Brightpath ... CIC)
        assert not mentions_money(own), provider
        assert not CELL.search(own), (provider, CELL.search(own))
        assert not FIELD.search(own), (provider, FIELD.search(own))
        assert not RULE_ID.search(own), (provider, RULE_ID.search(own))
        for short in set(CAPITALS.findall(own)):
            first = own.index(short)
            assert own.find(f"({short})") != -1 and own.find(f"({short})") <= first, (
                f"{short} is not explained the first time on {provider}'s page")
        age = textstat.flesch_kincaid_grade(words_only(own)) + 5
        assert age <= READING_AGE_GOAL, f"{provider}: reading age {age:.1f}"


def test_a_part_no_rule_looks_at_makes_no_claim(engine):
    for _provider, text in plain_pages(engine, psr_scheme()):
        social = text.split("Doing good for the local area", 1)[1].split("What do you", 1)[0]
        assert "Our checking tool does not look at this part" in social
        assert "Nothing worrying found" not in social


# Consent and the outcome ---------------------------------------------------------------


def test_words_go_public_only_with_a_yes_recorded_per_view_and_audited(tmp_path):
    engine = open_store(f"sqlite:///{tmp_path / 'consent.db'}")
    panel = to_stage(build_panel(engine), Stage.scoring)
    with panel.write() as uow:
        services.save_view(uow, panel.service_user, "SWO/26/114", "incentives",
                           "serious_concern", "Paying for exits pushes people out.",
                           consent_to_quote=True)
        services.save_view(uow, panel.service_user, "NRP-2027-01", "voice", "concern",
                           "Only the panel should read this.")
    to_stage(panel, Stage.moderation)
    with panel.read() as uow:
        rows = {(row.criterion, row.consent_to_quote)
                for row in uow.session.query(ServiceUserView)}
        quoted = {(v.criterion, v.consent_to_quote)
                  for v in snapshot_of(uow, panel.lead).service_user_views}
        events = [e for e in views.audit_log(uow, panel.lead)["events"]
                  if e["action"] == "service_user_view_saved"]
    assert rows == quoted == {("incentives", True), ("voice", False)}
    assert {e["data"]["consent_to_quote"] for e in events} == {True, False}

    to_stage(panel, Stage.decided)
    with panel.write() as uow:
        services.set_quote_consent(uow, panel.service_user, "NRP-2027-01", "voice", True)
    with panel.read() as uow:
        assert all(v.consent_to_quote for v in snapshot_of(uow, panel.lead)
                   .service_user_views)
        told = views.service_user_outcome(uow, panel.service_user)
        assert any(e["action"] == "service_user_consent_saved"
                   for e in views.audit_log(uow, panel.lead)["events"])
    assert told["chosen"] == "Northgate Recovery Partnership"
    assert {(v["provider"], v["part"]) for v in told["views"]} == {
        ("Swift Outcomes Ltd", "How the provider is paid"),
        ("Northgate Recovery Partnership", "Listening to people who use the service")}


def test_after_the_decision_the_representative_reads_the_outcome_and_the_panels_answers(
        tmp_path, monkeypatch):
    from evaluations.details import AwardDetails, Response
    from tests.test_panel_app import signed_in

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'outcome.db'}")
    panel_state.engine.clear()
    engine = open_store()
    panel = to_stage(build_panel(engine), Stage.scoring)
    with panel.write() as uow:
        services.save_view(uow, panel.service_user, "SWO/26/114", "incentives",
                           "serious_concern", "People could be pushed off their script.")
    to_stage(panel, Stage.moderation)
    with panel.write() as uow:
        services.set_award_details(uow, panel.lead, AwardDetails(responses=(Response(
            bid="SWO/26/114", criterion="incentives",
            response="We agree. We gave a lower score for it."),)))
    to_stage(panel, Stage.decided)
    app = signed_in(panel.codes["service_user"])
    app.switch_page("app_pages/panel/plain.py").run()
    assert not app.exception
    text = page_text(app)
    assert "It chose **Northgate Recovery Partnership** to run the service." in text
    assert "The panel's answer:** We agree. We gave a lower score for it." in text
    assert "You had a serious concern." in text
    box = next(c for c in app.checkbox if c.key == "panel_consent_0")
    assert box.value is False
    box.check().run()
    with panel.read() as uow:
        assert snapshot_of(uow, panel.lead).service_user_views[0].consent_to_quote
    panel_state.engine.clear()
