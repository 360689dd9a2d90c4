"""Real .xlsx fixtures for tests, written through the same template code bidders get.

`write_bid` starts from a sample bid (by default the balanced Northgate bid, which no
rule flags) and applies overrides, so each test states only what it changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sample_tenders.bids import NORTHGATE, SampleBid
from templates.bid_workbook import build_workbook


def write_bid(
    folder: Path,
    name: str = "bid.xlsx",
    answers: dict[str, Any] | None = None,
    tables: dict[str, list[dict[str, Any]]] | None = None,
    base: SampleBid = NORTHGATE,
    percent_format: bool = False,
) -> Path:
    """Write a bid workbook: `base` with some answers and whole tables replaced."""
    path = folder / name
    merged_answers = {**base.answers, **(answers or {})}
    merged_tables = {**base.tables, **(tables or {})}
    build_workbook(merged_answers, merged_tables, percent_format).save(path)
    return path


# The sample bids' providers, best-ranked first under the default scheme.
SAMPLE_PROVIDERS = [
    "Northgate Recovery Partnership",
    "Dales Community Drug and Alcohol Service",
    "Brightpath Recovery CIC",
    "Riverside Health & Wellbeing",
    "Steadfast Maintenance Service",
    "Swift Outcomes Ltd",
]
