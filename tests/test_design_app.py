"""The Design a payment model page, through AppTest (no browser)."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from app_pages.design.views import (
    CATEGORIES,
    blank_design,
    design_from_tables,
    payment_table,
    targets_table,
    terms_of,
)
from app_pages.shared.present import plain
from scoring.reader import read_design, read_design_bytes
from tests.test_app import (  # noqa: F401
    APP,
    ROOT,
    XLSX,
    assert_no_exception,
    downloads,
    texts,
)

PAGE = "app_pages/design/page.py"
EXIT_TARGETS = "Exit targets with penalties"


def design_page() -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60).run()
    return app.switch_page(PAGE).run()


def from_sample(title: str) -> AppTest:
    app = design_page()
    app.selectbox(key="design_sample").set_value(title).run()
    next(b for b in app.button if b.label == "Start from this sample").click().run()
    return app


def payment_editor(app: AppTest, variant: int = 0):
    return [e for e in app.data_editor if e.key.endswith("_payment")][variant]


def edit_shares(app: AppTest, shares: dict[int, float]) -> AppTest:
    editor = payment_editor(app)
    app.session_state[editor.key] = {
        "edited_rows": {row: {"Share %": share} for row, share in shares.items()},
        "added_rows": [], "deleted_rows": []}
    return app.run()


def test_the_page_starts_from_a_blank_block_design():
    app = design_page()
    assert_no_exception(app)
    assert [s.value for s in app.subheader] == ["Blank design"]
    assert "**Little money either way**" in texts(app)
    assert "No change we try does better" in texts(app)


def test_a_sample_shows_its_verdict_flags_and_suggestions_in_words():
    app = from_sample(EXIT_TARGETS)
    assert_no_exception(app)
    page = texts(app)
    assert "**May pay the provider to push people out**" in page
    assert "Red flag" in page and "INC-02" not in page  # rule titles, not codes
    assert "**1. " + plain("Move the 40% paid on exits") in page
    assert list(payment_editor(app).value["Paid for"]) == [
        "Block", "Successful completion", "Successful completion"]


def test_editing_a_share_updates_the_verdict():
    app = from_sample(EXIT_TARGETS)
    assert "**May pay the provider to push people out**" in texts(app)
    # move the 40% on exits into the block: nothing rewards pushing any more
    edit_shares(app, {0: 100.0, 1: 0.0, 2: 0.0})
    assert_no_exception(app)
    page = texts(app)
    assert "May pay the provider to push people out" not in page
    assert "**Little money either way**" in page


def test_edits_are_kept_when_the_user_visits_another_page():
    app = from_sample(EXIT_TARGETS)
    edit_shares(app, {0: 100.0, 1: 0.0, 2: 0.0})
    app.switch_page("app_pages/quick/stress_test.py").run()
    app.switch_page(PAGE).run()
    assert_no_exception(app)
    assert list(payment_editor(app).value["Share %"]) == [100.0, 0.0, 0.0]
    assert "**Little money either way**" in texts(app)
    edit_shares(app, {0: 60.0, 1: 30.0, 2: 10.0})  # and it can still be edited
    assert "**May pay the provider to push people out**" in texts(app)


def test_shares_that_do_not_add_up_to_100_say_what_to_fix():
    app = from_sample(EXIT_TARGETS)
    edit_shares(app, {0: 50.0})
    assert_no_exception(app)
    assert any(plain("expected the Share % column to add up to 100, found 90") in w.value
               for w in app.warning)


def test_applying_a_suggestion_adds_a_variant_beside_the_first():
    app = from_sample(EXIT_TARGETS)
    next(b for b in app.button if b.label == "Apply as a new variant").click().run()
    assert_no_exception(app)
    assert [s.value for s in app.subheader] == [plain(EXIT_TARGETS),
                                                plain(f"{EXIT_TARGETS}, changed (1)")]
    changed = payment_editor(app, 1).value
    assert "Retention" in list(changed["Paid for"])
    assert "**Pushing people out costs the provider**" in texts(app)


def test_at_most_four_variants_side_by_side():
    app = from_sample(EXIT_TARGETS)
    for _ in range(3):
        apply = [b for b in app.button if b.label == "Apply as a new variant"]
        apply[0].click().run()
    assert len(app.subheader) == 4
    assert all(b.disabled for b in app.button if b.label == "Apply as a new variant")


def test_the_downloads_are_a_design_workbook_and_a_prefilled_bid_workbook(downloads):  # noqa: F811
    app = from_sample(EXIT_TARGETS)
    buttons = {b.label: b for b in app.get("download_button")}
    sample = read_design("sample_tenders/designs/exit_targets_with_penalties.xlsx").design
    design = read_design_bytes(downloads(buttons["Download as a design workbook"]), "d.xlsx")
    assert design.errors == ()
    assert design.design.model_dump() == sample.model_dump()
    bid_workbook = downloads(buttons["Download the bid workbook for bidders"])
    assert {"Treatment", "Safety", "Voice", "Payment", "Targets"} <= set(
        load_workbook(io.BytesIO(bid_workbook)).sheetnames)
    prefilled = read_design_bytes(bid_workbook, "bid.xlsx")
    assert prefilled.errors == ()
    assert prefilled.design.model_dump() == sample.model_dump()


# ---------------------------------------------------------------- tables and back


def test_the_tables_turn_back_into_the_same_design():
    design = read_design("sample_tenders/designs/exit_targets_with_penalties.xlsx").design
    again, problems = design_from_tables(terms_of(design), payment_table(design),
                                         targets_table(design))
    assert problems == []
    assert again.model_dump() == design.model_dump()


def test_categories_are_shown_in_words():
    assert "Successful completion" in CATEGORIES and "successful_completion" not in CATEGORIES
    assert list(payment_table(blank_design())["Paid for"]) == ["Block"]


@pytest.mark.parametrize("column, value, expected", [
    ("Paid for", "Something else", "Payment, row 1, Paid for: "),
    ("Share %", 150.0, "Payment, row 1, Share %: "),
])
def test_a_bad_cell_is_named_by_table_row_and_column(column, value, expected):
    design = blank_design()
    table = payment_table(design)
    table.loc[0, column] = value
    _, problems = design_from_tables(terms_of(design), table, targets_table(design))
    assert any(problem.startswith(expected) for problem in problems), problems


def test_a_full_bid_workbook_can_be_the_starting_point():
    app = design_page()
    swift = ROOT / "sample_tenders" / "swift_outcomes.xlsx"
    app.get("file_uploader")[0].set_value([(swift.name, swift.read_bytes(), XLSX)]).run()
    next(b for b in app.button if b.label == "Start from this workbook").click().run()
    assert_no_exception(app)
    assert [s.value for s in app.subheader] == ["swift\\_outcomes"]
    assert list(payment_editor(app).value["Paid for"]) == [
        "Block", "Successful completion", "Successful completion", "Attachment"]


def test_a_workbook_that_is_not_a_design_says_what_to_fix(tmp_path):
    app = design_page()
    app.get("file_uploader")[0].set_value([("notes.xlsx", b"not a workbook", XLSX)]).run()
    next(b for b in app.button if b.label == "Start from this workbook").click().run()
    assert_no_exception(app)
    assert any("cannot be read as a design" in e.value for e in app.error)
    assert [s.value for s in app.subheader] == ["Blank design"]
