"""The moderation record (internal): what each evaluator scored and why, what the panel
agreed and why, every change, the service-user views and the panel's sign-off.

Courts ask for exactly this when a score is challenged (Lancashire Care, Woods,
Braceurself): the evaluators' own notes unchanged, a reason for every agreed score.
"""

from __future__ import annotations

from docx.document import Document

from documents.checks import SPREAD, margin_warnings, panel_criteria, reason_warnings, spread
from documents.docx_kit import (
    TO_COMPLETE,
    bullets,
    heading,
    in_words,
    labelled,
    points,
    reason_text,
    scheme_section,
    score_words,
    start,
    table,
    text,
    traceability_section,
)
from documents.robustness import WEIGHT_RANGE, Robustness, analyse
from documents.snapshot import ROLE_NAMES, Snapshot

VIEW_WORDS = {"agree": "agrees", "concern": "concern", "serious_concern": "serious concern"}


def moderation_record(snapshot: Snapshot, *, final: bool = False) -> Document:
    """The internal moderation record of an evaluation."""
    document = start(snapshot, "Moderation record", final=final)
    _panel(document, snapshot)
    _discussed(document, snapshot)
    for bid in snapshot.assessed_bids:
        heading(document, f"{bid.reference}: {bid.provider}", 1)
        if bid.gates_failed:
            labelled(document, "Minimum requirements failed", ", ".join(bid.gates_failed))
        for criterion in panel_criteria(snapshot):
            _cell(document, snapshot, bid.reference, criterion)
    _views(document, snapshot)
    _clarifications(document, snapshot)
    _changes(document, snapshot)
    heading(document, "Checks on the reasons", 1)
    # A final record is refused while any check fails, so it never lists open defects.
    bullets(document, [] if final else reason_warnings(snapshot),
            "Every agreed reason has at least 20 words, judges the bid against the criterion "
            "rather than against other bids, says more than the criterion does, and answers "
            "any spread of scores, departure from the evaluators and the rules, rules finding "
            "or serious service-user concern; no reason is copied from another bid or "
            "criterion.")
    heading(document, "Close margins", 1)
    bullets(document, margin_warnings(snapshot),
            "No single mark on any criterion would change which bid comes first.")
    robustness_section(document, snapshot)
    _sign_off(document, snapshot)
    scheme_section(document, snapshot)
    traceability_section(document, snapshot, final=final)
    return document


def _panel(document: Document, snapshot: Snapshot) -> None:
    heading(document, "Panel members and roles", 1)
    agreed_at = max((c.at for c in snapshot.consensus), default=None)
    labelled(document, "Moderation date", in_words(agreed_at.date()) if agreed_at else None)
    table(document, ["Name", "Role", "Job title"],
          [[m.name, ROLE_NAMES[m.role], m.job_title] for m in snapshot.members])
    heading(document, "Declarations of interest", 1)
    declared = {d.member: d for d in snapshot.declarations}
    rows = []
    for member in snapshot.members:
        if member.role == "observer":
            continue
        declaration = declared.get(member.name)
        if declaration is None:
            rows.append([member.name, TO_COMPLETE, TO_COMPLETE, TO_COMPLETE])
        elif declaration.nil_return:
            rows.append([member.name, in_words(declaration.declared_at.date()),
                         "nil return", "none needed"])
        else:
            rows.append([member.name, in_words(declaration.declared_at.date()),
                         ", ".join(declaration.conflicts), declaration.action or TO_COMPLETE])
    table(document, ["Member", "Declared on", "Conflicts (bids)", "Action taken"], rows)


def _discussed(document: Document, snapshot: Snapshot) -> None:
    """Which bids and criteria have an agreed score, from the store: the panel's own
    confirmation that it discussed them is its sign-off, not a sentence of the tool's."""
    heading(document, "Agreed score recorded for every bid on every criterion", 1)
    criteria = panel_criteria(snapshot)
    text(document,
        "Each cell shows the agreed score recorded for that bid and criterion; the reason is "
        "under the bid below.")
    rows = []
    for bid in snapshot.assessed_bids:
        agreed = [snapshot.agreed(bid.reference, c.id) for c in criteria]
        rows.append([bid.reference] + [TO_COMPLETE if a is None else str(a.score)
                                       for a in agreed])
    table(document, ["Bid", *(c.title for c in criteria)], rows)


def _cell(document: Document, snapshot: Snapshot, reference: str, criterion) -> None:
    heading(document, criterion.title, 2)
    rule = snapshot.bid(reference).rule_scores.get(criterion.id)
    labelled(document, "Rule score (0-100)",
             "panel only" if not criterion.rule_areas else points(rule))
    flags = snapshot.flags_for(reference, criterion)
    if flags:
        bullets(document, (f"{f.severity.upper()} {f.rule}: {f.message} ({', '.join(f.cells)})"
                           for f in flags), "")
    heading(document, "Evaluators' independent scores and notes", 3)
    scores = snapshot.scores_for(reference, criterion.id)
    gap = spread(snapshot, reference, criterion.id)
    if gap >= SPREAD:
        labelled(document, "Spread", f"{gap} marks apart: flagged for moderation")
    if scores:
        table(document, ["Evaluator", "Score", "Note (as submitted)", "Submitted"],
              [[s.evaluator, str(s.score), s.comment, in_words(s.submitted_at)]
               for s in scores])
    else:
        text(document, "No evaluator scored this bid on this criterion.")
    heading(document, "Consensus score and reason", 3)
    agreed = snapshot.agreed(reference, criterion.id)
    labelled(document, "Agreed score", score_words(snapshot, criterion, agreed and agreed.score))
    labelled(document, "Reason", reason_text(agreed))
    if agreed is not None:
        labelled(document, "Agreed by", f"{agreed.by}, {in_words(agreed.at)}")
        if agreed.reason_status == "approved" and agreed.approved_by:
            labelled(document, "Reason approved by", agreed.approved_by)


def _views(document: Document, snapshot: Snapshot) -> None:
    heading(document, "Service-user views and the panel's response", 1)
    if not snapshot.service_user_views:
        text(document, "The service-user panel recorded no views.")
        return
    rows = []
    for view in snapshot.service_user_views:
        criterion = snapshot.scheme.criterion(view.criterion)
        response = view.panel_response or (
            TO_COMPLETE if view.view == "serious_concern" else "no response recorded")
        rows.append([view.bid, criterion.title, VIEW_WORDS[view.view], view.comment, response])
    table(document, ["Bid", "Criterion", "View", "What the service-user panel said",
                     "The panel's response"], rows)


def _clarifications(document: Document, snapshot: Snapshot) -> None:
    heading(document, "Key facts, assumptions and clarifications", 1)
    if snapshot.clarifications:
        table(document, ["Bid", "Key fact, assumption or question", "Answer or resolution"],
              [[c.bid, c.point, c.answer or "awaiting answer"] for c in snapshot.clarifications])
    else:
        text(document, "The panel recorded no key facts, assumptions or clarifications.")


def _changes(document: Document, snapshot: Snapshot) -> None:
    heading(document, "Score changes", 1)
    if snapshot.changes:
        table(document, ["When", "Who", "Bid", "Criterion", "What changed", "Why"],
              [[in_words(c.when), c.who, c.bid or "",
                snapshot.scheme.criterion(c.criterion).title if c.criterion else "",
                c.what, c.why] for c in snapshot.changes])
    else:
        text(document, "No score was changed once agreed.")


def _sign_off(document: Document, snapshot: Snapshot) -> None:
    heading(document, "Sign-off", 1)
    text(document,
        "By signing, each member confirms that the panel discussed every bid on every "
        "criterion it scored, and that this record is a true account of its moderation and "
        "its reasons.")
    table(document, ["Name", "Role", "Signature", "Date"],
          [[m.name, ROLE_NAMES[m.role], "", ""] for m in snapshot.members
           if m.role in ("lead", "evaluator")])


def robustness_section(document: Document, snapshot: Snapshot,
                       report: Robustness | None = None) -> None:
    """How safe the decision is (`documents.robustness`): the plain reading, the margin and
    each thing that would change the winner. The answers in the bid files are tested from
    the files themselves, which a snapshot does not hold: pass `report` to include them."""
    found = report or analyse(snapshot)
    name, title = found.name, (lambda c: found.titles.get(c, c))
    heading(document, "How safe the decision is", 1)
    text(document, found.reading)
    labelled(document, "First, runner-up and margin",
             f"{name(found.winner)}; {name(found.runner_up)}; "
             + ("no margin" if found.margin is None else f"{found.margin:.1f} points of 100"))
    heading(document, "One mark up or down", 2)
    bullets(document, [
        f"{name(c.bid)}, {title(c.criterion)}: "
        + (f"agreed {c.from_:g}" if c.agreed else "nothing agreed (rules alone)")
        + f"; at {c.to} {found.comes_first(c.winner_then)}"
        for c in found.one_mark_changes],
        "No single mark up or down on any bid and criterion would change the winner.")
    heading(document, "Weights", 2)
    bullets(document, [
        f"{title(w.criterion)} ({w.weight:.1f} of 100): "
        + (f"holds within ±{WEIGHT_RANGE:.0f} points" if w.change is None else
           f"at {w.change:+.1f} points {found.comes_first(w.winner_then)}")
        for w in found.weights], "No criterion carries weight.")
    heading(document, "Each evaluator left out", 2)
    bullets(document, [f"Without {e.member}: {found.comes_first(e.winner_without)}"
                       for e in found.evaluators], "No evaluator's own scores are recorded.")
    if found.agreement is not None:
        overall = found.agreement.overall
        labelled(document, "Agreement between evaluators (Krippendorff's alpha, ordinal)",
                 ("cannot be measured" if overall is None else f"{overall:.2f}")
                 + f": {found.agreement.reading}")
    heading(document, "Answers to confirm with the providers", 2)
    if report is None:
        text(document, "Which single answers in the bid files would change the winner is "
             "worked out from the files themselves: see the Decision page or `python -m "
             "scoring evaluation robustness`, and record each answer confirmed as a "
             "clarification.")
    else:
        bullets(document, [f"{name(d.bid)}, {d.cell}: read as “{d.answer}”; if it were "
                           f"“{d.alternative}”, {found.comes_first(d.winner_then)}. "
                           f"{d.clarification}"
                           for d in found.decisive_answers],
                "No single answer chosen from a list would change the winner.")
    heading(document, "Rules and panel far apart", 2)
    bullets(document, [f"{name(d.bid)}, {title(d.criterion)}: rules {d.rules:.1f}, panel "
                       f"{d.panel:.1f}" for d in found.disagreements],
            "On the first and second bids the rules and the panel are within 25 points on "
            "every criterion.")
