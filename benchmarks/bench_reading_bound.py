"""Benchmark: the reader's work is bounded by the bid, not by the file (issue 8, point 6).

Not a test (these machines are shared and noisy): run
`python benchmarks/bench_reading_bound.py [--runs 3]` and read the figures.

Each file starts from a real sample bid and stays within the upload limit and every
per-part limit, but is built to make a reader do as much work as it can: 480 extra
sheets each declaring A1:BH5000 with one far cell; every bid sheet stretched to
A1:BH5000; as many cells as a workbook may hold, in the Narrative table; a 40 MB table of
shared strings; merged ranges over 50,000 cells; the most conditional formats a sheet
may have, every answer checked against them; the most fonts and cell formats. Each is
read through `read_bid` in a fresh process: wall time (median of the runs) and the
process's peak resident memory (ru_maxrss), before and after, and the peak of Python
allocations (tracemalloc, a second read). Goal: every file answered in < 2 s and < 300 MB.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import read_in_child, read_once  # noqa: E402

GOAL_SECONDS = 2.0
GOAL_MB = 300
BID = ROOT / "sample_tenders" / "northgate.xlsx"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
BID_SHEETS = [f"xl/worksheets/sheet{n}.xml" for n in range(2, 11)]
FAR_ROW = '<row r="5000"><c r="BH5000"><v>1</v></c></row>'


def parts_of_bid() -> dict[str, bytes]:
    with zipfile.ZipFile(BID) as package:
        return {name: package.read(name) for name in package.namelist()}


def write(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in parts.items():
            package.writestr(name, content)
    return path


def stretched(sheet: bytes) -> bytes:
    """A sheet that declares A1:BH5000 and has a cell at BH5000."""
    xml = re.sub(r'<dimension ref="[^"]*" ?/>', '<dimension ref="A1:BH5000"/>', sheet.decode())
    return xml.replace("</sheetData>", FAR_ROW + "</sheetData>").encode()


def many_sheets(folder: Path) -> Path:
    parts = parts_of_bid()
    extra = range(100, 580)
    empty = (f'<worksheet xmlns="{MAIN}"><dimension ref="A1:BH5000"/><sheetData>{FAR_ROW}'
             "</sheetData></worksheet>").encode()
    for n in extra:
        parts[f"xl/worksheets/sheet{n}.xml"] = empty
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b"</sheets>", b"".join(
        b'<sheet xmlns:r="%s" name="Extra %d" sheetId="%d" r:id="rIdX%d" />'
        % (REL.rsplit("/", 1)[0].encode(), n, n, n) for n in extra) + b"</sheets>")
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b"".join(
            f'<Relationship Id="rIdX{n}" Type="{REL}" Target="worksheets/sheet{n}.xml"/>'
            .encode() for n in extra) + b"</Relationships>")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", b"".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{SHEET_TYPE}"/>'
        .encode() for n in extra) + b"</Types>")
    return write(folder / "many_sheets.xlsx", parts)


def stretched_bid_sheets(folder: Path) -> Path:
    parts = parts_of_bid()
    for name in BID_SHEETS:
        parts[name] = stretched(parts[name])
    return write(folder / "stretched.xlsx", parts)


def most_cells_in_narrative(folder: Path) -> Path:
    from scoring.limits import DEFAULT_LIMITS

    parts = parts_of_bid()
    existing = sum(content.count(b"<c ") for name, content in parts.items()
                   if name.startswith("xl/worksheets/"))
    rows = (DEFAULT_LIMITS.max_cells - existing) // 21
    body = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>Section {r}</t></is></c>'
        f'<c r="B{r}" t="inlineStr"><is><t>Method statement {r}</t></is></c>'
        + "".join(f'<c r="{column}{r}"><v>{r}</v></c>' for column in "CDEFGHIJKLMNOPQRSTU")
        + "</row>"
        for r in range(3, 3 + rows))
    xml = parts["xl/worksheets/sheet10.xml"].decode()
    xml = re.sub(r'<dimension ref="[^"]*" ?/>', f'<dimension ref="A1:U{rows + 2}"/>', xml)
    parts["xl/worksheets/sheet10.xml"] = xml.replace("</sheetData>", body + "</sheetData>").encode()
    return write(folder / "most_cells.xlsx", parts)


def big_shared_strings(folder: Path) -> Path:
    parts = parts_of_bid()
    rng = random.Random(8)
    words = [f"word{n}" for n in range(5000)]
    strings = "".join(f"<si><t>{' '.join(rng.choices(words, k=40))}</t></si>"
                      for _ in range(130_000))
    parts["xl/sharedStrings.xml"] = f'<sst xmlns="{MAIN}">{strings}</sst>'.encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SST_TYPE}"/>'
        "</Types>".encode())
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", f'<Relationship Id="rIdSst" Type="{SST_REL}" '
        'Target="sharedStrings.xml"/></Relationships>'.encode())
    xml = re.sub(r'<dimension ref="[^"]*" ?/>', '<dimension ref="A1:B3"/>',
                 parts["xl/worksheets/sheet10.xml"].decode())
    parts["xl/worksheets/sheet10.xml"] = xml.replace(
        "</sheetData>", '<row r="3"><c r="A3" t="s"><v>129999</v></c></row></sheetData>').encode()
    return write(folder / "big_strings.xlsx", parts)


def merged_everywhere(folder: Path) -> Path:
    parts = parts_of_bid()
    merges = "".join(f'<mergeCell ref="A{r}:BH{r}"/>' for r in range(100, 100 + 833))
    xml = parts["xl/worksheets/sheet6.xml"].decode()
    parts["xl/worksheets/sheet6.xml"] = xml.replace(
        "</sheetData>", f'</sheetData><mergeCells count="833">{merges}</mergeCells>').encode()
    return write(folder / "merged.xlsx", parts)


def many_conditional_formats(folder: Path) -> Path:
    """Each bid sheet with the most ranges a condition may reformat (away from the
    answers, so the file is read to its end), each answer checked against them all."""
    parts = parts_of_bid()
    parts["xl/styles.xml"] = parts["xl/styles.xml"].replace(
        b"</cellXfs>", b'</cellXfs><dxfs count="1"><dxf><numFmt numFmtId="9" '
        b'formatCode="0%"/></dxf></dxfs>', 1)
    from scoring.guard.package import _MAX_CONDITIONAL_RANGES

    ranges = " ".join(f"BH{r}" for r in range(4000 - _MAX_CONDITIONAL_RANGES, 4000))
    rule = (f'<conditionalFormatting sqref="{ranges}"><cfRule type="expression" dxfId="0" '
            'priority="1"><formula>TRUE</formula></cfRule></conditionalFormatting>').encode()
    for name in BID_SHEETS:
        parts[name] = stretched(parts[name]).replace(b"</sheetData>", b"</sheetData>" + rule, 1)
    return write(folder / "conditional.xlsx", parts)


def huge_styles(folder: Path) -> Path:
    """The most formats a workbook may hold (fonts and cell formats, each with its own
    number format), every answer cell pointing to the last of them."""
    from scoring.limits import DEFAULT_LIMITS

    parts = parts_of_bid()
    count = DEFAULT_LIMITS.max_formats // 3 - 10
    codes = "".join(f'<numFmt numFmtId="{164 + n}" formatCode="#,##0.00_);[Red](#,##0.00)'
                    f'&quot;{n}&quot;"/>' for n in range(count))
    fonts = "".join(f'<font><color rgb="FF{n:06X}"/></font>' for n in range(count))
    formats = "".join(f'<xf numFmtId="{164 + n}" fontId="{n + 2}" fillId="0" borderId="0"/>'
                      for n in range(count))
    styles = parts["xl/styles.xml"].decode()
    styles = re.sub(r"<numFmts[^>]*/>", f'<numFmts count="{count}">{codes}</numFmts>', styles)
    styles = styles.replace("</fonts>", fonts + "</fonts>").replace(
        "</cellXfs>", formats + "</cellXfs>")
    parts["xl/styles.xml"] = styles.encode()
    last = styles.split("<cellXfs")[1].count("<xf ") - 1
    for name in BID_SHEETS:
        parts[name] = re.sub(rb'(<c r="C[0-9]+")( s="[0-9]+")?', rb'\1 s="%d"' % last,
                             parts[name])
    return write(folder / "styles.xlsx", parts)


def build_files(folder: Path) -> list[tuple[str, Path]]:
    return [
        ("the sample bid, as sent", BID),
        ("480 extra sheets, each A1:BH5000", many_sheets(folder)),
        ("every bid sheet stretched to A1:BH5000", stretched_bid_sheets(folder)),
        ("the most cells a workbook may hold", most_cells_in_narrative(folder)),
        ("130,000 shared strings (40 MB)", big_shared_strings(folder)),
        ("merged ranges over 50,000 cells", merged_everywhere(folder)),
        ("1,000 conditional formats on each sheet", many_conditional_formats(folder)),
        ("the most fonts and cell formats", huge_styles(folder)),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per file")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(read_once(args.measure)))
        return 0
    met = True
    with tempfile.TemporaryDirectory() as folder:
        print(f"{'file':<40} {'size':>8} {'time':>8} {'traced':>8} {'rss before':>11} "
              f"{'rss after':>10}  answer")
        for label, path in build_files(Path(folder)):
            runs = [read_in_child(__file__, path) for _ in range(args.runs)]
            seconds = statistics.median(run["seconds"] for run in runs)
            before = max(run["rss_before_mb"] for run in runs)
            after = max(run["rss_after_mb"] for run in runs)
            traced = max(run["traced_mb"] for run in runs)
            met = met and seconds < GOAL_SECONDS and after < GOAL_MB
            first = runs[0]
            answer = ("accepted" if first["accepted"] else "refused") + (
                f", {first['problems']} problems: {first['message'][:90]}" if first["problems"]
                else "")
            print(f"{label:<40} {path.stat().st_size / 2**20:>6.1f}MB {seconds * 1000:>6.0f}ms "
                  f"{traced:>6.0f}MB {before:>9.0f}MB {after:>8.0f}MB  {answer}")
    print(f"\nGoal (every file < {GOAL_SECONDS:.0f} s and < {GOAL_MB} MB): "
          f"{'met' if met else 'MISSED'}.")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
