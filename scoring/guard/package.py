"""The package's parts: content types, where the sheets are, and each sheet's cells."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from scoring.guard.archive import part_key
from scoring.guard.refusal import RESAVE, SAVE_AS, RefusedWorkbook, column_letters, column_number
from scoring.guard.styles import (
    NO_STYLES,
    STYLES_SHAPE,
    CellFormat,
    Styles,
    colour,
    custom_format_id,
    format_code,
)
from scoring.guard.xml_stream import (
    RELATIONSHIP_NAMESPACES,
    ElementBudget,
    Shape,
    namespace,
    walk_xml,
)
from scoring.limits import Limits

_XLSX_MAIN_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_CELL_REF = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6})")
_ROW = re.compile(r"[1-9][0-9]{0,6}")
_STYLE = re.compile(r"[0-9]{1,6}")
SHARED_STRING_INDEX = re.compile(r"[0-9]{1,9}")  # a plain index: no sign, space or point
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_SHEET_FOLDERS = {"worksheets", "chartsheets", "dialogsheets"}  # what calamine reads as sheets
_TRUE = {"1", "true"}
# Where Excel reads what matters in each part; calamine reads the same names anywhere.
_WORKBOOK_SHAPE = Shape(
    root="workbook",
    places={"sheets": frozenset({"workbook"}), "sheet": frozenset({"sheets"}),
            "calcPr": frozenset({"workbook"})},
    read_anywhere=frozenset({"sheets", "sheet", "calcPr"}),
)
_WORKSHEET_SHAPE = Shape(
    root="worksheet",
    places={
        "sheetData": frozenset({"worksheet"}), "row": frozenset({"sheetData"}),
        "c": frozenset({"row"}), "v": frozenset({"c"}), "f": frozenset({"c"}),
        "is": frozenset({"c"}), "r": frozenset({"is"}), "rPh": frozenset({"is"}),
        "t": frozenset({"is", "r", "rPh"}), "dimension": frozenset({"worksheet"}),
        "mergeCells": frozenset({"worksheet"}), "mergeCell": frozenset({"mergeCells"}),
        "cols": frozenset({"worksheet"}), "col": frozenset({"cols"}),
    },
    read_anywhere=frozenset({"sheetData", "row", "c", "dimension", "mergeCells", "mergeCell",
                             "cols", "col"}),
    inside=frozenset({"sheetData"}),
)
_SHARED_STRINGS_SHAPE = Shape(
    root="sst",
    places={"si": frozenset({"sst"}), "r": frozenset({"si"}), "rPh": frozenset({"si"}),
            "t": frozenset({"si", "r", "rPh"})},
    read_anywhere=frozenset({"si"}),
    inside=frozenset({"si"}),
)
_STYLES_TYPE = "/relationships/styles"
_FORMATS = frozenset({"numFmt", "dxf", "xf", "font", "fill"})  # counted against the limit
_STYLE_ELEMENTS = _FORMATS | {"color", "patternFill", "fgColor"}
_MAX_CONDITIONAL_RANGES = 1_000  # a bid's sheets need a handful; each answer is checked in all
_SHARED_STRINGS_REL_TYPE = "/relationships/sharedStrings"
_CONTENT_TYPES = "[Content_Types].xml"
_WORKBOOK = "xl/workbook.xml"
_WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
_STYLES = "xl/styles.xml"
_SHARED_STRINGS = "xl/sharedStrings.xml"  # where calamine looks for them
_SHARED_STRINGS_TYPE = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
)


@dataclass(frozen=True)
class StoredCell:
    """A cell as its XML stores it, read as Excel and openpyxl read XML.

    Character references, CDATA sections and comments inside a value are resolved, so
    `values` holds each `<v>`'s text whole; `inlines` joins the runs of each `<is>`.
    """

    type: str  # the `t` attribute; "n" (a number) when it has none
    values: tuple[str, ...]  # each `<v>`
    inlines: tuple[str, ...]  # each `<is>`
    formula: bool


@dataclass(frozen=True)
class SheetFacts:
    """What the raw worksheet XML says, beyond calamine's values (places are 0-based)."""

    uncached_formulas: frozenset[tuple[int, int]]
    stored: dict[tuple[int, int], StoredCell]
    merged: tuple[tuple[int, int, int, int], ...]  # (top, left, bottom, right)
    cell_formats: dict[tuple[int, int], int]  # the cell format (`s`) of each cell that has one
    hidden_rows: frozenset[int]
    hidden_columns: frozenset[int]
    # Ranges whose number format a conditional format can change, as (top, left, bottom, right).
    conditional_formats: tuple[tuple[int, int, int, int], ...] = ()

    def in_conditional_format(self, row: int, column: int) -> bool:
        return any(top <= row <= bottom and left <= column <= right
                   for top, left, bottom, right in self.conditional_formats)


@dataclass(frozen=True)
class WorkbookFacts:
    """What xl/workbook.xml says beyond where the sheets are."""

    hidden_sheets: frozenset[str]  # names of sheets Excel does not show (hidden, veryHidden)
    recalculates_on_open: bool  # fullCalcOnLoad: Excel discards every formula's saved value
    namespace: str  # the spreadsheet namespace: Transitional or Strict


@dataclass
class _SheetParts:
    """Where the workbook's sheets are."""

    worksheets: dict[str, str]  # sheet name -> part, in workbook order
    scanned: dict[str, str]  # every part calamine could read as a sheet -> its sheet name
    workbook: WorkbookFacts


class Package:
    """The inflated parts, looked up by name in any case, as calamine looks them up."""

    def __init__(self, members: dict[str, bytes], limits: Limits):
        self.members = members
        self.limits = limits
        self.budget = ElementBudget(limits.max_xml_elements)
        self.names = {part_key(part): part for part in members}
        self.parsed: set[str] = set()
        self.content_types: dict[str, str] = {}  # overrides: part name in lower case -> type
        self.cell_count = [0]  # cells across every sheet: the work is bounded by the package

    def find(self, part: str) -> str | None:
        """The part of that name, as calamine finds it (in any case).

        Some readers find parts only by their exact name, so a part whose name differs
        from the one the workbook uses (only in case, or '\\' for '/') is refused.
        """
        found = self.names.get(part_key(part))
        if found is not None and found != part:
            raise RefusedWorkbook(
                f"the package names its part {part} as {found}: spreadsheet programs differ "
                f"over names written differently. {RESAVE}"
            )
        return found

    def walk(self, part: str, where: str | None = None, **handlers) -> str:
        """Parse one part (see `walk_xml`), spending the package's element budget;
        return the namespace of its root element."""
        self.parsed.add(part)
        return walk_xml(self.members[part], where or f"part {part}", self.budget, self.limits,
                        **handlers)

    def check_structure(self) -> None:
        """The parts every workbook has, and none of the parts that carry macros."""
        for required in (_CONTENT_TYPES, _WORKBOOK, _WORKBOOK_RELS):
            if self.find(required) is None:
                raise RefusedWorkbook(
                    f"the package has no {required}: it is a zip file but not an Excel workbook"
                )
        if any(part.endswith(".bin") or "vbaproject" in part for part in self.names):
            raise RefusedWorkbook(f"the workbook contains macros or binary parts. {SAVE_AS}")

    def check_content_types(self) -> None:
        """No macro-enabled type anywhere; xl/workbook.xml is a plain workbook."""
        defaults: dict[str, str] = {}
        overrides: dict[str, str] = {}

        def start(name: str, attributes: dict[str, str]) -> None:
            content_type = attributes.get("ContentType", "")
            if "macroenabled" in content_type.lower() or "vbaproject" in content_type.lower():
                raise RefusedWorkbook(
                    f"this is a macro-enabled workbook (it declares '{content_type}'). {SAVE_AS}"
                )
            if name == "Default":
                defaults[attributes.get("Extension", "").lower()] = content_type
            elif name == "Override":
                overrides[attributes.get("PartName", "").lower()] = content_type

        self.walk(self.find(_CONTENT_TYPES), start=start)
        workbook = self.find(_WORKBOOK)
        self.content_types = overrides
        content_type = overrides.get(f"/{workbook.lower()}", defaults.get("xml", ""))
        if content_type != _XLSX_MAIN_TYPE:
            raise RefusedWorkbook(
                f"expected an Excel workbook, found content of type '{content_type or 'none'}'"
            )

    def relationships(self) -> dict[str, tuple[str, str]]:
        """The workbook's relationships: Id -> (Type, Target), the last of a repeated Id
        winning."""
        targets: dict[str, tuple[str, str]] = {}

        def relationship(name: str, attributes: dict[str, str]) -> None:
            if name == "Relationship":
                targets[attributes.get("Id", "")] = (attributes.get("Type", ""),
                                                     attributes.get("Target", ""))

        self.walk(self.find(_WORKBOOK_RELS), start=relationship)
        self.relationship_targets = targets
        return targets

    def sheet_parts(self) -> _SheetParts:
        """Every part the workbook's relationships can make calamine read as a sheet."""
        targets = {rid: target for rid, (_type, target) in self.relationships().items()}
        scanned: dict[str, str] = {}
        for rid, target in targets.items():
            path = _resolve(rid, target)
            part = None if path is None else self.find(path)
            if part is not None and _is_sheet_path(path):
                scanned[part] = part  # named by its path unless a sheet names it

        sheets: list[tuple[str, str | None]] = []
        hidden: set[str] = set()
        workbook = self.find(_WORKBOOK)
        recalculates = [False]

        def sheet(name: str, attributes: dict[str, str]) -> None:
            if name == "sheet":
                ids = [value for key, value in attributes.items()
                       if key.rpartition(" ")[2] == "id" and namespace(key)]
                if len(ids) > 1 or any(namespace(key) not in RELATIONSHIP_NAMESPACES
                                       for key in attributes if key.endswith(" id")):
                    raise RefusedWorkbook(
                        f"part {workbook} is not written in the spreadsheet XML namespaces "
                        "where Excel reads it (a sheet's id is in another namespace), so "
                        f"programs differ over which sheets it has. {RESAVE}")
                sheets.append((attributes.get("name", ""), ids[0] if ids else None))
                if attributes.get("state", "visible") in {"hidden", "veryHidden"}:
                    hidden.add(attributes.get("name", ""))
            elif name == "calcPr":
                recalculates[0] = attributes.get("fullCalcOnLoad", "0").lower() in _TRUE

        main = self.walk(workbook, start=sheet, shape=_WORKBOOK_SHAPE)
        self.main_namespace = main
        worksheets: dict[str, str] = {}
        seen: set[str] = set()
        for sheet_name, rid in sheets:
            if sheet_name.casefold() in seen:
                raise RefusedWorkbook(
                    f"the workbook has two sheets named '{sheet_name}': it is not a valid .xlsx"
                )
            seen.add(sheet_name.casefold())
            if rid not in targets:
                raise RefusedWorkbook(
                    f"sheet '{sheet_name}' has no relationship to its part: "
                    "it is not a valid .xlsx"
                )
            path = _resolve(rid, targets[rid])
            if path is None:
                raise RefusedWorkbook(
                    f"sheet '{sheet_name}' points to '{targets[rid]}', outside the package"
                )
            part = self.find(path)
            if part is None:
                raise RefusedWorkbook(
                    f"sheet '{sheet_name}' points to {path}, a part the package does not hold"
                )
            if not _is_sheet_path(path):
                raise RefusedWorkbook(f"sheet '{sheet_name}' points to {path}, not to a sheet")
            scanned[part] = sheet_name
            if path.split("/")[1] == "worksheets":
                worksheets[sheet_name] = part
        facts = WorkbookFacts(frozenset(hidden), recalculates[0], main)
        return _SheetParts(worksheets, scanned, facts)

    def _named_part(self, fixed: str, relationship_type: str, what: str) -> str | None:
        """The part at `fixed` (where calamine looks), which must be the one the workbook's
        relationships name (where Excel looks); None if there is none."""
        named = {
            _resolve(rid, target)
            for rid, (kind, target) in self.relationship_targets.items()
            if kind.endswith(relationship_type)
        }
        part = self.find(fixed)
        if named != ({fixed} if part else set()):
            raise RefusedWorkbook(
                f"the workbook's {what} is not where its relationships say, so programs "
                f"differ over which part holds it. {RESAVE}"
            )
        return part

    def styles(self) -> Styles:
        """Each cell format (`xf` in `cellXfs`) as Excel reads it: its number format code and
        whether its text is drawn in its background's colour."""
        part = self._named_part(_STYLES, _STYLES_TYPE, "formatting")
        if part is None:
            return NO_STYLES
        custom: dict[int, str] = {}
        formats: list[tuple[str, str, str]] = []  # (numFmtId, fontId, fillId) of each xf
        fonts: list[str | None] = []  # each font's colour
        fills: list[str | None] = []  # each fill's colour, None for none or a pattern
        dxf_number_formats: set[int] = set()
        path: list[str] = []
        where = "the workbook's formatting (xl/styles.xml)"

        def start(name: str, attributes: dict[str, str]) -> None:
            path.append(name)
            if name not in _STYLE_ELEMENTS:
                return
            counted[0] += name in _FORMATS
            if counted[0] > self.limits.max_formats:
                raise RefusedWorkbook(
                    f"{where} holds more than {self.limits.max_formats:,} formats, far more "
                    "than a bid workbook needs")
            inside = path[1:-1]
            if name == "numFmt" and inside == ["numFmts"]:
                custom[custom_format_id(attributes.get("numFmtId", ""), where)] = (
                    attributes.get("formatCode", ""))
            elif name == "numFmt" and inside == ["dxfs", "dxf"]:
                dxf_number_formats.add(len(dxfs) - 1)
            elif name == "dxf" and inside == ["dxfs"]:
                dxfs.append(name)
            elif name == "xf" and inside == ["cellXfs"]:
                formats.append((attributes.get("numFmtId", "0"), attributes.get("fontId", "0"),
                                attributes.get("fillId", "0")))
            elif name == "font" and inside == ["fonts"]:
                fonts.append(_BLACK)
            elif name == "color" and inside == ["fonts", "font"]:
                fonts[-1] = colour(attributes)
            elif name == "fill" and inside == ["fills"]:
                fills.append(None)
            elif name == "patternFill" and inside == ["fills", "fill"]:
                solid.append(attributes.get("patternType") == "solid")
            elif name == "fgColor" and inside == ["fills", "fill", "patternFill"] and solid[-1]:
                fills[-1] = colour(attributes)

        dxfs: list[str] = []
        solid: list[bool] = []
        counted = [0]
        self.walk(part, where, start=start, end=lambda _name: path.pop(), shape=STYLES_SHAPE)
        cell_formats = tuple(
            CellFormat(format_code(number_format, custom, where),
                       _invisible(_pick(fonts, font), _pick(fills, fill)))
            for number_format, font, fill in formats
        )
        return Styles(cell_formats, frozenset(dxf_number_formats))

    def scan_sheet(self, part: str, sheet: str, styles: Styles) -> SheetFacts:
        """Check one sheet's cells and note its facts; `sheet` names it in messages."""
        scan = _SheetScan(sheet, self.limits, self.cell_count)
        scan.dxf_number_formats = styles.dxf_number_formats
        worksheet = part.split("/")[1] == "worksheets"
        root = self.walk(part, f"sheet '{sheet}'", start=scan.start, end=scan.end,
                         text=scan.text, shape=_WORKSHEET_SHAPE if worksheet else None)
        if worksheet:
            self._same_namespace(root, f"sheet '{sheet}'")
        return scan.facts()

    def shared_strings(self, wanted: set[int]) -> tuple[str | None, ...]:
        """The shared strings, each as Excel reads it: its runs joined, phonetics left out,
        Excel's `_xHHHH_` escapes decoded.

        Only the `wanted` ones (those a cell points to) are kept; the others are None, so
        a large table costs no more memory than the strings a bid uses.
        """
        part = self._named_part(_SHARED_STRINGS, _SHARED_STRINGS_REL_TYPE, "shared text")
        declared = {name for name, kind in self.content_types.items()
                    if kind == _SHARED_STRINGS_TYPE}
        if declared != ({f"/{_SHARED_STRINGS.lower()}"} if part else set()):
            raise RefusedWorkbook(  # openpyxl finds them by this type, calamine by the name
                f"the workbook's shared text is not declared as such, so programs differ over "
                f"where it is. {RESAVE}"
            )
        if part is None:
            return ()
        strings: list[str | None] = []
        pieces: list[str] = []
        path: list[str] = []

        def start(name: str, _attributes: dict[str, str]) -> None:
            path.append(name)
            if name == "si":
                pieces.clear()

        def end(name: str) -> None:
            path.pop()
            if name == "si":
                strings.append(unescape("".join(pieces)) if len(strings) in wanted else None)

        def text(data: str) -> None:
            if path and path[-1] == "t" and "si" in path and "rPh" not in path:
                pieces.append(data)

        root = self.walk(part, start=start, end=end, text=text, shape=_SHARED_STRINGS_SHAPE)
        self._same_namespace(root, "the workbook's shared text")
        return tuple(strings)

    def _same_namespace(self, root: str, what: str) -> None:
        """A Strict part in a Transitional workbook (or the other way) is read by some
        programs and not others."""
        if root != self.main_namespace:
            raise RefusedWorkbook(
                f"{what} is written in another version of the spreadsheet XML (Strict or "
                f"Transitional) than the rest of the workbook, so programs differ over what "
                f"it holds. {RESAVE}"
            )

    def check_remaining_xml(self) -> None:
        """Every other XML part: no DTD, well-formed, within the element budget."""
        for part in self.members:
            if part not in self.parsed and part.lower().endswith(_XML_SUFFIXES):
                self.walk(part)


_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_BLACK, _WHITE = "000000", "FFFFFF"


# Characters no text may hold: control characters other than tab and line breaks, lone
# surrogates, and the two non-characters. XML cannot carry them (expat refuses them), so
# the only way into a cell's text is Excel's escapes.
_NOT_TEXT = frozenset([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20),
                       *range(0xD800, 0xE000), 0xFFFE, 0xFFFF])


class Unshowable(str):
    """Text in which an escape spells a character no text may hold (`code_point`, the
    first), which programs show differently or not at all."""

    code_point: int


def unescape(text: str) -> str:
    """Excel's escapes in stored text: `_x000D_` is a carriage return, `_x005F_` a '_'.
    Text where one spells a character no text may hold comes back `Unshowable`."""
    if "_x" not in text:
        return text
    spelled: list[int] = []

    def decode(match: re.Match) -> str:
        spelled.append(int(match.group(1), 16))
        return chr(spelled[-1])

    decoded = _ESCAPE.sub(decode, text)
    bad = next((code for code in spelled if code in _NOT_TEXT), None)
    if bad is None:
        return decoded
    unshowable = Unshowable(decoded)
    unshowable.code_point = bad
    return unshowable


def _zero(size: str | None) -> bool:
    """A row height or column width of zero, which hides it."""
    try:
        return size is not None and float(size) == 0
    except ValueError:
        return False


def _pick(colours: list[str | None], index: str) -> str | None:
    if index.isascii() and index.isdigit() and int(index) < len(colours):
        return colours[int(index)]
    return None


def _invisible(text: str | None, fill: str | None) -> bool:
    """Text drawn in the colour of its background (no fill shows white)."""
    return text is not None and text == (fill or _WHITE)


def _resolve(rid: str, target: str) -> str | None:
    """The part a workbook relationship points to, or None if it leads out of the package.

    Versions of calamine differ over a target with '.', '..', '//' or '\\' in it:
    some join it to 'xl/' as it is, some normalise it first. If either reading could
    make it a sheet, the guard and calamine might read different parts, so it is
    refused. (Excel writes '../customXml/item1.xml' for some workbooks: no sheet.)
    """
    literal = target[1:] if target.startswith("/") else f"xl/{target}"
    path = _normalise(literal.replace("\\", "/"))
    if path != literal and (_is_sheet_path(literal) or _is_sheet_path(path or "")):
        raise RefusedWorkbook(
            f"the workbook's relationship {rid} points to '{target}', which is not a plain "
            "path to a sheet: readers resolve such paths differently"
        )
    return path


def _normalise(path: str) -> str | None:
    """'xl/./a//b/../c' -> 'xl/a/c'; None for a path that climbs out of the package."""
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part not in {"", "."}:
            parts.append(part)
    return "/".join(parts)


def _is_sheet_path(path: str) -> bool:
    """calamine reads a part as a sheet by the folder it is in: xl/worksheets/... and the like."""
    folders = path.split("/")
    return len(folders) > 1 and folders[1] in _SHEET_FOLDERS


@functools.lru_cache(maxsize=4_096)  # a workbook uses a few formats, on every cell
def _format_number(text: str) -> int | None:
    """A cell's format number (its `s`), or None if malformed."""
    return int(text) if _STYLE.fullmatch(text) else None


@functools.lru_cache(maxsize=65_536)  # the same references recur in every sheet and bid
def _cell_position(ref: str) -> tuple[int, int] | None:
    """A cell reference such as 'B7' as a 0-based (row, column), or None if malformed."""
    match = _CELL_REF.fullmatch(ref)
    return (int(match.group(2)) - 1, column_number(match.group(1)) - 1) if match else None


class _SheetScan:
    """Walks a worksheet's cells, placing each where calamine would, within the limits.

    calamine takes a cell's place from its `r`, or else from the row it is in and the
    cell before it; it moves to the next row at the end of each `row`. This follows
    the same rules over every `row` and `c` element, so it never places a cell before
    where calamine would. It keeps each cell as its XML stores it (`StoredCell`), and
    refuses a row or cell that comes twice, since readers disagree over which one wins.
    """

    def __init__(self, sheet: str, limits: Limits, cell_count: list[int]):
        self.sheet = sheet
        self.limits = limits
        self.cell_count = cell_count  # cells in the whole package so far, shared by sheets
        self.row = 0  # 0-based, as calamine counts
        self.column = 0
        self.declared: tuple[int, int] | None = None  # last row and column, 1-based
        self.rows_seen: set[int] = set()
        self.path: list[str] = []  # elements open inside the current cell
        self.cell: tuple[int, int] | None = None
        self.cell_type = "n"
        self.values: list[list[str]] = []  # the text of each `v`, in pieces
        self.inlines: list[list[str]] = []  # the text of each `is`, in pieces
        self.formula = False
        self.stored: dict[tuple[int, int], StoredCell] = {}
        self.cell_formats: dict[tuple[int, int], int] = {}
        self.merged: list[tuple[int, int, int, int]] = []
        self.merged_area = 0
        self.hidden_rows: set[int] = set()
        self.hidden_columns: set[int] = set()
        self.outside: list[str] = []  # elements open outside any cell
        self.conditional: list[str] = []  # the ranges of the open conditional format
        self.conditional_sets_format = False
        self.conditional_formats: list[tuple[int, int, int, int]] = []
        self.dxf_number_formats: frozenset[int] = frozenset()

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if self.cell is not None:
            if name in {"c", "row"}:
                cell = self._ref(*self.cell)
                raise RefusedWorkbook(
                    f"sheet '{self.sheet}' has a {'cell' if name == 'c' else 'row'} inside "
                    f"the cell {cell}: it is not a valid worksheet",
                    cell=cell,
                )
            if not self.path:  # a child of the cell itself
                if name == "v":
                    self.values.append([])
                elif name == "f":
                    self.formula = True
                elif name == "is":
                    self.inlines.append([])
            self.path.append(name)
            return
        if name == "c":  # a cell opens: it is kept apart from `outside` and closed in `end`
            self._open_cell(attributes)
            return
        self.outside.append(name)
        if name == "conditionalFormatting":
            self.conditional = attributes.get("sqref", "").split()
            self.conditional_sets_format = False
        elif name == "cfRule" and attributes.get("dxfId", "").isdigit() and (
                int(attributes["dxfId"]) in self.dxf_number_formats):
            self.conditional_sets_format = True
        elif name == "numFmt" and "conditionalFormatting" in self.outside:
            self.conditional_sets_format = True  # one inside an extension's rule (x14)
        elif name == "col":
            self._hide_columns(attributes)
        if name == "row":
            if "r" in attributes:
                self.row = self._row_number(attributes["r"]) - 1
            if attributes.get("hidden", "0").lower() in _TRUE or _zero(attributes.get("ht")):
                self.hidden_rows.add(self.row)
            if self.row in self.rows_seen:
                raise RefusedWorkbook(
                    f"sheet '{self.sheet}' has row {self.row + 1} twice: spreadsheet programs "
                    f"differ over which one counts. {RESAVE}",
                    cell=self._ref(self.row, 0),
                )
            self.rows_seen.add(self.row)
        elif name == "dimension":
            self.declared = self._declared_extent(attributes.get("ref", ""))
        elif name == "mergeCell":
            self._merge(attributes.get("ref", ""))

    def end(self, name: str) -> None:
        if self.cell is None:
            self.outside.pop()
            if name == "row":
                self.row += 1
                self.column = 0
            elif name == "conditionalFormatting":
                if self.conditional_sets_format:
                    self.conditional_formats += self._ranges(self.conditional)
                self.conditional = []
                if len(self.conditional_formats) > _MAX_CONDITIONAL_RANGES:
                    raise RefusedWorkbook(
                        f"sheet '{self.sheet}' has more than {_MAX_CONDITIONAL_RANGES:,} "
                        "ranges whose number format a condition changes, far more than a "
                        "bid needs"
                    )
            return
        if self.path:
            self.path.pop()
            return
        values = tuple(map("".join, self.values))
        inlines = tuple(map("".join, self.inlines))
        self.stored[self.cell] = StoredCell(self.cell_type, values, inlines, self.formula)
        self.cell = None
        self.column += 1

    def text(self, data: str) -> None:
        if (self.cell is None and self.outside and self.outside[-1] == "sqref"
                and "conditionalFormatting" in self.outside):
            self.conditional += data.split()  # an extension's rule names its cells so
            return
        if self.cell is None or not self.path:
            return
        if self.path[0] == "v" and len(self.path) == 1:
            self.values[-1].append(data)
        elif self.path[0] == "is" and self.path[-1] == "t" and "rPh" not in self.path:
            self.inlines[-1].append(data)

    def facts(self) -> SheetFacts:
        return SheetFacts(
            uncached_formulas=frozenset(
                place for place, cell in self.stored.items()
                if cell.formula and not any(value.strip() for value in cell.values)
            ),
            stored=self.stored,
            merged=tuple(self.merged),
            cell_formats=self.cell_formats,
            hidden_rows=frozenset(self.hidden_rows),
            hidden_columns=frozenset(self.hidden_columns),
            conditional_formats=tuple(self.conditional_formats),
        )

    def _hide_columns(self, attributes: dict[str, str]) -> None:
        if not (attributes.get("hidden", "0").lower() in _TRUE or _zero(attributes.get("width"))):
            return
        first, last = attributes.get("min", ""), attributes.get("max", "")
        if first.isascii() and first.isdigit() and last.isascii() and last.isdigit():
            last_read = min(int(last), self.limits.max_columns)
            self.hidden_columns.update(range(int(first) - 1, last_read))

    def _ranges(self, refs: list[str]) -> list[tuple[int, int, int, int]]:
        """Ranges such as 'C3:C9' or 'C5' as (top, left, bottom, right); others ignored."""
        ranges = []
        for ref in refs[: _MAX_CONDITIONAL_RANGES + 1]:
            corners = ref.replace("$", "").split(":")
            if len(corners) <= 2 and all(_CELL_REF.fullmatch(corner) for corner in corners):
                (top, left), (bottom, right) = (self._position(corners[0]),
                                                self._position(corners[-1]))
                ranges.append((top, left, bottom, right))
        return ranges

    def _ref(self, row: int, column: int) -> str:
        return f"{self.sheet}!{column_letters(column + 1)}{row + 1}"

    def _open_cell(self, attributes: dict[str, str]) -> None:
        self.cell_count[0] += 1
        if self.cell_count[0] > self.limits.max_cells:
            raise RefusedWorkbook(
                f"the workbook has more than {self.limits.max_cells:,} cells, "
                "far more than a bid needs"
            )
        if "r" in attributes:
            row, self.column = self._position(attributes["r"])
        else:
            row = self.row
        self._check_position(row + 1, self.column + 1)
        if (row, self.column) in self.stored:
            raise RefusedWorkbook(
                f"cell {self._ref(row, self.column)} is stored twice: spreadsheet programs "
                f"differ over which one counts. {RESAVE}",
                cell=self._ref(row, self.column),
            )
        self.cell = (row, self.column)
        self.cell_type = attributes.get("t", "n")
        self.values, self.inlines, self.formula, self.path = [], [], False, []
        style = attributes.get("s", "0")
        number = _format_number(style)
        if number is None:
            raise RefusedWorkbook(
                f"cell {self._ref(*self.cell)} has a malformed format number '{style[:20]}'. "
                f"{RESAVE}",
                cell=self._ref(*self.cell),
            )
        if number:
            self.cell_formats[self.cell] = number

    def _merge(self, ref: str) -> None:
        corners = ref.split(":")
        if len(corners) == 2 and all(_CELL_REF.fullmatch(corner) for corner in corners):
            (top, left), (bottom, right) = (self._position(c) for c in corners)
            self.merged_area += (bottom - top + 1) * (right - left + 1)
            if self.merged_area > self.limits.max_cells:
                raise RefusedWorkbook(
                    f"sheet '{self.sheet}' merges more than {self.limits.max_cells:,} cells, "
                    "far more than a bid needs"
                )
            self.merged.append((top, left, bottom, right))

    def _row_number(self, text: str) -> int:
        if not _ROW.fullmatch(text):
            raise RefusedWorkbook(f"sheet '{self.sheet}' has a malformed row number '{text}'")
        return int(text)

    def _position(self, ref: str) -> tuple[int, int]:
        """A cell reference such as 'B7' as a 0-based (row, column)."""
        position = _cell_position(ref)
        if position is None:
            raise RefusedWorkbook(
                f"sheet '{self.sheet}' has a cell with a malformed reference '{ref}'"
            )
        return position

    def _declared_extent(self, ref: str) -> tuple[int, int]:
        """The last row and column a `<dimension>` declares, within the limits."""
        corners = ref.split(":")
        if len(corners) > 2 or not all(_CELL_REF.fullmatch(corner) for corner in corners):
            raise RefusedWorkbook(f"sheet '{self.sheet}' declares a malformed dimension '{ref}'")
        (first_row, first_column), (last_row, last_column) = (
            self._position(corners[0]),
            self._position(corners[-1]),
        )
        if last_row > self.limits.max_rows - 1 or last_column > self.limits.max_columns - 1:
            raise RefusedWorkbook(
                f"sheet '{self.sheet}' declares its cells span {ref}, far beyond the "
                f"{self.limits.max_rows:,} rows and {self.limits.max_columns} columns "
                "a bid may use",
                cell=f"{self.sheet}!{corners[-1]}",
            )
        if first_row > last_row or first_column > last_column:
            raise RefusedWorkbook(f"sheet '{self.sheet}' declares a malformed dimension '{ref}'")
        return last_row + 1, last_column + 1

    def _check_position(self, row: int, column: int) -> None:
        """Refuse a cell (1-based) outside the limits or the declared dimension."""
        limits, declared = self.limits, self.declared
        outside = not (0 < row <= limits.max_rows and 0 < column <= limits.max_columns)
        undeclared = declared is not None and (row > declared[0] or column > declared[1])
        if not (outside or undeclared):
            return
        cell = f"{self.sheet}!{column_letters(column)}{row}"
        if outside:
            raise RefusedWorkbook(
                f"cell {cell} is far outside the area a bid uses "
                f"(at most {limits.max_rows:,} rows and {limits.max_columns} columns)",
                cell=cell,
            )
        raise RefusedWorkbook(
            f"sheet '{self.sheet}' declares that its cells end at "
            f"{column_letters(declared[1])}{declared[0]} but has a cell at {cell}: "
            "the declared dimension is false",
            cell=cell,
        )
