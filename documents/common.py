"""Statements several documents make in the same words: conflicts, decision-makers, the
standstill, and each bid's agreed scores with their reasons."""

from __future__ import annotations

from docx.document import Document

from documents.checks import panel_criteria
from documents.docx_kit import (
    DRAFTED,
    TO_COMPLETE,
    in_words,
    issued_reason,
    labelled,
    points,
    reason_text,
    score_words,
    table,
    text,
)
from documents.snapshot import ROLE_NAMES, Snapshot
from documents.standstill import PSR_FURTHER_DAYS, NotAWorkingDay, standstill

WITHHELD = "[withheld: sensitive commercial information]"


def conflict_lines(snapshot: Snapshot) -> list[str]:
    """Each panel declaration in words, nil returns included (internal records only)."""
    roles = {m.name: ROLE_NAMES[m.role] for m in snapshot.members}
    lines = []
    for declaration in snapshot.declarations:
        who = f"{declaration.member} ({roles.get(declaration.member, 'member')})"
        on = in_words(declaration.declared_at.date())
        if declaration.nil_return:
            lines.append(f"{who}: nil return, {on}")
        else:
            lines.append(f"{who}: declared a conflict with {', '.join(declaration.conflicts)} "
                         f"on {on}")
    return lines


def management_lines(snapshot: Snapshot) -> list[str]:
    return [f"{d.member}: {d.action or TO_COMPLETE}" for d in snapshot.declarations
            if d.conflicts]


def public_conflict_lines(snapshot: Snapshot) -> list[str]:
    """The panel's declarations as a public notice gives them: by role, naming no person
    and no unsuccessful bidder."""
    roles = {m.name: ROLE_NAMES[m.role] for m in snapshot.members}
    winner = snapshot.winner.bid if snapshot.winner else None
    nil = sum(1 for d in snapshot.declarations if d.nil_return)
    lines = [f"{nil} member{'s' if nil != 1 else ''} of the evaluation panel declared no "
             "conflict of interest."] if nil else []
    for declaration in snapshot.declarations:
        if declaration.nil_return:
            continue
        which = ("the selected provider's bid" if winner in declaration.conflicts
                 else "a bid other than the selected provider's")
        lines.append(f"A panel member ({roles.get(declaration.member, 'member')}) declared a "
                     f"conflict of interest with {which}.")
    lines += [f"A decision-maker ({maker.job_title or 'decision-maker'}) declared: "
              f"{maker.declaration}" for maker in snapshot.decision.makers
              if maker.declaration.strip() and not _nil(maker.declaration)]
    return lines


def _nil(declaration: str) -> bool:
    return declaration.strip().lower().rstrip(".") in ("none", "nil", "nil return",
                                                        "no interests", "no interests to "
                                                        "declare")


def public_management_lines(snapshot: Snapshot) -> list[str]:
    """How conflicts were managed, by role: what the store itself enforced."""
    roles = {m.name: ROLE_NAMES[m.role] for m in snapshot.members}
    return [f"The {roles.get(d.member, 'member')} who declared a conflict was not shown the "
            "bid concerned, did not score or moderate it, and took no part in its discussion."
            for d in snapshot.declarations if d.conflicts]


def decision_makers(document: Document, snapshot: Snapshot) -> None:
    """The decision-makers by name, each with their own declaration, and the decision's
    instrument and date (PSR reg 24(d)); internal records only."""
    decision = snapshot.decision
    table(document, ["Name", "Job title", "Declaration of interests", "Declared on"],
          [[m.name, m.job_title or TO_COMPLETE, m.declaration or TO_COMPLETE,
            in_words(m.declared_on)] for m in decision.makers]
          or [[TO_COMPLETE] * 4])
    labelled(document, "Decision made by", decision.instrument or None)
    labelled(document, "Decided on", in_words(decision.decided_on)
             if decision.decided_on else None)


def public_decision_makers(document: Document, snapshot: Snapshot) -> None:
    """The decision-makers as a public notice may give them: a committee or job titles."""
    decision = snapshot.decision
    labelled(document, "Decided by", decision.body or None)
    labelled(document, "Decided on", in_words(decision.decided_on)
             if decision.decided_on else None)


def standstill_section(document: Document, snapshot: Snapshot) -> None:
    """The standstill's start and end as the regime counts them, and what may be done in it."""
    published = snapshot.publication_date
    authority = snapshot.contract.authority or "the authority"
    labelled(document, "Notice published on", in_words(published) if published else None)
    if published is None:
        labelled(document, "Standstill begins", None)
        labelled(document, "Standstill ends", None)
        return
    try:
        period = standstill(published, snapshot.regime)
    except NotAWorkingDay as refused:
        labelled(document, "Standstill", f"{TO_COMPLETE} {refused}")
        return
    labelled(document, "Standstill begins", f"{period.begins:%A %-d %B %Y}")
    labelled(document, "Standstill ends", f"at midnight at the end of {period.ends:%A %-d %B %Y}")
    labelled(document, "How it is counted", period.counting)
    if snapshot.regime == "psr":
        labelled(document, "Send representations to", snapshot.representations_to or None)
        text(document, f"A provider may make written representations to {authority} before "
                       f"midnight at the end of {period.ends:%A %-d %B %Y}. If representations "
                       f"arrive, the standstill stays open: {authority} will review its "
                       "decision and decide again, and if it decides to go ahead it will wait "
                       f"a further {PSR_FURTHER_DAYS} working days before entering into the "
                       "contract. Otherwise the contract will not be entered into before the "
                       "standstill ends.")
    else:
        text(document, f"{authority} will not enter into the contract before the standstill "
                       "ends. The Procurement Act 2023 has no representations step: a supplier "
                       "who wishes to challenge the award may bring proceedings, and the "
                       "contract is suspended automatically only if proceedings are started "
                       "before the standstill ends.")


def assessment_table(document: Document, snapshot: Snapshot, reference: str) -> None:
    """One bid's agreed score, criterion score and reason on every criterion the panel
    scores, as the internal records give it."""
    standing = snapshot.standing(reference)
    scores = standing.criterion_scores if standing else {}
    rows = []
    for criterion in panel_criteria(snapshot):
        agreed = snapshot.agreed(reference, criterion.id)
        rows.append([criterion.title, score_words(snapshot, criterion, agreed and agreed.score),
                     points(scores.get(criterion.id)), reason_text(agreed)])
    table(document, ["Criterion", "Agreed panel score", "Criterion score (0-100)", "Reason"],
          rows)


def winner_table(document: Document, snapshot: Snapshot, *, withhold: bool) -> None:
    """The selected bid's agreed scores and the panel's reasons, as a letter gives them:
    drafts never shown, and withheld parts marked (`withhold` for other bidders' letters)."""
    winner = snapshot.winner
    if winner is None:
        return
    withheld = {w.criterion for w in snapshot.withheld} if withhold else set()
    rows = []
    for criterion in panel_criteria(snapshot):
        agreed = snapshot.agreed(winner.bid, criterion.id)
        rows.append([criterion.title, score_words(snapshot, criterion, agreed and agreed.score),
                     points(winner.criterion_scores.get(criterion.id)),
                     WITHHELD if criterion.id in withheld else issued_reason(agreed)])
    table(document, ["Criterion", "Agreed panel score", "Criterion score (0-100)",
                     "The panel's reason"], rows)


def selection_reasons(snapshot: Snapshot) -> str:
    """The decision-makers' reasons for selecting the provider; drafted ones are marked."""
    decision = snapshot.decision
    if not decision.reasons.strip():
        return TO_COMPLETE
    if decision.reasons_status == "drafted":
        return f"{DRAFTED} {decision.reasons}"
    return decision.reasons


def issued_selection_reasons(snapshot: Snapshot) -> str:
    """The reasons for selecting the provider as a public document gives them: never a draft."""
    decision = snapshot.decision
    if not decision.reasons.strip() or decision.reasons_status == "drafted":
        return TO_COMPLETE
    return decision.reasons
