"""Reading a document back: its headings, the text under each, and its page marks.

The completeness check and the checklist tests read documents this way, so what they
find is what a reader of the saved .docx would find.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table

TEXT = qn("w:t")


@dataclass(frozen=True)
class Section:
    """The text under one heading, down to the next heading of any level."""

    path: tuple[str, ...]  # the heading and those above it, outermost first
    text: str

    @property
    def heading(self) -> str:
        return self.path[-1]


def _level(style_id: str | None) -> int | None:
    """A heading's level from its style id ("Title" 0, "Heading2" 2), None for body text.

    Reading the id off the XML avoids python-docx's slow style lookup by name.
    """
    if style_id == "Title":
        return 0
    if style_id and style_id.startswith("Heading") and style_id[7:].isdigit():
        return int(style_id[7:])
    return None


def _table_text(table: Table) -> str:
    """Rows as ` | `-separated cell text, read off the XML (python-docx's cells are slow)."""
    return "\n".join(
        " | ".join("".join(t.text or "" for t in cell.iter(TEXT)) for cell in row.tc_lst)
        for row in table._tbl.tr_lst)


def sections(document: Document) -> list[Section]:
    """Every heading in order, with the text beneath it (tables as ` | `-separated rows)."""
    found: list[Section] = []
    path: list[tuple[int, str]] = []
    body: list[str] = []

    def close() -> None:
        if path:
            found.append(Section(tuple(title for _, title in path), "\n".join(body)))

    for block in document.iter_inner_content():
        if isinstance(block, Table):
            body.append(_table_text(block))
            continue
        level = _level(block._p.style)
        if level is None:
            body.append(block.text)
            continue
        close()
        body = []
        path = [(lvl, title) for lvl, title in path if lvl < level] + [(level, block.text)]
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
