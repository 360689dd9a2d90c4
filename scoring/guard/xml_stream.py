"""XML parts read as a stream with expat, by local name, as calamine reads them."""

from __future__ import annotations

import re
from collections.abc import Callable
from xml.parsers import expat

from scoring.guard.refusal import RefusedWorkbook
from scoring.limits import Limits


class ElementBudget:
    """How many more XML elements the package may hold: bounds the time parsing takes."""

    def __init__(self, limit: int):
        self.limit = limit
        self.left = limit

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise RefusedWorkbook(
                f"the package holds more than {self.limit:,} XML elements, "
                "far more than a bid workbook needs"
            )


_StartHandler = Callable[[str, dict[str, str]], None]


def walk_xml(
    content: bytes,
    where: str,
    budget: ElementBudget,
    limits: Limits,
    start: _StartHandler | None = None,
    end: Callable[[str], None] | None = None,
    text: Callable[[str], None] | None = None,
) -> None:
    """Stream a part's XML to the handlers, by local name as calamine reads it.

    Refuses anything calamine could read differently: a DTD or entity declaration,
    text that is not UTF-8, a tag so long it could only be an attack.
    """
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise RefusedWorkbook(f"{where} is not UTF-8 XML, which is all Excel writes")
    # A start or end tag, not a comment or CDATA section (`<!`) or instruction (`<?`).
    long_tag = re.compile(rb"<[^!?<>][^<>]{%d}" % limits.max_tag_bytes).search(content)
    if long_tag:
        raise RefusedWorkbook(
            f"{where} has a tag longer than {limits.max_tag_bytes:,} bytes, "
            "which a workbook never needs"
        )

    def refuse_declaration(*_args) -> None:
        raise RefusedWorkbook(f"{where} declares a DTD or entities, which a workbook never needs")

    def on_start(name: str, attributes: dict[str, str]) -> None:
        budget.spend()
        if start is not None:
            start(name.rpartition(":")[2], attributes)

    # The declared encoding is overridden: calamine reads every part as UTF-8.
    parser = expat.ParserCreate(encoding="UTF-8")
    parser.buffer_text = True  # long text arrives in a few calls, not one per line
    parser.StartDoctypeDeclHandler = refuse_declaration
    parser.EntityDeclHandler = refuse_declaration
    parser.StartElementHandler = on_start
    if end is not None:
        parser.EndElementHandler = lambda name: end(name.rpartition(":")[2])
    if text is not None:
        parser.CharacterDataHandler = text
    try:
        parser.Parse(content, True)
    except expat.ExpatError as error:
        raise RefusedWorkbook(f"{where} is not well-formed XML ({error})") from None

