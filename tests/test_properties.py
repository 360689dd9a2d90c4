"""Properties of scoring that must hold for any bid, checked with generated variations.

Layout must not matter: reorder sheets, rows or columns, or rename the provider, and
every score stays the same. Design must: put more of the value on drug-free exits and
incentives can only get worse; add a real recovery partnership and mutual aid can only
get better.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sample_tenders.bids import SAMPLE_BIDS, SampleBid, partner, payment
from scoring.engine import score_bid
from scoring.reader import read_bid
from scoring.rulebook import Area
from templates.bid_workbook import build_workbook

SETTINGS = settings(max_examples=20, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
samples = st.sampled_from(SAMPLE_BIDS)
# Any name a bidder could type in a cell (openpyxl would write a leading = as a formula).
provider_names = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=60
).filter(lambda name: name.strip() and not name.startswith("="))


def score_workbook(workbook):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bid.xlsx"
        workbook.save(path)
        result = read_bid(path)
    assert result.errors == (), result.errors
    return score_bid(result.bid)


def score_sample(sample: SampleBid, answers=None, tables=None):
    workbook = build_workbook({**sample.answers, **(answers or {})},
                              {**sample.tables, **(tables or {})}, sample.percent_format)
    return score_workbook(workbook)


def verdict(card):
    """What must not depend on layout: every score and each rule's flag severities."""
    flags = sorted((flag.rule, flag.severity.value) for flag in card.flags)
    return card.overall, dict(card.areas), flags


def rearrange(workbook, draw):
    """Shuffle sheet order, and the data rows and columns of every sheet."""
    for sheet in list(workbook.worksheets):
        rows = [[(cell.value, cell.number_format) for cell in row] for row in sheet.iter_rows()]
        if len(rows) < 2:
            continue
        header, body = rows[0], draw(st.permutations(rows[1:]))
        columns = draw(st.permutations(range(len(header))))
        sheet.delete_rows(1, sheet.max_row)
        for row_number, row in enumerate([header, *body], start=1):
            for column_number, source in enumerate(columns, start=1):
                value, number_format = row[source]
                cell = sheet.cell(row=row_number, column=column_number, value=value)
                cell.number_format = number_format
    order = draw(st.permutations(range(len(workbook.worksheets))))
    workbook._sheets = [workbook.worksheets[i] for i in order]  # openpyxl has no public setter
    return workbook


@SETTINGS
@given(sample=samples, data=st.data())
def test_reordering_sheets_rows_and_columns_changes_no_score(sample, data):
    original = score_sample(sample)
    workbook = build_workbook(sample.answers, sample.tables, sample.percent_format)
    assert verdict(score_workbook(rearrange(workbook, data.draw))) == verdict(original)


@SETTINGS
@given(sample=samples, name=provider_names)
def test_renaming_the_provider_changes_no_score(sample, name):
    renamed = score_sample(sample, answers={"provider.name": name})
    assert renamed.provider == name.strip()
    assert verdict(renamed) == verdict(score_sample(sample))


def payment_moving(exit_share: float, category: str):
    return [payment("Core service", "block", 90 - exit_share),
            payment("Retention", "retention", 10),
            payment("Drug-free exit", category, exit_share)]


@SETTINGS
@given(sample=samples,
       shares=st.lists(st.integers(0, 90), min_size=2, max_size=2, unique=True),
       category=st.sampled_from(["successful_completion", "abstinence"]))
def test_more_value_on_drug_free_exits_never_improves_incentives(sample, shares, category):
    low, high = sorted(shares)
    safer = score_sample(sample, tables={"Payment": payment_moving(low, category)})
    riskier = score_sample(sample, tables={"Payment": payment_moving(high, category)})
    assert riskier.areas[Area.incentives] <= safer.areas[Area.incentives]
    assert riskier.overall <= safer.overall
    if high - low >= 10 and low < 20:  # above that the exit-share rules are at their worst
        assert riskier.areas[Area.incentives] < safer.areas[Area.incentives]


REAL_PARTNERSHIP = partner("Town Recovery Collective", "lero", "Yes", 40_000, "Yes",
                           governance="Yes", continuity="Yes")


@SETTINGS
@given(sample=samples)
def test_adding_a_real_partnership_never_lowers_mutual_aid(sample):
    before = score_sample(sample)
    partners = [*sample.tables.get("Partnerships", []), REAL_PARTNERSHIP]
    after = score_sample(sample, tables={"Partnerships": partners})
    assert after.areas[Area.mutual_aid] >= before.areas[Area.mutual_aid]
    assert after.overall >= before.overall
    if before.areas[Area.mutual_aid] < 100:
        assert after.areas[Area.mutual_aid] > before.areas[Area.mutual_aid]
