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
    assert resaved.bid == original.bid
