"""The classes of misreading found in issue 19, as seeded mutations of a sample bid, each
with what Excel would show: the fuzz's second reference beside openpyxl.

openpyxl reads values, not what a number format, a hidden row or a recalculation does
to them, so each mutation here says itself what the reader must do (`Expect`): refuse
the file, read the same bid as before, read it with a warning at the changed cell, read
a percentage scaled, or (where openpyxl does read as Excel shows) agree with openpyxl.
The number formats carry a hand-made label of what Excel shows for a positive number.
"""

from __future__ import annotations

import random
import re
from dataclasses import asdict, dataclass

MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT = b"http://purl.oclc.org/ooxml/spreadsheetml/main"
MC = b"http://schemas.openxmlformats.org/markup-compatibility/2006"
SHEETS = {"Bid": 2, "Treatment": 3, "Safety": 4, "Voice": 5, "Payment": 6, "Targets": 7,
          "Narrative": 10}
SKIPPED_SHEETS = {"Guidance": 1}  # not a bid sheet: never read
CLASSES = ("styles", "formulas", "hidden", "markup", "encodings", "errors")

# Answer cells every sample fills: (cell, "percent" | "number" | "text")
ANSWERS = [("Voice!C2", "percent"), ("Payment!C2", "percent"), ("Bid!C7", "number"),
           ("Bid!C8", "number"), ("Bid!C9", "number"), ("Bid!C3", "text"),
           ("Bid!C6", "text")]

# Number formats, as a cell format stores them (a code, or "id:N" for a built-in id as
# written), and what Excel shows for a positive number: the hand-made reference.
FORMATS = [
    ("id:0", "plain"), ("id:1", "plain"), ("id:3", "plain"), ("id:4", "plain"),
    ("id:9", "percent"), ("id:09", "percent"), ("id:10", "percent"), ("id:010", "percent"),
    ("id:14", "date"), ("id:22", "date"), ("id:49", "plain"),
    ("0%", "percent"), ("0.0%", "percent"), ("[Red]0%", "percent"), ("0.00%;-0.00%", "percent"),
    ("0.00;-0.00%", "plain"), ("0_%", "plain"), ('0"%"', "plain"), ("0\\%", "plain"),
    ("#,##0", "plain"), ("£#,##0.00", "plain"), ('0 "months"', "plain"), ("0.00E+00", "plain"),
    ("General", "plain"), ("@", "plain"),
    (";;;", "hidden"), (';;;"No"', "hidden"), (";;", "hidden"), ("[White]0", "hidden"),
    ("[Color2]0.0", "hidden"),
    ('"No"', "other"), ('"Yes";"No"', "other"), ("0,", "other"), ("#,##0,", "other"),
    ("0%%", "other"), ('"1"0', "other"), ("[>5]0;0", "other"), ('"-"0', "other"),
    ("e", "date"), ("yyyy", "date"), ("[h]:mm", "date"), ("d-mmm", "date"), ("hh:mm", "date"),
    ("redefine 9", "refused"), ("redefine 0", "refused"),
]
# What a text answer shows under a format: text shows as it is unless a fourth section says.
TEXT_FORMATS = {";;;": "hidden", ';;;"No"': "other", ";;": "plain", '"Yes";"No"': "plain",
                "id:49": "plain", "@": "plain", "[White]0": "plain", "[Color2]0.0": "plain"}


@dataclass(frozen=True)
class Expect:
    """What the reader must do with a mutated file."""

    outcome: str  # "refused", "same", "warned", "percent", "value" or "openpyxl"
    cell: str | None = None  # the cell changed, for "warned", "percent" and "value"
    # What the cell must be read as ("value", "warned"), or the number it stores, which
    # must be read as a percentage ("percent").
    value: str | float | None = None

    def to_json(self) -> dict:
        return asdict(self)


def _cell_pattern(ref: str) -> re.Pattern[bytes]:
    return re.compile(rb'<c r="%s"[^>]*?(?:/>|>.*?</c>)' % ref.encode())


def _stored_number(parts, ref: str) -> float | None:
    """The number a cell stores, or None for text: what it reads as under 'General'."""
    sheet, cell = ref.split("!")
    found = _cell_pattern(cell).search(dict(parts)[_sheet_part(sheet)]).group(0)
    value = re.search(rb"<v>([^<]*)</v>", found)
    return None if (b't="' in found.split(b">")[0] and b't="n"' not in found) or not value \
        else float(value.group(1))


def _sheet_part(sheet: str) -> str:
    number = {**SHEETS, **SKIPPED_SHEETS}[sheet]
    return f"xl/worksheets/sheet{number}.xml"


def _edit(parts: list[tuple[str, bytes]], name: str, edit) -> list[tuple[str, bytes]]:
    return [(part, edit(content) if part == name else content) for part, content in parts]


def _with_style(parts, ref: str, number_format: str, font_rgb: bytes | None = None):
    """A new cell format (number format, font) given to the cell `Sheet!A1`."""
    sheet, cell = ref.split("!")
    styles = dict(parts)["xl/styles.xml"]
    fmt_id, numfmt = b"0", b""
    free = b"%d" % max([163, *map(int, re.findall(rb'numFmtId="([0-9]+)"', styles))], key=int)
    free = b"%d" % (int(free) + 1)
    if number_format.startswith("id:"):
        fmt_id = number_format[3:].encode()
    elif number_format.startswith("redefine "):
        fmt_id = number_format.split()[1].encode()
        numfmt = b'<numFmt numFmtId="%s" formatCode="0.00"/>' % fmt_id
    else:
        fmt_id = free
        code = (number_format.replace("&", "&amp;").replace('"', "&quot;")
                .replace("<", "&lt;").replace(">", "&gt;")).encode()
        numfmt = b'<numFmt numFmtId="%s" formatCode="%s"/>' % (free, code)
    if numfmt and b"</numFmts>" in styles:
        styles = styles.replace(b"</numFmts>", numfmt + b"</numFmts>", 1)
    elif numfmt:
        styles = re.sub(rb"<numFmts[^>]*/>", b'<numFmts count="1">%s</numFmts>' % numfmt,
                        styles, count=1)
    font_id = b"0"
    if font_rgb:
        font_id = b"%d" % styles.split(b"</fonts>")[0].count(b"<font>")
        styles = styles.replace(b"</fonts>", b'<font><color rgb="FF%s"/></font></fonts>'
                                % font_rgb)
    index = styles.split(b"<cellXfs")[1].split(b"</cellXfs>")[0].count(b"<xf ")
    styles = styles.replace(b"</cellXfs>", b'<xf numFmtId="%s" fontId="%s" fillId="0" '
                            b'borderId="0" applyNumberFormat="1" xfId="0"/></cellXfs>'
                            % (fmt_id, font_id))
    parts = _edit(parts, "xl/styles.xml", lambda _: styles)

    def restyled(xml: bytes) -> bytes:
        def one(match: re.Match) -> bytes:
            whole = re.sub(rb' s="[0-9]+"', b"", match.group(0), count=1)
            return whole.replace(b'r="%s"' % cell.encode(), b'r="%s" s="%d"'
                                 % (cell.encode(), index), 1)
        return _cell_pattern(cell).sub(one, xml, count=1)

    return _edit(parts, _sheet_part(sheet), restyled)


def _styles_case(rng: random.Random, parts):
    ref, kind = rng.choice(ANSWERS)
    choice = rng.randrange(10)
    if choice == 0:  # an xf where only calamine reads it
        shifted = _edit(parts, "xl/styles.xml", lambda xml: xml.replace(
            b"<cellXfs", b'<extLst><ext uri="{X}"><cellXfs><xf numFmtId="9"/></cellXfs>'
            b"</ext></extLst><cellXfs", 1))
        return "a cell format inside an extLst", shifted, Expect("refused")
    if choice == 1:  # text drawn in its background's colour
        white = _with_style(parts, ref, "id:0", rng.choice([b"FFFFFF", b"ffffff"]))
        return f"{ref} in white", white, Expect("warned", ref, _stored_number(parts, ref))
    if choice == 2:  # a number format changed by a conditional format
        sheet, cell = ref.split("!")
        parts = _edit(parts, "xl/styles.xml", lambda xml: xml.replace(
            b"</cellXfs>", b'</cellXfs><dxfs count="1"><dxf><numFmt numFmtId="9" '
            b'formatCode="0%"/></dxf></dxfs>', 1))
        rule = (b'<conditionalFormatting sqref="%s"><cfRule type="expression" dxfId="0" '
                b'priority="1"><formula>TRUE</formula></cfRule></conditionalFormatting>'
                % cell.encode())
        return f"{ref} in a conditional format", _edit(parts, _sheet_part(sheet), lambda xml:
                                                        xml.replace(b"</sheetData>",
                                                                    b"</sheetData>" + rule, 1)), \
            Expect("refused")
    number_format, shows = rng.choice(FORMATS)
    stored = None
    if kind == "text":
        shows = TEXT_FORMATS.get(number_format, "plain")
        if number_format.startswith("redefine"):
            shows = "refused"
    else:  # a number: what it is read as follows from what it stores
        stored = _stored_number(parts, ref)
    expect = {
        "plain": Expect("same") if stored is None else Expect("value", ref, stored),
        "hidden": Expect("warned", ref, stored),
        "percent": Expect("percent", ref, stored) if kind == "percent" else Expect("refused"),
    }.get(shows, Expect("refused"))
    return f"{ref} as {number_format!r}", _with_style(parts, ref, number_format), expect


def _formulas_case(rng: random.Random, parts):
    ref, _kind = rng.choice([a for a in ANSWERS if a[1] != "text"])
    sheet, cell = ref.split("!")
    recalculate = rng.random() < 0.6
    cached = rng.choice(["same", "0"])  # xlsxwriter saves 0 for every formula

    def with_formula(xml: bytes) -> bytes:
        def one(match: re.Match) -> bytes:
            value = re.search(rb"<v>([^<]*)</v>", match.group(0))
            saved = value.group(1) if value and cached == "same" else b"0"
            attributes = re.sub(rb' t="[^"]*"', b"", match.group(0).split(b">")[0])
            return attributes + b"><f>%s+0</f><v>%s</v></c>" % (saved or b"0", saved)
        return _cell_pattern(cell).sub(one, xml, count=1)

    parts = _edit(parts, _sheet_part(sheet), with_formula)
    if not recalculate:
        parts = _edit(parts, "xl/workbook.xml",
                      lambda xml: xml.replace(b' fullCalcOnLoad="1"', b""))
        expect = Expect("same") if cached == "same" else Expect("openpyxl")
    else:
        expect = Expect("refused")
    return f"{ref} a formula, cached {cached}, recalculated {recalculate}", parts, expect


def _hidden_case(rng: random.Random, parts):
    choice = rng.randrange(6)
    if choice <= 1:
        sheet = rng.choice(list(SHEETS) + list(SKIPPED_SHEETS))
        state = rng.choice([b"hidden", b"veryHidden"])
        parts = _edit(parts, "xl/workbook.xml", lambda xml: re.sub(
            rb'(name="%s" sheetId="[0-9]+" state=")visible"' % sheet.encode(),
            rb'\g<1>%s"' % state, xml, count=1))
        return f"sheet {sheet} {state.decode()}", parts, (
            Expect("refused") if sheet in SHEETS else Expect("same"))
    if choice == 2:  # a look-alike name: an invisible or foreign character in it
        sheet = rng.choice(list(SHEETS))
        odd = rng.choice(["&#8203;", "&#8205;", "&#173;", "&#65279;"])
        at = rng.randrange(1, len(sheet))
        alike = sheet[:at] + odd + sheet[at:]
        if rng.random() < 0.3:
            alike = sheet.replace("a", "&#1072;", 1) if "a" in sheet else alike
        parts = _edit(parts, "xl/workbook.xml", lambda xml: xml.replace(
            b'name="%s"' % sheet.encode(), b'name="%s"' % alike.encode(), 1))
        return f"sheet {sheet} named {alike}", parts, Expect("refused")
    ref, _kind = rng.choice(ANSWERS)
    sheet, cell = ref.split("!")
    row = re.sub("[A-Z]", "", cell)
    if choice == 3:
        hide = rng.choice([b' hidden="1"', b' hidden="true"', b' ht="0" customHeight="1"'])
        parts = _edit(parts, _sheet_part(sheet), lambda xml: xml.replace(
            b'<row r="%s"' % row.encode(), b'<row r="%s"%s' % (row.encode(), hide), 1))
        return f"row {ref} hidden", parts, Expect("warned", ref)
    if choice == 4:
        def hide_column(xml: bytes) -> bytes:
            if b'min="3" max="3"' in xml:
                return xml.replace(b'min="3" max="3"', b'min="3" max="3" hidden="1"', 1)
            return xml.replace(b"<sheetData", b'<cols><col min="3" max="3" hidden="1"/></cols>'
                               b"<sheetData", 1)
        return f"column of {ref} hidden", _edit(parts, _sheet_part(sheet), hide_column), \
            Expect("warned", ref)
    return f"{ref} white on white", _with_style(parts, ref, "id:0", b"FFFFFF"), \
        Expect("warned", ref, _stored_number(parts, ref))


def _markup_case(rng: random.Random, parts):
    sheet = rng.choice(list(SHEETS))
    part = _sheet_part(sheet)
    choice = rng.randrange(7)
    if choice == 0:  # an ext block listing a sheet
        shadow = (b'<extLst><ext uri="{X}"><sheets><sheet xmlns:r="http://schemas.'
                  b'openxmlformats.org/officeDocument/2006/relationships" name="Shadow" '
                  b'sheetId="99" r:id="rId%d"/></sheets></ext></extLst></workbook>'
                  % rng.randint(1, 11))
        return "a sheet listed in an ext block", _edit(parts, "xl/workbook.xml", lambda xml:
                                                         xml.replace(b"</workbook>", shadow)), \
            Expect("refused")
    rows = re.findall(rb'<row r="[0-9]+".*?</row>', dict(parts)[part])
    row = rng.choice(rows[1:] or rows)
    if choice == 1:
        wrapped = (b'<mc:AlternateContent xmlns:mc="%s"><mc:Choice Requires="x14">%s'
                   b"</mc:Choice></mc:AlternateContent>" % (MC, row))
        how = "a row in mc:AlternateContent"
    elif choice == 2:
        wrapped = re.sub(rb"<(/?)(row|c|v|is|t)\b", rb"<\1x:\2", row).replace(
            b"<x:row ", b'<x:row xmlns:x="urn:other" ', 1)
        how = "a row in a foreign namespace"
    elif choice == 3:
        wrapped = re.sub(rb"<(/?)(row|c|v|is|t)\b", rb"<\1ign:\2", row)
        parts = _edit(parts, part, lambda xml: xml.replace(
            b'<worksheet xmlns="%s"' % MAIN,
            b'<worksheet xmlns="%s" xmlns:mc="%s" xmlns:ign="urn:ign" mc:Ignorable="ign"'
            % (MAIN, MC), 1))
        how = "a row in an mc:Ignorable namespace"
    elif choice == 4:
        def fake_root(xml: bytes) -> bytes:
            body = xml.split(b"<worksheet", 1)[1].split(b">", 1)[1].rsplit(b"</worksheet>")[0]
            return (b'<!-- <worksheet xmlns="%s"> --><x:worksheet xmlns:x="urn:other">%s'
                    b"</x:worksheet>" % (MAIN, body))
        return f"{sheet} with a fake root in a comment", _edit(parts, part, fake_root), \
            Expect("refused")
    elif choice == 5:
        return f"{sheet} in the Strict namespace", _edit(parts, part, lambda xml: xml.replace(
            MAIN, STRICT)), Expect("refused")
    else:
        wrapped = row.replace(b"<c ", b'<c xmlns:x="urn:other" x:t="s" ', 1)
        how = "a cell's attribute in a foreign namespace"
    return f"{how} on {sheet}", _edit(parts, part, lambda xml: xml.replace(row, wrapped, 1)), \
        Expect("refused")


def _encodings_case(rng: random.Random, parts):
    choice = rng.randrange(4)
    if choice <= 1:
        part = rng.choice([name for name, _ in parts if name.endswith(".xml")])
        encoding = rng.choice([b"windows-1252", b"ISO-8859-1", b"UTF-16", b"ascii",
                               b"UTF-8", b"utf-8", b"utf8"])
        declaration = b'<?xml version="1.0" encoding="%s"?>' % encoding

        def declared(xml: bytes) -> bytes:
            return declaration + re.sub(rb"\A<\?xml[^>]*\?>", b"", xml)
        utf8 = encoding.lower().replace(b"-", b"") == b"utf8"
        return f"{part} declared {encoding.decode()}", _edit(parts, part, declared), (
            Expect("openpyxl") if utf8 else Expect("refused"))
    ref, kind = rng.choice(ANSWERS)
    sheet, cell = ref.split("!")
    if choice == 2:  # digits from another script
        digit = rng.choice(["৪", "٤", "४", "４", "𝟒"])
        text = (digit + "0").encode("ascii", "xmlcharrefreplace")
        new = b'<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (cell.encode(), text)
        expect = Expect("refused") if kind != "text" else Expect("openpyxl")
        return f"{ref} typed {digit}0", _edit(parts, _sheet_part(sheet), lambda xml:
                                               _cell_pattern(cell).sub(lambda _: new, xml, 1)), \
            expect
    escapes = {b"_x000D_": "\r", b"_x000A_": "\n", b"_x0009_": "\t", b"_x005F_": "_",
               b"_xD800_": None, b"_x0001_": None}
    escape = rng.choice(list(escapes))
    new = b'<c r="C3" t="inlineStr"><is><t>North%sgate</t></is></c>' % escape
    expect = (Expect("refused") if escapes[escape] is None
              else Expect("value", "Bid!C3", f"North{escapes[escape]}gate"))
    return f"provider name with {escape.decode()}", _edit(
        parts, _sheet_part("Bid"), lambda xml: _cell_pattern("C3").sub(lambda _: new, xml, 1)), \
        expect


def _errors_case(rng: random.Random, parts):
    error = rng.choice([b"#N/A", b"#REF!", b"#VALUE!", b"#DIV/0!"])
    if rng.random() < 0.5:  # a question ID
        sheet = rng.choice(["Bid", "Treatment", "Safety", "Voice"])
        rows = re.findall(rb'<c r="A([0-9]+)"', dict(parts)[_sheet_part(sheet)])
        row = rng.choice(rows[1:])
        cell = b"A" + row
        how = f"{error.decode()} in question ID {sheet}!{cell.decode()}"
    else:  # a table header
        sheet = rng.choice(["Payment", "Targets"])
        cells = re.findall(rb'<c r="([A-Z]+1)"', dict(parts)[_sheet_part(sheet)])
        cell = rng.choice(cells)
        how = f"{error.decode()} in the header {sheet}!{cell.decode()}"
    new = b'<c r="%s" t="e"><f>NA()</f><v>%s</v></c>' % (cell, error)
    parts = _edit(parts, _sheet_part(sheet), lambda xml: _cell_pattern(cell.decode()).sub(
        lambda _: new, xml, 1))
    parts = _edit(parts, "xl/workbook.xml", lambda xml: xml.replace(b' fullCalcOnLoad="1"', b""))
    return how, parts, Expect("refused")


BUILDERS = {"styles": _styles_case, "formulas": _formulas_case, "hidden": _hidden_case,
            "markup": _markup_case, "encodings": _encodings_case, "errors": _errors_case}


def class_case(rng: random.Random, parts) -> tuple[str, list[tuple[str, bytes]], Expect]:
    """One mutation from one of the classes: (how, the parts, what the reader must do)."""
    name = rng.choice(CLASSES)
    how, parts, expect = BUILDERS[name](rng, parts)
    return f"{name}: {how}", parts, expect
