"""The regime chosen at creation, and text a document cannot hold: refused at entry through
every path (services, command line), and dropped when writing so that nothing already
stored can block a document (award-records.md §6)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from evaluations import services
from evaluations.cli import main
from evaluations.details import AwardDetails, ContractDetails
from evaluations.process import Refused, Stage
from evaluations.records import acting
from evaluations.reports import write_reports
from evaluations.snapshots import snapshot_of
from evaluations.views import show
from tests.panel.support import SAMPLES, score_all, to_stage

UNSAFE = "a character documents cannot hold"


@pytest.fixture
def run(database_url, capsys, monkeypatch):
    monkeypatch.setattr("evaluations.codes.delay_for", lambda failures: 0.0)

    def call(*argv: str):
        status = main([*argv, "--db", database_url, "--json"])
        captured = capsys.readouterr()
        return status, json.loads(captured.out) if captured.out.strip() else None, captured.err

    return call


def test_the_regime_is_chosen_at_creation_and_defaults_to_the_psr(run, panel):
    status, created, _ = run("create", "Outside the PSR", "--lead", "Lee", "--regime",
                             "procurement_act")
    assert status == 0 and created["regime"] == "procurement_act"
    status, shown, _ = run("show", str(created["evaluation"]), "--code", created["code"])
    assert shown["regime"] == "procurement_act"
    assert run("create", "T", "--lead", "Lee", "--regime", "pcr2015")[0] == 2
    with panel.read() as uow:
        assert acting(uow, panel.lead).evaluation.regime == "psr"  # the default
        assert show(uow, panel.lead)["regime"] == "psr"


def test_a_regime_the_law_does_not_have_is_refused_in_words(panel):
    with panel.write() as uow, pytest.raises(Refused, match="unknown regime 'pcr2015'"):
        services.create_evaluation(uow, "T", "Lee", regime="pcr2015")


def test_the_default_schemes_criteria_each_serve_a_key_criterion(panel):
    with panel.read() as uow:
        scheme = show(uow, panel.lead)["scheme"]
    assert {c["key_criterion"] for c in scheme["criteria"]} == {
        "quality_innovation", "value", "integration", "access", "social_value"}


@pytest.mark.parametrize(("stage", "entry"), [
    (Stage.setup, lambda p, u: services.create_evaluation(u, "Tender\x0b", "Lee")),
    (Stage.setup, lambda p, u: services.add_member(u, p.lead, "Ann\x0b Other", "evaluator")),
    (Stage.moderation, lambda p, u: services.set_award_details(u, p.lead, AwardDetails(
        contract=ContractDetails(title="Treatment\x0b service")))),
])
def test_text_documents_cannot_hold_is_refused_at_entry(panel, stage, entry):
    to_stage(panel, stage)
    with panel.write() as uow, pytest.raises(Refused, match=UNSAFE):
        entry(panel, uow)


def test_a_comment_or_reason_with_a_vertical_tab_is_refused_with_where_it_is(panel):
    to_stage(panel, Stage.scoring)
    with panel.write() as uow, pytest.raises(Refused) as refused:
        services.save_score(uow, panel.a, panel.bids[0], "balance", 2, "Good\x0bplan")
    assert str(refused.value) == (
        "The comment contains a character documents cannot hold (a control character, "
        "U+000B, at character 5). It usually comes from copying text out of another program: "
        "remove it (retype that part) and save again.")
    with panel.write() as uow, pytest.raises(Refused, match=UNSAFE):
        services.save_view(uow, panel.service_user, panel.bids[0], "balance", "concern",
                           "Not\x0b sure")


def test_the_command_line_refuses_it_too(run, panel):
    to_stage(panel, Stage.scoring)
    with panel.read() as uow:
        evaluation = acting(uow, panel.lead).evaluation.id
    status, _, error = run("panel-score", str(evaluation), "--code", panel.codes["a"],
                           "--bid", panel.bids[0], "--area", "balance", "--score", "2",
                           "--comment", "Good\x0bplan")
    assert status == 1 and UNSAFE in error


def test_a_publication_date_that_is_not_a_working_day_is_refused(panel):
    to_stage(panel, Stage.moderation)
    with panel.write() as uow, pytest.raises(Refused, match="Friday 1 January 2027 is a bank "
                                             "holiday"):
        services.set_award_details(uow, panel.lead,
                                   AwardDetails(publication_date=date(2027, 1, 1)))


def test_text_stored_before_the_check_never_blocks_a_document(panel, tmp_path, monkeypatch):
    """Text saved before the check existed (switched off here) is dropped when the snapshot
    is made, so it never blocks a document; it goes through the services, so the audit,
    which now covers the data, still verifies."""
    monkeypatch.setattr(services, "refuse_unsafe_text", lambda **texts: None)
    with panel.write() as uow:
        services.add_member(uow, panel.lead, "Observer\x0b O", "observer")
    to_stage(panel, Stage.scoring)
    score_all(panel, panel.a, 1, "thin\x0b evidence")
    to_stage(panel, Stage.moderation)
    with panel.read() as uow:
        snapshot = snapshot_of(uow, panel.lead)
    assert "Observer O" in {member.name for member in snapshot.members}
    assert not any("\x0b" in score.comment for score in snapshot.panel_scores)
    entries = write_reports(panel.engine, panel.lead, tmp_path)
    assert len(entries) == 4 + 2 + 1


def test_an_evaluation_refuses_more_bids_than_its_documents_can_be_made_for(panel,
                                                                          monkeypatch):
    monkeypatch.setattr(services, "MAX_BIDS", 2)  # the panel holds two already
    data = (SAMPLES / "riverside.xlsx").read_bytes()
    with panel.write() as uow, pytest.raises(Refused, match="already holds 2 bids, the most"):
        services.add_bid(uow, panel.lead, data, "riverside.xlsx")
