"""Real .xlsx fixtures for tests, written through the same template code bidders get.

`write_bid` starts from a sample bid (by default the balanced Northgate bid, which no
rule flags) and applies overrides, so each test states only what it changes.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sample_tenders.bids import NORTHGATE, SampleBid
from templates.bid_workbook import build_workbook


def write_bid(
    folder: Path,
    name: str = "bid.xlsx",
    answers: dict[str, Any] | None = None,
    tables: dict[str, list[dict[str, Any]]] | None = None,
    base: SampleBid = NORTHGATE,
    percent_format: bool = False,
) -> Path:
    """Write a bid workbook: `base` with some answers and whole tables replaced."""
    path = folder / name
    merged_answers = {**base.answers, **(answers or {})}
    merged_tables = {**base.tables, **(tables or {})}
    build_workbook(merged_answers, merged_tables, percent_format).save(path)
    return path


# The sample bids' providers, best-ranked first under the default scheme.
SAMPLE_PROVIDERS = [
    "Northgate Recovery Partnership",
    "Dales Community Drug and Alcohol Service",
    "Brightpath Recovery CIC",
    "Riverside Health & Wellbeing",
    "Steadfast Maintenance Service",
    "Swift Outcomes Ltd",
]


# The part of each sheet in a workbook written by `write_bid` (openpyxl numbers them in order).
SHEET_PARTS = {
    name: f"xl/worksheets/sheet{number}.xml"
    for number, name in enumerate(
        ["Guidance", "Bid", "Treatment", "Safety", "Voice", "Payment", "Targets",
         "Partnerships", "Recovery capital", "Narrative"], start=1)
}


def rewrite_parts(path: Path, edit: Callable[[str, bytes], bytes]) -> Path:
    """Rewrite a workbook's parts through `edit(part name, content)`, in place."""
    with zipfile.ZipFile(path) as package:
        parts = [(info.filename, package.read(info)) for info in package.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in parts:
            package.writestr(name, edit(name, content))
    return path


def rewrite_sheet(path: Path, sheet: str, edit: Callable[[str], str]) -> Path:
    """Rewrite one sheet's XML, as text, in place."""
    part = SHEET_PARTS[sheet]
    return rewrite_parts(
        path, lambda name, content: edit(content.decode()).encode() if name == part else content)


def replace_cell(path: Path, sheet: str, ref: str, cell_xml: str) -> Path:
    """Put `cell_xml` (a whole `<c>` element) where the cell `ref` is in the sheet's XML."""
    pattern = re.compile(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)')

    def edit(xml: str) -> str:
        assert pattern.search(xml), f"{sheet}!{ref} is not in the sheet"
        return pattern.sub(lambda _: cell_xml, xml, count=1)

    return rewrite_sheet(path, sheet, edit)


def as_excel_saves_it(path: Path) -> Path:
    """The workbook without openpyxl's `fullCalcOnLoad`, as Excel saves it: Excel keeps
    formulas' saved results only when the workbook does not ask it to recalculate them."""
    return rewrite_parts(path, lambda name, content: content.replace(
        b' fullCalcOnLoad="1"', b"") if name == "xl/workbook.xml" else content)


def format_cell(path: Path, sheet: str, ref: str, code: str | None = None, *,
                number_format_id: str | None = None, font_rgb: str | None = None) -> Path:
    """Give a cell a new cell format, as Excel stores one: a custom number format `code`
    (numbered 164), or the built-in `number_format_id` as written, and a font colour."""
    def styles(xml: str) -> str:
        fmt_id = number_format_id or "0"
        if code is not None:
            fmt_id = number_format_id or "164"
            escaped = code.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
            xml = re.sub(r'<numFmts count="0"\s*/>|<numFmts[^>]*>',
                         f'<numFmts count="1"><numFmt numFmtId="{fmt_id}" '
                         f'formatCode="{escaped}"/>' + ("</numFmts>" if "count=\"0\"/>" in xml
                                                         else ""), xml, count=1)
        font_id = "0"
        if font_rgb is not None:
            font_id = str(xml.split("</fonts>")[0].count("<font>"))
            xml = xml.replace("</fonts>", f'<font><color rgb="FF{font_rgb}"/></font></fonts>')
        cell_formats = xml.split("<cellXfs")[1].split("</cellXfs>")[0]
        index = cell_formats.count("<xf ")
        xml = xml.replace("</cellXfs>", f'<xf numFmtId="{fmt_id}" fontId="{font_id}" '
                          'fillId="0" borderId="0" applyNumberFormat="1" xfId="0"/></cellXfs>')
        formats[0] = index
        return xml

    formats = [0]
    rewrite_parts(path, lambda name, content: styles(content.decode()).encode()
                  if name == "xl/styles.xml" else content)

    def with_style(xml: str) -> str:
        pattern = re.compile(rf'<c r="{ref}"( s="[0-9]+")?')
        assert pattern.search(xml), f"{sheet}!{ref} is not in the sheet"
        return pattern.sub(f'<c r="{ref}" s="{formats[0]}"', xml, count=1)

    return rewrite_sheet(path, sheet, with_style)
