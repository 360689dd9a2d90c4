"""Workbooks saved by another spreadsheet program read exactly as the ones we write.

The fixtures are three sample bids opened and saved again by LibreOffice Calc 7.4
(`soffice --headless --convert-to xlsx`): other XML, other styles (the Dales bid's
percentages stay percent-formatted cells), and the guard must accept them all.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.reader import read_bid

ROOT = Path(__file__).resolve().parent.parent
SAVED_BY_LIBREOFFICE = sorted((ROOT / "tests" / "fixtures" / "libreoffice").glob("*.xlsx"))


@pytest.mark.parametrize("path", SAVED_BY_LIBREOFFICE, ids=lambda path: path.name)
def test_a_bid_saved_by_libreoffice_reads_as_the_original(path):
    resaved = read_bid(path)
    original = read_bid(ROOT / "sample_tenders" / path.name)
    assert resaved.errors == () and resaved.warnings == ()
    # The fixtures were saved before the Payment sheet gained `Paid` and `Counts as failed`
    # (optional, blank in the samples): the values are the same, and so is every cell but
    # those two columns', which the older files do not have.
    assert resaved.bid.model_dump() == original.bid.model_dump()
    new_columns = {"paid", "counts_as_failed"}
    for was, now in zip(resaved.bid.payment_lines, original.bid.payment_lines, strict=True):
        assert was.cells == {k: v for k, v in now.cells.items() if k not in new_columns}
    assert resaved.bid.overview.cells == original.bid.overview.cells
