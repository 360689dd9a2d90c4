"""Cell formats as Excel applies them: what a number format shows, and what is hidden.

The styles part is read only where Excel reads it (`styleSheet/cellXfs/xf`,
`styleSheet/numFmts/numFmt`): an `xf` anywhere else (inside an `extLst`, another
namespace) is refused by the part's shape, so it cannot shift the index of every format
after it. Each cell format becomes a `CellFormat`: its number format code, and whether
its text is drawn in the colour of its background.

`what_it_shows` says what a number format does to a value: shows it, shows it as a
percentage or a date, hides it (`;;;`, or draws it `[White]`), or shows something else
in its place (`"No"`, a number divided by a thousand). Conditions (`[>100]`) are
refused, not evaluated.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from enum import Enum

from scoring.guard.refusal import RESAVE, RefusedWorkbook
from scoring.guard.xml_stream import Shape

STYLES_SHAPE = Shape(
    root="styleSheet",
    places={
        "numFmts": frozenset({"styleSheet"}),
        "numFmt": frozenset({"numFmts", "dxf"}),
        "cellXfs": frozenset({"styleSheet"}),
        "xf": frozenset({"cellXfs", "cellStyleXfs"}),
    },
    read_anywhere=frozenset({"numFmts", "numFmt", "cellXfs", "xf"}),
)

# Excel's built-in number formats (ECMA-376 18.8.30); the currency and locale ones
# not listed show a number, a date or text as grouped here.
BUILT_IN = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00",
    9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?", 13: "# ??/??",
    14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm",
    37: "#,##0 ;(#,##0)", 38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00;(#,##0.00)",
    40: "#,##0.00;[Red](#,##0.00)", 45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0",
    48: "##0.0E+0", 49: "@",
}
_BUILT_IN_NUMBERS = {5: "0", 6: "0", 7: "0.00", 8: "0.00", 41: "0", 42: "0", 43: "0.00",
                     44: "0.00"}  # currency and accounting formats that follow the locale
_BUILT_IN_DATES = set(range(27, 37)) | set(range(50, 82))  # East Asian dates and times
_FORMAT_ID = re.compile(r"[0-9]{1,9}")
FIRST_CUSTOM_ID = 164


class Shows(Enum):
    VALUE = "the value"
    PERCENT = "the value as a percentage"
    DATE = "the value as a date or time"
    HIDDEN = "nothing (the value is hidden)"
    OTHER = "something in place of the value"
    CONDITIONAL = "the value in a way that depends on conditions"


@dataclass(frozen=True)
class CellFormat:
    code: str  # the number format code, e.g. "0.00%"
    invisible: bool  # its text has the colour of its background


@dataclass(frozen=True)
class Styles:
    cell_formats: tuple[CellFormat, ...]
    dxf_number_formats: frozenset[int]  # differential formats (dxfId) that set a number format

    def cell_format(self, index: int) -> CellFormat:
        if index < len(self.cell_formats):
            return self.cell_formats[index]
        return CellFormat("General", False)


NO_STYLES = Styles((), frozenset())


def format_code(number_format_id: str, custom: dict[int, str], where: str) -> str:
    """The code of a number format by its id, as Excel reads the id: '09' is 9."""
    if not _FORMAT_ID.fullmatch(number_format_id.strip()):
        raise RefusedWorkbook(
            f"{where} has a cell format with the malformed number format id "
            f"'{number_format_id[:20]}'. {RESAVE}"
        )
    number = int(number_format_id)
    if number in custom:
        return custom[number]
    if number in BUILT_IN:
        return BUILT_IN[number]
    if number in _BUILT_IN_NUMBERS:
        return _BUILT_IN_NUMBERS[number]
    if number in _BUILT_IN_DATES:
        return "yyyy-mm-dd"
    return "General"


def custom_format_id(number_format_id: str, where: str) -> int:
    """A custom format's id; refused when it redefines a built-in one, which programs read
    differently (Excel keeps its own, others take the new code)."""
    if not _FORMAT_ID.fullmatch(number_format_id.strip()):
        raise RefusedWorkbook(
            f"{where} defines a number format with the malformed id "
            f"'{number_format_id[:20]}'. {RESAVE}"
        )
    number = int(number_format_id)
    if number < FIRST_CUSTOM_ID:
        raise RefusedWorkbook(
            f"{where} redefines Excel's built-in number format {number}, which programs "
            f"read differently. {RESAVE}"
        )
    return number


# ------------------------------------------------------------------ colours


_WHITE, _BLACK = "FFFFFF", "000000"
_THEME = {0: _WHITE, 1: _BLACK}  # Excel's theme colours 0 and 1: background and text
_INDEXED = {0: _BLACK, 1: _WHITE, 8: _BLACK, 9: _WHITE, 64: _BLACK, 65: _WHITE}


def colour(attributes: dict[str, str]) -> str | None:
    """A `color`/`fgColor` element's colour as RRGGBB, or None when it cannot be told
    (a tint, a theme colour other than the first two)."""
    if "tint" in attributes and attributes["tint"] not in {"0", "0.0"}:
        return None
    rgb = attributes.get("rgb", "")
    if re.fullmatch(r"[0-9A-Fa-f]{6}|[0-9A-Fa-f]{8}", rgb):
        return rgb[-6:].upper()
    for key, table in (("theme", _THEME), ("indexed", _INDEXED)):
        value = attributes.get(key, "")
        if value.isascii() and value.isdigit():
            return table.get(int(value))
    return None


# ------------------------------------------------------------------ number formats


_QUOTED = re.compile(r'"[^"]*"|\\.|_.|\*.')  # literal text, escapes, padding, fill
_BRACKET = re.compile(r"\[([^\]]*)\]")
_ELAPSED = re.compile(r"(?i)h+|m+|s+")
_DATE_PARTS = re.compile(r"(?i)[ymdhsegb]|am/pm|a/p")
_PLACEHOLDER = re.compile(r"[0#?]")
_SCIENTIFIC = re.compile(r"(?i)e[+-]")


def sections(code: str) -> list[str]:
    """A format code's sections, split at each ';' outside quotes and escapes."""
    parts, current, index = [], [], 0
    while index < len(code):
        character = code[index]
        if character == '"':
            end = code.find('"', index + 1)
            end = len(code) - 1 if end < 0 else end
            current.append(code[index : end + 1])
            index = end + 1
            continue
        if character in "\\_*" and index + 1 < len(code):
            current.append(code[index : index + 2])
            index += 2
            continue
        if character == ";":
            parts.append("".join(current))
            current = []
        else:
            current.append(character)
        index += 1
    parts.append("".join(current))
    return parts


def _literal_text(section: str) -> str:
    """The text a section shows whatever the value: quoted text and escaped characters."""
    pieces = []
    for match in _QUOTED.finditer(section):
        piece = match.group(0)
        if piece.startswith('"'):
            pieces.append(piece.strip('"'))
        elif piece.startswith("\\"):
            pieces.append(piece[1:])
    return "".join(pieces)


def what_it_shows(code: str, value: float | str) -> tuple[Shows, str]:
    """What Excel shows for `value` under the number format `code`, and the literal text
    it shows with or in place of it."""
    if isinstance(value, str):
        return _what_it_shows(code, "text")
    return _what_it_shows(code, "positive" if value > 0 else "negative" if value < 0
                          else "zero" if value == 0 else "not a number")


@functools.lru_cache(maxsize=4096)  # a workbook uses a few formats for many cells
def _what_it_shows(code: str, kind: str) -> tuple[Shows, str]:
    """What a format shows for a value of this kind: text, or a number by its sign (all a
    format's sections and conditions look at)."""
    parts = sections(code)
    if kind == "text":  # conditions ([>100]) apply to numbers only
        if len(parts) < 4:
            text_section = parts[0] if len(parts) == 1 and "@" in _bare(parts[0]) else "@"
        else:
            text_section = parts[3]
        bare = _bare(text_section)
        literal = _literal_text(text_section)
        if (not bare.strip() and not literal) or _in_white(text_section):
            return Shows.HIDDEN, ""
        if bare.strip() == "@" and not literal.strip():
            return Shows.VALUE, ""
        return Shows.OTHER, literal
    if any(_is_condition(content) for part in parts for content in _BRACKET.findall(part)):
        return Shows.CONDITIONAL, ""
    if len(parts) == 1 or kind == "positive" or (kind == "zero" and len(parts) == 2):
        section = parts[0]
    elif kind == "negative":
        section = parts[1]
    else:
        section = parts[2]
    if _in_white(section):
        return Shows.HIDDEN, ""
    # 'General' and '@' show a number as it is; 'E+' is an exponent, not a date's 'e'.
    bare = _SCIENTIFIC.sub("0", re.sub(r"(?i)general|@", "0", _bare(section)))
    literal = _literal_text(section)
    if _DATE_PARTS.search(bare):
        return Shows.DATE, literal
    if not _PLACEHOLDER.search(bare):
        shown_instead = (literal + bare).strip()
        return (Shows.OTHER, shown_instead) if shown_instead else (Shows.HIDDEN, "")
    if (bare.count("%") > 1 or _scales_by_thousands(bare) or re.search(r"[0-9]", literal)
            or (kind in ("positive", "zero") and re.search(r"[-+]", literal + bare))):
        return Shows.OTHER, literal
    if "%" in bare:
        return Shows.PERCENT, literal
    return Shows.VALUE, literal


def _in_white(section: str) -> bool:
    """A section that draws the value in white ([White], or [Color2] of the palette)."""
    return any(colour.strip().lower() in {"white", "color2"}
               for colour in _BRACKET.findall(_QUOTED.sub("", section)))


def _bare(section: str) -> str:
    """The section without its literal text, padding, fill or brackets ([Red], [$-409])."""
    without_literals = _QUOTED.sub("", section)
    return _BRACKET.sub(
        lambda m: "h" if _ELAPSED.fullmatch(m.group(1)) else "", without_literals)


def _is_condition(content: str) -> bool:
    return bool(re.match(r"\s*[<>=]", content))


def _scales_by_thousands(bare: str) -> bool:
    """A ',' after the last digit placeholder divides the number by 1,000 ('0,' shows
    1,500,000 as 1500); one between placeholders only groups the thousands."""
    last = max(bare.rfind(placeholder) for placeholder in "0#?")
    return "," in bare[last + 1 :]
