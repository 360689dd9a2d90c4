"""The legal review's rulings (award-records.md §6), one test or more each: the regime's
own documents, letters and public documents that name only whom they may, finals refused
on every condition (each named with its bid and criterion), the panel's words only,
decision-makers and the decision's date, the form, and text that never blocks a document."""

from __future__ import annotations

import re
from datetime import date

import pytest
from docx import Document

from documents.checklist import CHECKLISTS
from documents.checks import OWN_WORDS, ReasonContext, reason_problems
from documents.common import WITHHELD
from documents.drafting import draft_reason
from documents.produce import FinalisingRefused, build_documents, finalise, write_documents
from documents.reading import full_text, headings, page_marks
from documents.sample import load_sample, sample_snapshot
from documents.snapshot import Snapshot, Withholding

WINNER, SECOND, STEADFAST, SWIFT = "NRP-2027-01", "DCDAS-2027", "SMS-0427", "SWO/26/114"
PUBLIC = ("award_notice", "fts_helper", "consultation_summary")


@pytest.fixture(scope="module")
def sample() -> Snapshot:
    return load_sample()


@pytest.fixture(scope="module")
def act(sample) -> Snapshot:
    return sample.model_copy(update={"regime": "procurement_act"})


def headings_of(text: str) -> list[str]:
    return text.splitlines()


def _texts(snapshot: Snapshot, *, final: bool = True) -> dict[tuple[str, str | None], str]:
    produced = finalise(snapshot) if final else build_documents(snapshot)
    return {(item.kind, item.bid): full_text(item.document) for item in produced}


def _cell(snapshot: Snapshot, bid: str, criterion: str, **changes) -> Snapshot:
    consensus = tuple(c.model_copy(update=changes) if (c.bid, c.criterion) == (bid, criterion)
                      else c for c in snapshot.consensus)
    return snapshot.model_copy(update={"consensus": consensus})


def _refusals(snapshot: Snapshot) -> list[str]:
    with pytest.raises(FinalisingRefused) as refused:
        finalise(snapshot)
    assert build_documents(snapshot)  # drafts are still allowed
    return refused.value.problems


# Regime ------------------------------------------------------------------------------

def test_the_psr_notice_is_schedule_10_and_the_act_notice_is_a_contract_award_notice(sample,
                                                                                       act):
    psr = _texts(sample)[("award_notice", None)]
    assert psr.startswith("Notice of intention to award a contract (PSR Schedule 10)")
    assert "Procurement Act" not in psr
    notice = _texts(act)[("award_notice", None)]
    assert notice.startswith("Contract award notice (Procurement Regulations 2024 reg 27)")
    assert "Schedule 10" not in notice and "Intention to award" not in headings_of(notice)
    assert "Sent to every assessed supplier on: 17 December 2026" in notice
    assert "Small or medium-sized enterprise: yes" in notice


def test_act_letters_give_the_e_mail_and_platform_identifier(act, sample):
    letter = _texts(act)[("assessment_summary", STEADFAST)]
    bid = act.bid(STEADFAST)
    assert letter.startswith(f"Assessment summary for {bid.provider}")
    assert f"E-mail address: {bid.email}" in letter
    assert f"Unique identifier: {bid.identifier}" in letter
    assert "E-mail address" not in _texts(sample)[("assessment_summary", STEADFAST)]


def test_act_summaries_must_be_sent_before_the_notice_and_the_date_recorded(act):
    assert any("date the assessment summaries were sent is not recorded" in p
               for p in _refusals(act.model_copy(update={"summaries_sent_on": None})))
    late = act.model_copy(update={"summaries_sent_on": date(2026, 12, 21)})
    assert any("after the contract award notice's publication" in p for p in _refusals(late))


@pytest.mark.parametrize("regime", sorted(CHECKLISTS))
def test_each_documents_checklist_is_read_back_from_the_saved_file(sample, regime, tmp_path):
    snapshot = sample.model_copy(update={"regime": regime})
    for entry in write_documents(snapshot, tmp_path):
        found = set(headings(Document(entry["path"])))
        missing = [item.heading for item in CHECKLISTS[regime][entry["kind"]]
                   if item.heading not in found]
        assert not missing, (entry["path"], missing)


def test_the_checklist_cites_the_corrected_sources():
    sources = " ".join(item.source for checklist in CHECKLISTS.values()
                       for items in checklist.values() for item in items)
    assert "24(g)" not in sources  # cite "reg 24" until its lettering is read
    assert "PSR reg 31" not in sources and "reg 31(a)" not in sources
    assert "PSR reg 12(2)-(4)" in sources and "Procurement Act 2023 s.51" in sources
    assert "PSR reg 11(8)(b), Sch 9" in sources and "PR 2024 reg 27" in sources
    assert "Procurement Act 2023 s.94" in sources


def test_under_the_psr_every_key_criterion_must_be_served(sample):
    criteria = tuple(c.model_copy(update={"key_criterion": "value"})
                     if c.id == "social_value" else c for c in sample.scheme.criteria)
    scheme = sample.scheme.model_copy(update={"criteria": criteria})
    problems = _refusals(sample.model_copy(update={"scheme": scheme}))
    assert ("the key criterion Social value is served by no award criterion: all five must be "
            "considered (PSR reg 5)") in problems


# Standstill in the documents ---------------------------------------------------------

def test_the_notice_gives_start_end_and_where_representations_go(sample):
    notice = _texts(sample.model_copy(update={"publication_date": date(2027, 1, 4)}))[
        ("award_notice", None)]
    assert "Standstill begins: Tuesday 5 January 2027" in notice
    assert "Standstill ends: at midnight at the end of Friday 15 January 2027" in notice
    assert "Send representations to: procurement@westvale.gov.uk" in notice
    assert "the standstill stays open" in notice and "a further 5 working days" in notice


def test_a_publication_date_on_a_bank_holiday_refuses_the_finals(sample):
    problems = _refusals(sample.model_copy(update={"publication_date": date(2026, 12, 28)}))
    assert any("Monday 28 December 2026 is a bank holiday" in p for p in problems)


def test_the_act_standstill_has_no_representations_step(act):
    notice = _texts(act.model_copy(update={"publication_date": date(2027, 3, 12),
                                          "summaries_sent_on": date(2027, 3, 11)}))[
        ("award_notice", None)]
    assert "Standstill ends: at midnight at the end of Wednesday 24 March 2027" in notice
    assert "no representations step" in notice and "Send representations" not in notice


# Confidentiality -----------------------------------------------------------------------

def test_a_losing_letter_with_three_bidders_names_two(sample):
    three = sample_snapshot(tuple(b for b in sample.bids if b.reference in
                                  (WINNER, SECOND, STEADFAST)))
    letter = _texts(three)[("assessment_summary", STEADFAST)]
    names = {b.reference: b.provider for b in three.bids}
    assert names[STEADFAST] in letter and names[WINNER] in letter
    other = three.bid(SECOND)
    assert other.provider not in letter and other.reference not in letter
    assert other.file_name not in letter and other.sha256 not in letter


def test_letters_carry_no_evaluator_score_note_or_model_figure(sample):
    texts = _texts(sample)
    evaluators = [m.name for m in sample.members if m.role != "service_user"]
    for (kind, bid), text in texts.items():
        if kind != "assessment_summary":
            continue
        assert not [name for name in evaluators if name in text], bid
        assert not [s.comment for s in sample.panel_scores if s.comment in text], bid
        assert "extra death" not in text and not re.search(r"noted \(\d\)", text)


def test_a_reason_naming_an_evaluator_or_a_model_figure_refuses_the_letters(sample):
    reason = sample.agreed(WINNER, "value").reason
    named = _cell(sample, WINNER, "value", reason=reason + " Dr Tom Reid checked it.")
    assert any("names a panel member or decision-maker (Dr Tom Reid)" in p
               for p in _refusals(named))
    priced = _cell(sample, WINNER, "value",
                   reason=reason + " Pushing would cost about £1.3m for each extra death.")
    assert any("figure of the stress model" in p for p in _refusals(priced))


def test_public_documents_name_roles_and_never_unsuccessful_bidders(sample):
    texts = _texts(sample)
    people = [m.name for m in sample.members] + [m.name for m in sample.decision.makers]
    losers = [b for b in sample.bids if b.reference != WINNER]
    for kind in PUBLIC:
        text = texts[kind, None]
        assert not [name for name in people if name in text], kind
        assert not [b.provider for b in losers if b.provider in text], kind
        assert not [b.file_name for b in losers if b.file_name in text], kind
    assert "we have chosen" not in texts["consultation_summary", None].lower()
    assert "We intend to award the contract to" in texts["consultation_summary", None]


def test_a_representatives_words_are_quoted_only_with_consent(sample):
    text = _texts(sample)[("consultation_summary", None)]
    for view in sample.service_user_views:
        assert (view.comment in text) == view.consent_to_quote, view.bid
    consenting = tuple(v.model_copy(update={"consent_to_quote": True})
                       for v in sample.service_user_views)
    quoted = _texts(sample.model_copy(update={"service_user_views": consenting}))
    assert sample.service_user_views[0].comment in quoted[("consultation_summary", None)]
    representative = next(m.name for m in sample.members if m.role == "service_user")
    assert all(representative not in text for text in quoted.values()
               if "Moderation record" not in text and "Decision record" not in text)


def test_information_withheld_from_other_bidders_is_marked_and_explained(sample, act):
    withheld = (Withholding(criterion="value", why="the payment schedule's pricing"),)
    for snapshot in (sample, act):
        texts = _texts(snapshot.model_copy(update={"withheld": withheld}))
        losing = texts[("assessment_summary", STEADFAST)]
        assert WITHHELD in losing and "the payment schedule's pricing" in losing
        assert sample.agreed(WINNER, "value").reason not in losing
        assert sample.agreed(WINNER, "value").reason in texts[("assessment_summary", WINNER)]
    assert "section 94 of the Procurement Act 2023" in _texts(
        act.model_copy(update={"withheld": withheld}))[("assessment_summary", STEADFAST)]


# Finals refused, each condition named with its bid and criterion --------------------------

WHERE = "Steadfast Maintenance Service (SMS-0427), Quality and innovation"


def _steadfast(sample, reason: str, **changes) -> Snapshot:
    return _cell(sample, STEADFAST, "quality_innovation", reason=reason, **changes)


def _spread_apart(sample) -> Snapshot:
    scores = tuple(s.model_copy(update={"score": 3}) if (s.bid, s.criterion, s.evaluator) ==
                   (STEADFAST, "quality_innovation", "Dr Tom Reid") else s
                   for s in sample.panel_scores)
    return sample.model_copy(update={"panel_scores": scores})


SPECIFIC = ("Agreed 1 (poor): the workbook gives no route into detox or residential rehab "
            "(Treatment!C12, Treatment!C14) and support after a planned exit lasts one month; "
            "full marks were not given because a person who wants abstinence has nowhere to go.")


@pytest.mark.parametrize(("condition", "make", "words"), [
    ("missing", lambda s: _steadfast(s, " "), "the agreed score has no reason"),
    ("too short", lambda s: _steadfast(s, "No detox route (Treatment!C12)."), "has 4 words"),
    ("comparing", lambda s: _steadfast(s, SPECIFIC + " It is weaker than Northgate's offer."),
     "compares bidders"),
    ("restating", lambda s: _steadfast(
        s, "The bid demonstrates a poor standard of quality and innovation, meeting the "
        "criterion in part with serious gaps throughout the whole of the submission."),
     "only restates the criterion"),
    ("copied", lambda s: _cell(_steadfast(s, SPECIFIC), STEADFAST, "access", reason=SPECIFIC),
     "word for word the one given for " + WHERE),
    ("unresolved spread", lambda s: _steadfast(_spread_apart(s), SPECIFIC),
     "scores were 2 marks apart"),
    ("rules disagreement", lambda s: _steadfast(
        s, SPECIFIC.replace("Agreed 1 (poor)", "Agreed 3 (good)"), score=3),
     "disagrees with the rules' findings"),
    ("scaffolding", lambda s: _steadfast(s, SPECIFIC + " Say what kept the bid from full marks."),
     "the tool's drafting"),
    ("unedited draft", lambda s: _steadfast(s, SPECIFIC, drafted_text=SPECIFIC),
     "approved exactly as the tool drafted it"),
    ("drafted", lambda s: _steadfast(s, SPECIFIC, reason_status="drafted"),
     "drafted by the tool and the panel has not made it its own"),
])
def test_each_refusal_condition_blocks_finals_and_names_bid_and_criterion(sample, condition,
                                                                          make, words):
    problems = _refusals(make(sample))
    named = [p for p in problems if words in p]
    assert named, (condition, problems)
    assert all(p.startswith("Steadfast Maintenance Service (SMS-0427), ") for p in named)
    assert any("Quality and innovation" in p or "Improving access" in p for p in named)


def test_a_serious_concern_without_a_response_blocks_finals_by_bid_and_criterion(sample):
    views = tuple(v.model_copy(update={"panel_response": ""}) if v.bid == SWIFT else v
                  for v in sample.service_user_views)
    assert ("Swift Outcomes Ltd (SWO/26/114), Quality and innovation: the service-user panel's "
            "serious concern has no recorded response from the panel") in _refusals(
        sample.model_copy(update={"service_user_views": views}))


def test_the_sample_passes_every_condition_and_its_final_record_lists_no_defects(sample):
    record = _texts(sample)[("moderation_record", None)]
    section = record.split("Checks on the reasons\n", 1)[1].split("\nClose margins", 1)[0]
    assert section.startswith("Every agreed reason has at least 20 words")


# The reason check measures the disagreement it answers -----------------------------------

def _departing_context(sample) -> tuple:
    criterion = sample.scheme.criterion("integration")
    notes = tuple(s.comment for s in sample.scores_for(STEADFAST, "integration"))
    return criterion, ReasonContext(departure=3, borrowed=notes)


def test_a_departure_answered_with_a_keyword_is_refused(sample):
    criterion, context = _departing_context(sample)
    keyword = ("Agreed 3 (good): the panel discussed the spread and the risk flag and the "
               "concern, and the evaluators' scores differed, so the panel agreed a higher score "
               "than the rules after discussion of the risk.")
    assert any("from every evaluator's own score and from the rules" in p
               for p in reason_problems(keyword, criterion, context=context))


def test_a_departure_explained_in_the_panels_own_words_passes(sample):
    criterion, context = _departing_context(sample)
    explained = ("Agreed 3 (good): all three evaluators scored 0 because the workbook lists no "
                 "mutual aid partners, but the clarification response of 2 December names "
                 "SMART Recovery and Cocaine Anonymous meetings hosted weekly in the Westvale "
                 "hub, with a funded peer coordinator; the rules could not read that letter.")
    problems = reason_problems(explained, criterion, context=context)
    assert not [p for p in problems if "every evaluator" in p], problems
    assert OWN_WORDS == 10


def test_the_departure_check_runs_on_the_documents_too(sample):
    # Steadfast's integration: evaluators 0, 0, 0 and the rules 10.4: agreeing 3 departs.
    departed = _cell(sample, STEADFAST, "integration", score=3,
                     reason=sample.agreed(STEADFAST, "integration").reason)
    assert any(p.startswith("Steadfast Maintenance Service (SMS-0427), Integration") and
               "from every evaluator's own score and from the rules" in p
               for p in _refusals(departed))


# The panel's words only ----------------------------------------------------------------------

def test_no_sentence_the_tool_invented_is_presented_as_what_the_panel_did(sample):
    texts = _texts(sample)
    invented = ("The panel discussed every bid on every criterion",
                "People with lived experience of treatment read every bid",
                "The panel heard what they said before agreeing any score",
                "Every criterion below was considered for every bid")
    assert not [(kind, s) for kind, text in texts.items() for s in invented if s in text]


def test_a_draft_never_reaches_a_letter_or_public_document_even_as_a_draft(sample):
    gap = sample.model_copy(update={"stage": "moderation", "consensus": tuple(
        c for c in sample.consensus if (c.bid, c.criterion) != (WINNER, "value"))})
    drafted = draft_reason(gap, WINNER, "value")
    with_draft = gap.model_copy(update={"consensus": (*gap.consensus, drafted)})
    texts = _texts(with_draft, final=False)
    for (kind, _bid), text in texts.items():
        if kind in (*PUBLIC, "assessment_summary"):
            assert drafted.reason not in text, kind
    assert drafted.reason in texts[("moderation_record", None)]


# Decision-makers ------------------------------------------------------------------------------

def test_the_record_names_decision_makers_with_declarations_instrument_and_date(sample):
    texts = _texts(sample)
    record = texts[("decision_record", None)]
    for maker in sample.decision.makers:
        assert f"{maker.name} | {maker.job_title} | {maker.declaration} | 11 December 2026" \
            in record
    assert "Decision made by: Delegated officer decision DPH/2026/031" in record
    assert "Decided on: 14 December 2026" in record
    notice = texts[("award_notice", None)]
    assert f"Decided by: {sample.decision.body}" in notice
    assert not [m.name for m in sample.decision.makers if m.name in notice]


def test_a_decision_without_its_instrument_date_or_declarations_is_refused(sample):
    makers = tuple(m.model_copy(update={"declaration": ""}) for m in sample.decision.makers)
    decision = sample.decision.model_copy(update={"instrument": "", "decided_on": None,
                                                  "makers": makers})
    problems = _refusals(sample.model_copy(update={"decision": decision}))
    assert any("instrument of the decision" in p for p in problems)
    assert any("date of the decision" in p for p in problems)
    assert any("Dr Ruth Ellis: their own declaration of interests is missing" in p
               for p in problems)


# Form ------------------------------------------------------------------------------------------

def test_every_document_is_a4_by_the_council_with_title_reference_and_dates_in_words(sample):
    for item in finalise(sample):
        document = item.document
        section = document.sections[0]
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
        assert document.core_properties.author == "Westvale Council"
        assert "python-docx" not in (document.core_properties.comments or "")
        assert all("WVC-PH-2027-014" in mark for mark in page_marks(document)[0::2])
        text = full_text(document)
        assert "Westvale Integrated Drug and Alcohol Treatment and Recovery Service" in text
        assert not re.search(r"\b20\d\d-\d\d-\d\d\b", text), item.kind


def test_the_find_a_tender_sheet_gives_each_field_and_what_to_paste(sample):
    sheet = _texts(sample)[("fts_helper", None)]
    assert "Contract title | Westvale Integrated Drug and Alcohol Treatment" in sheet
    assert "Internal reference | WVC-PH-2027-014" in sheet
    assert "Standstill ends (representations by) | midnight at the end of 4 January 2027" \
        in sheet
    assert "Decision-makers | The Director of Public Health" in sheet


# Any text is safe --------------------------------------------------------------------------------

def test_a_vertical_tab_anywhere_never_blocks_a_document(sample, tmp_path):
    data = sample.model_dump()
    data["name"] += "\x0b"
    data["contract"]["title"] += "\x0b"
    data["members"][1]["name"] = "Dr Tom\x0b Reid"
    data["panel_scores"][0]["comment"] += "\x0b\x0c\x00"
    data["consensus"][0]["reason"] += "\x0b"
    data["decision"]["reasons"] += "\x0b"
    data["service_user_views"][0]["comment"] += "\x0b"
    dirty = Snapshot.model_validate(data)
    assert "\x0b" not in dirty.consensus[0].reason
    entries = write_documents(dirty, tmp_path)
    assert len(entries) == 4 + len(sample.bids) + 1
    assert all(Document(e["path"]) for e in entries)
