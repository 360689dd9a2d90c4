"""Refuse anything that is not a plain .xlsx before any spreadsheet parser sees it.

`check_workbook` inflates every member of the zip package itself, within the limits,
refuses DTDs and entity declarations, macros, encryption and cells outside the area
a bid could use, and hands back a fresh in-memory copy holding exactly the bytes it
checked. Only that copy ever reaches python-calamine, which can abort the whole
process on hostile input (a single cell at XFD1048576 is enough).

The checks read the package the way calamine does, so that no part escapes them:
XML element names by their local name whatever the namespace, and every part a
workbook relationship points to as a possible worksheet. Where readers differ (a part
named in another case, a row or cell stored twice) the file is refused.
XML is parsed as a stream with expat, never built into a tree, under a budget of
elements charged before each part is parsed, so a part cannot exhaust memory or time.

While it walks each worksheet it also keeps what calamine does not report: every
cell as its XML stores it (`StoredCell`, read as Excel and openpyxl read XML), the
shared strings cells point to, each cell's format (`Styles`: its number format and
whether its text is drawn in its background's colour), which formulas have no saved
value, which cells are merged and which rows and columns are hidden.

Every part that matters is held to the shape Excel reads (see `xml_stream.Shape`):
elements in another namespace, in `mc:AlternateContent` or an `extLst`, are refused,
since calamine would read them and Excel would not. Only the parts the workbook's
relationships name are read. `scoring.stored` uses these
to refuse any cell calamine would read differently from Excel.

Imports only from `scoring` (its limits).
"""

from __future__ import annotations

from dataclasses import dataclass

from scoring.guard.archive import check_name_and_signature, inflate_members, repack
from scoring.guard.package import (
    SHARED_STRING_INDEX,
    Package,
    SheetFacts,
    StoredCell,
    Unshowable,
    WorkbookFacts,
    unescape,
)
from scoring.guard.refusal import RefusedWorkbook, column_letters, column_number
from scoring.guard.styles import Shows, Styles, what_it_shows
from scoring.limits import DEFAULT_LIMITS, Limits

__all__ = [
    "SHARED_STRING_INDEX",
    "CheckedWorkbook",
    "RefusedWorkbook",
    "SheetFacts",
    "Shows",
    "StoredCell",
    "Styles",
    "Unshowable",
    "WorkbookFacts",
    "check_workbook",
    "column_letters",
    "column_number",
    "unescape",
    "what_it_shows",
]


@dataclass(frozen=True)
class CheckedWorkbook:
    """A workbook that passed every check, as the in-memory copy that was checked."""

    package: bytes
    sheets: dict[str, SheetFacts]  # by sheet name, in workbook order
    shared_strings: tuple[str | None, ...]  # None for those no cell points to
    styles: Styles
    workbook: WorkbookFacts


def check_workbook(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> CheckedWorkbook:
    """Check a file that claims to be a bid workbook; raise `RefusedWorkbook` if it is not."""
    check_name_and_signature(data, name, limits)
    package = Package(inflate_members(data, limits), limits)
    package.check_structure()
    package.check_content_types()
    sheet_parts = package.sheet_parts()
    styles = package.styles()
    scans = {
        part: package.scan_sheet(part, sheet, styles)
        for part, sheet in sheet_parts.scanned.items()
    }
    shared_strings = package.shared_strings({
        int(cell.values[0])
        for scan in scans.values()
        for cell in scan.stored.values()
        if cell.type == "s" and len(cell.values) == 1
        and SHARED_STRING_INDEX.fullmatch(cell.values[0])
    })
    package.check_remaining_xml()
    sheets = {sheet: scans[part] for sheet, part in sheet_parts.worksheets.items()}
    return CheckedWorkbook(repack(package.members), sheets, shared_strings, styles,
                           sheet_parts.workbook)

