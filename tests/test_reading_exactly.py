"""The reader reads exactly what Excel shows, or refuses the cell and says why (issue 8).

Every file here is a real bid workbook with one cell or part rewritten the way a
hand-made or damaged file stores it; openpyxl reads each the way Excel does.
"""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from sample_tenders.bids import payment
from scoring import reader
from scoring.batch import report_for
from scoring.cli import render_table
from scoring.engine import score_bid
from scoring.ranking import ranking
from scoring.reader import read_bid
from scoring.rulebook import Rule
from scoring.scheme import DEFAULT_SCHEME
from tests.bidfiles import as_excel_saves_it, replace_cell, rewrite_parts, rewrite_sheet
from tests.hostile import MAIN, workbook_parts, write_package

CALAMINE_WORDS = ("calamine", "Cell string index", "Unrecognized", "Cannot detect")


def only_error(result, cell):
    assert not result.accepted
    assert [p.cell for p in result.errors] == [cell], result.errors
    return result.errors[0].message


def warning_at(result, cell):
    messages = [p.message for p in result.warnings if p.cell == cell]
    assert len(messages) == 1, (cell, result.warnings)
    return messages[0]


def openpyxl_value(path, sheet, ref):
    return load_workbook(path, data_only=True)[sheet][ref].value


# ------------------------------------------------------------ 1. values split or disguised


@pytest.mark.parametrize("stored", ["&#49;2", "1<!---->2", "<![CDATA[12]]>", "1<!-- x -->2"])
def test_a_value_split_or_disguised_in_the_xml_is_refused_not_misread(bid_file, stored):
    path = replace_cell(bid_file(), "Treatment", "C3", f'<c r="C3" t="n"><v>{stored}</v></c>')
    assert openpyxl_value(path, "Treatment", "C3") == 12  # what Excel shows
    message = only_error(read_bid(path), "Treatment!C3")
    assert "Excel shows as 12" in message
    assert "save it again" in message


def test_an_inline_string_followed_by_a_value_is_ambiguous(bid_file):
    path = replace_cell(bid_file(), "Bid", "C5",
                        '<c r="C5" t="inlineStr"><is><t>NRP-1</t></is><v>7</v></c>')
    message = only_error(read_bid(path), "Bid!C5")
    assert "ambiguous" in message and "save it again" in message


def test_rich_text_runs_keep_the_space_between_them_or_are_refused(bid_file):
    runs = '<r><t>Brightpath </t></r><r><t>Recovery</t></r>'
    path = replace_cell(bid_file(), "Bid", "C3", f'<c r="C3" t="inlineStr"><is>{runs}</is></c>')
    assert openpyxl_value(path, "Bid", "C3") == "Brightpath Recovery"
    assert "Brightpath Recovery" in only_error(read_bid(path), "Bid!C3")

    kept = runs.replace("<t>Brightpath", '<t xml:space="preserve">Brightpath')
    path = replace_cell(bid_file(), "Bid", "C3", f'<c r="C3" t="inlineStr"><is>{kept}</is></c>')
    assert read_bid(path).bid.provider == "Brightpath Recovery"


def test_a_plain_number_still_reads(bid_file):
    path = replace_cell(bid_file(), "Treatment", "C3", '<c r="C3" t="n"><v>12</v></c>')
    assert read_bid(path).bid.treatment.ost_max_duration_months == 12


# ------------------------------------------------------------ 2. ambiguous structure


def test_the_same_cell_twice_is_refused(bid_file):
    path = replace_cell(bid_file(), "Treatment", "C3",
                        '<c r="C3"><v>12</v></c><c r="C3"><v>24</v></c>')
    result = read_bid(path)
    assert [p.cell for p in result.errors] == ["Treatment!C3"]
    assert "stored twice" in result.errors[0].message


def test_the_same_row_twice_is_refused(bid_file):
    path = rewrite_sheet(bid_file(answers={"ost.max_duration_months": 12}), "Treatment",
                         lambda xml: xml.replace(
        '<row r="4">', '<row r="3"><c r="C3"><v>24</v></c></row><row r="4">'))
    result = read_bid(path)
    assert [p.cell for p in result.errors] == ["Treatment!A3"]
    assert "row 3 twice" in result.errors[0].message


def shared_string_workbook(folder, index):
    parts = workbook_parts(
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">'
        f'<c r="A1" t="s"><v>{index}</v></c></row></sheetData></worksheet>')
    parts["xl/sharedStrings.xml"] = (
        f'<sst xmlns="{MAIN}"><si><t>Outcome</t></si><si><t>Share %</t></si></sst>')
    return write_package(folder / "strings.xlsx", parts)


@pytest.mark.parametrize("index", ["a", "-1", " 1", "1.0", "+1", "2", ""])
def test_a_shared_string_index_that_is_not_a_plain_index_is_refused(tmp_path, index):
    result = read_bid(shared_string_workbook(tmp_path, index))
    message = only_error(result, "Payment!A1")
    assert "shared text" in message
    assert not any(word in message for word in CALAMINE_WORDS)


def test_a_plain_shared_string_index_reads(tmp_path):
    result = read_bid(shared_string_workbook(tmp_path, "1"))
    assert not any("shared text" in p.message for p in result.errors)


# ------------------------------------------------------------ 3. impossible numbers


@pytest.mark.parametrize(("stored", "words"), [
    ("1E+308", "at most 1,000,000,000"),
    ("1E+999", "found infinity"),
    ("5E-324", "at least 1"),
])
def test_impossible_contract_values_are_errors_at_their_cell(bid_file, stored, words):
    path = replace_cell(bid_file(), "Bid", "C7", f'<c r="C7" t="n"><v>{stored}</v></c>')
    assert words in only_error(read_bid(path), "Bid!C7")


@pytest.mark.parametrize("stored", ["NaN", "INF", "-Infinity", "1_000", " 12 "])
def test_numbers_only_some_programs_read_are_refused(bid_file, stored):
    path = replace_cell(bid_file(), "Bid", "C7", f'<c r="C7" t="n"><v>{stored}</v></c>')
    assert "ambiguous" in only_error(read_bid(path), "Bid!C7")


@pytest.mark.parametrize(("question", "value", "cell", "words"), [
    ("cohort.in_treatment", 2_000_000, "Bid!C9", "at most 1,000,000"),
    ("ost.max_duration_months", 601, "Treatment!C3", "at most 600"),
    ("pathway.rapid_reentry_days", 4000, "Treatment!C18", "at most 3,650"),
    ("caseload.clients_per_keyworker", 1001, "Voice!C7", "at most 1,000"),
    ("workforce.peer_workers_fte", 100_001, "Voice!C3", "at most 100,000"),
    ("pathway.residential_rehab_budget_gbp", 2e9, "Treatment!C15", "at most 1,000,000,000"),
])
def test_the_contracts_plausible_maxima(bid_file, question, value, cell, words):
    result = read_bid(bid_file(answers={question: value}))
    assert words in only_error(result, cell)


def test_a_provider_name_longer_than_200_characters_is_refused(bid_file):
    message = only_error(read_bid(bid_file(answers={"provider.name": "N" * 10_000})), "Bid!C3")
    assert message == ("provider.name: expected text of at most 200 characters, "
                       "found 10,000 characters")


def test_a_rule_that_raises_is_shown_as_an_error_never_as_no_flag(bid_file):
    def broken(bid):
        raise OverflowError("cannot convert float infinity to integer")

    rule = Rule(id="INC-99", area="incentives", title="Broken", rationale="r",
                stronger_bid="s", evidence=("ohid_2017_clinical",), check=broken)
    result = read_bid(bid_file())
    report = report_for(result)
    report = type(report)(result, score_bid(result.bid, rules=(rule,)))
    assert "rule INC-99 could not be checked" in render_table(ranking([report], DEFAULT_SCHEME))
    entry = json.loads(json.dumps(report.to_json()))
    assert entry["rule_errors"][0]["rule"] == "INC-99"
    assert "check this by hand" in entry["rule_errors"][0]["message"]


# ------------------------------------------------------------ 4. renamed and unknown columns


def rename_header(path, sheet, old, new):
    """The header renamed, whether the writer stored its text as typed or as character
    references (openpyxl with lxml writes '£' as '&#163;')."""
    def as_ascii(text):
        return text.encode("ascii", "xmlcharrefreplace").decode()

    def renamed(xml):
        for stored in (old, as_ascii(old)):
            xml = xml.replace(f"<t>{stored}</t>", f"<t>{as_ascii(new)}</t>", 1)
        return xml

    return rewrite_sheet(path, sheet, renamed)


@pytest.mark.parametrize(("sheet", "known", "renamed"), [
    ("Payment", "Clawback", "Claw-back"),
    ("Payment", "Cohort", "Client group"),
    ("Targets", "Consequence", "Consequences"),
    ("Partnerships", "Annual funding £", "Annual funding (£)"),
])
def test_a_renamed_column_is_read_as_the_known_one_with_a_warning(bid_file, sheet, known,
                                                                   renamed):
    original = read_bid(bid_file()).bid
    result = read_bid(rename_header(bid_file(), sheet, known, renamed))
    assert result.accepted and result.bid == original
    [warning] = result.warnings
    assert warning.cell.startswith(f"{sheet}!") and warning.cell.endswith("1")
    assert warning.message == f"the column '{renamed}' was read as the column '{known}'"


def test_an_unknown_column_is_a_warning_naming_it(bid_file):
    result = read_bid(rename_header(bid_file(), "Payment", "Window months", "Payment trigger"))
    assert result.accepted
    assert result.bid.payment_lines[1].window_months is None
    assert "the column 'Payment trigger' is not one the 'Payment' sheet uses" in warning_at(
        result, "Payment!D1")


# ------------------------------------------------------------ 5. typing slips


def test_a_fraction_in_a_percent_field_is_read_as_typed_with_a_warning(bid_file):
    result = read_bid(bid_file(answers={"workforce.lived_experience_pct": 0.3}))
    assert result.bid.voice.workforce_lived_experience_pct == 0.3
    assert "if 30 % was meant" in warning_at(result, "Voice!C2")


def test_a_fraction_typed_with_a_percent_sign_means_what_it_says(bid_file):
    result = read_bid(bid_file(answers={"workforce.lived_experience_pct": "0.3%"}))
    assert result.bid.voice.workforce_lived_experience_pct == 0.3
    assert result.warnings == ()


def test_a_formula_whose_saved_value_is_an_error_says_so(bid_file):
    path = replace_cell(as_excel_saves_it(bid_file()), "Bid", "C7",
                        '<c r="C7" t="e"><f>#REF!*2</f><v>#REF!</v></c>')
    message = only_error(read_bid(path), "Bid!C7")
    assert "the error #REF!" in message


def test_a_thousands_dot_is_blamed_on_the_cell_where_it_was_typed(bid_file):
    result = read_bid(bid_file(answers={"cohort.in_treatment": "1.100"}))
    message = only_error(result, "Bid!C9")
    assert "could mean 1.1 or 1,100" in message


def test_an_answer_hidden_under_a_merged_cell_is_a_warning_and_read_as_excel_shows_it(bid_file):
    path = rewrite_sheet(bid_file(answers={"ost.max_duration_months": 12}), "Treatment",
                         lambda xml: xml.replace(
        "</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="B3:C3"/></mergeCells>'))
    assert openpyxl_value(path, "Treatment", "C3") is None
    result = read_bid(path)
    assert result.bid.treatment.ost_max_duration_months is None
    assert "hidden under the merged cells Treatment!B3:C3" in warning_at(result, "Treatment!C3")


def test_question_ids_match_in_any_case(bid_file):
    path = replace_cell(bid_file(), "Bid", "A3",
                        '<c r="A3" t="inlineStr"><is><t>Provider.Name</t></is></c>')
    result = read_bid(path)
    assert result.errors == ()
    assert result.bid.provider == "Northgate Recovery Partnership"


def rename_sheet(path, old, new):
    return rewrite_parts(path, lambda name, content: content.replace(
        f'name="{old}"'.encode(), f'name="{new}"'.encode()) if name == "xl/workbook.xml"
        else content)


def test_a_sheet_name_with_a_trailing_tab_is_read_with_a_clear_warning(bid_file):
    result = read_bid(rename_sheet(bid_file(), "Payment", "Payment&#9;"))
    assert result.accepted
    assert "'Payment\\t' has spaces or a tab around it" in warning_at(result, "Payment\t!A1")


def test_two_sheets_that_differ_only_by_a_tab_are_refused_in_words(bid_file):
    result = read_bid(rename_sheet(bid_file(), "Targets", "Payment&#9;"))
    assert not result.accepted
    assert "two sheets that both read as 'payment'" in result.errors[0].message


# ------------------------------------------------------------ 7. calamine never speaks


def test_a_boolean_that_is_neither_true_nor_false_is_located_in_words(bid_file):
    path = replace_cell(bid_file(), "Safety", "C2", '<c r="C2" t="b"><v>2</v></c>')
    message = only_error(read_bid(path), "Safety!C2")
    assert "as TRUE or FALSE" in message
    assert not any(word in message for word in CALAMINE_WORDS)


@pytest.mark.parametrize("failing", ["from_filelike", "get_sheet_by_name"])
def test_calamine_errors_become_plain_messages(bid_file, monkeypatch, failing):
    class CalamineError(Exception):
        pass

    class Workbook:
        @staticmethod
        def from_filelike(_file):
            if failing == "from_filelike":
                raise CalamineError("Cannot detect file format")
            return Workbook()

        def get_sheet_by_name(self, _name):
            raise CalamineError("Cell string index not found in shared strings table")

    monkeypatch.setattr(reader.python_calamine, "CalamineWorkbook", Workbook)
    result = read_bid(bid_file())
    [error] = result.errors
    assert "save it again" in error.message
    assert not any(word in error.message for word in CALAMINE_WORDS)


# ------------------------------------------------------------ 6. work bounded by the bid


def test_only_the_bids_sheets_are_read(bid_file, monkeypatch):
    read = []
    real = reader.python_calamine.CalamineWorkbook.get_sheet_by_name

    def spy(self, name):
        read.append(name)
        return real(self, name)

    monkeypatch.setattr(reader.python_calamine.CalamineWorkbook, "get_sheet_by_name", spy)
    assert read_bid(bid_file(tables={"Payment": [payment("Core", "block", 100)]})).accepted
    assert "Guidance" not in read and "Lists" not in read


def test_the_cell_limit_bounds_the_whole_workbook_not_each_sheet(bid_file):
    from dataclasses import replace

    from scoring.limits import DEFAULT_LIMITS

    path = bid_file()
    largest_sheet = max(ws.max_row * ws.max_column for ws in load_workbook(path).worksheets)
    result = read_bid(path, replace(DEFAULT_LIMITS, max_cells=largest_sheet + 1))
    assert not result.accepted
    assert "the workbook has more than" in result.errors[0].message


def test_a_worksheet_in_another_namespace_is_refused(bid_file):
    path = rewrite_sheet(bid_file(), "Treatment", lambda xml: xml.replace(
        "spreadsheetml/2006/main", "spreadsheetml/2006/other", 1))
    result = read_bid(path)
    assert not result.accepted
    assert "not written in the spreadsheet XML namespaces" in result.errors[0].message


@pytest.mark.filterwarnings("ignore:File contains an invalid specification")  # openpyxl's
def test_sheet_ids_in_another_namespace_are_refused(bid_file):
    path = rewrite_parts(bid_file(), lambda name, content: content.replace(
        b"officeDocument/2006/relationships", b"officeDocument/2006/other")
        if name == "xl/workbook.xml" else content)
    assert load_workbook(path, read_only=True).sheetnames == []  # openpyxl sees no sheets
    result = read_bid(path)
    assert "xl/workbook.xml is not written in the spreadsheet XML namespaces" in (
        result.errors[0].message)


def test_shared_text_not_declared_as_such_is_refused(tmp_path):
    parts = workbook_parts()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        "sharedStrings+xml", "sharedStrin6s+xml")
    result = read_bid(write_package(tmp_path / "undeclared.xlsx", parts))
    assert "shared text is not declared as such" in result.errors[0].message
