"""Refuse anything that is not a plain .xlsx before any spreadsheet parser sees it.

`check_workbook` inflates every member of the zip package itself, within the limits,
refuses DTDs and entity declarations, macros, encryption and cells outside the area
a bid could use, and hands back a fresh in-memory copy holding exactly the bytes it
checked. Only that copy ever reaches python-calamine, which can abort the whole
process on hostile input (a single cell at XFD1048576 is enough).

The checks read the package the way calamine does, so that no part escapes them:
XML element names by their local name whatever the namespace, part names in any
case, and every part a workbook relationship points to as a possible worksheet.
XML is parsed as a stream with expat, never built into a tree, under a budget of
elements, so a part cannot exhaust memory or time.

While it walks each worksheet it also notes what calamine does not report: which
cells are formatted as percentages and which formulas have no saved value.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from xml.parsers import expat

from scoring.limits import DEFAULT_LIMITS, Limits

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_XLSX_MAIN_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_CELL_REF = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6})")
_ROW = re.compile(r"[1-9][0-9]{0,6}")
_STYLE = re.compile(r"[0-9]{1,6}")
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_SHEET_FOLDERS = {"worksheets", "chartsheets", "dialogsheets"}  # what calamine reads as sheets
_CONTENT_TYPES = "[Content_Types].xml"
_WORKBOOK = "xl/workbook.xml"
_WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
_STYLES = "xl/styles.xml"
_REFUSED_SUFFIXES = {
    ".xlsm": "a macro-enabled workbook (.xlsm)",
    ".xltm": "a macro-enabled template (.xltm)",
    ".xlsb": "a binary workbook (.xlsb)",
    ".xls": "an Excel 97-2003 workbook (.xls)",
    ".csv": "a CSV file",
    ".ods": "an OpenDocument spreadsheet (.ods)",
}
_SAVE_AS = "Open it in Excel and save it as an Excel Workbook (.xlsx)."
_RESEND = "Save it again from Excel and resend it."


class RefusedWorkbook(Exception):
    """The file is not a plain, safe .xlsx; `cell` names where, when one applies."""

    def __init__(self, message: str, cell: str | None = None):
        super().__init__(message)
        self.message = message
        self.cell = cell


@dataclass(frozen=True)
class SheetFacts:
    """What the raw worksheet XML says that calamine's values do not."""

    percent_cells: frozenset[tuple[int, int]]  # (row, column), 0-based
    uncached_formulas: frozenset[tuple[int, int]]


@dataclass(frozen=True)
class CheckedWorkbook:
    """A workbook that passed every check, as the in-memory copy that was checked."""

    package: bytes
    sheets: dict[str, SheetFacts]  # by sheet name, in workbook order


def column_number(letters: str) -> int:
    """'A' -> 1, 'AA' -> 27."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def column_letters(number: int) -> str:
    """1 -> 'A', 27 -> 'AA'."""
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def check_workbook(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> CheckedWorkbook:
    """Check a file that claims to be a bid workbook; raise `RefusedWorkbook` if it is not."""
    _check_name_and_signature(data, name, limits)
    package = _Package(_inflate_members(data, limits), limits)
    package.check_structure()
    package.check_content_types()
    sheet_parts = package.sheet_parts()
    percent_styles = package.percent_styles()
    scans = {
        part: package.scan_sheet(part, sheet, percent_styles)
        for part, sheet in sheet_parts.scanned.items()
    }
    package.check_remaining_xml()
    sheets = {sheet: scans[part] for sheet, part in sheet_parts.worksheets.items()}
    return CheckedWorkbook(package=_repack(package.members), sheets=sheets)


# ------------------------------------------------------------------ the file itself


def _check_name_and_signature(data: bytes, name: str, limits: Limits) -> None:
    """Refuse by file name, size and first bytes, before anything is unpacked."""
    suffix = PurePosixPath(name.lower()).suffix
    if suffix in _REFUSED_SUFFIXES:
        raise RefusedWorkbook(f"this is {_REFUSED_SUFFIXES[suffix]}, not an .xlsx. {_SAVE_AS}")
    if suffix != ".xlsx":
        raise RefusedWorkbook(f"expected an .xlsx workbook, found a '{suffix or 'no'}' file name")
    if not data:
        raise RefusedWorkbook("the file is empty (0 bytes)")
    if len(data) > limits.max_file_bytes:
        raise RefusedWorkbook(
            f"the file is {len(data) / 2**20:.1f} MB, more than the "
            f"{limits.max_file_bytes / 2**20:.0f} MB a bid workbook may be"
        )
    if data.startswith(_OLE_MAGIC):
        raise RefusedWorkbook(_describe_ole(data))
    if not data.startswith(_ZIP_MAGIC):
        head = data[:512]
        looks_like_text = all(byte in b"\t\r\n" or byte >= 32 for byte in head)
        found = "plain text such as CSV" if looks_like_text else "an unknown kind of file"
        raise RefusedWorkbook(f"expected an .xlsx workbook, found {found} renamed to .xlsx")


def _describe_ole(data: bytes) -> str:
    """An OLE compound file is either an encrypted workbook or an old .xls.

    An encrypted workbook's directory names its `EncryptionInfo` and `EncryptedPackage`
    streams in UTF-16. Looking for those names, rather than parsing a hostile compound
    file, cannot fail or hang, and the file is refused either way.
    """
    if any(stream.encode("utf-16-le") in data for stream in ("EncryptionInfo", "EncryptedPackage")):
        return "the workbook is encrypted (password-protected). Remove the password and resend it."
    return f"this is an Excel 97-2003 (.xls) file renamed to .xlsx. {_SAVE_AS}"


# ------------------------------------------------------------------ the zip package


def _inflate_members(data: bytes, limits: Limits) -> dict[str, bytes]:
    """Every member, inflated under the size and ratio limits, declared and actual."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            # Not `is_dir()`: it fails on a member with an empty name.
            infos = [info for info in archive.infolist() if not info.filename.endswith("/")]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, struct.error,
            NotImplementedError) as error:  # e.g. a zip "version needed" from the future
        raise RefusedWorkbook(
            f"the file is damaged or truncated: it is not a complete .xlsx package ({error}). "
            + _RESEND
        ) from None
    if len(infos) > limits.max_members:
        raise RefusedWorkbook(
            f"the package has {len(infos)} parts, more than the {limits.max_members} allowed"
        )
    declared_total = sum(info.file_size for info in infos)
    if declared_total > limits.max_inflated_bytes:
        raise RefusedWorkbook(
            f"the package would inflate to {declared_total / 2**20:,.0f} MB, more than the "
            f"{limits.max_inflated_bytes / 2**20:.0f} MB allowed (a 'zip bomb')"
        )
    _check_ratio("the package as a whole", declared_total, len(data), limits)
    members: dict[str, bytes] = {}
    seen: dict[str, str] = {}
    for info in infos:
        if not info.filename:
            raise RefusedWorkbook("the package holds a part with no name: it is not a valid .xlsx")
        # calamine finds parts by name in any case: two names for one part are ambiguous.
        key = _part_key(info.filename)
        if key in seen:
            raise RefusedWorkbook(
                f"the package holds two parts named {seen[key]} and {info.filename}: "
                "it is not a valid .xlsx"
            )
        seen[key] = info.filename
        _check_ratio(f"part {info.filename}", info.file_size, info.compress_size, limits)
        members[info.filename] = _inflate(data, info)
    return members


def _part_key(name: str) -> str:
    """A part name as calamine matches it: in any case, '\\' as '/'."""
    return name.replace("\\", "/").lower()


def _check_ratio(what: str, inflated: int, compressed: int, limits: Limits) -> None:
    if inflated <= limits.ratio_applies_above_bytes:
        return
    ratio = inflated / max(compressed, 1)
    if ratio > limits.max_compression_ratio:
        raise RefusedWorkbook(
            f"{what} inflates {ratio:,.0f}-fold, more than the "
            f"{limits.max_compression_ratio:.0f}-fold a real workbook needs (a 'zip bomb')"
        )


def _inflate(data: bytes, info: zipfile.ZipInfo) -> bytes:
    """One member's bytes, read from its local header, never more than its header declares."""
    part = info.filename
    if info.flag_bits & 0x1:
        raise RefusedWorkbook("the workbook is encrypted. Remove the password and resend it.")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise RefusedWorkbook(f"part {part} is compressed in a way Excel never uses")
    damaged = f"the file is damaged or truncated: part {part} cannot be read. {_RESEND}"
    header = data[info.header_offset : info.header_offset + 30]
    if len(header) < 30 or not header.startswith(_ZIP_MAGIC):
        raise RefusedWorkbook(damaged)
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    start = info.header_offset + 30 + name_length + extra_length
    raw = data[start : start + info.compress_size]
    if len(raw) < info.compress_size:
        raise RefusedWorkbook(damaged)
    if info.compress_type == zipfile.ZIP_STORED:
        content = raw
    else:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        try:
            # One byte more than declared is enough to catch a header that lies.
            content = inflater.decompress(raw, info.file_size + 1)
        except zlib.error:
            raise RefusedWorkbook(damaged) from None
        if len(content) > info.file_size:
            raise RefusedWorkbook(
                f"part {part} inflates to more than the {info.file_size:,} bytes its header "
                "declares: the header lies about its size (a 'zip bomb')"
            )
        if not inflater.eof:
            raise RefusedWorkbook(damaged)
    if len(content) != info.file_size:
        raise RefusedWorkbook(
            f"part {part} is {len(content):,} bytes, not the {info.file_size:,} bytes its header "
            f"declares. {_RESEND}"
        )
    if zlib.crc32(content) != info.CRC:
        raise RefusedWorkbook(damaged)
    return content


def _repack(members: dict[str, bytes]) -> bytes:
    """A fresh package holding exactly the checked bytes, stored uncompressed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as copy:
        for part, content in members.items():
            copy.writestr(part, content)
    return buffer.getvalue()


# ------------------------------------------------------------------ XML, as a stream


class _ElementBudget:
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


def _walk_xml(
    content: bytes,
    where: str,
    budget: _ElementBudget,
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


@dataclass
class _SheetParts:
    """Where the workbook's sheets are."""

    worksheets: dict[str, str]  # sheet name -> part, in workbook order
    scanned: dict[str, str]  # every part calamine could read as a sheet -> its sheet name


class _Package:
    """The inflated parts, looked up by name in any case, as calamine looks them up."""

    def __init__(self, members: dict[str, bytes], limits: Limits):
        self.members = members
        self.limits = limits
        self.budget = _ElementBudget(limits.max_xml_elements)
        self.names = {_part_key(part): part for part in members}
        self.parsed: set[str] = set()

    def find(self, part: str) -> str | None:
        return self.names.get(_part_key(part))

    def walk(self, part: str, where: str | None = None, **handlers) -> None:
        """Parse one part (see `_walk_xml`), spending the package's element budget."""
        self.parsed.add(part)
        _walk_xml(self.members[part], where or f"part {part}", self.budget, self.limits,
                  **handlers)

    def check_structure(self) -> None:
        """The parts every workbook has, and none of the parts that carry macros."""
        for required in (_CONTENT_TYPES, _WORKBOOK, _WORKBOOK_RELS):
            if self.find(required) is None:
                raise RefusedWorkbook(
                    f"the package has no {required}: it is a zip file but not an Excel workbook"
                )
        if any(part.endswith(".bin") or "vbaproject" in part for part in self.names):
            raise RefusedWorkbook(f"the workbook contains macros or binary parts. {_SAVE_AS}")

    def check_content_types(self) -> None:
        """No macro-enabled type anywhere; xl/workbook.xml is a plain workbook."""
        defaults: dict[str, str] = {}
        overrides: dict[str, str] = {}

        def start(name: str, attributes: dict[str, str]) -> None:
            content_type = attributes.get("ContentType", "")
            if "macroenabled" in content_type.lower() or "vbaproject" in content_type.lower():
                raise RefusedWorkbook(
                    f"this is a macro-enabled workbook (it declares '{content_type}'). {_SAVE_AS}"
                )
            if name == "Default":
                defaults[attributes.get("Extension", "").lower()] = content_type
            elif name == "Override":
                overrides[attributes.get("PartName", "").lower()] = content_type

        self.walk(self.find(_CONTENT_TYPES), start=start)
        workbook = self.find(_WORKBOOK)
        content_type = overrides.get(f"/{workbook.lower()}", defaults.get("xml", ""))
        if content_type != _XLSX_MAIN_TYPE:
            raise RefusedWorkbook(
                f"expected an Excel workbook, found content of type '{content_type or 'none'}'"
            )

    def relationships(self) -> dict[str, str]:
        """The workbook's relationships: Id -> Target, the last of a repeated Id winning."""
        targets: dict[str, str] = {}

        def relationship(name: str, attributes: dict[str, str]) -> None:
            if name == "Relationship":
                targets[attributes.get("Id", "")] = attributes.get("Target", "")

        self.walk(self.find(_WORKBOOK_RELS), start=relationship)
        return targets

    def sheet_parts(self) -> _SheetParts:
        """Every part the workbook's relationships can make calamine read as a sheet."""
        targets = self.relationships()
        scanned: dict[str, str] = {}
        for rid, target in targets.items():
            path = _resolve(rid, target)
            part = None if path is None else self.find(path)
            if part is not None and _is_sheet_path(path):
                scanned[part] = part  # named by its path unless a sheet names it

        sheets: list[tuple[str, str | None]] = []

        def sheet(name: str, attributes: dict[str, str]) -> None:
            if name == "sheet":
                rid = attributes.get("r:id", attributes.get("relationships:id"))
                sheets.append((attributes.get("name", ""), rid))

        self.walk(self.find(_WORKBOOK), start=sheet)
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
        return _SheetParts(worksheets, scanned)

    def percent_styles(self) -> frozenset[int]:
        """Indexes of the cell formats whose number format shows a percentage."""
        styles = self.find(_STYLES)
        if styles is None:
            return frozenset()
        custom: dict[str, str] = {}
        cell_formats: list[str] = []
        inside = []  # the open `cellXfs`, as calamine counts `xf` only in there

        def start(name: str, attributes: dict[str, str]) -> None:
            if name == "numFmt":
                custom[attributes.get("numFmtId", "")] = attributes.get("formatCode", "")
            elif name == "cellXfs":
                inside.append(name)
            elif name == "xf" and inside:
                cell_formats.append(attributes.get("numFmtId", "0"))

        def end(name: str) -> None:
            if name == "cellXfs" and inside:
                inside.pop()

        self.walk(styles, start=start, end=end)
        return frozenset(
            index
            for index, fmt_id in enumerate(cell_formats)
            if fmt_id in {"9", "10"} or _shows_percent(custom.get(fmt_id, ""))
        )

    def scan_sheet(self, part: str, sheet: str, percent_styles: frozenset[int]) -> SheetFacts:
        """Check one sheet's cells and note its facts; `sheet` names it in messages."""
        scan = _SheetScan(sheet, percent_styles, self.limits)
        self.walk(part, f"sheet '{sheet}'", start=scan.start, end=scan.end, text=scan.text)
        return SheetFacts(frozenset(scan.percent), frozenset(scan.uncached))

    def check_remaining_xml(self) -> None:
        """Every other XML part: no DTD, well-formed, within the element budget."""
        for part in self.members:
            if part not in self.parsed and part.lower().endswith(_XML_SUFFIXES):
                self.walk(part)


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


def _shows_percent(format_code: str) -> bool:
    """True when a custom number format multiplies by 100 (an unquoted %)."""
    unquoted = re.sub(r'"[^"]*"|\\.', "", format_code)
    return "%" in unquoted


class _SheetScan:
    """Walks a worksheet's cells, placing each where calamine would, within the limits.

    calamine takes a cell's place from its `r`, or else from the row it is in and the
    cell before it; it moves to the next row at the end of each `row`. This follows
    the same rules over every `row` and `c` element, so it never places a cell before
    where calamine would.
    """

    def __init__(self, sheet: str, percent_styles: frozenset[int], limits: Limits):
        self.sheet = sheet
        self.percent_styles = percent_styles
        self.limits = limits
        self.row = 0  # 0-based, as calamine counts
        self.column = 0
        self.declared: tuple[int, int] | None = None  # last row and column, 1-based
        self.cells = 0
        self.depth = 0  # of open elements
        self.cell_depth: int | None = None  # depth of the open `c`, if any
        self.cell: tuple[int, int] = (0, 0)
        self.formula = False
        self.in_value = False
        self.has_value = False
        self.percent: set[tuple[int, int]] = set()
        self.uncached: set[tuple[int, int]] = set()

    def start(self, name: str, attributes: dict[str, str]) -> None:
        self.depth += 1
        if self.cell_depth is not None:
            if name in {"c", "row"}:
                cell = f"{self.sheet}!{column_letters(self.cell[1] + 1)}{self.cell[0] + 1}"
                raise RefusedWorkbook(
                    f"sheet '{self.sheet}' has a {'cell' if name == 'c' else 'row'} inside "
                    f"the cell {cell}: it is not a valid worksheet",
                    cell=cell,
                )
            if self.depth == self.cell_depth + 1:
                self.formula = self.formula or name == "f"
                self.in_value = name == "v"
            return
        if name == "row" and "r" in attributes:
            self.row = self._row_number(attributes["r"]) - 1
        elif name == "dimension":
            self.declared = self._declared_extent(attributes.get("ref", ""))
        elif name == "c":
            self._open_cell(attributes)

    def end(self, name: str) -> None:
        self.depth -= 1
        if self.cell_depth is None:
            if name == "row":
                self.row += 1
                self.column = 0
            return
        if self.depth == self.cell_depth:  # the end of the `v`, `f` or `is` in the cell
            self.in_value = False
        elif self.depth < self.cell_depth:  # the end of the cell itself
            if self.formula and not self.has_value:
                self.uncached.add(self.cell)
            self.cell_depth = None
            self.column += 1

    def text(self, data: str) -> None:
        if self.in_value and data.strip():
            self.has_value = True

    def _open_cell(self, attributes: dict[str, str]) -> None:
        self.cells += 1
        if self.cells > self.limits.max_cells:
            raise RefusedWorkbook(
                f"sheet '{self.sheet}' has more than {self.limits.max_cells:,} cells, "
                "far more than a bid needs"
            )
        if "r" in attributes:
            row, self.column = self._position(attributes["r"])
        else:
            row = self.row
        self._check_position(row + 1, self.column + 1)
        self.cell = (row, self.column)
        self.cell_depth = self.depth
        self.formula = self.in_value = self.has_value = False
        style = attributes.get("s", "0")
        if _STYLE.fullmatch(style) and int(style) in self.percent_styles:
            self.percent.add(self.cell)

    def _row_number(self, text: str) -> int:
        if not _ROW.fullmatch(text):
            raise RefusedWorkbook(f"sheet '{self.sheet}' has a malformed row number '{text}'")
        return int(text)

    def _position(self, ref: str) -> tuple[int, int]:
        """A cell reference such as 'B7' as a 0-based (row, column)."""
        match = _CELL_REF.fullmatch(ref)
        if not match:
            raise RefusedWorkbook(
                f"sheet '{self.sheet}' has a cell with a malformed reference '{ref}'"
            )
        return int(match.group(2)) - 1, column_number(match.group(1)) - 1

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
        cell = f"{self.sheet}!{column_letters(column)}{row}"
        if row < 1 or column < 1 or row > self.limits.max_rows or (
            column > self.limits.max_columns
        ):
            raise RefusedWorkbook(
                f"cell {cell} is far outside the area a bid uses "
                f"(at most {self.limits.max_rows:,} rows and {self.limits.max_columns} columns)",
                cell=cell,
            )
        declared = self.declared
        if declared is not None and (row > declared[0] or column > declared[1]):
            raise RefusedWorkbook(
                f"sheet '{self.sheet}' declares that its cells end at "
                f"{column_letters(declared[1])}{declared[0]} but has a cell at {cell}: "
                "the declared dimension is false",
                cell=cell,
            )
