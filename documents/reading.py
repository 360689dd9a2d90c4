"""Reading a document back: its headings, the text under each, and its page marks.

The completeness check and the checklist tests read documents this way, so what they
find is what a reader of the saved .docx would find.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document
from docx.oxml.ns import qn

TEXT, BREAK, PARAGRAPH, TABLE = qn("w:t"), qn("w:br"), qn("w:p"), qn("w:tbl")
ROW, CELL, VAL = qn("w:tr"), qn("w:tc"), qn("w:val")
STYLE_PATH = f"{qn('w:pPr')}/{qn('w:pStyle')}"


@dataclass(frozen=True)
class Section:
    """The text under one heading, down to the next heading of any level."""

    path: tuple[str, ...]  # the heading and those above it, outermost first
    text: str

    @property
    def heading(self) -> str:
        return self.path[-1]


def _level(style_id: str | None) -> int | None:
    """A heading's level from its style id ("Title" 0, "Heading2" 2), None for body text."""
    if style_id == "Title":
        return 0
    if style_id and style_id.startswith("Heading") and style_id[7:].isdigit():
        return int(style_id[7:])
    return None


def _style(p) -> str | None:
    """A paragraph's style id, read off the XML (python-docx's lookup is slow)."""
    style = p.find(STYLE_PATH)
    return None if style is None else style.get(VAL)


def _text(element) -> str:
    """The text of a paragraph or table cell: its runs' text, breaks as new lines."""
    return "".join(node.text or "" if node.tag == TEXT else "\n"
                   for node in element.iter(TEXT, BREAK))


def _table_text(tbl) -> str:
    """Rows as ` | `-separated cell text."""
    return "\n".join(" | ".join(_text(cell) for cell in row.iterchildren(CELL))
                     for row in tbl.iterchildren(ROW))


def sections(document: Document) -> list[Section]:
    """Every heading in order, with the text beneath it (tables as ` | `-separated rows)."""
    found: list[Section] = []
    path: list[tuple[int, str]] = []
    body: list[str] = []

    def close() -> None:
        if path:
            found.append(Section(tuple(title for _, title in path), "\n".join(body)))

    for block in document.element.body.iterchildren(PARAGRAPH, TABLE):
        if block.tag == TABLE:
            body.append(_table_text(block))
            continue
        level = _level(_style(block))
        if level is None:
            body.append(_text(block))
            continue
        close()
        body = []
        path = [(lvl, title) for lvl, title in path if lvl < level] + [(level, _text(block))]
    close()
    return found


def headings(document: Document) -> list[str]:
    return [section.heading for section in sections(document)]


def full_text(document: Document) -> str:
    """All the text of the body, headings and tables included."""
    return "\n".join("\n".join((s.heading, s.text)) for s in sections(document))


def page_marks(document: Document) -> list[str]:
    """The header and footer text of every section of the document."""
    return [part.paragraphs[0].text if part.paragraphs else ""
            for section in document.sections for part in (section.header, section.footer)]
