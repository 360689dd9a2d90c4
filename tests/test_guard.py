"""The guard: every kind of hostile file is refused before calamine sees it.

Each refusal must say what is wrong and, where one applies, name the cell. Every
test asks the guard first and only then `read_bid`, so that if the guard ever lets
a hostile file through, the test fails instead of handing it to calamine (which can
abort the whole test run).
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tracemalloc
import zipfile
from pathlib import Path

import olefile
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring.batch import score_files
from scoring.guard import RefusedWorkbook, check_workbook
from scoring.reader import read_bid
from tests import hostile
from tests.bidfiles import write_bid

ROOT = Path(__file__).resolve().parent.parent


def refusal(path: Path, *words: str, cell: str | None = None) -> str:
    """The one problem `read_bid` reports for a file the guard refuses; checks words and cell."""
    with pytest.raises(RefusedWorkbook):
        check_workbook(path.read_bytes(), path.name)
    result = read_bid(path)
    assert result.bid is None
    assert len(result.errors) == 1, result.errors
    problem = result.errors[0]
    for word in words:
        assert word.lower() in problem.message.lower(), problem.message
    assert problem.cell == cell, problem
    return problem.message


# ------------------------------------------------------------------ what must still pass


def test_a_valid_bid_still_passes(tmp_path):
    result = read_bid(write_bid(tmp_path))
    assert result.accepted, result.errors
    assert result.errors == ()


def test_every_sample_bid_passes_the_guard():
    for path in sorted((ROOT / "sample_tenders").glob("*.xlsx")):
        check_workbook(path.read_bytes(), path.name)


def test_the_plain_workbook_the_hostile_files_start_from_passes_the_guard(tmp_path):
    path = hostile.plain_workbook(tmp_path)
    checked = check_workbook(path.read_bytes(), path.name)
    assert list(checked.sheets) == ["Payment"]


def test_a_hostile_file_in_a_batch_does_not_stop_the_others(tmp_path):
    first = write_bid(tmp_path, "first.xlsx")
    bomb = hostile.stray_far_cell(tmp_path)
    last = write_bid(tmp_path, "last.xlsx")
    reports = score_files([first, bomb, last])
    assert [report.scorecard is not None for report in reports] == [True, False, True]
    assert reports[1].errors[0].cell == "Payment!XFD1048576"


# ------------------------------------------------------------------ 1. not a zip at all


def test_empty_file_is_refused(tmp_path):
    refusal(hostile.empty_file(tmp_path), "empty", "0 bytes")


def test_truncated_workbook_is_refused_as_damaged(tmp_path):
    refusal(hostile.truncated_workbook(tmp_path), "damaged or truncated", "save it again")


def test_random_bytes_named_xlsx_are_refused(tmp_path):
    refusal(hostile.random_bytes(tmp_path), "unknown kind of file", "renamed to .xlsx")


# ------------------------------------------------------------------ 2. another format


def test_csv_renamed_to_xlsx_is_refused(tmp_path):
    refusal(hostile.csv_renamed(tmp_path), "CSV", "renamed to .xlsx")


def test_old_xls_renamed_to_xlsx_is_refused(tmp_path):
    refusal(hostile.xls_renamed(tmp_path), "Excel 97-2003 (.xls)", "save it as an Excel Workbook")


def test_encrypted_workbook_is_refused(tmp_path):
    refusal(hostile.encrypted_workbook(tmp_path), "encrypted", "remove the password")


def test_the_crafted_compound_files_are_real_ole_files():
    with olefile.OleFileIO(io.BytesIO(hostile.compound_file(["EncryptionInfo",
                                                              "EncryptedPackage"]))) as ole:
        assert ole.exists("EncryptionInfo") and ole.exists("EncryptedPackage")
    with olefile.OleFileIO(io.BytesIO(hostile.compound_file(["Workbook"]))) as ole:
        assert ole.listdir() == [["Workbook"]]


def test_a_tiny_ole_file_is_refused_not_opened_as_a_file_name(tmp_path):
    path = tmp_path / "tiny.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0")
    refusal(path, ".xls")


# ------------------------------------------------------------------ 3. macros


def test_xlsm_file_name_is_refused(tmp_path):
    refusal(hostile.xlsm_named(tmp_path), "macro-enabled", ".xlsm")


def test_macro_enabled_content_type_is_refused(tmp_path):
    refusal(hostile.macro_content_type(tmp_path), "macro-enabled", "macroEnabled.main+xml")


def test_workbook_containing_a_vba_project_is_refused(tmp_path):
    refusal(hostile.vba_project(tmp_path), "macros")


def test_template_content_type_is_refused(tmp_path):
    refusal(hostile.template_content_type(tmp_path), "expected an Excel workbook",
            "template.main+xml")


# ------------------------------------------------------------------ 4. zip bombs


def test_zip_bomb_declaring_more_than_the_inflated_limit_is_refused(tmp_path):
    refusal(hostile.honest_zip_bomb(tmp_path), "zip bomb", "60 MB", "50 MB allowed")


def test_zip_bomb_is_refused_without_inflating_it(tmp_path):
    bomb = hostile.honest_zip_bomb(tmp_path)
    tracemalloc.start()
    try:
        result = read_bid(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert not result.accepted
    assert peak < 2 * bomb.stat().st_size + 2**20  # the file itself, not its 60 MB


def test_zip_member_whose_header_lies_about_its_size_is_refused(tmp_path):
    refusal(hostile.lying_zip_bomb(tmp_path), "xl/worksheets/sheet1.xml", "1,000 bytes",
            "lies about its size")


def test_part_with_an_absurd_compression_ratio_is_refused_under_the_total_limit(tmp_path):
    refusal(hostile.ratio_bomb(tmp_path), "part xl/worksheets/sheet1.xml", "-fold", "zip bomb")


def test_many_small_parts_with_an_absurd_ratio_are_refused(tmp_path):
    refusal(hostile.many_part_ratio_bomb(tmp_path), "package as a whole", "-fold", "zip bomb")


def test_unusual_zip_compression_is_refused(tmp_path):
    refusal(hostile.unusual_compression(tmp_path), "compressed in a way Excel never uses")


def test_zip_needing_a_newer_zip_version_is_refused(tmp_path):
    refusal(hostile.zip_from_the_future(tmp_path), "damaged", "zip file version 9.9")


def test_zip_member_without_a_name_is_refused(tmp_path):
    refusal(hostile.nameless_part(tmp_path), "a part with no name")


def test_encrypted_zip_member_is_refused(tmp_path):
    refusal(hostile.encrypted_zip_member(tmp_path), "encrypted", "remove the password")


# ------------------------------------------------------------------ 5. DTDs and entities


@pytest.mark.parametrize(
    ("build", "where"),
    [
        (hostile.entity_in_shared_strings, "part xl/sharedStrings.xml"),
        (hostile.entity_in_worksheet, "sheet 'Payment'"),
        (hostile.entity_in_workbook, "part xl/workbook.xml"),
        (hostile.external_entity, "part xl/sharedStrings.xml"),
    ],
)
def test_workbook_with_entity_declaration_is_refused(tmp_path, build, where):
    refusal(build(tmp_path), where, "declares a DTD or entities")


# ------------------------------------------------------------------ 6. cells far away


def test_stray_cell_at_xfd1048576_is_refused_naming_the_cell(tmp_path):
    message = refusal(hostile.stray_far_cell(tmp_path), "far outside the area a bid uses",
                      cell="Payment!XFD1048576")
    assert "Payment!XFD1048576" in message


def test_dimension_declaring_the_whole_sheet_is_refused(tmp_path):
    refusal(hostile.huge_dimension(tmp_path), "A1:XFD1048576", "far beyond",
            cell="Payment!XFD1048576")


def test_dimension_that_lies_is_refused_naming_the_cell_beyond_it(tmp_path):
    refusal(hostile.lying_dimension(tmp_path), "end at D10", "Payment!H40",
            "declared dimension is false", cell="Payment!H40")


@pytest.mark.parametrize(
    "build", [hostile.far_cell_without_namespace, hostile.far_cell_in_foreign_namespace]
)
def test_far_cell_is_found_whatever_the_namespace(tmp_path, build):
    refusal(build(tmp_path), "far outside", cell="Payment!XFD1048576")


def test_far_cell_without_a_reference_is_placed_as_calamine_places_it(tmp_path):
    refusal(hostile.far_cell_without_references(tmp_path), "far outside",
            cell="Payment!A1048576")


def test_cells_without_references_counted_past_the_column_limit_are_refused(tmp_path):
    refusal(hostile.too_many_columns_without_references(tmp_path), "60 columns",
            cell="Payment!BI1")


def test_two_sheets_with_one_name_are_refused(tmp_path):
    refusal(hostile.duplicate_sheet_names(tmp_path), "two sheets named 'Payment'")


def test_two_parts_whose_names_differ_only_in_case_are_refused(tmp_path):
    refusal(hostile.parts_differing_in_case(tmp_path), "two parts named",
            "xl/worksheets/SHEET1.xml")


def test_a_second_part_named_with_backslashes_is_refused(tmp_path):
    refusal(hostile.backslash_part_name(tmp_path), "two parts named",
            "xl\\worksheets\\sheet1.xml")


def test_a_part_name_repeated_in_the_zip_is_refused(tmp_path):
    refusal(hostile.duplicate_part_names(tmp_path), "two parts named xl/worksheets/sheet1.xml")


# ------------------------------------------------------------------ 7. broken packages


def test_malformed_worksheet_xml_is_refused(tmp_path):
    refusal(hostile.malformed_xml(tmp_path), "sheet 'Payment'", "not well-formed XML")


def test_malformed_workbook_xml_is_refused(tmp_path):
    refusal(hostile.malformed_workbook_xml(tmp_path), "xl/workbook.xml", "not well-formed XML")


def test_package_without_workbook_xml_is_refused(tmp_path):
    refusal(hostile.missing_workbook_xml(tmp_path), "no xl/workbook.xml",
            "not an Excel workbook")


def test_zip_without_any_workbook_part_is_refused(tmp_path):
    refusal(hostile.zip_without_workbook_parts(tmp_path), "not an Excel workbook")


def test_sheet_relationship_pointing_outside_the_package_is_refused(tmp_path):
    refusal(hostile.sheet_outside_package(tmp_path), "sheet 'Payment'",
            "'../../../../etc/passwd'", "outside the package")


@pytest.mark.parametrize(
    ("build", "target"),
    [
        (hostile.sheet_target_with_dot_segment, "./worksheets/sheet1.xml"),
        (hostile.sheet_target_with_backslashes, "worksheets\\sheet1.xml"),
    ],
)
def test_sheet_relationship_that_readers_resolve_differently_is_refused(tmp_path, build, target):
    refusal(build(tmp_path), f"relationship rId1 points to '{target}'", "not a plain path")


def test_sheet_relationship_relative_to_the_package_root_is_refused(tmp_path):
    refusal(hostile.sheet_target_relative_to_the_package(tmp_path),
            "xl/xl/worksheets/sheet1.xml", "not to a sheet")


def test_relationship_to_custom_xml_outside_xl_still_passes(tmp_path):
    parts = hostile.workbook_parts()
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        "</Relationships>",
        f'<Relationship Id="rId3" Type="{hostile.REL}/customXml" '
        'Target="../customXml/item1.xml"/></Relationships>',
    )
    parts["customXml/item1.xml"] = "<b:Sources xmlns:b='urn:bibliography'/>"
    path = hostile.write_package(tmp_path / "custom_xml.xlsx", parts)
    assert list(check_workbook(path.read_bytes(), path.name).sheets) == ["Payment"]


def test_sheet_without_a_relationship_is_refused(tmp_path):
    refusal(hostile.sheet_without_relationship(tmp_path), "sheet 'Payment'",
            "no relationship to its part")


@pytest.mark.parametrize("ref", ["1A", "a1", "A0", "$A$1", "A1B", "AAAA1", "A12345678", ""])
def test_malformed_cell_reference_is_refused(tmp_path, ref):
    refusal(hostile.malformed_cell_reference(tmp_path, ref), f"malformed reference '{ref}'")


def test_malformed_row_number_is_refused(tmp_path):
    refusal(hostile.malformed_row_number(tmp_path), "malformed row number '1e6'")


def test_cell_nested_in_a_cell_is_refused(tmp_path):
    refusal(hostile.cell_inside_cell(tmp_path), "a cell inside the cell Payment!A1",
            cell="Payment!A1")


def test_xml_that_is_not_utf8_is_refused(tmp_path):
    refusal(hostile.utf16_worksheet(tmp_path), "not UTF-8")


def test_flood_of_xml_elements_is_refused(tmp_path):
    refusal(hostile.element_flood(tmp_path), "more than 1,000,000 XML elements")


def test_tag_flooded_with_attributes_is_refused(tmp_path):
    refusal(hostile.attribute_flood(tmp_path), "sheet 'Payment'", "tag longer than")


# ------------------------------------------------------------------ the command line


def run_cli(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scoring", "score", *map(str, paths), "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )


def test_cli_refuses_every_hostile_file_with_exit_1_and_the_guards_message(tmp_path):
    valid = write_bid(tmp_path, "valid.xlsx")
    corpus = hostile.build_all(tmp_path / "hostile")
    completed = run_cli(valid, *corpus)
    assert completed.returncode == 1
    assert completed.stderr == ""
    bids = {Path(bid["source"]).name: bid for bid in json.loads(completed.stdout)["bids"]}
    assert bids["valid.xlsx"]["overall"] is not None
    for path in corpus:
        with pytest.raises(RefusedWorkbook) as refused:
            check_workbook(path.read_bytes(), path.name)
        bid = bids[path.name]
        assert bid["overall"] is None
        assert bid["errors"] == [{"cell": refused.value.cell, "message": refused.value.message}]


def test_cli_names_the_far_cell_of_a_single_file(tmp_path):
    completed = run_cli(hostile.stray_far_cell(tmp_path))
    assert completed.returncode == 1
    assert "Traceback" not in completed.stderr
    [error] = json.loads(completed.stdout)["bids"][0]["errors"]
    assert error["cell"] == "Payment!XFD1048576"
    assert "far outside" in error["message"]


# ------------------------------------------------------------------ never a crash


def _zipped(parts: hostile.Parts) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in parts.items():
            package.writestr(name, content)
    return buffer.getvalue()


PLAIN = _zipped(hostile.workbook_parts())
TOKENS = ["<", ">", "/>", '"', "=", "x:", "<c>", "</c>", "<row>", "</row>", "<v>9</v>",
          'r="XFD1"', 'r="A99999"', "&amp;", "&x;", "<!DOCTYPE a>", "\x00", "\xe9", "]]>"]


def _accepted_or_refused(data: bytes) -> None:
    try:
        check_workbook(data, "mangled.xlsx")
    except RefusedWorkbook as refused:
        assert refused.message


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(PLAIN) - 1), st.integers(0, 255)), max_size=6))
def test_guard_never_crashes_on_a_mangled_package(flips):
    data = bytearray(PLAIN)
    for position, byte in flips:
        data[position] = byte
    _accepted_or_refused(bytes(data))


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(sorted(hostile.workbook_parts())),
    st.lists(st.tuples(st.floats(0, 1), st.sampled_from(TOKENS)), min_size=1, max_size=4),
)
def test_guard_never_crashes_on_mangled_xml(part, insertions):
    parts = hostile.workbook_parts()
    text = parts[part]
    for where, token in insertions:
        at = int(where * len(text))
        text = text[:at] + token + text[at:]
    _accepted_or_refused(_zipped({**parts, part: text}))
