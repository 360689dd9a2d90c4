"""XML parts read as a stream with expat, by local name, as calamine reads them.

Parsing is namespace-aware, so that a part can be held to the shape Excel reads:
calamine reads an element by its local name wherever it is, Excel only in the
spreadsheet namespace and in its place. A `Shape` names the elements that matter in
a part and where each may be; anything else with one of those names (in another
namespace, inside `mc:AlternateContent` or an `extLst`) is refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from xml.parsers import expat

from scoring.guard.refusal import RESAVE, RefusedWorkbook
from scoring.limits import Limits

MAIN_NAMESPACES = frozenset({
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",  # Strict Open XML
})
RELATIONSHIP_NAMESPACES = frozenset({
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
})
_SEPARATOR = " "  # between an element's namespace and its local name, as expat reports them
_DECLARED_ENCODING = re.compile(
    rb"""\A(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']""")


class ElementBudget:
    """How many more XML elements the package may hold: bounds the time parsing takes."""

    def __init__(self, limit: int):
        self.limit = limit
        self.left = limit

    def spend(self, content: bytes) -> None:
        """Charge a part's elements, counted before it is parsed: its start tags (`<` but
        not `</`, `<!` or `<?`). XML allows a bare `<` only inside a comment, CDATA or
        instruction, so the count is exact for what Excel writes and never too low."""
        self.left -= (content.count(b"<") - content.count(b"</") - content.count(b"<!")
                      - content.count(b"<?"))
        if self.left < 0:
            raise RefusedWorkbook(
                f"the package holds more than {self.limit:,} XML elements, "
                "far more than a bid workbook needs"
            )


@dataclass(frozen=True)
class Shape:
    """Where a part's elements that matter may be: local name -> the local names of the
    parents it may have. Each must be there, in the part's spreadsheet namespace, and an
    element of that name anywhere else (another namespace, `mc:AlternateContent`, an
    `extLst`) is refused, since calamine reads it by its local name wherever it is.
    `read_attributes` may not come in another namespace on them either."""

    root: str
    places: dict[str, frozenset[str]]
    # Out of place, an element is refused if calamine reads its name wherever it is
    # (`read_anywhere`), or if it is inside one of the elements calamine reads whole
    # (`inside`, e.g. sheetData); elsewhere (an `xm:f` in an extension) it is not read.
    read_anywhere: frozenset[str] = frozenset()
    inside: frozenset[str] = frozenset()
    read_attributes: frozenset[str] = frozenset({"r", "t", "s", "hidden", "state", "name",
                                                 "numFmtId", "formatCode", "ref", "id"})


_StartHandler = Callable[[str, dict[str, str]], None]


def local(name: str) -> str:
    """An element or attribute's local name, without its namespace."""
    return name.rpartition(_SEPARATOR)[2]


def namespace(name: str) -> str:
    return name.rpartition(_SEPARATOR)[0]


def walk_xml(
    content: bytes,
    where: str,
    budget: ElementBudget,
    limits: Limits,
    start: _StartHandler | None = None,
    end: Callable[[str], None] | None = None,
    text: Callable[[str], None] | None = None,
    shape: Shape | None = None,
) -> str:
    """Stream a part's XML to the handlers, by local name; return the root's namespace
    (or "" for a part given neither handlers nor a shape, which expat checks alone).

    Attributes keep their namespace (`namespace local`) when they have one, so `r:id`
    arrives as '<relationships namespace> id'. Refuses anything calamine could read
    differently: a DTD or entity declaration, text that is not UTF-8 or declares another
    encoding, a tag so long it could only be an attack, and (with a `shape`) elements
    that matter outside their place.
    """
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise RefusedWorkbook(f"{where} is not UTF-8 XML, which is all Excel writes")
    declared = _DECLARED_ENCODING.match(content)
    if declared and declared.group(1).lower().replace(b"-", b"") != b"utf8":
        encoding = declared.group(1).decode("ascii", "replace")[:40]
        raise RefusedWorkbook(
            f"{where} declares the text encoding '{encoding}', which programs read "
            f"differently (Excel writes UTF-8). {RESAVE}"
        )
    # A start or end tag, not a comment or CDATA section (`<!`) or instruction (`<?`).
    long_tag = re.compile(rb"<[^!?<>][^<>]{%d}" % limits.max_tag_bytes).search(content)
    if long_tag:
        raise RefusedWorkbook(
            f"{where} has a tag longer than {limits.max_tag_bytes:,} bytes, "
            "which a workbook never needs"
        )
    budget.spend(content)
    open_elements: list[tuple[str, str]] = []  # (namespace, local name) of each
    names: dict[str, tuple[str, str]] = {}  # full name -> (namespace, local name)
    root: list[str] = []
    # The first element out of its place, refused once the whole part is known to be
    # well-formed XML (and its cells within the limits), which says more.
    misplaced: list[str] = []
    places = shape.places if shape is not None else {}

    def refuse_declaration(*_args) -> None:
        raise RefusedWorkbook(f"{where} declares a DTD or entities, which a workbook never needs")

    # Called for every element of every part that is read: written for speed.
    def on_start(name: str, attributes: dict[str, str]) -> None:
        split = names.get(name)
        if split is None:
            split = names[name] = (namespace(name), local(name))
        if not root:
            root.append(split[0])
            if shape is not None and (split[1] != shape.root or split[0] not in MAIN_NAMESPACES):
                misplaced.append("")
        elif split[1] in places and not misplaced:  # in place, with no namespaced attribute?
            parent = open_elements[-1]
            in_place = (split[0] == root[0] == parent[0] and parent[1] in places[split[1]]
                        and not (attributes and _SEPARATOR in "".join(attributes)))
            if not in_place:
                misplaced.extend(_misplaced(shape, split, attributes, open_elements, root[0]))
        open_elements.append(split)
        if start is not None:
            start(split[1], attributes)

    def on_end(name: str) -> None:
        open_elements.pop()
        if end is not None:
            end(names[name][1])

    parser = expat.ParserCreate(encoding="UTF-8", namespace_separator=_SEPARATOR)
    parser.buffer_text = True  # long text arrives in a few calls, not one per line
    parser.StartDoctypeDeclHandler = refuse_declaration
    parser.EntityDeclHandler = refuse_declaration
    if start or end or text or shape:  # else nothing is read from the part
        parser.StartElementHandler = on_start
        parser.EndElementHandler = on_end
    if text is not None:
        parser.CharacterDataHandler = text
    try:
        parser.Parse(content, True)
    except expat.ExpatError as error:
        raise RefusedWorkbook(f"{where} is not well-formed XML ({error})") from None
    if misplaced:
        what = f"its '{misplaced[0]}' element" if misplaced[0] else "its root element"
        raise RefusedWorkbook(
            f"{where} is not written in the spreadsheet XML namespaces where Excel reads it "
            f"({what} is in another namespace, an alternative or extension block, or out of "
            f"its place), so programs differ over what it holds. {RESAVE}"
        )
    return root[0] if root else ""


def _misplaced(shape: Shape, element: tuple[str, str], attributes: dict[str, str],
               open_elements: list[tuple[str, str]], main: str) -> list[str]:
    """[the element's local name] if it is outside the place Excel reads it from, else []
    (for an element below the root whose local name is in the shape's places)."""
    element_namespace, local_name = element
    parent_namespace, parent = open_elements[-1]
    if (element_namespace == main and parent_namespace == main
            and parent in shape.places[local_name]):
        for attribute in attributes:
            attribute_namespace = namespace(attribute)
            if (attribute_namespace and attribute_namespace not in RELATIONSHIP_NAMESPACES
                    and local(attribute) in shape.read_attributes):
                return [local_name]
        return []
    if local_name in shape.read_anywhere or any(
            name in shape.inside for _, name in open_elements):
        return [local_name]
    return []
