"""All the documents of a decision: built together, checked before they are final, and
saved to a folder (the only I/O in the package).

`write_documents` is what `evaluations.reports.write_reports` (and so `python -m scoring
evaluation report`) calls; it returns the contract's JSON entries (shared/evaluation.md):
`{"kind", "path", "bid"}`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.document import Document

from documents.assessment_summary import assessment_summary
from documents.award_notice import award_notice
from documents.checklist import CHECKLISTS
from documents.checks import blocking_problems, margin_warnings
from documents.confidential import Disclosure
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


def each_document(snapshot: Snapshot, *, final: bool = False) -> Iterator[Produced]:
    """Every document, one at a time, in the contract's order: one letter per assessed bid.

    One at a time, so that a large evaluation's documents need not all be in memory.
    """
    for kind, build in WHOLE_EVALUATION.items():
        yield Produced(kind, None, build(snapshot, final=final))
    for bid in snapshot.assessed_bids:
        yield Produced("assessment_summary", bid.reference,
                       assessment_summary(snapshot, bid.reference, final=final))
    yield Produced("consultation_summary", None, consultation_summary(snapshot, final=final))


def build_documents(snapshot: Snapshot, *, final: bool = False) -> list[Produced]:
    """Every document, in the contract's order."""
    return list(each_document(snapshot, final=final))


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


def document_problems(snapshot: Snapshot, item: Produced, disclosure: Disclosure
                      ) -> list[str]:
    """What keeps one built document from being final: an item missing or left to
    complete, or something said that its readers must not see."""
    problems = completeness_problems(item.kind, item.document, snapshot.regime)
    if item.kind == "assessment_summary":
        problems += disclosure.letter_leaks(item.bid, full_text(item.document))
    elif item.kind in PUBLIC:
        problems += disclosure.public_leaks(full_text(item.document))
    if item.kind == "consultation_summary":
        problems += consultation_problems(item.document)
    return [f"{item.kind}{f' ({item.bid})' if item.bid else ''}: {problem}"
            for problem in problems]


def finalise(snapshot: Snapshot) -> list[Produced]:
    """The final documents, or `FinalisingRefused` naming everything still missing."""
    problems = readiness(snapshot)
    if problems:
        raise FinalisingRefused(problems)
    disclosure = Disclosure(snapshot)
    produced = build_documents(snapshot, final=True)
    for item in produced:
        problems += document_problems(snapshot, item, disclosure)
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
    """Write every document into `out_dir`; final (and checked) once decided, else drafts.

    Each document is built, checked and written before the next, so memory holds one at a
    time; final ones are written aside and put in place only when every one passed, so a
    refusal leaves nothing behind.
    """
    final = snapshot.decided if final is None else final
    if final and (problems := readiness(snapshot)):
        raise FinalisingRefused(problems)
    disclosure = Disclosure(snapshot) if final else None
    created = not out_dir.exists()
    out_dir.mkdir(parents=True, exist_ok=True)
    problems, written = [], []
    for item in each_document(snapshot, final=final):
        if disclosure is not None:
            problems += document_problems(snapshot, item, disclosure)
        path = (out_dir / item.file_name(final)).resolve()
        partial = path.with_name(f".{path.name}.partial")
        item.document.save(str(partial))
        written.append((partial, path, {"kind": item.kind, "path": str(path), "bid": item.bid}))
    if problems:
        for partial, _, _ in written:
            partial.unlink(missing_ok=True)
        if created:
            out_dir.rmdir()
        raise FinalisingRefused(problems)
    for partial, path, _ in written:
        os.replace(partial, path)
    return [entry for _, _, entry in written]
