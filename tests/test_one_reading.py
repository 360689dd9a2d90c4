"""One workbook, one reading (issue 19): every answer is read as Excel shows it to the
panel, or the file is refused in words, or (for what Excel hides) the answer is read and
a warning names what is hidden and where.

One test per class of misreading found by the attack on the reader, each on a real bid
workbook with one thing changed by hand the way a hostile or unusual file stores it.
"""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from scoring import reader
from scoring.reader import read_bid
from tests.bidfiles import (
    as_excel_saves_it,
    format_cell,
    replace_cell,
    rewrite_parts,
    rewrite_sheet,
)
from tests.fuzz import with_shared_strings
from tests.hostile import MAIN

PCT = "workforce.lived_experience_pct"  # Voice!C2, a percentage
MONTHS = "ost.max_duration_months"  # Treatment!C3, a number
INTERNAL = ("ValueError", "AttributeError", "UnicodeEncodeError", "Traceback", "KeyError")
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"


def refused(result, *words, cell=None):
    """The file is refused, in words, with every word in one of its messages."""
    assert not result.accepted
    messages = [p.message for p in result.errors if cell is None or p.cell == cell]
    assert any(all(w in m for w in words) for m in messages), result.errors
    assert not any(name in m for m in messages for name in INTERNAL)
    return messages


def warned(result, cell, *words):
    messages = [p.message for p in result.warnings if p.cell == cell]
    assert any(all(w in m for w in words) for m in messages), result.warnings


def edit_part(path, part, edit):
    return rewrite_parts(path, lambda name, content: edit(content.decode()).encode()
                         if name == part else content)


def edit_workbook(path, edit):
    return edit_part(path, "xl/workbook.xml", edit)


# ------------------------------------------------------------------ two faces


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_hidden_bid_sheet_is_refused(bid_file, state):
    path = edit_workbook(bid_file(), lambda xml: xml.replace(
        'name="Payment" sheetId="6" state="visible"',
        f'name="Payment" sheetId="6" state="{state}"'))
    refused(read_bid(path), "'Payment' is hidden", "unhide", cell="Payment!A1")


@pytest.mark.parametrize("look_alike", ["Pay&#8203;ment", "P&#1072;yment", "Payme&#776;nt"])
def test_a_sheet_whose_name_only_looks_like_a_bid_sheet_is_refused(bid_file, look_alike):
    """The veryHidden real sheet scored while the panel reads a visible look-alike: both
    halves are refused, so neither can be used alone."""
    path = edit_workbook(bid_file(), lambda xml: xml.replace(
        'name="Payment"', f'name="{look_alike}"'))
    refused(read_bid(path), "looks like 'payment'", "invisible characters")


def test_a_sheet_listed_only_in_an_extension_block_is_refused(bid_file):
    shadow = (f'<extLst><ext uri="{{00000000-0000-0000-0000-000000000001}}"><sheets '
              f'xmlns="{MAIN}"><sheet xmlns:r="http://schemas.openxmlformats.org/'
              'officeDocument/2006/relationships" name="Shadow" sheetId="99" r:id="rId6"/>'
              "</sheets></ext></extLst></workbook>")
    path = edit_workbook(bid_file(), lambda xml: xml.replace("</workbook>", shadow))
    refused(read_bid(path), "xl/workbook.xml is not written in the spreadsheet XML namespaces")


def test_two_answer_columns_are_refused(bid_file):
    path = bid_file()
    path = replace_cell(path, "Treatment", "D1",
                        '<c r="D1" t="inlineStr"><is><t>Answer</t></is></c>')
    refused(read_bid(path), "the column 'Answer' is given twice", "Treatment!C1",
            cell="Treatment!D1")


def test_a_table_column_given_twice_is_refused(bid_file):
    path = replace_cell(bid_file(), "Payment", "D1",
                        '<c r="D1" t="inlineStr"><is><t>Share %</t></is></c>')
    refused(read_bid(path), "gives 'Share %' again", cell="Payment!D1")


# ------------------------------------------------------------------ number formats


def percent_read(bid_file, code=None, **format_options):
    path = format_cell(bid_file(answers={PCT: 0.3}), "Voice", "C2", code, **format_options)
    return read_bid(path)


@pytest.mark.parametrize(("code", "read_as"), [
    ("0%", 30), ("0.0%", 30), ("0.00;-0.00%", 0.3), ("0_%", 0.3), ('0"%"', 0.3),
    ("[Blue]0%", 30), ("0\\%", 0.3),
])
def test_only_a_percent_excel_shows_is_read_as_one(bid_file, code, read_as):
    """`0.00;-0.00%` shows 0.3 as 0.30 (the % is in the negative section); `_%` is a
    space as wide as %; a quoted or escaped % is only a sign."""
    result = percent_read(bid_file, code)
    assert result.bid.voice.workforce_lived_experience_pct == read_as


@pytest.mark.parametrize("written_id", ["9", "09", "0009", "10"])
def test_a_built_in_percent_format_is_found_however_its_id_is_written(bid_file, written_id):
    result = percent_read(bid_file, number_format_id=written_id)
    assert result.bid.voice.workforce_lived_experience_pct == 30


def test_a_redefined_built_in_number_format_is_refused(bid_file):
    result = percent_read(bid_file, "0.00", number_format_id="9")
    refused(result, "redefines Excel's built-in number format 9")


@pytest.mark.parametrize("code", [";;;", "[White]0.0", "[Color2]0.0"])
def test_a_value_hidden_by_its_number_format_is_read_with_a_warning(bid_file, code):
    result = percent_read(bid_file, code)
    assert result.bid.voice.workforce_lived_experience_pct == 0.3
    warned(result, "Voice!C2", "Excel does not show it", "number format hides the value")


def test_a_number_format_that_shows_other_words_is_refused(bid_file):
    path = format_cell(bid_file(answers={"safety.naloxone_supply": "Yes"}), "Safety", "C2",
                       ';;;"No"')
    refused(read_bid(path), "holding 'Yes'", "shows as 'No'", cell="Safety!C2")


@pytest.mark.parametrize("code", ["0,", '"1"0', "0%%", '"-"0', "[>50]0;0"])
def test_a_number_format_that_shows_another_number_is_refused(bid_file, code):
    path = format_cell(bid_file(answers={MONTHS: 24}), "Treatment", "C3", code)
    assert not read_bid(path).accepted


@pytest.mark.parametrize("code", ["e", "yyyy", "[h]:mm", "d", "mmm-yy"])
def test_a_number_shown_as_a_date_is_refused(bid_file, code):
    path = format_cell(bid_file(answers={MONTHS: 24}), "Treatment", "C3", code)
    refused(read_bid(path), "found a date", cell="Treatment!C3")


def test_a_percent_format_on_a_number_is_refused(bid_file):
    path = format_cell(bid_file(answers={MONTHS: 24}), "Treatment", "C3", "0%")
    refused(read_bid(path), "shows as 2400 %", cell="Treatment!C3")


def test_a_number_format_changed_by_conditional_formatting_is_refused(bid_file):
    path = bid_file(answers={PCT: 0.3})
    path = edit_part(path, "xl/styles.xml", lambda xml: xml.replace(
        "</cellXfs>", '</cellXfs><dxfs count="1"><dxf><numFmt numFmtId="9" formatCode="0%"/>'
        "</dxf></dxfs>"))
    rule = ('<conditionalFormatting sqref="C2:C4"><cfRule type="expression" dxfId="0" '
            'priority="1"><formula>TRUE</formula></cfRule></conditionalFormatting>')
    path = rewrite_sheet(path, "Voice", lambda xml: xml.replace("</sheetData>",
                                                                "</sheetData>" + rule))
    refused(read_bid(path), "conditional formatting changes", cell="Voice!C2")


def test_a_foreign_cell_format_inside_an_extension_is_refused(bid_file):
    """An `xf` inside `extLst` would shift every cell format after it for calamine."""
    path = edit_part(bid_file(), "xl/styles.xml", lambda xml: xml.replace(
        "<cellXfs", '<extLst><ext uri="{X}"><cellXfs><xf numFmtId="9"/></cellXfs></ext>'
        "</extLst><cellXfs", 1))
    refused(read_bid(path), "(xl/styles.xml) is not written in the spreadsheet XML namespaces")


# ------------------------------------------------------------------ formulas


def with_formula(path, cached="38"):
    return replace_cell(path, "Voice", "C7", f'<c r="C7"><f>30+8</f><v>{cached}</v></c>')


def test_a_formula_is_read_from_its_saved_value_when_excel_keeps_it(bid_file):
    result = read_bid(with_formula(as_excel_saves_it(bid_file())))
    assert result.bid.voice.caseload_clients_per_keyworker == 38


@pytest.mark.parametrize("cached", ["38", "0"])  # xlsxwriter saves 0 for every formula
def test_a_formula_excel_recalculates_on_opening_is_refused(bid_file, cached):
    path = bid_file()  # openpyxl and xlsxwriter both write fullCalcOnLoad="1"
    result = read_bid(with_formula(path, cached))
    refused(result, "recalculates when the workbook opens", "type the value", cell="Voice!C7")


# ------------------------------------------------------------------ errors


def test_an_error_in_a_question_id_cell_is_refused_not_dropped(bid_file):
    path = replace_cell(bid_file(), "Treatment", "A3", '<c r="A3" t="e"><v>#N/A</v></c>')
    refused(read_bid(path), "found the formula error #N/A", "type the question ID",
            cell="Treatment!A3")


def test_an_error_in_a_table_header_is_refused_not_dropped(bid_file):
    path = replace_cell(bid_file(), "Payment", "D1", '<c r="D1" t="e"><v>#N/A</v></c>')
    refused(read_bid(path), "found the formula error #N/A", "type the header",
            cell="Payment!D1")


# ------------------------------------------------------------------ markup


def treatment(path, edit):
    """Treatment's XML edited, its dimension widened so that row 40 is inside it."""
    return rewrite_sheet(path, "Treatment", lambda xml: edit(xml.replace(
        '<dimension ref="A1:D19"/>', '<dimension ref="A1:D40"/>')))


@pytest.mark.parametrize("extra", [
    '<x:row xmlns:x="urn:other" r="40"><x:c r="C40"><x:v>1</x:v></x:c></x:row>',
    f'<mc:AlternateContent xmlns:mc="{MC}"><mc:Choice Requires="x14"><row r="40">'
    '<c r="A40" t="inlineStr"><is><t>ost.max_duration_months</t></is></c></row>'
    "</mc:Choice></mc:AlternateContent>",
    '<row r="40"><c r="C40" xmlns:x="urn:other" x:t="s"><v>1</v></c></row>',
])
def test_rows_in_markup_excel_does_not_read_are_refused(bid_file, extra):
    path = treatment(bid_file(), lambda xml: xml.replace("</sheetData>", extra + "</sheetData>"))
    refused(read_bid(path), "sheet 'Treatment' is not written in the spreadsheet XML")


def test_rows_in_an_ignorable_namespace_are_refused(bid_file):
    def ignorable(xml):
        xml = xml.replace(f'<worksheet xmlns="{MAIN}"',
                          f'<worksheet xmlns="{MAIN}" xmlns:mc="{MC}" xmlns:ign="urn:ign" '
                          'mc:Ignorable="ign"', 1)
        return xml.replace("</sheetData>", '<ign:row r="40"><ign:c r="C40"><ign:v>1</ign:v>'
                           "</ign:c></ign:row></sheetData>")
    refused(read_bid(treatment(bid_file(), ignorable)), "not written in the spreadsheet XML")


def test_a_fake_root_inside_a_comment_is_not_taken_for_the_real_one(bid_file):
    def fake(xml):
        body = xml.split(">", 1)[1].rsplit("</worksheet>", 1)[0]
        return (f'<!-- <worksheet xmlns="{MAIN}"> --><x:worksheet xmlns:x="urn:other">'
                f"{body}</x:worksheet>")
    refused(read_bid(treatment(bid_file(), fake)), "not written in the spreadsheet XML")


@pytest.mark.parametrize("encoding", ["windows-1252", "ISO-8859-1", "UTF-16"])
def test_a_part_declaring_another_encoding_is_refused(bid_file, encoding):
    path = treatment(bid_file(), lambda xml: f'<?xml version="1.0" encoding="{encoding}"?>'
                     + xml.split("?>", 1)[-1])
    refused(read_bid(path), f"declares the text encoding '{encoding}'")


def test_utf8_declared_in_any_spelling_is_read(bid_file):
    path = treatment(bid_file(), lambda xml: '<?xml version="1.0" encoding="utf8"?>'
                     + xml.split("?>", 1)[-1])
    assert read_bid(path).accepted


def test_one_strict_sheet_in_a_transitional_workbook_is_refused(bid_file):
    path = treatment(bid_file(), lambda xml: xml.replace(MAIN, STRICT))
    refused(read_bid(path), "sheet 'Treatment' is written in another version")


def test_styles_or_shared_text_that_the_relationships_do_not_name_are_refused(bid_file):
    path = edit_part(bid_file(), "xl/_rels/workbook.xml.rels",
                     lambda xml: xml.replace('Target="styles.xml"', 'Target="styles2.xml"'))
    refused(read_bid(path), "formatting is not where its relationships say")


# ------------------------------------------------------------------ text


@pytest.mark.parametrize("typed", ["৪0", "٤0", "４0"])
def test_digits_are_ascii(bid_file, typed):
    result = read_bid(bid_file(answers={MONTHS: typed}))
    refused(result, f"found '{typed}'", cell="Treatment!C3")


def test_excels_own_escape_for_a_carriage_return_is_read(bid_file):
    path = replace_cell(bid_file(), "Bid", "C3",
                        '<c r="C3" t="inlineStr"><is><t>North_x000D_gate</t></is></c>')
    assert load_workbook(path)["Bid"]["C3"].value is not None
    assert read_bid(path).bid.provider == "North\rgate"


def test_an_escape_for_a_character_text_cannot_hold_is_refused_in_words(bid_file):
    path = replace_cell(bid_file(), "Bid", "C3",
                        '<c r="C3" t="inlineStr"><is><t>North_xD800_gate</t></is></c>')
    refused(read_bid(path), "U+D800", cell="Bid!C3")


@pytest.mark.parametrize("code", ["0001", "001F", "FFFE", "DFFF"])
def test_an_escape_for_a_character_text_cannot_hold_in_shared_text_is_refused(bid_file, code):
    """The same, where the text is shared (as Excel stores most text): the cell that
    points to it is named."""
    path = shared_text(bid_file(), b"Northgate Recovery Partnership",
                       f"North_x{code}_gate".encode())
    refused(read_bid(path), f"U+{code}", cell="Bid!C3")


def test_escapes_for_characters_text_can_hold_are_read(bid_file):
    """Tab and line breaks may be escaped (Excel writes `_x000D_`): they are read."""
    path = shared_text(bid_file(), b"Northgate Recovery Partnership",
                       b"North_x0009_gate_x000A_Recovery")
    assert read_bid(path).bid.overview.provider_name == "North\tgate\nRecovery"


def shared_text(path, old: bytes, new: bytes):
    """The workbook with its text shared, as Excel saves it, and one text changed."""
    path.write_bytes(with_shared_strings(path.read_bytes()))
    return rewrite_parts(path, lambda name, content: content.replace(old, new)
                         if name == "xl/sharedStrings.xml" else content)


def test_an_answer_in_a_hidden_row_is_read_with_a_warning(bid_file):
    path = treatment(bid_file(answers={MONTHS: 24}),
                     lambda xml: xml.replace('<row r="3"', '<row r="3" hidden="1"', 1))
    result = read_bid(path)
    assert result.bid.treatment.ost_max_duration_months == 24
    warned(result, "Treatment!C3", "row 3 is hidden")


def test_an_answer_in_a_hidden_column_is_read_with_a_warning(bid_file):
    path = treatment(bid_file(answers={MONTHS: 24}), lambda xml: xml.replace(
        'min="3" max="3"', 'min="3" max="3" hidden="1"', 1))
    result = read_bid(path)
    assert result.accepted
    warned(result, "Treatment!C3", "column C is hidden")


def test_white_text_on_no_fill_is_read_with_a_warning(bid_file):
    path = format_cell(bid_file(answers={MONTHS: 24}), "Treatment", "C3", font_rgb="FFFFFF")
    result = read_bid(path)
    assert result.bid.treatment.ost_max_duration_months == 24
    warned(result, "Treatment!C3", "colour of its background")


def test_the_template_s_white_headers_on_blue_are_not_hidden(bid_file):
    assert read_bid(bid_file()).warnings == ()


# ------------------------------------------------------------------ never a raw error


@pytest.mark.parametrize("error", [ValueError("x"), AttributeError("y"),
                                   UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogate")])
def test_an_unexpected_failure_is_refused_in_words(bid_file, monkeypatch, error):
    def broken(_self):
        raise error

    monkeypatch.setattr(reader._BidAssembly, "build", broken)
    result = read_bid(bid_file())
    refused(result, "the file cannot be read", "save it again")


def test_the_evaluation_keeps_the_warnings_with_the_bid(bid_file):
    """Wherever the bid is shown, what Excel hides can be shown: the store keeps it."""
    from evaluations.bids import read_and_score, rule_result

    path = treatment(bid_file(answers={MONTHS: 24}),
                     lambda xml: xml.replace('<row r="3"', '<row r="3" hidden="1"', 1))
    kept = rule_result(read_and_score(path.read_bytes(), path.name))
    assert [w["cell"] for w in kept["warnings"]] == ["Treatment!C3"]
    assert "row 3 is hidden" in kept["warnings"][0]["message"]


def test_a_conditional_format_set_in_an_extension_is_refused_too(bid_file):
    """Excel 2010 and later keep some conditional formats in the sheet's extLst (x14)."""
    x14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
    xm = "http://schemas.microsoft.com/office/excel/2006/main"
    rule = (f'<extLst><ext uri="{{78C0D931-6437-407d-A8EE-F0AAD7539E65}}" xmlns:x14="{x14}">'
            f'<x14:conditionalFormattings><x14:conditionalFormatting xmlns:xm="{xm}">'
            '<x14:cfRule type="expression" priority="1" id="{00000000-0000-0000-0000-1}">'
            "<xm:f>TRUE</xm:f><x14:dxf><numFmt numFmtId=\"9\" formatCode=\"0%\"/></x14:dxf>"
            "</x14:cfRule><xm:sqref>C2</xm:sqref></x14:conditionalFormatting>"
            "</x14:conditionalFormattings></ext></extLst></worksheet>")
    path = rewrite_sheet(bid_file(answers={PCT: 0.3}), "Voice",
                         lambda xml: xml.replace("</worksheet>", rule))
    refused(read_bid(path), "conditional formatting changes", cell="Voice!C2")


def test_markup_excel_itself_writes_outside_the_cells_still_reads(bid_file):
    """A drop-down list kept in an extension (x14, with `xm:f`) and an alternative block
    of controls are Excel's own: nothing in them is a cell, so the bid reads."""
    x14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
    xm = "http://schemas.microsoft.com/office/excel/2006/main"
    extras = (f'<mc:AlternateContent xmlns:mc="{MC}"><mc:Choice Requires="x14"><controls/>'
              "</mc:Choice><mc:Fallback/></mc:AlternateContent>"
              f'<extLst><ext uri="{{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}}" xmlns:x14="{x14}">'
              f'<x14:dataValidations count="1" xmlns:xm="{xm}"><x14:dataValidation type="list">'
              "<x14:formula1><xm:f>Lists!$A$1:$A$4</xm:f></x14:formula1><xm:sqref>C2</xm:sqref>"
              "</x14:dataValidation></x14:dataValidations></ext></extLst></worksheet>")
    path = rewrite_sheet(bid_file(), "Safety", lambda xml: xml.replace("</worksheet>", extras))
    assert read_bid(path).accepted


def test_more_formats_than_a_bid_needs_are_refused(bid_file):
    from dataclasses import replace

    from scoring.limits import DEFAULT_LIMITS

    result = read_bid(bid_file(), replace(DEFAULT_LIMITS, max_formats=5))
    refused(result, "holds more than 5 formats")


def test_an_unexpected_failure_at_an_answer_names_its_cell(bid_file, monkeypatch):
    real = reader._Sheet.shows

    def broken(self, row, column):
        if (self.name, row, column) == ("Treatment", 2, 2):
            raise AttributeError("'NoneType' object has no attribute 'code'")
        return real(self, row, column)

    monkeypatch.setattr(reader._Sheet, "shows", broken)
    refused(read_bid(bid_file(answers={MONTHS: 24})), "this answer cannot be read",
            cell="Treatment!C3")
