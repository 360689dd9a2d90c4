"""Reading a document back: its headings, the text under each, and its page marks.

The completeness check and the checklist tests read documents this way, so what they
find is what a reader of the saved .docx would find.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document
from docx.table import Table


@dataclass(frozen=True)
class Section:
    """The text under one heading, down to the next heading of any level."""

    path: tuple[str, ...]  # the heading and those above it, outermost first
    text: str

    @property
    def heading(self) -> str:
        return self.path[-1]


def _level(style_name: str) -> int | None:
    if style_name == "Title":
        return 0
    if style_name.startswith("Heading "):
        return int(style_name.removeprefix("Heading "))
    return None


def _table_text(table: Table) -> str:
    return "\n".join(" | ".join(cell.text for cell in row.cells) for row in table.rows)


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
        level = _level(block.style.name if block.style is not None else "")
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
