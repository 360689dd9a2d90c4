"""Differential fuzzing: a mutated bid is read exactly as openpyxl reads it, or refused.

Each case takes a real sample bid (sample_tenders/*.xlsx) and mutates it, seeded, at one
level: the zip's bytes, the zip's members, a part's bytes, or a sheet's or the shared
strings' XML (values disguised with comments, CDATA or character references, cell
types, shared-string indexes, repeated cells and rows, merged cells, rich-text runs,
extreme numbers). Each sample is used as written and with its text moved to a
shared-string table, as Excel stores it. For
every case the reader must answer without raising, within a time bound, and for every
accepted file each answer must equal what openpyxl reads from the same file.

A second kind of case (`tests/fuzz_classes.py`) builds the classes of misreading found
in issue 19 (styles and number formats, formulas and calc flags, hidden state,
namespaces and markup compatibility, encodings, formula errors), each saying what Excel
would show, which the reader must match: a second reference beside openpyxl.

    python -m tests.fuzz --cases 5000 [--seed 1]

runs both kinds in worker processes under a memory limit, so a crash or abort in calamine
is found and named, not fatal. Every case that fails is kept in `tests/corpus/` (its
bytes, and what it must read as), which the suite replays; `--keep SEED INDEX` keeps a
case of the classes by hand. `tests/test_fuzz.py` runs a few hundred cases of each kind.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import random
import re
import subprocess
import sys
import time
import traceback
import warnings
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from scoring.guard import CheckedWorkbook
from scoring.models import Bid
from scoring.reader import ReadResult, ValueLoader, read_bid_bytes
from tests.fuzz_classes import Expect, class_case

SAMPLES = Path(__file__).resolve().parent.parent / "sample_tenders"
SECONDS_PER_CASE = 5.0
WORKER_MEMORY_BYTES = 1_000_000_000


@cache
def samples() -> tuple[tuple[str, bytes], ...]:
    """The sample bids as openpyxl writes them (inline text), and as Excel stores text:
    in a shared-string table."""
    written = [(path.name, path.read_bytes()) for path in sorted(SAMPLES.glob("*.xlsx"))]
    return (*written, *((f"{name} (shared strings)", with_shared_strings(data))
                        for name, data in written))


_INLINE_CELL = re.compile(rb' t="inlineStr"><is><t>([^<]*)</t></is>')
_SST_TYPE = (b"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml")
_SST_REL = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def with_shared_strings(data: bytes) -> bytes:
    """The workbook with its inline text moved to xl/sharedStrings.xml, as Excel saves it."""
    strings: dict[bytes, int] = {}

    def shared(match: re.Match) -> bytes:
        index = strings.setdefault(match.group(1), len(strings))
        return b' t="s"><v>%d</v>' % index

    parts = [(name, _INLINE_CELL.sub(shared, content) if name.startswith("xl/worksheets/")
              else content) for name, content in members(data)]
    table = b"".join(b"<si><t>%s</t></si>" % text for text in strings)
    parts.append(("xl/sharedStrings.xml", b'<sst xmlns="http://schemas.openxmlformats.org/'
                  b'spreadsheetml/2006/main">%s</sst>' % table))
    edits = {
        "[Content_Types].xml": (b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" '
                                b'ContentType="%s"/></Types>' % _SST_TYPE),
        "xl/_rels/workbook.xml.rels": (b"</Relationships>", b'<Relationship Id="rIdSst" '
                                       b'Type="%s" Target="sharedStrings.xml"/>'
                                       b"</Relationships>" % _SST_REL),
    }
    return zipped([(name, content.replace(*edits[name]) if name in edits else content)
                   for name, content in parts])


# ------------------------------------------------------------------ the corpus


def members(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return [(info.filename, package.read(info)) for info in package.infolist()]


def zipped(parts: list[tuple[str, bytes]], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w", compression) as package:
        warnings.simplefilter("ignore")  # a repeated name is one of the mutations
        for name, content in parts:  # a fixed time, so a case is the same bytes every run
            package.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), content, compression)
    return buffer.getvalue()


def flip_bytes(rng: random.Random, data: bytes, count: int) -> bytes:
    edited = bytearray(data)
    for _ in range(count):
        edited[rng.randrange(len(edited))] = rng.randrange(256)
    return bytes(edited)


_CELL = re.compile(rb'<c r="[A-Z]+[0-9]+"[^>]*?(?:/>|>.*?</c>)')
_VALUE = re.compile(rb"<v>([^<]*)</v>")
_INLINE = re.compile(rb"<is><t>([^<]*)</t></is>")
_ROW = re.compile(rb'<row r="[0-9]+"[^>]*>.*?</row>')
_EXTREMES = [b"1E+308", b"5E-324", b"NaN", b"INF", b"-0", b"1e999", b"0.3", b"1.100", b" 12",
             b"1_0", b"0x10", b"+7", b".5", b"1.", b"-3", b"2000000", b""]
_TYPES = [b"s", b"b", b"e", b"str", b"d", b"n", b"inlineStr", b"zz", b""]
_INDEXES = [b"0", b"a", b"-1", b" 3", b"1.0", b"+1", b"999", b""]


def disguise(rng: random.Random, text: bytes) -> bytes:
    """The same text, stored the way only some readers see whole."""
    if not text:
        return text
    split = rng.randrange(len(text) + 1)
    return rng.choice([
        b"&#%d;" % text[0] + text[1:],
        text[:split] + b"<!---->" + text[split:],
        b"<![CDATA[" + text + b"]]>",
        text[:split] + b"<![CDATA[" + text[split:] + b"]]>",
        b" " + text + b"\n",
    ])


def mutate_sheet(rng: random.Random, xml: bytes) -> bytes:
    """One structural mutation of a worksheet's XML."""
    cells = list(_CELL.finditer(xml))
    if not cells:
        return xml
    cell = rng.choice(cells)
    whole = cell.group(0)
    kind = rng.randrange(11)
    if kind == 0 and _VALUE.search(whole):  # a value disguised
        edited = _VALUE.sub(lambda m: b"<v>" + disguise(rng, m.group(1)) + b"</v>", whole, 1)
    elif kind == 1 and _INLINE.search(whole):  # inline text disguised or split into runs
        def runs(match: re.Match) -> bytes:
            text = match.group(1)
            at = rng.randrange(len(text) + 1)
            space = rng.choice([b"", b' xml:space="preserve"'])
            if rng.random() < 0.5:
                return b"<is><t>" + disguise(rng, text) + b"</t></is>"
            return (b"<is><r><t%s>%s </t></r><r><t>%s</t></r></is>"
                    % (space, text[:at], text[at:]))
        edited = _INLINE.sub(runs, whole, 1)
    elif kind == 2:  # another cell type
        edited = re.sub(rb' t="[^"]*"', b"", whole, count=1).replace(
            b"<c ", b'<c t="%s" ' % rng.choice(_TYPES), 1)
    elif kind == 3:  # a shared-string index
        edited = re.sub(rb' t="[^"]*"', b"", whole, count=1).replace(b"<c ", b'<c t="s" ', 1)
        edited = re.sub(rb"<is>.*?</is>|<v>[^<]*</v>", b"", edited)
        edited = edited.replace(b"</c>", b"<v>%s</v></c>" % rng.choice(_INDEXES))
    elif kind == 4:  # the cell twice
        edited = whole + whole.replace(b"<v>", b"<v>1")
    elif kind == 5:  # an extreme or slipped number
        edited = re.sub(rb' t="[^"]*"', b"", whole, count=1)
        edited = re.sub(rb"<is>.*?</is>|<v>[^<]*</v>", b"", edited).replace(
            b"</c>", b"<v>%s</v></c>" % rng.choice(_EXTREMES))
    elif kind == 6:  # an inline string followed by a value, or a second value
        edited = whole.replace(b"</c>", b"<v>%d</v></c>" % rng.randrange(100))
    elif kind == 7:  # the cell's reference dropped
        edited = re.sub(rb' r="[A-Z]+[0-9]+"', b"", whole, count=1)
    elif kind == 8:  # the cell deleted
        edited = b""
    elif kind == 9:  # a merged range over the cell
        ref = re.search(rb'r="([A-Z]+)([0-9]+)"', whole)
        merge = b'<mergeCells count="1"><mergeCell ref="A%s:%s%s"/></mergeCells>' % (
            ref.group(2), ref.group(1), ref.group(2))
        return xml.replace(b"</sheetData>", b"</sheetData>" + merge, 1) if ref.group(1) != b"A" \
            else xml
    else:  # a row twice, or a header renamed
        rows = list(_ROW.finditer(xml))
        row = rng.choice(rows).group(0) if rows else b""
        if rng.random() < 0.5 and row:
            return xml.replace(row, row + row, 1)
        edited = whole.replace(b"<t>", b"<t>" + rng.choice([b"the ", b"Claw-", b"x"]), 1)
    return xml.replace(whole, edited, 1)


def mutate_shared_strings(rng: random.Random, xml: bytes) -> bytes:
    """One mutation of a shared string: disguised, split into runs, given a phonetic reading,
    or a string removed (so indexes shift or fall out of range)."""
    items = list(re.finditer(rb"<si><t>([^<]*)</t></si>", xml))
    if not items:
        return xml
    item = rng.choice(items)
    text = item.group(1)
    at = rng.randrange(len(text) + 1)
    edited = rng.choice([
        b"<si><t>" + disguise(rng, text) + b"</t></si>",
        b"<si><r><t>%s</t></r><r><t>%s</t></r></si>" % (text[:at], text[at:]),
        b'<si><r><t xml:space="preserve">%s </t></r><r><t>%s</t></r></si>' % (
            text[:at], text[at:]),
        b"<si><t>%s</t><rPh sb=\"0\" eb=\"1\"><t>x</t></rPh></si>" % text,
        b"",
    ])
    return xml.replace(item.group(0), edited, 1)


LEVELS = ("zip bytes", "members", "part bytes", "sheet xml")


def mutated(seed: int, index: int, levels: tuple[str, ...] = LEVELS) -> tuple[str, str, bytes]:
    """Case `index` of run `seed`: (sample it came from, how it was mutated, its bytes)."""
    sample, how, data, _ = case(seed, index, levels)
    return sample, how, data


def case(seed: int, index: int, levels: tuple[str, ...] = LEVELS
         ) -> tuple[str, str, bytes, Expect]:
    """Case `index` of run `seed` at one of `levels` (LEVELS, or ("classes",) for the
    classes of issue 19): (sample, how it was mutated, its bytes, what the reader must do)."""
    rng = random.Random(f"{seed}:{index}" if levels == LEVELS else f"{seed}:{levels}:{index}")
    sample, data = rng.choice(samples())
    weights = {"zip bytes": 1, "members": 1, "part bytes": 2, "sheet xml": 8, "classes": 1}
    level = rng.choices(levels, [weights[level] for level in levels])[0]
    openpyxl = Expect("openpyxl")
    if level == "zip bytes":
        if rng.random() < 0.3:
            return sample, level, data[: rng.randrange(len(data))], openpyxl
        return sample, level, flip_bytes(rng, data, rng.randint(1, 8)), openpyxl
    parts = members(data)
    if level == "classes":
        how, parts, expect = class_case(rng, parts)
        return sample, how, zipped(parts), expect
    if level == "members":
        name, content = rng.choice(parts)
        action = rng.randrange(4)
        if action == 0:
            parts.remove((name, content))
        elif action == 1:
            parts.append((name, content))
        elif action == 2:
            parts = [(n.upper() if n == name else n, c) for n, c in parts]
        else:
            rng.shuffle(parts)
        return sample, level, zipped(
            parts, rng.choice([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])), openpyxl
    sheets = [i for i, (name, _) in enumerate(parts)
              if name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml"]
    which = rng.choice(sheets if level == "sheet xml" else range(len(parts)))
    name, content = parts[which]
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        if level == "part bytes":
            content = flip_bytes(rng, content, rng.randint(1, 3))
        elif name == "xl/sharedStrings.xml":
            content = mutate_shared_strings(rng, content)
        else:
            content = mutate_sheet(rng, content)
    parts[which] = (name, content)
    return sample, f"{level} in {name}", zipped(parts), openpyxl


# ------------------------------------------------------------------ the oracle


@dataclass(frozen=True)
class Outcome:
    index: int
    accepted: bool
    seconds: float
    failure: str | None = None  # a disagreement, a traceback or too slow
    compared: bool = True  # False when openpyxl cannot open the file at all


def openpyxl_values(data: bytes) -> ValueLoader:
    """A value loader for the reader that reads the file with openpyxl instead of calamine.

    openpyxl reads only the bid's sheets (read-only mode loads a sheet when asked), as
    the reader does; everything else (cells stored ambiguously, merged cells, percent
    formats) is the reader's own, so the two readings differ only where the readers do.
    """

    def load(_checked: CheckedWorkbook, names: list[str]) -> dict[str, list[list[Any]]]:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        return {
            name: [[float(v) if isinstance(v, int) and not isinstance(v, bool) else v
                    for v in row]
                   for row in workbook[name].iter_rows(values_only=True)]
            for name in names
        }

    return load


INTERNAL_WORDS = ("Error:", "Exception", "Traceback", "object has no attribute", "codec")


def run_case(seed: int, index: int, levels: tuple[str, ...] = LEVELS) -> Outcome:
    sample, _, data, expect = case(seed, index, levels)
    return check(data, expect, _original(sample), index)


def check(data: bytes, expect: Expect, original: ReadResult | None, index: int = 0) -> Outcome:
    """Read `data` and hold the reading to `expect` (and to openpyxl's where it applies)."""
    started = time.perf_counter()
    try:
        result = read_bid_bytes(data, "case.xlsx")
    except Exception as error:  # a traceback is the failure we are looking for
        return Outcome(index, False, time.perf_counter() - started,
                       f"reader raised {type(error).__name__}: {error}")
    seconds = time.perf_counter() - started
    if seconds > SECONDS_PER_CASE:
        return Outcome(index, result.accepted, seconds, f"took {seconds:.1f} s")
    raw = [p.message for p in (*result.errors, *result.warnings)
           if any(word in p.message for word in INTERNAL_WORDS)]
    if raw:
        return Outcome(index, result.accepted, seconds, f"a message not in words: {raw[0]}")
    failure = _against_expectation(result, expect, original)
    if failure is not None:
        return Outcome(index, result.accepted, seconds, failure)
    if not result.accepted or expect.outcome != "openpyxl":
        return Outcome(index, result.accepted, seconds)
    try:
        theirs = read_bid_bytes(data, "case.xlsx", load_values=openpyxl_values(data))
    except Exception as error:
        if not _in_cells(error):  # openpyxl checks what no value rests on: margins, drop-downs
            return Outcome(index, True, seconds, compared=False)
        return Outcome(index, True, seconds,
                       f"accepted, but openpyxl cannot read it ({type(error).__name__}: {error})")
    if theirs.bid != result.bid:
        differs = difference(result.bid, theirs)
        return Outcome(index, True, seconds, f"reads differently from openpyxl: {differs}")
    return Outcome(index, True, seconds)


@cache
def _original(sample: str) -> ReadResult:
    return read_bid_bytes(dict(samples())[sample], "sample.xlsx")


def _against_expectation(result: ReadResult, expect: Expect,
                         original: ReadResult | None) -> str | None:
    """Why the reading is not what Excel would show, or None if it is."""
    kind, cell = expect.outcome, expect.cell
    if kind == "openpyxl":
        return None
    if kind == "refused":
        return None if not result.accepted else "accepted, but Excel shows something else"
    changed = expect.value is not None and expect.value != _at(original.bid, cell)
    if not result.accepted and (kind == "percent" or changed):
        # What Excel shows differs from the sample's answer: it may break a rule at the cell.
        if any(_covers(problem.cell, cell) for problem in result.errors):
            return None
        return f"refused, but not at {cell}: {result.errors[0].message[:200]}"
    if not result.accepted:
        first = result.errors[0]
        return f"refused, but Excel shows it plainly ({first.cell}: {first.message[:200]})"
    ours, theirs = result.bid, original.bid
    same = ours is not None and ours.model_dump() == theirs.model_dump()
    if kind == "same":
        return None if same else "read differently from the bid Excel shows"
    if kind == "warned":
        if expect.value is None and not same:
            return "read differently from the bid Excel shows"
        if expect.value is not None and _at(ours, cell) != expect.value:
            return f"{cell} read as {_at(ours, cell)!r}, Excel holds {expect.value!r}"
        if not any(p.cell == cell for p in result.warnings):
            return f"no warning at {cell}, which Excel hides"
        return None
    if kind == "value":
        return None if _at(ours, cell) == expect.value else (
            f"{cell} read as {_at(ours, cell)!r}, Excel shows {expect.value!r}")
    if kind == "percent":
        shown = expect.value * 100
        return None if math.isclose(_at(ours, cell), shown) else (
            f"{cell} read as {_at(ours, cell)}, Excel shows {shown} %")
    return f"unknown expectation {kind}"


def _covers(where: str | None, cell: str) -> bool:
    """Whether a problem's cell or range (`Payment!C2:C4`) holds `cell`."""
    if not where or where.split("!")[0] != cell.split("!")[0]:
        return False
    corners = [_place(corner) for corner in where.split("!")[1].split(":")]
    row, column = _place(cell.split("!")[1])
    return (corners[0][0] <= row <= corners[-1][0]) and (corners[0][1] <= column <= corners[-1][1])


def _place(ref: str) -> tuple[int, str]:
    letters = ref.rstrip("0123456789")
    return int(ref[len(letters):]), letters.rjust(3)


def _at(bid: Bid, cell: str) -> object:
    """The value read from `cell`, found through the cells each part of the bid names."""
    for name in type(bid).model_fields:
        part = getattr(bid, name)
        for record in part if isinstance(part, list) else [part]:
            for field, ref in (getattr(record, "cells", None) or {}).items():
                if ref == cell:
                    return getattr(record, field)
    raise KeyError(cell)


def _in_cells(error: Exception) -> bool:
    """Whether an error is a failure to read cells, not openpyxl refusing what no value
    rests on (a page margin, a drop-down, a colour) or a file it cannot open at all."""
    frames = traceback.extract_tb(error.__traceback__)
    if not any("openpyxl" in frame.filename for frame in frames):
        return True  # raised by the reader itself
    names = {frame.name for frame in frames}
    return bool(names & {"parse_row", "parse_cell", "parse_formula", "__getitem__"})


def difference(ours: Bid, theirs: ReadResult) -> str:
    if theirs.bid is None:
        first = theirs.errors[0]
        return f"openpyxl's values do not make a valid bid ({first.cell}: {first.message})"
    mine, other = ours.model_dump(), theirs.bid.model_dump()
    for key in mine:
        if mine[key] != other[key]:
            return f"{key}: ours {mine[key]!r:.300} / openpyxl {other[key]!r:.300}"
    return "the cells they came from differ"


# ------------------------------------------------------------------ the corpus of cases found

CORPUS = Path(__file__).resolve().parent / "corpus"


def keep(seed: int, index: int, levels: tuple[str, ...], folder: Path = CORPUS) -> Path:
    """Write a case into the corpus: its bytes, and what the reader must do with it."""
    sample, how, data, expect = case(seed, index, levels)
    name = f"{'classes' if levels != LEVELS else 'bytes'}-{seed}-{index}"
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.xlsx").write_bytes(data)
    (folder / f"{name}.json").write_text(json.dumps(
        {"sample": sample, "how": how, "expect": expect.to_json()}, indent=1,
        ensure_ascii=False) + "\n")
    return folder / f"{name}.xlsx"


def replay(path: Path) -> Outcome:
    """A kept case, read again and held to what was expected of it."""
    facts = json.loads(path.with_suffix(".json").read_text())
    return check(path.read_bytes(), Expect(**facts["expect"]), _original(facts["sample"]))


# ------------------------------------------------------------------ the long run


def _worker(seed: int, start: int, count: int, classes: int) -> None:
    """Run cases in this process, one JSON line each, under a memory limit."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY_BYTES, WORKER_MEMORY_BYTES))
    levels = ("classes",) if classes else LEVELS
    for index in range(start, start + count):
        outcome = run_case(seed, index, levels)
        print(json.dumps(outcome.__dict__), flush=True)


def run(seed: int, cases: int, levels: tuple[str, ...] = LEVELS,
        chunk: int = 100) -> list[Outcome]:
    """Every case, in worker processes; a worker that dies names the case it died on."""
    outcomes: list[Outcome] = []
    index = 0
    classes = "1" if levels != LEVELS else "0"
    while index < cases:
        count = min(chunk, cases - index)
        worker = subprocess.run(
            [sys.executable, "-m", "tests.fuzz", "--worker", str(seed), str(index), str(count),
             classes],
            capture_output=True, text=True, timeout=count * SECONDS_PER_CASE * 4,
            cwd=SAMPLES.parent)
        done = [Outcome(**json.loads(line)) for line in worker.stdout.splitlines() if line]
        outcomes += done
        index += len(done)
        if len(done) < count:  # the worker died on this case
            outcomes.append(Outcome(index, False, 0.0,
                                    f"the process died (exit {worker.returncode}): "
                                    f"{worker.stderr.strip()[-300:]}"))
            index += 1
    return outcomes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=2000,
                        help="cases of each kind: mutated bytes and XML, and issue 19's classes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", nargs=2, type=int, metavar=("SEED", "INDEX"),
                        help="write that case of the classes into tests/corpus and stop")
    parser.add_argument("--worker", nargs=4, type=int, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.worker:
        _worker(*options.worker)
        return 0
    if options.keep:
        print(keep(*options.keep, ("classes",)))
        return 0
    started = time.perf_counter()
    failures = 0
    for levels in (LEVELS, ("classes",)):
        outcomes = run(options.seed, options.cases, levels)
        found = [o for o in outcomes if o.failure]
        failures += len(found)
        for outcome in found:
            _, how, _, _ = case(options.seed, outcome.index, levels)
            kept = keep(options.seed, outcome.index, levels)
            print(f"case {outcome.index} ({how}): {outcome.failure} [kept as {kept.name}]")
        accepted = sum(o.accepted for o in outcomes)
        uncompared = sum(not o.compared for o in outcomes)
        slowest = max(o.seconds for o in outcomes)
        kind = "of issue 19's classes" if levels != LEVELS else "of mutated bytes and XML"
        print(f"{len(outcomes)} cases {kind} (seed {options.seed}): "
              f"{accepted} accepted ({uncompared} of them not openable by openpyxl), "
              f"{len(outcomes) - accepted} refused, {len(found)} failures; "
              f"slowest read {slowest:.2f} s")
    print(f"in {time.perf_counter() - started:.0f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
