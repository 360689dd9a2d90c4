"""All the documents of a decision: built together, checked before they are final, and
saved to a folder (the only I/O in the package).

`write_documents` is what `evaluations.reports.write_reports` (and so `python -m scoring
evaluation report`) calls; it returns the contract's JSON entries (shared/evaluation.md):
`{"kind", "path", "bid"}`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.document import Document

from documents.assessment_summary import assessment_summary
from documents.award_notice import award_notice
from documents.checklist import CHECKLISTS
from documents.checks import blocking_problems, margin_warnings
from documents.confidential import letter_leaks, public_leaks
from documents.consultation_summary import consultation_problems, consultation_summary
from documents.decision_record import decision_record
from documents.docx_kit import PENDING
from documents.fts_helper import fts_helper
from documents.moderation_record import moderation_record
from documents.reading import full_text, sections
from documents.snapshot import Snapshot

WHOLE_EVALUATION: dict[str, Callable[..., Document]] = {
    "moderation_record": moderation_record,
    "decision_record": decision_record,
    "award_notice": award_notice,
    "fts_helper": fts_helper,
}
PUBLIC = ("award_notice", "fts_helper", "consultation_summary")


@dataclass(frozen=True)
class Produced:
    """One document of the decision: its kind, the bid it is about (if one), and itself."""

    kind: str
    bid: str | None
    document: Document

    def file_name(self, final: bool) -> str:
        stem = self.kind if self.bid is None else f"{self.kind}-{_slug(self.bid)}"
        return f"{stem}.docx" if final else f"{stem}-DRAFT.docx"


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")


class FinalisingRefused(Exception):
    """The documents cannot be final yet; `problems` says why, in plain words."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("cannot finalise: " + "; ".join(problems))


def build_documents(snapshot: Snapshot, *, final: bool = False) -> list[Produced]:
    """Every document, in the contract's order: one assessment summary per assessed bid."""
    produced = [Produced(kind, None, build(snapshot, final=final))
                for kind, build in WHOLE_EVALUATION.items()]
    produced += [Produced("assessment_summary", bid.reference,
                          assessment_summary(snapshot, bid.reference, final=final))
                 for bid in snapshot.assessed_bids]
    produced.append(Produced("consultation_summary", None,
                             consultation_summary(snapshot, final=final)))
    return produced


def completeness_problems(kind: str, document: Document, regime: str = "psr") -> list[str]:
    """Every required item missing from a document, or left for the panel to complete."""
    checklist = CHECKLISTS[regime][kind]
    found = sections(document)
    present = {section.heading for section in found}
    problems = [f"missing: {item.requirement} ({item.source})"
                for item in checklist if item.heading not in present]
    by_heading = {item.heading: item for item in checklist}
    for section in found:
        if not any(mark in section.text for mark in PENDING):
            continue
        item = next((by_heading[h] for h in reversed(section.path) if h in by_heading), None)
        where = " / ".join(section.path[1:])
        what = f"{item.requirement} ({item.source})" if item else "something"
        problems.append(f"{where}: {what} is not complete")
    return problems


def readiness(snapshot: Snapshot) -> list[str]:
    """What refuses the final documents, every condition of award-records.md §6 in words."""
    problems = [] if snapshot.decided else [
        f"the evaluation is not decided yet (it is in {snapshot.stage})"]
    return problems + blocking_problems(snapshot)


def warnings(snapshot: Snapshot) -> list[str]:
    """What the lead must look at before deciding, but which does not block it."""
    return margin_warnings(snapshot)


def disclosure_problems(snapshot: Snapshot, item: Produced) -> list[str]:
    """What a letter or public document says that it must not (names, scores, quotes)."""
    if item.kind == "assessment_summary":
        return letter_leaks(snapshot, item.bid, full_text(item.document))
    if item.kind in PUBLIC:
        return public_leaks(snapshot, full_text(item.document))
    return []


def finalise(snapshot: Snapshot) -> list[Produced]:
    """The final documents, or `FinalisingRefused` naming everything still missing."""
    problems = readiness(snapshot)
    if problems:
        raise FinalisingRefused(problems)
    produced = build_documents(snapshot, final=True)
    for item in produced:
        problems += [f"{item.kind}{f' ({item.bid})' if item.bid else ''}: {problem}"
                     for problem in completeness_problems(item.kind, item.document,
                                                          snapshot.regime)
                     + disclosure_problems(snapshot, item)]
        if item.kind == "consultation_summary":
            problems += [f"consultation_summary: {p}" for p in consultation_problems(item.document)]
    if problems:
        raise FinalisingRefused(problems)
    return produced


def save(document: Document, path: Path) -> None:
    """Write a document so that a reader never sees half a file."""
    partial = path.with_name(f".{path.name}.partial")
    document.save(str(partial))
    os.replace(partial, path)


def write_documents(snapshot: Snapshot, out_dir: Path, *, final: bool | None = None
                    ) -> list[dict[str, Any]]:
    """Write every document into `out_dir`; final (and checked) once decided, else drafts."""
    final = snapshot.decided if final is None else final
    produced = finalise(snapshot) if final else build_documents(snapshot)
    out_dir.mkdir(parents=True, exist_ok=True)
    entries = []
    for item in produced:
        path = (out_dir / item.file_name(final)).resolve()
        save(item.document, path)
        entries.append({"kind": item.kind, "path": str(path), "bid": item.bid})
    return entries
