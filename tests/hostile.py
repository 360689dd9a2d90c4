"""Hostile files, built in code: everything the guard must refuse before calamine sees it.

Each builder writes one file into `folder` and returns its path. Most start from
`workbook_parts()`, a small plain workbook the guard accepts, and change one thing,
so each file is hostile in exactly one way. Never hand these files to calamine
without the guard: some of them abort the whole process.
"""

from __future__ import annotations

import os
import random
import struct
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
XLSX_MAIN_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSM_MAIN_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
SHEET = "xl/worksheets/sheet1.xml"
MB = 2**20

Parts = dict[str, str | bytes]

BILLION_LAUGHS = (  # each entity ten times the one before: "lol" a billion times
    '<!DOCTYPE lolz [<!ENTITY lol0 "lol">'
    + "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    + "]>"
)

# ------------------------------------------------------------------ a plain workbook


def rows_xml(count: int = 20) -> str:
    """A header and `count` payment lines, as a worksheet's rows."""
    header = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    lines = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>Outcome {n}</t></is></c>'
        f'<c r="B{n}"><v>{n}</v></c></row>'
        for n in range(2, count + 2)
    )
    return header + lines


def sheet_xml(rows: str | None = None, dimension: str | None = "A1:B21", root: str = "") -> str:
    """A worksheet; `root` replaces the opening tag, e.g. to drop the namespace."""
    dimension_xml = f'<dimension ref="{dimension}"/>' if dimension else ""
    opening = root or f'<worksheet xmlns="{MAIN}">'
    closing = "</" + opening[1:].split()[0].rstrip(">") + ">"
    return f"{opening}{dimension_xml}<sheetData>{rows_xml() if rows is None else rows}" \
        f"</sheetData>{closing}"


def workbook_parts(sheet: str | None = None) -> Parts:
    """The parts of a small plain workbook with one sheet, 'Payment'."""
    return {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{XLSX_MAIN_TYPE}"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" '
            f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
            '<sheet name="Payment" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{PKG_REL}">'
            f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>"
        ),
        SHEET: sheet_xml() if sheet is None else sheet,
        "xl/sharedStrings.xml": (
            f'<sst xmlns="{MAIN}" count="2" uniqueCount="2">'
            "<si><t>Outcome</t></si><si><t>Share %</t></si></sst>"
        ),
    }


def write_package(path: Path, parts: Parts | list[tuple[str, str | bytes]],
                  compression: int = zipfile.ZIP_DEFLATED) -> Path:
    """Zip the parts, in order, into an .xlsx-like package; a list may repeat a name."""
    items = parts.items() if isinstance(parts, dict) else parts
    with warnings.catch_warnings(), zipfile.ZipFile(path, "w", compression) as package:
        warnings.simplefilter("ignore")  # zipfile warns about a repeated name
        for name, content in items:
            package.writestr(name, content)
    return path


def plain_workbook(folder: Path, name: str = "plain.xlsx") -> Path:
    return write_package(folder / name, workbook_parts())


def _changed(folder: Path, name: str, changes: Parts) -> Path:
    """The plain workbook with some parts replaced or added."""
    return write_package(folder / name, {**workbook_parts(), **changes})


def _with_sheet(folder: Path, name: str, sheet: str | bytes) -> Path:
    return _changed(folder, name, {SHEET: sheet})


# ------------------------------------------------------------------ 1. not a zip at all


def empty_file(folder: Path) -> Path:
    path = folder / "empty.xlsx"
    path.write_bytes(b"")
    return path


def truncated_workbook(folder: Path) -> Path:
    path = plain_workbook(folder, "truncated.xlsx")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def random_bytes(folder: Path) -> Path:
    path = folder / "random.xlsx"
    path.write_bytes(random.Random(7).randbytes(4096))
    return path


# ------------------------------------------------------------------ 2. another format


def csv_renamed(folder: Path) -> Path:
    path = folder / "bid_csv.xlsx"
    path.write_text("Outcome,Category,Share %\nAbstinence,abstinence,40\n", encoding="utf-8")
    return path


def compound_file(streams: list[str]) -> bytes:
    """A minimal OLE compound file (CFB version 3) holding empty streams of these names.

    Three 512-byte sectors: the header, one FAT sector, one directory sector whose
    root entry has the streams as a chain of right siblings.
    """
    free, end_of_chain, fat_sector, no_stream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", bytes(16),
        0x3E, 3, 0xFFFE, 9, 6, bytes(6),  # version 3, little-endian, 512-byte sectors
        0, 1, 1, 0, 4096,  # one FAT sector; the directory starts at sector 1
        end_of_chain, 0, end_of_chain, 0,  # no mini FAT, no extra DIFAT sectors
    ) + struct.pack("<109I", 0, *[free] * 108)
    fat = struct.pack("<128I", fat_sector, end_of_chain, *[free] * 126)

    def entry(name: str, kind: int, right: int, child: int) -> bytes:
        encoded = name.encode("utf-16-le") + b"\0\0"
        return struct.pack(
            "<64sHBBIII16sIQQIQ", encoded, len(encoded), kind, 1,
            no_stream, right, child, bytes(16), 0, 0, 0, end_of_chain, 0,
        )

    entries = [entry("Root Entry", 5, no_stream, 1 if streams else no_stream)]
    for number, stream in enumerate(streams, start=1):
        entries.append(entry(stream, 2, number + 1 if number < len(streams) else no_stream,
                             no_stream))
    directory = b"".join(entries).ljust(512, b"\0")
    return header + fat + directory


def xls_renamed(folder: Path) -> Path:
    path = folder / "old_excel.xlsx"
    path.write_bytes(compound_file(["Workbook"]))
    return path


def encrypted_workbook(folder: Path) -> Path:
    """What Excel writes for a password-protected workbook: an OLE file, not a zip."""
    path = folder / "encrypted.xlsx"
    path.write_bytes(compound_file(["EncryptionInfo", "EncryptedPackage"]))
    return path


# ------------------------------------------------------------------ 3. macros


def xlsm_named(folder: Path) -> Path:
    return plain_workbook(folder, "macros.xlsm")


def macro_content_type(folder: Path) -> Path:
    types = workbook_parts()["[Content_Types].xml"].replace(XLSX_MAIN_TYPE, XLSM_MAIN_TYPE)
    return _changed(folder, "macro_type.xlsx", {"[Content_Types].xml": types})


def vba_project(folder: Path) -> Path:
    return _changed(folder, "vba.xlsx", {"xl/vbaProject.bin": compound_file(["VBA"])})


# ------------------------------------------------------------------ 4. zip bombs


def honest_zip_bomb(folder: Path, inflated_bytes: int = 60 * MB) -> Path:
    """A worksheet padded with white space that truly inflates to `inflated_bytes`.

    Written in 1 MB chunks at level 9, so building it needs little memory; 1.5 GB
    gives a file of about 1.5 MB.
    """
    path = folder / f"bomb_{inflated_bytes // MB}mb.xlsx"
    parts = workbook_parts()
    sheet = parts.pop(SHEET).encode()
    opening, rest = sheet[: sheet.index(b"<sheetData>")], sheet[sheet.index(b"<sheetData>"):]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        for name, content in parts.items():
            package.writestr(name, content)
        with package.open(SHEET, "w", force_zip64=inflated_bytes >= 2**31) as member:
            member.write(opening)
            padding = inflated_bytes - len(opening) - len(rest)
            chunk = b" " * MB
            for _ in range(padding // MB):
                member.write(chunk)
            member.write(b" " * (padding % MB) + rest)
    return path


def _patch_first_member(path: Path, flag_bits: int = 0, file_size: int | None = None,
                        version_needed: int | None = None) -> None:
    """Rewrite the header fields of a package's first member, local and central."""
    data = bytearray(path.read_bytes())
    central = struct.unpack("<I", data[-6:-2])[0]  # from the end-of-central-directory record
    # (header, offsets of: version needed, flags, inflated size)
    for header, version_at, flags_at, size_at in ((0, 4, 6, 22), (central, 6, 8, 24)):
        if version_needed is not None:
            struct.pack_into("<H", data, header + version_at, version_needed)
        if flag_bits:
            flags = struct.unpack_from("<H", data, header + flags_at)[0]
            struct.pack_into("<H", data, header + flags_at, flags | flag_bits)
        if file_size is not None:
            struct.pack_into("<I", data, header + size_at, file_size)
    path.write_bytes(bytes(data))


def lying_zip_bomb(folder: Path) -> Path:
    """A worksheet that declares 1,000 bytes in both headers and inflates to 10 MB."""
    parts = workbook_parts(sheet_xml(rows=rows_xml() + " " * (10 * MB)))
    path = write_package(folder / "lying_sizes.xlsx", {SHEET: parts.pop(SHEET), **parts})
    _patch_first_member(path, file_size=1000)
    return path


def ratio_bomb(folder: Path) -> Path:
    """20 MB of white space in one part: under the 50 MB total, but 1000-fold.

    A 200 KB picture that does not compress keeps the package as a whole under the
    ratio limit, so the part itself must be caught.
    """
    return _changed(folder, "ratio_bomb.xlsx", {
        SHEET: sheet_xml(rows=rows_xml() + " " * (20 * MB)),
        "xl/media/image1.png": random.Random(3).randbytes(200_000),
    })


def many_part_ratio_bomb(folder: Path) -> Path:
    """Forty parts of 1 MB each, every one too small for the per-part ratio check."""
    padding = {f"xl/media/pad{n}.xml": f"<pad>{' ' * (MB - 11)}</pad>" for n in range(40)}
    return write_package(folder / "many_parts_bomb.xlsx", {**workbook_parts(), **padding})


# ------------------------------------------------------------------ 5. DTDs and entities


def entity_in_shared_strings(folder: Path) -> Path:
    strings = f'{BILLION_LAUGHS}<sst xmlns="{MAIN}"><si><t>&lol9;</t></si></sst>'
    return _changed(folder, "laughs_strings.xlsx", {"xl/sharedStrings.xml": strings})


def entity_in_worksheet(folder: Path) -> Path:
    rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    return _with_sheet(folder, "laughs_sheet.xlsx", BILLION_LAUGHS + sheet_xml(rows, "A1"))


def entity_in_workbook(folder: Path) -> Path:
    workbook = (
        f'{BILLION_LAUGHS}<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
        '<sheet name="&lol9;" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    return _changed(folder, "laughs_workbook.xlsx", {"xl/workbook.xml": workbook})


def external_entity(folder: Path) -> Path:
    strings = (
        '<!DOCTYPE sst [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
        f'<sst xmlns="{MAIN}"><si><t>&secret;</t></si></sst>'
    )
    return _changed(folder, "external_entity.xlsx", {"xl/sharedStrings.xml": strings})


# ------------------------------------------------------------------ 6. cells far away


def stray_far_cell(folder: Path) -> Path:
    """A small workbook with one cell at XFD1048576, the last cell Excel allows."""
    rows = rows_xml() + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    return _with_sheet(folder, "far_cell.xlsx", sheet_xml(rows, None))


def huge_dimension(folder: Path) -> Path:
    return _with_sheet(folder, "huge_dimension.xlsx", sheet_xml(dimension="A1:XFD1048576"))


def lying_dimension(folder: Path) -> Path:
    rows = rows_xml(8) + '<row r="40"><c r="H40"><v>1</v></c></row>'
    return _with_sheet(folder, "lying_dimension.xlsx", sheet_xml(rows, "A1:D10"))


def far_cell_without_namespace(folder: Path) -> Path:
    """The far cell in a worksheet with no namespace: calamine reads it all the same."""
    rows = rows_xml() + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    sheet = sheet_xml(rows, None, root="<worksheet>")
    return _with_sheet(folder, "far_cell_no_namespace.xlsx", sheet)


def far_cell_in_foreign_namespace(folder: Path) -> Path:
    rows = rows_xml() + '<x:row r="1048576"><x:c r="XFD1048576"><x:v>1</x:v></x:c></x:row>'
    root = f'<worksheet xmlns="{MAIN}" xmlns:x="urn:elsewhere">'
    return _with_sheet(folder, "far_cell_foreign_namespace.xlsx", sheet_xml(rows, None, root=root))


def far_cell_without_references(folder: Path) -> Path:
    """Cells with no `r`: the row number alone puts one at A1048576."""
    rows = rows_xml() + '<row r="1048576"><c><v>1</v></c></row>'
    return _with_sheet(folder, "far_cell_no_refs.xlsx", sheet_xml(rows, None))


def too_many_columns_without_references(folder: Path) -> Path:
    """Seventy cells with no `r` in one row: calamine counts them to column BR."""
    rows = '<row r="1">' + "<c><v>1</v></c>" * 70 + "</row>"
    return _with_sheet(folder, "wide_row.xlsx", sheet_xml(rows, None))


def duplicate_sheet_names(folder: Path) -> Path:
    """Two sheets called 'Payment': calamine reads the first, which holds the far cell."""
    parts = workbook_parts()
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        "<sheets>", '<sheets><sheet name="Payment" sheetId="2" r:id="rId9"/>'
    )
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        "</Relationships>",
        f'<Relationship Id="rId9" Type="{REL}/worksheet" Target="worksheets/sheet9.xml"/>'
        "</Relationships>",
    )
    rows = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    parts["xl/worksheets/sheet9.xml"] = sheet_xml(rows, None)
    return write_package(folder / "duplicate_sheets.xlsx", parts)


def parts_differing_in_case(folder: Path) -> Path:
    """A second copy of the worksheet whose name differs only in case, holding the far cell."""
    rows = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    parts = {"xl/worksheets/SHEET1.xml": sheet_xml(rows, None), **workbook_parts()}
    return write_package(folder / "case_twins.xlsx", parts)


def backslash_part_name(folder: Path) -> Path:
    """A second copy of the worksheet named with backslashes, as some calamine versions match."""
    rows = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    parts = {"xl\\worksheets\\sheet1.xml": sheet_xml(rows, None), **workbook_parts()}
    return write_package(folder / "backslash_twin.xlsx", parts)


def duplicate_part_names(folder: Path) -> Path:
    """The worksheet's name twice in the zip, the first copy holding the far cell."""
    rows = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    parts = [(SHEET, sheet_xml(rows, None)), *workbook_parts().items()]
    return write_package(folder / "duplicate_parts.xlsx", parts)


# ------------------------------------------------------------------ 7. broken packages


def malformed_xml(folder: Path) -> Path:
    return _with_sheet(folder, "malformed.xlsx", sheet_xml().replace("</sheetData>", ""))


def malformed_workbook_xml(folder: Path) -> Path:
    return _changed(folder, "malformed_workbook.xlsx", {"xl/workbook.xml": "<workbook><sheets>"})


def missing_workbook_xml(folder: Path) -> Path:
    parts = workbook_parts()
    del parts["xl/workbook.xml"]
    return write_package(folder / "no_workbook.xlsx", parts)


def zip_without_workbook_parts(folder: Path) -> Path:
    return write_package(folder / "just_a_zip.xlsx", {"readme.txt": "Our bid is attached."})


def _rels_pointing_at(target: str) -> str:
    """The workbook's relationships with its one sheet's target replaced."""
    return workbook_parts()["xl/_rels/workbook.xml.rels"].replace(
        "worksheets/sheet1.xml", target
    )


def sheet_outside_package(folder: Path) -> Path:
    rels = _rels_pointing_at("../../../../etc/passwd")
    return _changed(folder, "outside.xlsx", {"xl/_rels/workbook.xml.rels": rels})


def sheet_target_with_dot_segment(folder: Path) -> Path:
    """'./worksheets/sheet1.xml': calamine reads a part literally named xl/./worksheets/..."""
    rels = _rels_pointing_at("./worksheets/sheet1.xml")
    rows = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    return _changed(folder, "dot_target.xlsx", {
        "xl/_rels/workbook.xml.rels": rels,
        "xl/./worksheets/sheet1.xml": sheet_xml(rows, None),
    })


def sheet_target_with_backslashes(folder: Path) -> Path:
    rels = _rels_pointing_at("worksheets\\sheet1.xml")
    return _changed(folder, "backslash_target.xlsx", {"xl/_rels/workbook.xml.rels": rels})


def sheet_target_relative_to_the_package(folder: Path) -> Path:
    """'xl/worksheets/sheet1.xml' from xl/ is xl/xl/worksheets/...; older calamine disagrees."""
    rels = _rels_pointing_at("xl/worksheets/sheet1.xml")
    return _changed(folder, "xl_prefixed_target.xlsx", {
        "xl/_rels/workbook.xml.rels": rels,
        "xl/xl/worksheets/sheet1.xml": sheet_xml(),
    })


def sheet_without_relationship(folder: Path) -> Path:
    workbook = workbook_parts()["xl/workbook.xml"].replace('r:id="rId1"', 'r:id="rId7"')
    return _changed(folder, "no_relationship.xlsx", {"xl/workbook.xml": workbook})


def malformed_cell_reference(folder: Path, ref: str = "1A") -> Path:
    rows = f'<row r="1"><c r="{ref}"><v>1</v></c></row>'
    name = "bad_ref_" + "".join(ch if ch.isalnum() else "_" for ch in ref) + ".xlsx"
    return _with_sheet(folder, name, sheet_xml(rows, None))


def malformed_row_number(folder: Path) -> Path:
    rows = '<row r="1e6"><c><v>1</v></c></row>'
    return _with_sheet(folder, "bad_row.xlsx", sheet_xml(rows, None))


def cell_inside_cell(folder: Path) -> Path:
    rows = '<row r="1"><c r="A1"><c r="XFD1048576"><v>1</v></c></c></row>'
    return _with_sheet(folder, "nested_cells.xlsx", sheet_xml(rows, None))


def utf16_worksheet(folder: Path) -> Path:
    """UTF-16 XML: expat reads it, calamine reads its bytes as UTF-8."""
    sheet = '<?xml version="1.0" encoding="UTF-16"?>' + sheet_xml()
    return _with_sheet(folder, "utf16.xlsx", sheet.encode("utf-16"))


def element_flood(folder: Path) -> Path:
    """A million empty elements in a 5 MB worksheet, with noise to pass the ratio check."""
    noise = random.Random(1).randbytes(40_000).hex()
    rows = "<x/>" * 1_000_001 + f"<!-- {noise} -->"
    return _with_sheet(folder, "element_flood.xlsx", sheet_xml(rows, None))


def attribute_flood(folder: Path) -> Path:
    """One cell tag with ten thousand attributes: an expat parser would build them all."""
    attributes = " ".join(f'a{n}=""' for n in range(10_000))
    rows = f'<row r="1"><c r="A1" {attributes}><v>1</v></c></row>'
    return _with_sheet(folder, "attribute_flood.xlsx", sheet_xml(rows, None))


def unusual_compression(folder: Path) -> Path:
    return write_package(folder / "bzip2.xlsx", workbook_parts(), zipfile.ZIP_BZIP2)


def encrypted_zip_member(folder: Path) -> Path:
    path = plain_workbook(folder, "zip_encrypted.xlsx")
    _patch_first_member(path, flag_bits=0x1)
    return path


def nameless_part(folder: Path) -> Path:
    """A member whose name starts with a NUL, which Python's zipfile cuts to ''."""
    path = plain_workbook(folder, "nameless_part.xlsx")
    data = bytearray(path.read_bytes())
    central = struct.unpack("<I", data[-6:-2])[0]
    data[central + 46] = 0  # the first byte of the first member's name
    path.write_bytes(bytes(data))
    return path


def zip_from_the_future(folder: Path) -> Path:
    """A member that needs zip version 9.9 to extract: Python's zipfile will not read it."""
    path = plain_workbook(folder, "zip_version_99.xlsx")
    _patch_first_member(path, version_needed=99)
    return path


def template_content_type(folder: Path) -> Path:
    template = "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml"
    types = workbook_parts()["[Content_Types].xml"].replace(XLSX_MAIN_TYPE, template)
    return _changed(folder, "template.xlsx", {"[Content_Types].xml": types})


HOSTILE: list[Callable[[Path], Path]] = [
    empty_file, truncated_workbook, random_bytes,
    csv_renamed, xls_renamed, encrypted_workbook,
    xlsm_named, macro_content_type, vba_project,
    honest_zip_bomb, lying_zip_bomb, ratio_bomb, many_part_ratio_bomb,
    entity_in_shared_strings, entity_in_worksheet, entity_in_workbook, external_entity,
    stray_far_cell, huge_dimension, lying_dimension,
    far_cell_without_namespace, far_cell_in_foreign_namespace, far_cell_without_references,
    too_many_columns_without_references, duplicate_sheet_names, parts_differing_in_case,
    backslash_part_name, duplicate_part_names,
    malformed_xml, malformed_workbook_xml, missing_workbook_xml, zip_without_workbook_parts,
    sheet_outside_package, sheet_target_with_dot_segment, sheet_target_with_backslashes,
    sheet_target_relative_to_the_package, sheet_without_relationship,
    malformed_cell_reference, malformed_row_number, cell_inside_cell, utf16_worksheet,
    element_flood, attribute_flood, unusual_compression, encrypted_zip_member, zip_from_the_future,
    nameless_part,
    template_content_type,
]


def build_all(folder: Path) -> list[Path]:
    """Every hostile file, written into `folder`."""
    os.makedirs(folder, exist_ok=True)
    return [build(folder) for build in HOSTILE]
