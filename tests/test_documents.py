"""The decision's documents: every required item of award-records.md is found in the saved
.docx, drafts say DRAFT on every page, and nothing is final while a reason is missing."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

from documents.checklist import CHECKLISTS
from documents.checks import (
    close_margins,
    margin_warnings,
    reason_problems,
    reason_warnings,
)
from documents.consultation_summary import consultation_problems, consultation_summary
from documents.docx_kit import DRAFT_MARK, DRAFTED, FINAL_MARK, PENDING
from documents.drafting import (
    approve,
    draft_reason,
    draft_selection_reasons,
    with_drafted_reasons,
)
from documents.plain import readability_problems, without_money
from documents.produce import (
    FinalisingRefused,
    build_documents,
    completeness_problems,
    finalise,
    save,
    write_documents,
)
from documents.reading import full_text, headings, page_marks
from documents.sample import load_sample
from documents.snapshot import Decision, Snapshot

ROOT = Path(__file__).resolve().parent.parent
GOOD_REASON = (
    "Agreed 3 (good): the workbook keeps OST open with no time cap (Treatment!C2) and funds "
    "forty rehab placements; full marks were not given because detox waiting times are not "
    "stated anywhere in the narrative.")


@pytest.fixture(scope="module")
def sample() -> Snapshot:
    return load_sample()


@pytest.fixture(scope="module")
def saved(sample, tmp_path_factory) -> dict[tuple[str, str | None], Path]:
    """Every final document of the sample, saved and ready to read back."""
    out = tmp_path_factory.mktemp("final")
    return {(entry["kind"], entry["bid"]): Path(entry["path"])
            for entry in write_documents(sample, out)}


def _with_consensus(snapshot: Snapshot, bid: str, criterion: str, **changes) -> Snapshot:
    consensus = tuple(c.model_copy(update=changes) if (c.bid, c.criterion) == (bid, criterion)
                      else c for c in snapshot.consensus)
    return snapshot.model_copy(update={"consensus": consensus})


def _without_consensus(snapshot: Snapshot, bid: str, criterion: str) -> Snapshot:
    consensus = tuple(c for c in snapshot.consensus if (c.bid, c.criterion) != (bid, criterion))
    return snapshot.model_copy(update={"consensus": consensus})


# The checklist, read back from the saved files ----------------------------------------

@pytest.mark.parametrize("regime", sorted(CHECKLISTS))
def test_each_checklist_item_has_a_source_and_its_own_heading(regime):
    for items in CHECKLISTS[regime].values():
        assert all(item.requirement and item.source and item.heading for item in items)
        assert len({item.heading for item in items}) == len(items)


@pytest.mark.parametrize("kind", sorted(CHECKLISTS["psr"]))
def test_every_required_item_is_in_the_saved_document(kind, saved):
    for (saved_kind, _bid), path in saved.items():
        if saved_kind != kind:
            continue
        found = set(headings(Document(str(path))))
        missing = [f"{item.requirement} ({item.source})" for item in CHECKLISTS["psr"][kind]
                   if item.heading not in found]
        assert not missing, f"{path.name} lacks: {missing}"


@pytest.mark.parametrize("kind", sorted(CHECKLISTS["psr"]))
def test_a_final_document_leaves_nothing_to_complete(kind, saved):
    for (saved_kind, _bid), path in saved.items():
        if saved_kind == kind:
            text = full_text(Document(str(path)))
            assert not [mark for mark in PENDING if mark in text], path.name


def test_the_contract_json_lists_every_kind_and_one_summary_per_assessed_bid(sample, saved):
    kinds = [kind for kind, _ in saved]
    assert kinds.count("assessment_summary") == len(sample.bids)
    assert set(kinds) == set(CHECKLISTS["psr"])
    assert {bid for kind, bid in saved if kind == "assessment_summary"} == \
        {bid.reference for bid in sample.bids}
    assert all(path.is_absolute() and path.exists() for path in saved.values())


def test_every_document_carries_the_id_scheme_chain_head_and_the_digests_it_may(sample, saved):
    for (kind, bid), path in saved.items():
        document = Document(str(path))
        text = full_text(document)
        assert f"Evaluation id: {sample.evaluation_id}" in text
        assert sample.scheme.name in text
        assert sample.audit_head in text
        assert all(sample.audit_head in mark for mark in page_marks(document)[1::2])
        listed = {b.reference for b in sample.bids if b.sha256 in text}
        if kind in ("moderation_record", "decision_record"):
            assert listed == {b.reference for b in sample.bids}
        else:  # a letter lists its own file only, a public document none
            assert listed == ({bid} if kind == "assessment_summary" else set()), path.name


def test_the_notice_counts_the_psr_standstill_over_christmas(saved):
    text = full_text(Document(str(saved["award_notice", None])))
    assert "Notice published on: 18 December 2026" in text
    assert "Standstill begins: Saturday 19 December 2026" in text
    assert "Standstill ends: at midnight at the end of Monday 4 January 2027" in text
    assert "begins on the day after the notice is published" in text


def test_under_the_procurement_act_the_notice_counts_from_publication_day(sample):
    notice = build_documents(sample.model_copy(update={"regime": "procurement_act"}))[2]
    assert notice.kind == "award_notice"
    assert "Standstill begins: Friday 18 December 2026" in full_text(notice.document)
    assert "Thursday 31 December 2026" in full_text(notice.document)


def test_the_moderation_record_keeps_each_evaluators_note_unchanged(sample, saved):
    text = full_text(Document(str(saved["moderation_record", None])))
    assert all(score.comment in text for score in sample.panel_scores)
    assert all(change.why in text for change in sample.changes)


def test_a_losing_summary_says_why_it_lost_and_how_the_winner_was_assessed(sample, saved):
    text = full_text(Document(str(saved["assessment_summary", "SWO/26/114"])))
    assert "Long-term OST is open to everyone who chooses it" in text
    assert "Selected provider: Northgate Recovery Partnership" in text
    winner = full_text(Document(str(saved["assessment_summary", "NRP-2027-01"])))
    assert "Not applicable: this bid was selected (the most advantageous tender)." in winner


# Draft and final -----------------------------------------------------------------------

def test_a_draft_says_draft_on_every_page(sample, tmp_path):
    moderating = sample.model_copy(update={"stage": "moderation"})
    entries = write_documents(moderating, tmp_path)
    assert all(entry["path"].endswith("-DRAFT.docx") for entry in entries)
    for entry in entries:
        marks = page_marks(Document(entry["path"]))
        assert marks and all(DRAFT_MARK in mark for mark in marks), entry["path"]


def test_drafts_early_in_moderation_show_what_is_still_to_complete(sample):
    early = sample.model_copy(update={
        "stage": "moderation", "ranking": (), "consensus": (), "changes": (),
        "decision": Decision(), "publication_date": None})
    produced = build_documents(early)
    assert len(produced) == 4 + len(sample.bids) + 1
    problems = completeness_problems("moderation_record", produced[0].document)
    assert ("NRP-2027-01: Northgate Recovery Partnership / Social value / Consensus score and "
            "reason: Consensus score per criterion, with the panel's own reason saying why "
            "this score against the descriptors and the tender, including why full marks were "
            "not given (Lancashire Care; OCS v CHP; award-records.md §6) is not complete"
            ) in problems
    notice = completeness_problems("award_notice", produced[2].document)
    assert any(p.startswith("Standstill period:") for p in notice)


def test_a_final_document_says_final_and_never_draft(saved):
    for path in saved.values():
        marks = page_marks(Document(str(path)))
        assert all(mark.startswith(FINAL_MARK) and "DRAFT" not in mark for mark in marks)


def test_a_document_cannot_be_built_final_before_the_decision(sample):
    with pytest.raises(ValueError, match="only once the evaluation is decided"):
        consultation_summary(sample.model_copy(update={"stage": "moderation"}), final=True)


def test_final_documents_are_refused_before_the_decision(sample):
    with pytest.raises(FinalisingRefused, match="not decided"):
        finalise(sample.model_copy(update={"stage": "moderation"}))


def test_finalising_with_a_missing_reason_names_the_bid_and_criterion(sample):
    missing = _with_consensus(sample, "DCDAS-2027", "social_value", reason="  ")
    with pytest.raises(FinalisingRefused) as refused:
        finalise(missing)
    assert refused.value.problems == [
        "Dales Community Drug and Alcohol Service (DCDAS-2027), Social value: the agreed "
        "score has no reason"]


def test_finalising_with_no_agreed_score_names_the_bid_and_criterion(sample, tmp_path):
    missing = _without_consensus(sample, "BP-2027-3", "integration")
    with pytest.raises(FinalisingRefused, match=r"Brightpath Recovery CIC \(BP-2027-3\), "
                       r"Integration, collaboration and service sustainability: no agreed"):
        write_documents(missing, tmp_path)
    assert not list(tmp_path.iterdir())


def test_a_missing_fact_the_notice_needs_is_refused_by_name(sample):
    bids = tuple(b.model_copy(update={"registered_office": ""}) for b in sample.bids)
    with pytest.raises(FinalisingRefused, match=r"Northgate Recovery Partnership: postal "
                       r"address \(registered office\) missing"):
        finalise(sample.model_copy(update={"bids": bids}))


def test_a_conflict_without_the_action_taken_is_refused(sample):
    declarations = tuple(d.model_copy(update={"action": ""}) for d in sample.declarations)
    with pytest.raises(FinalisingRefused, match=r"Mark Evans declared a conflict \(RHW-77\)"):
        finalise(sample.model_copy(update={"declarations": declarations}))


# Drafted, not invented -----------------------------------------------------------------

def test_a_drafted_reason_is_built_from_the_notes_and_findings_and_marked(sample):
    gap = _without_consensus(sample, "SMS-0427", "quality_innovation")
    drafted = draft_reason(gap, "SMS-0427", "quality_innovation")
    assert drafted.reason_status == "drafted"
    assert all(s.comment.rstrip(".") in drafted.reason
               for s in gap.scores_for("SMS-0427", "quality_innovation"))
    assert "Treatment!C12" in drafted.reason  # the rules' red flag, with its cells
    filled = with_drafted_reasons(gap)
    record = build_documents(filled)[0].document
    assert DRAFTED in full_text(record)


def test_a_drafted_reason_blocks_finalising_until_the_panel_approves_it(sample):
    gap = _without_consensus(sample, "SMS-0427", "quality_innovation")
    filled = with_drafted_reasons(gap)
    with pytest.raises(FinalisingRefused, match="drafted by the tool and the panel has not "
                       "made it its own"):
        finalise(filled)
    drafted = filled.agreed("SMS-0427", "quality_innovation")
    approved = approve(drafted, GOOD_REASON, "Asha Patel")
    ready = _without_consensus(filled, "SMS-0427", "quality_innovation")
    ready = ready.model_copy(update={"consensus": (*ready.consensus, approved)})
    assert len(finalise(ready)) == 4 + len(sample.bids) + 1


def test_drafted_selection_reasons_quote_the_panel_and_wait_for_approval(sample):
    decision = draft_selection_reasons(sample)
    assert decision.reasons_status == "drafted"
    assert sample.agreed("NRP-2027-01", "value").reason in decision.reasons
    drafted = sample.model_copy(update={"decision": decision})
    produced = build_documents(drafted)
    assert DRAFTED in full_text(produced[1].document)  # the internal decision record
    notice = full_text(produced[2].document)  # public: never the tool's draft
    assert DRAFTED not in notice and decision.reasons not in notice
    with pytest.raises(FinalisingRefused, match="reasons for selecting the provider were "
                       "drafted by the tool"):
        finalise(drafted)


# Reason checks and margins ---------------------------------------------------------------

def test_the_sample_reasons_pass_every_check(sample):
    assert reason_warnings(sample) == []


def test_a_reason_comparing_bids_is_flagged(sample):
    quality = sample.scheme.criterion("quality_innovation")
    comparing = GOOD_REASON + " Its rehab offer is stronger than Bid B and the best of the field."
    assert any("compares bidders" in p for p in reason_problems(comparing, quality))
    flagged = _with_consensus(sample, "NRP-2027-01", "quality_innovation", reason=comparing)
    assert reason_warnings(flagged) == [
        "Northgate Recovery Partnership (NRP-2027-01), Quality and innovation: the reason "
        "compares bidders with each other; judge the bid against the criterion instead"]


def test_a_reason_better_than_another_bid_is_flagged(sample):
    value = sample.scheme.criterion("value")
    reason = ("Payments are better than those in the Riverside bid because retention lines "
              "are larger and the completion line has a six month clawback in Payment!C9.")
    assert reason_problems(reason, value) == [
        "the reason compares bidders with each other; judge the bid against the criterion instead"]


def test_a_reason_that_only_restates_the_criterion_is_flagged(sample):
    quality = sample.scheme.criterion("quality_innovation")
    restating = ("The bid demonstrates a high standard of quality and innovation, meeting the "
                 "criterion fully with clear evidence throughout the whole of the submission.")
    problems = reason_problems(restating, quality)
    assert problems == ["the reason only restates the criterion; name what in the bid earned "
                        "the score and why full marks were or were not given"]


def test_a_short_reason_is_flagged_with_its_length(sample):
    quality = sample.scheme.criterion("quality_innovation")
    assert reason_problems("Good detox offer at Treatment!C12.", quality)[0].startswith(
        "the reason has 5 words")


def test_a_sound_reason_is_not_flagged(sample):
    assert reason_problems(GOOD_REASON, sample.scheme.criterion("quality_innovation")) == []


def _leaders_apart(sample: Snapshot, margin: float) -> Snapshot:
    ranking = list(sample.ranking)
    leader = ranking[0]
    ranking[1] = ranking[1].model_copy(update={"overall": round(leader.overall - margin, 1)})
    return sample.model_copy(update={"ranking": tuple(ranking)})


def test_a_margin_within_one_mark_names_each_criterion_where_a_mark_changes_the_winner(sample):
    close = _leaders_apart(sample, 2.0)
    # One mark is worth importance x panel share x 25 points: quality 4.4, integration 3.1,
    # social value 3.8 (panel only); value 1.9 and access 1.2 cannot close 2 points.
    assert [m.criterion.id for m in close_margins(close)] == [
        "quality_innovation", "integration", "social_value"]
    warning = margin_warnings(close)[0]
    assert warning.startswith("Northgate Recovery Partnership leads Dales Community Drug and "
                              "Alcohol Service by 2.0 points; one mark on Quality and "
                              "innovation is worth 4.4")
    assert "Braceurself" in warning
    record = build_documents(close)[0].document
    assert warning in full_text(record)


def test_a_comfortable_margin_is_not_called_out(sample):
    assert close_margins(sample) == []


def test_a_bid_failing_a_minimum_requirement_cannot_be_the_close_runner_up(sample):
    ranking = [s.model_copy(update={"passes_gates": s.rank == 1}) for s in sample.ranking]
    assert close_margins(sample.model_copy(update={"ranking": tuple(ranking)})) == []


# The plain-language summary --------------------------------------------------------------

def test_the_plain_summary_has_no_money_no_evaluator_and_no_score(sample, saved):
    document = Document(str(saved["consultation_summary", None]))
    text = full_text(document) + "\n".join(page_marks(document))
    assert "£" not in text
    evaluators = [m.name for m in sample.members if m.role == "evaluator"]
    assert not [name for name in evaluators if name in text]
    assert not [s.comment for s in sample.panel_scores if s.comment in text]
    assert not re.search(r"\b[0-4] of 4\b|\bAgreed [0-4]\b|\bscored [0-4]\b", text)
    assert not [c.reason for c in sample.consensus if c.reason in text]


def test_money_in_a_service_users_words_is_removed(sample):
    views = tuple(v.model_copy(update={"comment": "They want £1.8m more for pushing people "
                                       "off methadone, or 250,000 pounds a year.",
                                       "consent_to_quote": True})
                  for v in sample.service_user_views)
    document = consultation_summary(sample.model_copy(update={"service_user_views": views}))
    text = full_text(document)
    assert "£" not in text and "pounds" not in text
    assert "[amount removed] more for pushing people" in text
    assert without_money("a £43,400,000 contract") == "a [amount removed] contract"


def test_the_plain_summary_passes_the_readability_check(saved):
    assert consultation_problems(Document(str(saved["consultation_summary", None]))) == []


def test_the_readability_check_catches_long_sentences():
    long = " ".join(["word"] * 30) + ". " + " ".join(["word"] * 20) + "."
    assert readability_problems(long) == [
        "sentences average 25.0 words; keep them to 20 or fewer"]


# The edge -------------------------------------------------------------------------------

def test_saving_leaves_no_partial_file(sample, tmp_path):
    path = tmp_path / "record.docx"
    save(build_documents(sample)[0].document, path)
    assert [p.name for p in tmp_path.iterdir()] == ["record.docx"]


def test_the_demo_command_prints_the_report_json(tmp_path):
    run = subprocess.run([sys.executable, "-m", "documents", "demo", str(tmp_path)],
                         capture_output=True, text=True, cwd=ROOT, check=False)
    assert run.returncode == 0, run.stderr
    documents = json.loads(run.stdout)["documents"]
    assert [d["kind"] for d in documents][:3] == ["moderation_record", "decision_record",
                                                  "award_notice"]
    assert documents[-1] == {"kind": "consultation_summary", "bid": None,
                             "path": str(tmp_path / "consultation_summary.docx")}


def test_a_spread_of_two_marks_needs_a_reason_that_says_how_it_was_resolved(sample):
    cell = sample.agreed("DCDAS-2027", "quality_innovation")
    unreconciled = cell.reason.split(" Evaluators' scores differed")[0]
    flagged = _with_consensus(sample, "DCDAS-2027", "quality_innovation", reason=unreconciled)
    assert reason_warnings(flagged) == [
        "Dales Community Drug and Alcohol Service (DCDAS-2027), Quality and innovation: the "
        "evaluators' scores were 2 marks apart; say how the difference was resolved"]


def test_a_serious_concern_left_unanswered_by_the_reason_is_flagged(sample):
    reason = ("Agreed 0: the workbook caps OST at 24 months (Treatment!C3) and makes a "
              "reduction plan a condition of entry (Treatment!C4), both minimum requirements "
              "that the bid fails outright.")
    flagged = _with_consensus(sample, "SWO/26/114", "quality_innovation", reason=reason)
    assert reason_warnings(flagged) == [
        "Swift Outcomes Ltd (SWO/26/114), Quality and innovation: the service-user panel "
        "raised a serious concern; the reason must answer it"]
