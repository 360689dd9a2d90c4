"""The web app, page by page, through streamlit.testing.v1.AppTest (no browser)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
import pyarrow
import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import app_test as app_test_module

from app_pages.quick import state
from app_pages.shared import cached
from app_pages.shared.present import bid_labels, plain, problems_table
from scoring.batch import report_for
from scoring.ranking import ranking
from scoring.reader import Problem, read_bid
from scoring.rulebook import Area
from scoring.scheme import DEFAULT_SCHEME
from scoring.stress import DEFAULT_ASSUMPTIONS
from tests.bidfiles import SAMPLE_PROVIDERS, rewrite_sheet, write_bid

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "streamlit_app.py")
SAMPLES = ROOT / "sample_tenders"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PROVIDERS = SAMPLE_PROVIDERS


def start() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60).run()


def with_samples() -> AppTest:
    app = start()
    next(b for b in app.button if b.label == "Load the six sample bids").click().run()
    return app


def upload(app: AppTest, *files: Path | tuple[str, bytes]) -> AppTest:
    chosen = [
        (f.name, f.read_bytes(), XLSX) if isinstance(f, Path) else (f[0], f[1], XLSX)
        for f in files
    ]
    app.file_uploader[0].set_value(chosen).run()
    return app


def texts(app: AppTest) -> str:
    """Everything written on the page, as one string."""
    parts = [e.value for kind in ("markdown", "caption", "title", "header", "subheader",
                                  "info", "success", "warning", "error")
             for e in getattr(app, kind)]
    parts += [frame.value.to_string() for frame in (*app.dataframe, *app.table)]
    parts += [block.value for block in app.code]
    return "\n".join(str(part) for part in parts)


def table_display(table) -> pd.DataFrame:
    """What an st.table shows in its cells (its Styler's display values)."""
    display = table.proto.arrow_data.styler.display_values
    return pyarrow.ipc.open_stream(display).read_all().to_pandas()


def assert_no_exception(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]
    assert not any("something went wrong" in e.value for e in app.error)


@pytest.fixture
def downloads(monkeypatch):
    """Capture the files download buttons serve, to read them back."""
    stores = []

    class Recording(app_test_module.MemoryMediaFileStorage):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            stores.append(self)

    monkeypatch.setattr(app_test_module, "MemoryMediaFileStorage", Recording)

    def content(button) -> bytes:
        return stores[-1].get_file(button.proto.url.rsplit("/", 1)[-1]).content

    return content


# ------------------------------------------------------------------ start page


def test_start_page_says_how_to_use_and_offers_samples_and_template(downloads):
    app = start()
    assert_no_exception(app)
    page = texts(app)
    assert "Bring in the bids" in page and "Red flag" in page
    assert any("No bids yet" in info.value for info in app.info)
    template = next(b for b in app.download_button if "blank bid workbook" in b.label)
    workbook = load_workbook(io.BytesIO(downloads(template)))
    assert {"Bid", "Treatment", "Payment"} <= set(workbook.sheetnames)


def test_samples_load_and_each_is_accepted():
    app = with_samples()
    assert_no_exception(app)
    assert "6 files loaded: 6 accepted, 0 refused" in texts(app)
    for provider in PROVIDERS:
        assert plain(provider) in texts(app)


def test_a_refused_file_shows_its_cell_errors_and_the_others_still_score(tmp_path):
    broken = write_bid(tmp_path, "broken.xlsx",
                       answers={"ost.maintenance_available": "Maybe",
                                "contract.annual_value_gbp": -5})
    app = upload(start(), SAMPLES / "northgate.xlsx", broken, SAMPLES / "swift_outcomes.xlsx")
    assert_no_exception(app)
    assert "3 files loaded: 2 accepted, 1 refused" in texts(app)
    errors = app.table[0].value
    assert list(errors.columns) == ["Sheet", "Cell", "Problem", "Expected", "Found"]
    rows = {(row.Sheet, row.Cell): row for row in errors.itertuples()}
    assert rows[("Treatment", "C2")].Expected == "Yes or No"
    assert rows[("Treatment", "C2")].Found == "'Maybe'"
    assert rows[("Bid", "C7")].Found == "-5"

    app.switch_page("app_pages/quick/compare.py").run()
    assert_no_exception(app)
    assert [s.value for s in app.subheader] == ["Northgate Recovery Partnership",
                                                "Swift Outcomes Ltd"]
    assert any("1 file(s) were refused" in w.value for w in app.warning)


def test_a_refused_file_gives_a_message_for_the_provider_in_full_to_copy(tmp_path):
    broken = write_bid(tmp_path, "broken.xlsx",
                       answers={"ost.maintenance_available": "Maybe",
                                "contract.annual_value_gbp": -5,
                                "provider.name": "Long Name " * 30})
    app = upload(start(), broken)
    assert_no_exception(app)
    (message,) = app.code  # a code block: shown as typed, wrapped, with a copy button
    assert message.proto.wrap_lines
    text = message.value
    assert text.startswith('Ask the provider to correct the bid workbook "broken.xlsx"')
    lines = text.splitlines()
    assert any(re.match(r"\d\. Bid!C7: contract.annual_value_gbp", line) for line in lines)
    assert any(re.match(r"\d\. Treatment!C2: ost.maintenance_available", line) and
               "found 'Maybe'" in line for line in lines)
    assert "…" not in text


def test_remove_all_files_asks_first():
    app = with_samples()
    next(b for b in app.button if b.label == "Remove all files").click().run()
    assert "6 files loaded" in texts(app)  # nothing removed yet
    assert any("Remove all 6 files?" in w.value for w in app.warning)
    next(b for b in app.button if b.label == "Keep them").click().run()
    assert "6 files loaded" in texts(app)
    next(b for b in app.button if b.label == "Remove all files").click().run()
    next(b for b in app.button if b.label == "Yes, remove all files").click().run()
    assert "No bids yet" in texts(app)


def test_a_file_that_is_not_a_workbook_is_refused_in_plain_words():
    app = upload(start(), ("scores.csv", b"provider,score\nA,1\n"))
    assert_no_exception(app)
    assert "this is a CSV file, not an .xlsx" in texts(app)


def test_the_same_file_uploaded_twice_is_recognised():
    app = with_samples()
    copy = ("northgate (1).xlsx", (SAMPLES / "northgate.xlsx").read_bytes())
    upload(app, copy)
    assert_no_exception(app)
    assert "the same file as northgate\\.xlsx" in texts(app)
    assert "6 files loaded" in texts(app)


def test_a_file_can_be_removed():
    app = with_samples()
    next(b for b in app.button if b.key and b.key.startswith("remove_")).click().run()
    assert "5 files loaded" in texts(app)


def test_parsing_is_cached_by_content_so_page_changes_do_not_parse_again(monkeypatch):
    parsed = []
    real = cached.read_bid_bytes
    monkeypatch.setattr(cached, "read_bid_bytes",
                        lambda data, name: parsed.append(name) or real(data, name))
    cached.read_and_score.clear()
    app = with_samples()
    for page in ("app_pages/quick/compare.py", "app_pages/quick/why.py",
                 "app_pages/quick/weights.py", "app_pages/quick/bids.py"):
        app.switch_page(page).run()
    next(b for b in app.button if b.label == "Load the six sample bids").click().run()
    assert len(parsed) == 6


def test_one_users_bids_are_not_seen_by_another():
    with_samples()
    other = start()
    assert any("No bids yet" in info.value for info in other.info)
    other.switch_page("app_pages/quick/compare.py").run()
    assert not other.subheader


# ------------------------------------------------------------------ compare


def test_compare_shows_every_bid_with_rank_score_flags_and_chart():
    app = with_samples().switch_page("app_pages/quick/compare.py").run()
    assert_no_exception(app)
    assert [s.value for s in app.subheader] == [plain(p) for p in PROVIDERS]
    assert app.metric[0].value == "99.8"
    page = texts(app)
    assert "Rank 1 of 6" in page and "Rank 6 of 6" in page
    assert ":material/dangerous:] **19 red**" in page  # a word beside the icon and colour
    assert len(app.get("vega_lite_chart")) == 12  # one per bid, and one per area
    table = app.table[0].value
    assert list(table["Provider"]) == PROVIDERS


def test_the_table_sorts_by_any_area():
    app = with_samples().switch_page("app_pages/quick/compare.py").run()
    app.selectbox[0].set_value("Mutual aid").run()
    app.radio[0].set_value("Worst first").run()
    table = app.table[0].value
    assert list(table["Mutual aid"])[:2] == [0.0, 10.0]


def test_compare_without_bids_points_to_the_start_page():
    app = start().switch_page("app_pages/quick/compare.py").run()
    assert_no_exception(app)
    assert any("no scored bids" in info.value for info in app.info)


# ------------------------------------------------------------------ gates


GATE_FAILURE = "Nightwater Care"  # Northgate's bid without take-home naloxone


def with_a_gate_failure(tmp_path) -> AppTest:
    """The six samples and a bid strong everywhere but failing the naloxone gate."""
    nightwater = write_bid(tmp_path, "nightwater.xlsx", answers={
        "safety.naloxone_supply": "No", "provider.name": GATE_FAILURE})
    return upload(start(), *sorted(SAMPLES.glob("*.xlsx")), nightwater)


def test_gate_failure_ranks_below_every_passing_bid_on_compare_with_words_on_its_card(
        tmp_path):
    app = with_a_gate_failure(tmp_path).switch_page("app_pages/quick/compare.py").run()
    assert_no_exception(app)
    assert [s.value for s in app.subheader] == [
        *(plain(p) for p in PROVIDERS[:5]), GATE_FAILURE, plain(PROVIDERS[5])]
    assert "Rank 6 of 7" in texts(app)
    failures = [e.value for e in app.error]
    assert failures[0] == plain("Fails a minimum requirement: No take-home naloxone")
    assert "Time on OST is capped at 24 months" in failures[1].replace("\\", "")
    assert float(app.metric[5].value) > float(app.metric[1].value)  # second on score alone
    table = app.table[0].value
    assert list(table["Provider"])[-2:] == [GATE_FAILURE, PROVIDERS[5]]
    assert list(table["Minimum requirements"])[:5] == ["Meets every minimum requirement"] * 5
    assert "ranks below every bid that meets them all" in texts(app)


def test_no_weights_lift_a_gate_failure_above_a_passing_bid(tmp_path):
    app = with_a_gate_failure(tmp_path).switch_page("app_pages/quick/weights.py").run()
    for area in Area:
        app.number_input(key=f"weight_{area.value}").set_value(
            0.0 if area == Area.safety else 10.0).run()
    assert_no_exception(app)
    ranking_table = app.table[0].value
    assert list(ranking_table["Provider"])[-2:] == [GATE_FAILURE, PROVIDERS[5]]
    assert ranking_table.iloc[-2]["Minimum requirements"] == (
        "Fails a minimum requirement: No take-home naloxone")
    assert "whatever the weights" in texts(app)
    assert GATE_FAILURE not in app.table[1].value.to_string()  # never "would come first"


def test_gate_failure_ranks_below_every_passing_bid_in_the_download(tmp_path, downloads):
    app = with_a_gate_failure(tmp_path).switch_page("app_pages/quick/download.py").run()
    assert_no_exception(app)
    workbook = load_workbook(io.BytesIO(downloads(app.download_button[0])))
    rows = {row[0].value: [cell.value for cell in row[1:]]
            for row in workbook["Summary"].iter_rows(min_row=5)}
    assert rows["Provider"][-2:] == [GATE_FAILURE, PROVIDERS[5]]
    assert rows["Minimum requirements"][-2] == (
        "Fails a minimum requirement: No take-home naloxone")


# ------------------------------------------------------------------ why


def test_rule_detail_shows_score_rationale_cells_flags_and_evidence():
    app = with_samples().switch_page("app_pages/quick/compare.py").run()
    next(b for b in app.button if b.label == "Why these scores?" and
         b.key.endswith(swift_digest())).click().run()
    assert_no_exception(app)
    assert app.selectbox[0].value == swift_digest()
    assert app.radio[0].value == "balance"  # the area of the first red flag
    page = texts(app)
    assert "Time on OST is capped at 24 months" in page
    assert plain("to a dose-reduction plan; Prescriptions are cut or stopped as a sanction. "
                 "It ranks below every bid") in page
    assert plain("Minimum-requirement rules failed: BAL-01, BAL-02, INC-08") in page
    assert "Why this matters:" in page and "What a stronger bid would do:" in page
    assert "Treatment\\!C3" in page  # the flag's cell, escaped for Markdown
    assert "R\\-ACMD14" in page  # the evidence key
    readings = next(f.value for f in app.table if "Question" in f.value.columns)
    assert "Maximum time a person may stay on OST (months)" in set(readings["Question"])
    assert "**OST**" in page  # the words used, from the glossary
    flags = app.table[0].value
    assert len(flags) == 47 and flags.iloc[0]["Severity"] == "Red flag"
    assert list(flags.columns)[-1] == "Rule"  # the id is detail, after the words


def test_choosing_a_flag_opens_its_area_with_its_rule_first_and_open():
    app = with_samples().switch_page("app_pages/quick/why.py").run()
    app.selectbox[0].set_value(swift_digest()).run()
    flags = app.table[0].value
    index = next(i for i, row in flags.iterrows() if row["Area"] == "Safety")
    app.selectbox(key="why_flag").set_value(index).run()
    assert_no_exception(app)
    assert app.radio[0].value == "safety"
    rules = [e for e in app.expander if not e.label.startswith("All ")]
    opened = [e for e in rules if e.proto.expanded]
    assert len(opened) == 1 and opened[0] is rules[0]
    assert any("The rule behind the flag you selected comes first" in i.value for i in app.info)


def test_the_why_page_opens_only_the_first_flagged_rule_and_puts_words_before_ids():
    app = with_samples().switch_page("app_pages/quick/why.py").run()
    app.selectbox[0].set_value(swift_digest()).run()
    app.radio[0].set_value("balance").run()
    assert_no_exception(app)
    rules = [e for e in app.expander if not e.label.startswith("All ")]  # not the flags list
    flagged = [e for e in rules if e.label.startswith(("Red flag", "Amber flag"))]
    assert len(flagged) > 1
    assert [e.proto.expanded for e in rules].count(True) == 1
    assert next(e for e in rules if e.proto.expanded).label == flagged[0].label
    assert not any("BAL-" in e.label for e in rules)
    assert "BAL\\-01" in texts(app)  # the rule id is still there, as detail


def test_every_area_of_every_bid_renders():
    app = with_samples().switch_page("app_pages/quick/why.py").run()
    for path in sorted(SAMPLES.glob("*.xlsx")):
        app.selectbox[0].set_value(read_bid(path).digest).run()
        for area in Area:
            app.radio[0].set_value(area.value).run()
            assert_no_exception(app)
            assert app.expander


def swift_digest() -> str:
    return read_bid(SAMPLES / "swift_outcomes.xlsx").digest


# ------------------------------------------------------------------ weights


def test_changing_weights_changes_the_ranking_and_reset_restores_it():
    app = with_samples().switch_page("app_pages/quick/weights.py").run()
    for area in Area:
        app.number_input(key=f"weight_{area.value}").set_value(
            100.0 if area == Area.voice else 0.0).run()
    assert_no_exception(app)
    ranking_table = app.table[0].value
    assert list(ranking_table["Provider"])[:3] == [PROVIDERS[0], PROVIDERS[2], PROVIDERS[1]]
    assert "▲ up 1" in set(ranking_table["Change"])

    app.switch_page("app_pages/quick/compare.py").run()
    assert [s.value for s in app.subheader][1] == PROVIDERS[2]
    assert any("your own area weights" in info.value for info in app.info)

    app.switch_page("app_pages/quick/weights.py").run()
    assert app.number_input(key="weight_voice").value == 100.0  # kept across pages
    next(b for b in app.button if b.label.startswith("Reset")).click().run()
    assert list(app.table[0].value["Provider"]) == PROVIDERS


def test_all_weights_zero_is_refused_with_a_message_and_the_field_shows_the_weight_in_force():
    app = start().switch_page("app_pages/quick/weights.py").run()
    for area in Area:
        app.number_input(key=f"weight_{area.value}").set_value(0.0).run()
    assert_no_exception(app)
    assert any("at least one area must carry weight" in e.value for e in app.error)
    # The refused 0 is not left in the field: it shows the weight still in force.
    last = list(Area)[-1]
    in_force = app.session_state[state.WEIGHTS][last.value]
    assert app.number_input(key=f"weight_{last.value}").value == in_force
    assert app.number_input(key=f"weight_{last.value}").value > 0


def test_the_page_says_whether_the_top_bid_holds_within_ten_points():
    app = with_samples().switch_page("app_pages/quick/weights.py").run()
    assert any("Stable: Northgate" in s.value for s in app.success)
    sensitivity = app.table[1].value
    assert set(sensitivity["Top bid"]) == {"stays the same"}


# ------------------------------------------------------------------ download


def test_the_download_is_a_workbook_that_reads_back(downloads):
    app = with_samples().switch_page("app_pages/quick/download.py").run()
    assert_no_exception(app)
    button = app.download_button[0]
    assert button.label == "Download the comparison of 6 bids"
    workbook = load_workbook(io.BytesIO(downloads(button)))
    assert workbook.sheetnames[:3] == ["Summary", "Flags", "Stress"]
    assert len(workbook.sheetnames) == 9
    providers = [cell.value for cell in workbook["Summary"][6][1:]]
    assert providers == PROVIDERS
    # The stress results the app runs, with their likely ranges, at the published figures.
    assert ("the published assumptions, as the scores use; likely ranges from 10,000 joint "
            "draws") in workbook["Summary"]["A3"].value
    stress = workbook["Stress"]
    assert [row[1].value for row in stress.iter_rows(min_row=3, max_row=8)] == PROVIDERS


def test_the_download_names_the_weights_actually_used(downloads):
    app = with_samples().switch_page("app_pages/quick/weights.py").run()
    app.number_input(key="weight_voice").set_value(15.0).run()
    app.switch_page("app_pages/quick/download.py").run()
    workbook = load_workbook(io.BytesIO(downloads(app.download_button[0])))
    assert "area weights changed: Service-user voice 15 (published 10)" in (
        workbook["Summary"]["A2"].value)


def test_the_download_page_without_bids_says_what_to_do():
    app = start().switch_page("app_pages/quick/download.py").run()
    assert_no_exception(app)
    assert not app.download_button
    assert any("Load some bids first" in info.value for info in app.info)


# ------------------------------------------------------------------ glossary


def test_the_glossary_explains_the_jargon_and_finds_a_word():
    app = start().switch_page("app_pages/quick/glossary.py").run()
    assert_no_exception(app)
    page = texts(app)
    for term in ("OST", "PbR", "LERO", "Recovery capital", "Re\\-presentation"):
        assert f"**{term}**" in page
    app.text_input[0].set_value("lived experience recovery").run()
    assert any("**LERO**" in m.value for m in app.markdown)
    assert not any("**PbR**" in m.value for m in app.markdown)


# ------------------------------------------------------------------ safety


def test_bidder_text_is_never_rendered_as_html_or_markdown(tmp_path):
    hostile = "<img src=x onerror=alert(1)> **Bold** [click](http://evil.example) :red[x] $x$"
    bid = write_bid(tmp_path, "hostile.xlsx", answers={"provider.name": hostile})
    app = upload(start(), bid)
    shown_escaped = 0
    for page in ("app_pages/quick/bids.py", "app_pages/quick/compare.py", "app_pages/quick/why.py",
                 "app_pages/quick/weights.py"):
        app.switch_page(page).run()
        assert_no_exception(app)
        for element in [*app.markdown, *app.subheader, *app.caption]:
            assert not getattr(element, "allow_html", False)
            assert "<img" not in element.value.replace("\\<img", "")
            assert "](http" not in element.value
            assert "**Bold**" not in element.value
        for table in app.table:  # st.table renders Markdown: what it shows is escaped
            cells = table_display(table).to_numpy().ravel().tolist()
            assert hostile not in cells
            shown_escaped += cells.count(plain(hostile))
    assert shown_escaped >= 2  # the compare and weights tables name the bid, escaped
    app.switch_page("app_pages/quick/compare.py").run()
    assert [s.value for s in app.subheader] == [plain(hostile)]


def test_a_failing_page_shows_a_plain_apology_not_a_traceback(monkeypatch):
    def broken():
        raise RuntimeError("internal detail")

    monkeypatch.setattr(state, "ranked", broken)
    app = start().switch_page("app_pages/quick/compare.py").run()
    assert not app.exception
    assert [e.value for e in app.error] == [
        "Sorry, something went wrong on this page. Your bids and weights are kept; "
        "try another page or load the files again."]
    assert "internal detail" not in texts(app)


def test_config_hides_error_details_and_limits_uploads():
    config = (ROOT / ".streamlit" / "config.toml").read_text()
    assert 'showErrorDetails = "none"' in config
    assert "enableXsrfProtection = true" in config
    assert 'toolbarMode = "viewer"' in config
    assert "maxUploadSize = 25" in config


# ------------------------------------------------------------------ presentation


def test_plain_escapes_every_markdown_symbol():
    assert plain("**a** [b](c) <i>") == r"\*\*a\*\* \[b\]\(c\) \<i\>"
    assert plain("line\nbreak") == "line break"


def test_plain_keeps_web_and_mail_addresses_from_becoming_links():
    shown = plain("http://evil.example www.evil.example ftp://x me@evil.example")
    assert "http" not in shown and "www" not in shown and "@evil" not in shown
    assert shown.replace("\u2060", "").replace("\\", "") == (
        "http://evil.example www.evil.example ftp://x me@evil.example")


def test_problems_table_splits_expected_from_found_and_names_the_question(tmp_path):
    invalid = read_bid(write_bid(tmp_path, answers={"contract.annual_value_gbp": -5}))
    table = problems_table([
        *invalid.errors,
        Problem(None, "the required sheet 'Voice' is missing"),
    ])
    first, second = table.to_dict("records")
    assert first == {"Sheet": "Bid", "Cell": "C7",
                     "Problem": "contract.annual_value_gbp (“Annual contract value (£)”)",
                     "Expected": "an amount in pounds, at least 0", "Found": "-5"}
    assert second["Sheet"] == "(whole file)"
    assert second["Problem"] == "the required sheet 'Voice' is missing"


def test_two_bids_from_one_provider_are_told_apart_by_file(tmp_path):
    first = report_for(read_bid(SAMPLES / "northgate.xlsx"))
    second = report_for(read_bid(write_bid(tmp_path, "revised.xlsx",
                                           answers={"voice.co_produced_design": "No"})))
    labels = bid_labels(ranking([first, second], DEFAULT_SCHEME))
    assert labels[0] != labels[1]
    assert all(label.startswith("Northgate Recovery Partnership (") for label in labels)


# ------------------------------------------------------------------ stress test


def stress_page() -> AppTest:
    return with_samples().switch_page("app_pages/quick/stress_test.py").run()


def edit_assumption(app: AppTest, name: str, value: float) -> AppTest:
    editor = app.data_editor[0]
    row = list(editor.value["name"]).index(name)
    app.session_state[editor.key] = {"edited_rows": {row: {"Value": value}},
                                     "added_rows": [], "deleted_rows": []}
    next(b for b in app.button if b.label == "Run again with these figures").click().run()
    return app


def swift_summary(app: AppTest) -> str:
    opening = plain("Under its own payment table, pushing people off OST would earn Swift")
    return next(m.value for m in app.markdown if m.value.startswith(opening))


def test_the_stress_test_shows_verdicts_chart_summaries_and_assumptions():
    app = stress_page()
    assert_no_exception(app)
    assert [s.value for s in app.subheader] == [plain(p) for p in PROVIDERS]
    page = texts(app)
    # Swift's reward is clear (every joint draw); Northgate loses by pushing
    assert ":red[:material/dangerous:] **Pays the provider to push people out**" in page
    assert ":green[:material/check_circle:] **Pushing people out costs the provider**" in page
    assert "**How often pushing pays:** " + plain(
        "In 100% of the joint draws of our assumptions") in page
    assert plain("It is red when pushing pays in at least 90% of the draws") in page
    assert "**Cap on time in OST:** 24 months" in page
    assert state.ASSUMPTIONS_NOTE in page
    assert len(app.get("vega_lite_chart")) == 6  # one panel a bid, each fitting its column
    figures = app.table[0].value  # all figures, in a table that wraps rather than clips
    assert list(figures["Provider"]) == PROVIDERS
    assert "would earn Swift Outcomes Ltd about" in swift_summary(app)
    assumptions = app.data_editor[0].value
    assert {"Value", "Low", "High", "Unit", "Sources"} <= set(assumptions.columns)
    on_ost = assumptions.set_index("name").loc["mortality_on_ost"]
    assert (on_ost["Value"], on_ost["Low"], on_ost["High"]) == (0.9, 0.5, 2.5)
    assert "R-CORNISH" in on_ost["Sources"]


def test_an_out_of_range_assumption_is_refused_with_a_clear_message():
    app = stress_page()
    before = swift_summary(app)
    edit_assumption(app, "relapse_after_pushed_exit", 95.0)
    assert_no_exception(app)
    assert any("Relapse after an exit the person was pushed into must be from 50 to 90 "
               "(% within six months), not 95" in e.value for e in app.error)
    assert swift_summary(app) == before
    # The table is back to the figure in force, not the refused 95.
    shown = app.data_editor[0].value.set_index("name").loc["relapse_after_pushed_exit", "Value"]
    assert shown == DEFAULT_ASSUMPTIONS.relapse_after_pushed_exit.default


def test_edited_assumptions_run_the_test_again_and_reset_restores_them():
    app = stress_page()
    before = swift_summary(app)
    edit_assumption(app, "push_multiplier", 8.0)
    assert_no_exception(app)
    assert not app.error
    assert any("Using your own figures for 1 assumption" in i.value for i in app.info)
    assert swift_summary(app) != before
    assert app.data_editor[0].value.set_index("name").loc["push_multiplier", "Value"] == 8.0
    next(b for b in app.button if b.label == "Reset to the published figures").click().run()
    assert swift_summary(app) == before


def test_stress_results_are_cached_by_bid_content_and_assumptions(monkeypatch):
    runs = []
    real = state.stress_test
    monkeypatch.setattr(state, "stress_test",
                        lambda bid, assumptions: runs.append(bid.provider)
                        or real(bid, assumptions))
    state.stress_result.clear()
    app = stress_page()
    app.switch_page("app_pages/quick/compare.py").run()
    app.switch_page("app_pages/quick/stress_test.py").run()
    assert len(runs) == 6
    edit_assumption(app, "low_dose_share", 30.0)
    assert len(runs) == 12
    other = stress_page()  # another user, the same files and figures: nothing runs again
    assert not other.exception
    assert len(runs) == 12


def test_the_stress_test_without_bids_says_what_to_do():
    app = start().switch_page("app_pages/quick/stress_test.py").run()
    assert_no_exception(app)
    assert any("Load some bids first" in info.value for info in app.info)


def test_a_bid_the_stress_test_cannot_run_on_is_named_and_the_others_still_show(monkeypatch):
    real = state.stress_test

    def fails_for_swift(bid, assumptions):
        if bid.provider == "Swift Outcomes Ltd":
            raise ValueError("model cannot run")
        return real(bid, assumptions)

    monkeypatch.setattr(state, "stress_test", fails_for_swift)
    state.stress_result.clear()
    app = stress_page()
    assert_no_exception(app)
    assert any("could not run on: Swift Outcomes Ltd" in w.value for w in app.warning)
    assert [s.value for s in app.subheader] == [plain(p) for p in PROVIDERS[:-1]]
    state.stress_result.clear()


def test_a_bid_read_with_notes_says_so_on_compare_and_why(tmp_path):
    """A workbook that hides an answer (here a hidden row) is scored, and every page that
    shows its scores says the reader found something hidden, with the cell on Why."""
    path = rewrite_sheet(write_bid(tmp_path, answers={"ost.max_duration_months": 24}),
                         "Treatment",
                         lambda xml: xml.replace('<row r="3"', '<row r="3" hidden="1"', 1))
    assert read_bid(path).warnings
    app = upload(start(), path)
    assert "1 note from reading this workbook" in texts(app)
    compare = app.switch_page("app_pages/quick/compare.py").run()
    assert_no_exception(compare)
    assert "1 note from reading this workbook" in texts(compare)
    assert any("C3" in warning.value for warning in compare.warning)  # where to look
    why = compare.switch_page("app_pages/quick/why.py").run()
    assert_no_exception(why)
    assert "1 note from reading this workbook" in texts(why)
    notes = [table_display(table) for table in why.table
             if "Found" in table_display(table).columns]
    assert len(notes) == 1 and "C3" in set(notes[0]["Cell"])
    assert "hidden" in notes[0]["Found"].iloc[0]
