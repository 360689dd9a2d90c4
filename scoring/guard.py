"""Refuse anything that is not a plain .xlsx before any spreadsheet parser sees it.

`check_workbook` inflates every member of the zip package itself, within the limits,
refuses DTDs and entity declarations, macros, encryption and cells outside the area
a bid could use, and hands back a fresh in-memory copy holding exactly the bytes it
checked. Only that copy ever reaches python-calamine, which can abort the whole
process on hostile input (a single cell at XFD1048576 is enough).

While it walks each worksheet it also notes what calamine does not report: which
cells are formatted as percentages and which formulas have no saved value.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

import defusedxml.ElementTree as SafeET
import olefile
from defusedxml import DefusedXmlException

from scoring.limits import DEFAULT_LIMITS, Limits

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CONTENT_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_XLSX_MAIN_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_CELL_REF = re.compile(r"^([A-Z]{1,3})([0-9]{1,7})$")
_REFUSED_SUFFIXES = {
    ".xlsm": "a macro-enabled workbook (.xlsm)",
    ".xltm": "a macro-enabled template (.xltm)",
    ".xlsb": "a binary workbook (.xlsb)",
    ".xls": "an Excel 97-2003 workbook (.xls)",
    ".csv": "a CSV file",
    ".ods": "an OpenDocument spreadsheet (.ods)",
}
_SAVE_AS = "Open it in Excel and save it as an Excel Workbook (.xlsx)."


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
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise RefusedWorkbook(
            f"the file is damaged or truncated: it is not a complete .xlsx package ({error}). "
            "Save it again from Excel and resend it."
        ) from None
    with archive:
        members = _inflate_members(archive, limits)
    _check_content_types(members)
    sheet_parts = _sheet_parts(members)
    percent_styles = _percent_styles(members.get("xl/styles.xml"))
    for part, content in members.items():
        if part.endswith((".xml", ".rels", ".vml")) and part not in sheet_parts.values():
            _refuse_declarations(content, part)
    sheets = {
        sheet: _scan_sheet(members, part, sheet, percent_styles, limits)
        for sheet, part in sheet_parts.items()
    }
    return CheckedWorkbook(package=_repack(members), sheets=sheets)


def _check_name_and_signature(data: bytes, name: str, limits: Limits) -> None:
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
    """An OLE file is either an encrypted workbook or an old .xls."""
    try:
        with olefile.OleFileIO(data) as ole:
            encrypted = ole.exists("EncryptionInfo") or ole.exists("EncryptedPackage")
    except OSError:
        encrypted = False
    if encrypted:
        return "the workbook is encrypted (password-protected). Remove the password and resend it."
    return f"this is an Excel 97-2003 (.xls) file renamed to .xlsx. {_SAVE_AS}"


def _inflate_members(archive: zipfile.ZipFile, limits: Limits) -> dict[str, bytes]:
    """Every member, inflated under the size and ratio limits, declared and actual."""
    infos = archive.infolist()
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
    members: dict[str, bytes] = {}
    for info in infos:
        if info.flag_bits & 0x1:
            raise RefusedWorkbook("the workbook is encrypted. Remove the password and resend it.")
        _check_ratio(info.filename, info.file_size, info.compress_size, limits)
        if info.is_dir():
            continue
        try:
            # zipfile stops at the declared size and checks the CRC, so a member whose
            # declared size lies is refused here instead of inflating without end.
            with archive.open(info) as stream:
                content = stream.read(info.file_size + 1)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as error:
            raise RefusedWorkbook(
                f"the file is damaged or truncated: part {info.filename} cannot be read "
                f"({error}). Save it again from Excel and resend it."
            ) from None
        if len(content) != info.file_size:
            raise RefusedWorkbook(f"part {info.filename} is not the size its header declares")
        members[info.filename] = content
    return members


def _check_ratio(part: str, inflated: int, compressed: int, limits: Limits) -> None:
    if inflated <= limits.ratio_applies_above_bytes:
        return
    ratio = inflated / max(compressed, 1)
    if ratio > limits.max_compression_ratio:
        raise RefusedWorkbook(
            f"part {part} inflates {ratio:,.0f}-fold, more than the "
            f"{limits.max_compression_ratio:.0f}-fold a real workbook needs (a 'zip bomb')"
        )


def _parse(content: bytes, part: str):
    """Parse a package part, refusing any DTD or entity declaration."""
    try:
        return SafeET.fromstring(content, forbid_dtd=True)
    except DefusedXmlException:
        raise RefusedWorkbook(
            f"part {part} declares a DTD or entities, which a workbook never needs"
        ) from None
    except SafeET.ParseError as error:
        raise RefusedWorkbook(f"part {part} is not well-formed XML ({error})") from None


def _refuse_declarations(content: bytes, part: str) -> None:
    """A DTD can only stand before the root element: stop at the first element."""
    try:
        for _event, _element in SafeET.iterparse(
            io.BytesIO(content), events=("start",), forbid_dtd=True
        ):
            return
    except DefusedXmlException:
        raise RefusedWorkbook(
            f"part {part} declares a DTD or entities, which a workbook never needs"
        ) from None
    except SafeET.ParseError as error:
        raise RefusedWorkbook(f"part {part} is not well-formed XML ({error})") from None


def _check_content_types(members: dict[str, bytes]) -> None:
    if "[Content_Types].xml" not in members or "xl/workbook.xml" not in members:
        raise RefusedWorkbook("the package is a zip file but not an Excel workbook")
    if any(part.lower().endswith(".bin") for part in members):
        raise RefusedWorkbook(f"the workbook contains macros or binary parts. {_SAVE_AS}")
    types = _parse(members["[Content_Types].xml"], "[Content_Types].xml")
    for override in types.iter(f"{_CONTENT_TYPES}Override"):
        if override.get("PartName") == "/xl/workbook.xml":
            content_type = override.get("ContentType", "")
            if "macroEnabled" in content_type:
                raise RefusedWorkbook(f"this is a macro-enabled workbook. {_SAVE_AS}")
            if content_type != _XLSX_MAIN_TYPE:
                raise RefusedWorkbook(
                    f"expected an Excel workbook, found content of type '{content_type}'"
                )


def _sheet_parts(members: dict[str, bytes]) -> dict[str, str]:
    """Sheet name -> worksheet part, from the workbook and its relationships."""
    workbook = _parse(members["xl/workbook.xml"], "xl/workbook.xml")
    rels_part = "xl/_rels/workbook.xml.rels"
    if rels_part not in members:
        raise RefusedWorkbook("the workbook has no relationships part: it is not a valid .xlsx")
    targets = {
        rel.get("Id"): rel.get("Target", "")
        for rel in _parse(members[rels_part], rels_part).iter(f"{_PKG_REL}Relationship")
    }
    parts = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"), "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join("xl", target)
        )
        if part in members and "worksheets/" in part:
            parts[sheet.get("name", "")] = part
    return parts


def _percent_styles(styles: bytes | None) -> frozenset[int]:
    """Indexes of the cell formats whose number format shows a percentage."""
    if styles is None:
        return frozenset()
    root = _parse(styles, "xl/styles.xml")
    custom = {
        fmt.get("numFmtId"): fmt.get("formatCode", "")
        for fmt in root.iter(f"{_MAIN}numFmt")
    }
    cell_xfs = root.find(f"{_MAIN}cellXfs")
    if cell_xfs is None:
        return frozenset()
    percent = set()
    for index, xf in enumerate(cell_xfs.iter(f"{_MAIN}xf")):
        fmt_id = xf.get("numFmtId", "0")
        if fmt_id in {"9", "10"} or _shows_percent(custom.get(fmt_id, "")):
            percent.add(index)
    return frozenset(percent)


def _shows_percent(format_code: str) -> bool:
    """True when a custom number format multiplies by 100 (an unquoted %)."""
    unquoted = re.sub(r'"[^"]*"|\\.', "", format_code)
    return "%" in unquoted


def _scan_sheet(
    members: dict[str, bytes],
    part: str,
    sheet: str,
    percent_styles: frozenset[int],
    limits: Limits,
) -> SheetFacts:
    """Walk a worksheet's cells: refuse any outside the limits or the declared dimension."""
    content = members[part]
    declared: tuple[int, int] | None = None
    percent, uncached = set(), set()
    count = 0
    row_number = 0
    try:
        events = SafeET.iterparse(io.BytesIO(content), events=("start", "end"), forbid_dtd=True)
        column_number_ = 0
        for event, element in events:
            tag = element.tag
            if event == "start":
                if tag == f"{_MAIN}row":
                    row_number = int(element.get("r") or row_number + 1)
                    column_number_ = 0
                elif tag == f"{_MAIN}dimension":
                    declared = _declared_extent(element.get("ref", ""), sheet, limits)
                continue
            if tag != f"{_MAIN}c":
                if tag == f"{_MAIN}row":
                    element.clear()
                continue
            count += 1
            ref = element.get("r")
            if ref:
                row_number, column_number_ = _position(ref, sheet)
            else:
                column_number_ += 1
            _check_position(row_number, column_number_, sheet, declared, limits)
            if count > limits.max_cells:
                raise RefusedWorkbook(
                    f"sheet '{sheet}' has more than {limits.max_cells:,} cells, "
                    "far more than a bid needs"
                )
            position = (row_number - 1, column_number_ - 1)
            if int(element.get("s", "0") or 0) in percent_styles:
                percent.add(position)
            formula = element.find(f"{_MAIN}f")
            value = element.find(f"{_MAIN}v")
            if formula is not None and (value is None or not (value.text or "").strip()):
                uncached.add(position)
    except DefusedXmlException:
        raise RefusedWorkbook(
            f"sheet '{sheet}' declares a DTD or entities, which a workbook never needs"
        ) from None
    except SafeET.ParseError as error:
        raise RefusedWorkbook(f"sheet '{sheet}' is not well-formed XML ({error})") from None
    except ValueError:
        raise RefusedWorkbook(f"sheet '{sheet}' has a malformed row or cell number") from None
    return SheetFacts(frozenset(percent), frozenset(uncached))


def _position(ref: str, sheet: str) -> tuple[int, int]:
    match = _CELL_REF.match(ref)
    if not match:
        raise RefusedWorkbook(f"sheet '{sheet}' has a cell with a malformed reference '{ref}'")
    return int(match.group(2)), column_number(match.group(1))


def _declared_extent(ref: str, sheet: str, limits: Limits) -> tuple[int, int] | None:
    """The last row and column a sheet's <dimension> declares, within the limits."""
    last = ref.split(":")[-1]
    if not _CELL_REF.match(last):
        return None
    row, column = _position(last, sheet)
    if row > limits.max_rows or column > limits.max_columns:
        raise RefusedWorkbook(
            f"sheet '{sheet}' declares its cells span {ref}, far beyond the "
            f"{limits.max_rows:,} rows and {limits.max_columns} columns a bid may use",
            cell=f"{sheet}!{last}",
        )
    return row, column


def _check_position(
    row: int,
    column: int,
    sheet: str,
    declared: tuple[int, int] | None,
    limits: Limits,
) -> None:
    cell = f"{sheet}!{column_letters(column)}{row}"
    if row > limits.max_rows or column > limits.max_columns or row < 1 or column < 1:
        raise RefusedWorkbook(
            f"cell {cell} is far outside the area a bid uses "
            f"(at most {limits.max_rows:,} rows and {limits.max_columns} columns)",
            cell=cell,
        )
    if declared is not None and (row > declared[0] or column > declared[1]):
        raise RefusedWorkbook(
            f"sheet '{sheet}' declares that its cells end at "
            f"{column_letters(declared[1])}{declared[0]} but has a cell at {cell}: "
            "the declared dimension is false",
            cell=cell,
        )


def _repack(members: dict[str, bytes]) -> bytes:
    """A fresh package holding exactly the checked bytes, stored uncompressed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as copy:
        for part, content in members.items():
            copy.writestr(part, content)
    return buffer.getvalue()
