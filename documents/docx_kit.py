"""The parts every document is built from: pages marked DRAFT, labelled values, tables,
the scoring scheme and the traceability block.

Anything a person still has to write is shown as `TO_COMPLETE`, and a reason the tool
drafted carries `DRAFTED`; the completeness check looks for both.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from docx import Document as new_docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml.etree import SubElement

from documents.safe_text import xml_safe
from documents.snapshot import REGIME_NAMES, Bid, Consensus, Criterion, Snapshot
from scoring.rulebook import AREA_TITLES

TO_COMPLETE = "[to be completed by the panel]"
DRAFTED = "[DRAFTED BY THE TOOL from the evaluators' notes and the rules' findings: for the " \
    "lead to edit and the panel to approve; not yet the panel's reason]"
DRAFT_MARK = "DRAFT: not decided, not for issue"
FINAL_MARK = "FINAL"
PENDING = (TO_COMPLETE, DRAFTED)
RED = RGBColor(0xC0, 0x00, 0x00)
# Styles are set by their id in the default template, on the XML itself: python-docx's
# lookup by name scans every style each time and made a large record take seconds.
TITLE, LIST_BULLET, TABLE_GRID = "Title", "ListBullet", "TableGrid"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _paragraph(document: Document, text: str, style_id: str | None = None,
               label: str | None = None) -> None:
    """A paragraph (with its style, and `label` in bold before the text), written straight
    into the body's XML before the section properties: python-docx's own path searches
    the body for them on every paragraph, which made large records slow."""
    p = OxmlElement("w:p")
    if style_id:
        SubElement(SubElement(p, qn("w:pPr")), qn("w:pStyle"), {qn("w:val"): style_id})
    if label is not None:
        _run(p, label, bold=True)
    _run(p, text, bold=False)
    document.element.body[-1].addprevious(p)


def _run(parent, value: str, *, bold: bool) -> None:
    """A run of text; line breaks become breaks, and what XML cannot hold is dropped."""
    run = SubElement(parent, qn("w:r"))
    if bold:
        SubElement(SubElement(run, qn("w:rPr")), qn("w:b"))
    for number, line in enumerate(xml_safe(str(value)).split("\n")):
        if number:
            SubElement(run, qn("w:br"))
        SubElement(run, qn("w:t"), {XML_SPACE: "preserve"}).text = line


def in_words(day: date | datetime | None) -> str:
    """A date as a reader writes it: "15 January 2027" (a time, when given, after it)."""
    if day is None:
        return TO_COMPLETE
    if isinstance(day, datetime):
        return f"{day:%-d %B %Y}, {day:%H:%M}"
    return f"{day:%-d %B %Y}"


def contract_line(snapshot: Snapshot) -> str:
    """The contract's title and reference, as every document and page carries them."""
    contract = snapshot.contract
    return (f"{contract.title or snapshot.name} "
            f"(reference {contract.reference or TO_COMPLETE})")


def start(snapshot: Snapshot, title: str, *, final: bool) -> Document:
    """A new A4 document with its title, the contract's title and reference, the council as
    its author, and DRAFT (or FINAL) in every page's header and footer."""
    if final and not snapshot.decided:
        raise ValueError("a document can be final only once the evaluation is decided")
    document = new_docx()
    author = snapshot.contract.authority or "the awarding authority"
    properties = document.core_properties
    properties.title = f"{title}: {contract_line(snapshot)}"
    properties.subject = contract_line(snapshot)
    properties.author = properties.last_modified_by = author
    properties.comments = ""
    properties.keywords = f"audit chain head {snapshot.audit_head}"
    document.styles["Normal"].font.size = Pt(10)
    mark = FINAL_MARK if final else DRAFT_MARK
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(20)
        section.top_margin = section.bottom_margin = Mm(20)
        _mark(section.header.paragraphs[0], f"{mark} · {title} · {contract_line(snapshot)}",
              final)
        _mark(section.footer.paragraphs[0],
              f"{mark} · {author} · Evaluation {snapshot.evaluation_id} · audit chain head "
              f"{snapshot.audit_head}", final)
    _paragraph(document, title, TITLE)
    lines = [f"{author}: {contract_line(snapshot)}",
             f"Evaluation {snapshot.evaluation_id} under {REGIME_NAMES[snapshot.regime]}"]
    if not final:
        lines.append(f"{DRAFT_MARK}. Stage of the evaluation when produced: {snapshot.stage}.")
    for line in lines:
        text(document, line)
    return document


def _mark(paragraph, text: str, final: bool) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = not final
    run.font.size = Pt(8)
    if not final:
        run.font.color.rgb = RED


def heading(document: Document, text: str, level: int = 1) -> None:
    _paragraph(document, text, f"Heading{level}")


def labelled(document: Document, label: str, value: str | None) -> None:
    """`Label: value` with the label in bold; an empty value is left for the panel."""
    _paragraph(document, value or TO_COMPLETE, label=f"{label}: ")


def text(document: Document, value: str | None) -> None:
    _paragraph(document, value or TO_COMPLETE)


def bullets(document: Document, lines: Iterable[str], empty: str) -> None:
    lines = list(lines)
    for line in lines or [empty]:
        _paragraph(document, line, LIST_BULLET)


def table(document: Document, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A grid with a bold header row; every value is written as text.

    The rows are written straight into the table's XML: python-docx's cell-by-cell API
    made the documents of a large evaluation take seconds.
    """
    grid = document.add_table(rows=0, cols=len(headers))
    grid._tbl.tblStyle_val = TABLE_GRID
    width = str(int(Mm(170) / len(headers) / 635))  # twentieths of a point, A4 less margins
    _row(grid._tbl, headers, width, bold=True)
    for values in rows:
        if len(values) != len(headers):
            raise ValueError(f"a row of {len(values)} values under {len(headers)} headers")
        _row(grid._tbl, values, width, bold=False)


def _row(tbl, values: Sequence[str], width: str, *, bold: bool) -> None:
    tr = SubElement(tbl, qn("w:tr"))
    for value in values:
        tc = SubElement(tr, qn("w:tc"))
        tc_pr = SubElement(tc, qn("w:tcPr"))
        SubElement(tc_pr, qn("w:tcW"), {qn("w:w"): width, qn("w:type"): "dxa"})
        _run(SubElement(tc, qn("w:p")), value, bold=bold)


def reason_text(consensus: Consensus | None) -> str:
    """The consensus reason as an internal record shows it: a drafted one is marked."""
    if consensus is None or not consensus.reason.strip():
        return TO_COMPLETE
    if consensus.reason_status == "drafted":
        return f"{DRAFTED} {consensus.reason}"
    return consensus.reason


def issued_reason(consensus: Consensus | None) -> str:
    """The consensus reason as a letter or public document shows it: the panel's own words,
    never a draft (which carries evaluators' names and scores)."""
    if consensus is None or not consensus.reason.strip() or consensus.reason_status == "drafted":
        return TO_COMPLETE
    return consensus.reason


def area_names(areas: Iterable[str]) -> str:
    """Rule areas by the names the scorecards use ("Safety", "Recovery capital")."""
    titles = {area.value: title for area, title in AREA_TITLES.items()}
    return ", ".join(titles.get(area, area) for area in areas)


def score_words(snapshot: Snapshot, criterion: Criterion, score: int | None) -> str:
    if score is None:
        return TO_COMPLETE
    return f"{score} ({snapshot.scheme.scores_available(criterion).get(score, '?')})"


def points(value: float | None) -> str:
    return "not scored" if value is None else f"{value:.1f}"


def scheme_section(document: Document, snapshot: Snapshot) -> None:
    """The scheme as published: criteria and their importance, descriptors, gates."""
    scheme = snapshot.scheme
    heading(document, "Scoring scheme", 1)
    labelled(document, "Scheme", scheme.name)
    if scheme.full_text_at:
        labelled(document, "Full text", scheme.full_text_at)
    table(document, ["Criterion", "Relative importance", "Why this importance",
                     "Rule areas feeding it", "Panel share"],
          [[c.title, _importance(snapshot, c), c.importance_reason or TO_COMPLETE,
            area_names(c.rule_areas) or "panel only", f"{c.share:.0%}"]
           for c in scheme.criteria])
    text(document,
        "Each criterion score (0-100) = (1 - panel share) x rule score + panel share x "
        "(agreed panel score / 4 x 100). Panel scores against these descriptors:")
    bullets(document, (f"{score}: {words}" for score, words in
                       scheme.descriptors.items()), "")
    if scheme.gates:
        text(document, "Minimum requirements (a bid failing one ranks below every bid "
                               "that meets them all):")
        table(document, ["Rule", "Requirement", "Why"],
              [[g.rule, g.requirement, g.reason] for g in scheme.gates])


def _importance(snapshot: Snapshot, criterion: Criterion) -> str:
    if criterion.kind == "pass_fail":
        return "pass/fail"
    return f"{snapshot.scheme.importance(criterion):g}%"


def traceability_section(document: Document, snapshot: Snapshot, *, final: bool,
                         bids: Sequence[Bid] | None = None) -> None:
    """The data this document was made from: anyone can later prove which it was.

    `bids` are the bid files the document may list: all of them in the internal records,
    the recipient's own in a letter, none in a public document.
    """
    heading(document, "Where this document comes from", 1)
    labelled(document, "Contract", contract_line(snapshot))
    labelled(document, "Evaluation id", str(snapshot.evaluation_id))
    labelled(document, "Scheme", snapshot.scheme.name)
    labelled(document, "Audit chain head", snapshot.audit_head)
    labelled(document, "Produced on", in_words(snapshot.produced_at))
    labelled(document, "Status", FINAL_MARK if final else DRAFT_MARK)
    listed = snapshot.bids if bids is None else bids
    if listed:
        table(document, ["Bid", "Provider", "File", "SHA-256 of the file"],
              [[b.reference, b.provider, b.file_name, b.sha256] for b in listed])
