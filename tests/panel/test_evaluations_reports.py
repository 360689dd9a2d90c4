"""The decision's documents made from the store: the snapshot matches what the store holds,
finals are refused by name while anything is missing, every report is audited, and the
saved .docx files hold every item of the award-records checklist."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from docx import Document

from documents.docx_kit import DRAFT_MARK, FINAL_MARK
from documents.produce import completeness_problems
from documents.reading import full_text, page_marks
from evaluations import audit, services, views
from evaluations.criteria import Criterion, Kind, PanelScheme, psr_scheme
from evaluations.details import AwardDetails, parse_details
from evaluations.models import BidFile
from evaluations.process import NotAllowed, Refused, Stage
from evaluations.reports import NotReady, details, report_checks, write_reports
from evaluations.snapshots import snapshot_of
from tests.panel.support import details_toml, good_reason, moderate_all, to_stage

NORTHGATE, SWIFT = "NRP-2027-01", "SWO/26/114"


def _set_details(panel, text: str | None = None) -> AwardDetails:
    with panel.write() as uow:
        return services.set_award_details(uow, panel.lead,
                                          parse_details(text or details_toml(), ".toml"))


def _reports(panel) -> list[dict]:
    with panel.read() as uow:
        return [e for e in audit.events(uow.session, panel.evaluation)
                if e["action"] == "report_produced"]


def test_the_snapshot_matches_the_store(panel):
    to_stage(panel, Stage.decided)
    with panel.read() as uow:
        snapshot = snapshot_of(uow, panel.lead)
        scores = views.panel_scores(uow, panel.lead)
        cells = views.moderation_view(uow, panel.lead)
        ranking = views.ranking(uow, panel.lead)
        digests = {b.reference: b.sha256 for b in uow.session.query(BidFile)}
        head = audit.verify(uow.session, panel.evaluation).head
    assert snapshot.stage == "decided" and snapshot.evaluation_id == panel.evaluation
    assert {(s.evaluator, s.bid, s.criterion, s.score, s.comment)
            for s in snapshot.panel_scores} == {
        (s["evaluator"], s["bid"], s["criterion"], s["score"], s["comment"]) for s in scores}
    agreed = {(c["bid"], c["criterion"]): c["consensus"] for c in cells if c["consensus"]}
    assert {(c.bid, c.criterion): (c.score, c.reason, c.reason_status, c.by)
            for c in snapshot.consensus} == {
        key: (c["score"], c["reason"], "approved", "Lead") for key, c in agreed.items()}
    assert {b.reference: b.sha256 for b in snapshot.bids} == digests
    assert snapshot.audit_head == head
    assert [(s.bid, s.rank, s.overall, s.passes_gates) for s in snapshot.ranking] == [
        (e["bid"], e["rank"], e["overall"], e["passes"]) for e in ranking]
    assert snapshot.bid(SWIFT).gates_failed  # the gate rules' red flags, by rule id
    assert {d.member for d in snapshot.declarations} == {"Lead", "Evaluator A",
                                                         "Evaluator B", "Service user"}


def test_final_documents_read_back_hold_every_checklist_item(panel, tmp_path):
    to_stage(panel, Stage.decided)
    blocking, _ = report_checks(panel.engine, panel.lead)
    assert "nobody is named as decision-maker (PSR reg 24(d))" in blocking
    _set_details(panel)
    assert report_checks(panel.engine, panel.lead)[0] == []
    entries = write_reports(panel.engine, panel.lead, tmp_path)
    assert [e["kind"] for e in entries].count("assessment_summary") == 2
    for entry in entries:
        document = Document(entry["path"])
        assert completeness_problems(entry["kind"], document) == [], entry["path"]
        assert all(mark.startswith(FINAL_MARK) for mark in page_marks(document))
        assert "Testshire Council" in full_text(document)


def test_drafts_in_moderation_say_draft_on_every_page_and_need_no_details(panel, tmp_path):
    to_stage(panel, Stage.moderation)
    entries = write_reports(panel.engine, panel.lead, tmp_path)
    assert all(e["path"].endswith("-DRAFT.docx") for e in entries)
    for entry in entries:
        marks = page_marks(Document(entry["path"]))
        assert marks and all(DRAFT_MARK in mark for mark in marks)


def test_finalising_with_a_missing_reason_names_the_bid_and_criterion(panel, tmp_path):
    to_stage(panel, Stage.moderation)
    _set_details(panel)
    with panel.write() as uow:
        for criterion in ("balance", "incentives", "mutual_aid", "recovery_capital", "voice"):
            for bid in (NORTHGATE, SWIFT):
                services.moderate(uow, panel.lead, bid, criterion, 2,
                                  good_reason(bid, criterion))
        services.moderate(uow, panel.lead, SWIFT, "safety", 2, good_reason(SWIFT, "safety"))
    with pytest.raises(NotReady) as refused:
        write_reports(panel.engine, panel.lead, tmp_path / "out", final=True)
    assert "Northgate Recovery Partnership (NRP-2027-01), Safety: no agreed score and " \
        "reason" in refused.value.problems
    assert "the evaluation is not decided yet (it is in moderation)" in refused.value.problems
    assert not (tmp_path / "out").exists() and _reports(panel) == []


def test_a_drafted_reason_blocks_deciding_and_finals_until_the_lead_approves_it(panel,
                                                                              tmp_path):
    to_stage(panel, Stage.moderation)
    _set_details(panel)
    with panel.write() as uow:
        drafted = services.draft_reasons(uow, panel.lead)
    assert len(drafted) == 12
    blocking, _ = report_checks(panel.engine, panel.lead)
    assert ("Swift Outcomes Ltd (SWO/26/114), Safety: the reason was drafted by the tool and "
            "the panel has not made it its own") in blocking
    with panel.write() as uow, pytest.raises(Refused, match="approve or rewrite"):
        services.advance(uow, panel.lead)
    with panel.write() as uow, pytest.raises(Refused, match="edit the drafted reason"):
        services.approve_reason(uow, panel.lead, *drafted[0])  # as the tool wrote it
    with panel.write() as uow:
        for bid, criterion in drafted:
            services.approve_reason(uow, panel.lead, bid, criterion,
                                    good_reason(bid, criterion))
        services.advance(uow, panel.lead)
    with panel.read() as uow:
        snapshot = snapshot_of(uow, panel.lead)
        actions = [e["action"] for e in audit.events(uow.session, panel.evaluation)]
    assert actions.count("consensus_drafted") == actions.count("reason_approved") == 12
    assert {c.reason_status for c in snapshot.consensus} == {"approved"}
    assert {c.approved_by for c in snapshot.consensus} == {"Lead"}
    assert len([c for c in snapshot.changes if "reason approved" in c.what]) == 12
    assert all(c.reason == good_reason(c.bid, c.criterion) for c in snapshot.consensus)
    assert write_reports(panel.engine, panel.lead, tmp_path)


def test_every_report_is_audited_with_each_files_digest_and_the_head_it_carries(panel,
                                                                             tmp_path):
    to_stage(panel, Stage.moderation)
    drafts = write_reports(panel.engine, panel.lead, tmp_path / "drafts")
    moderate_all(panel)
    with panel.write() as uow:
        services.advance(uow, panel.lead)
    _set_details(panel)
    finals = write_reports(panel.engine, panel.lead, tmp_path / "finals")
    with panel.read() as uow:
        log = audit.events(uow.session, panel.evaluation)
    logged = [(i, e) for i, e in enumerate(log) if e["action"] == "report_produced"]
    assert len(logged) == 2
    for (position, event), entries in zip(logged, (drafts, finals), strict=True):
        assert event["actor"] == "Lead"
        assert event["data"]["audit_head"] == log[position - 1]["hash"]
        for logged_entry, entry in zip(event["data"]["documents"], entries, strict=True):
            path = Path(entry["path"])
            assert logged_entry == entry | {
                "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
            assert event["data"]["audit_head"] in full_text(Document(str(path)))


def test_only_the_lead_produces_reports_and_only_from_moderation(panel, tmp_path):
    tmp_path /= "out"
    with pytest.raises(NotAllowed, match="cannot produce the decision documents now"):
        write_reports(panel.engine, panel.lead, tmp_path)
    to_stage(panel, Stage.moderation)
    for member in (panel.a, panel.service_user, panel.observer):
        with pytest.raises(NotAllowed, match="may not produce the decision documents"):
            write_reports(panel.engine, member, tmp_path)
        with pytest.raises(NotAllowed):
            report_checks(panel.engine, member)
    assert not tmp_path.exists()


def test_award_details_merge_are_audited_and_refuse_names_the_evaluation_lacks(panel):
    with panel.write() as uow, pytest.raises(NotAllowed, match="set the award details"):
        services.set_award_details(uow, panel.lead, AwardDetails(process="x"))
    to_stage(panel, Stage.moderation)
    _set_details(panel)
    with panel.write() as uow:
        services.set_award_details(uow, panel.lead, parse_details(
            'publication_date = 2027-01-08\n[providers."SWO/26/114"]\nidentifier = "C 9"\n',
            ".toml"))
    with panel.read() as uow:
        current = details(uow, panel.lead)
    assert str(current.publication_date) == "2027-01-08"
    assert current.providers[SWIFT].identifier == "C 9"
    assert current.providers[SWIFT].registered_office == f"1 High Street, {SWIFT}"
    assert current.contract.reference == "TC-2027-01"
    with panel.write() as uow, pytest.raises(Refused, match="no bid 'XYZ-1'"):
        services.set_award_details(uow, panel.lead, parse_details(
            '[providers."XYZ-1"]\nidentifier = "1"\n', ".toml"))
    with panel.write() as uow, pytest.raises(NotAllowed):
        services.set_award_details(uow, panel.a, AwardDetails(process="x"))
    with panel.read() as uow:
        actions = [e["action"] for e in audit.events(uow.session, panel.evaluation)]
    assert actions.count("award_details_set") == 2


def test_a_serious_concern_needs_the_panels_response_before_finals(panel, tmp_path):
    to_stage(panel, Stage.scoring)
    with panel.write() as uow:
        services.save_view(uow, panel.service_user, SWIFT, "incentives", "serious_concern",
                           "People will be pushed off their scripts")
    to_stage(panel, Stage.decided)
    _set_details(panel)
    blocking, _ = report_checks(panel.engine, panel.lead)
    assert blocking == ["Swift Outcomes Ltd (SWO/26/114), Payment and target incentives: the "
                        "service-user panel's serious concern has no recorded response from "
                        "the panel"]
    with pytest.raises(NotReady, match="serious concern has no recorded response"):
        write_reports(panel.engine, panel.lead, tmp_path)
    _set_details(panel, details_toml(concerns=((SWIFT, "incentives"),)))
    entries = write_reports(panel.engine, panel.lead, tmp_path)
    summary = next(e["path"] for e in entries if e["kind"] == "consultation_summary")
    assert "We gave a lower score for it." in full_text(Document(summary))


def test_a_failed_pass_fail_criterion_leaves_no_provider_and_says_so(panel, tmp_path):
    scheme = psr_scheme()
    scheme = PanelScheme.model_validate(scheme.model_copy(update={"criteria": (
        *scheme.criteria, Criterion(id="cqc_registered", title="Registered with the CQC",
                                    kind=Kind.pass_fail))}).model_dump())
    with panel.write() as uow:
        services.set_scheme(uow, panel.lead, scheme)
    to_stage(panel, Stage.moderation)
    moderate_all(panel, 3, fail=(NORTHGATE, "cqc_registered"))
    with panel.write() as uow:
        services.advance(uow, panel.lead)
    _set_details(panel, details_toml(criteria=tuple(c.id for c in scheme.criteria)))
    with panel.read() as uow:
        snapshot = snapshot_of(uow, panel.lead)
    assert snapshot.regime == "psr" and snapshot.winner is None
    northgate = snapshot.standing(NORTHGATE)
    assert northgate.gates_failed == ("the pass/fail criterion Registered with the CQC",)
    assert "cqc_registered" not in northgate.criterion_scores
    assert snapshot.scheme.importance(snapshot.scheme.criterion("quality_innovation")) == 35
    assert report_checks(panel.engine, panel.lead)[0] == [
        "no bid meets every minimum requirement, so there is no provider to award to"]
    assert len(write_reports(panel.engine, panel.lead, tmp_path, final=False)) == 4 + 2 + 1
