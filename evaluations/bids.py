"""Bids as the store keeps them: bytes, digest, and what the rules made of them.

The rules' result is kept beside the bytes when the bid is added (so a moderation page
loads without re-running every rule) and can always be re-derived from the bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from evaluations.criteria import DEFAULT_GATES
from scoring.batch import BidReport, report_for
from scoring.reader import read_bid_bytes
from scoring.rulebook import AREA_TITLES, Area

MONEY = re.compile(
    r"(£|GBP\s?)\s?\d[\d,]*(\.\d+)?\s?(k|m|bn|million|billion|thousand)?\b"
    r"|\b\d[\d,]*(\.\d+)?\s?(pounds|GBP)\b|£",
    re.IGNORECASE,
)


def read_and_score(data: bytes, source: str) -> BidReport:
    """The workbook's report, exactly as `python -m scoring score` would give it."""
    return report_for(read_bid_bytes(data, source))


def rule_result(report: BidReport) -> dict[str, Any]:
    """The part of a scorecard the evaluation keeps: area scores, flags, and the reader's
    warnings (what Excel hides in the workbook, and where), shown wherever the bid is."""
    payload = report.to_json()
    return {"overall": payload["overall"], "areas": payload["areas"],
            "flags": payload["flags"], "warnings": report.problems_json()["warnings"]}


def red_flags(result: dict[str, Any], area: str | None = None) -> list[dict[str, Any]]:
    return [flag for flag in result["flags"]
            if flag["severity"] == "red" and (area is None or flag["area"] == area)]


def gate_failures(result: dict[str, Any], scheme: object) -> list[str]:
    """The scheme's gate rules that raised a red flag for this bid (any one fails it).

    The store keeps each bid's flags rather than its scorecard, so this reads the gate
    rules' red flags from them, as `scoring.engine` does from a scorecard.
    """
    gates = getattr(scheme, "gates", DEFAULT_GATES)
    return sorted({flag["rule"] for flag in red_flags(result) if flag["rule"] in gates})


def without_money(text: str) -> str:
    """Plain text with every money amount replaced, for service-user views."""
    return MONEY.sub("an amount", text)


def plain_findings(result: dict[str, Any], areas: Iterable[Area]) -> list[dict[str, Any]]:
    """The rules' flags in the given areas, in words and with no money amounts."""
    wanted = {area.value for area in areas}
    return [
        {"area": AREA_TITLES[Area(flag["area"])],
         "severity": "serious" if flag["severity"] == "red" else "worth asking about",
         "finding": without_money(flag["message"])}
        for flag in result["flags"] if flag["area"] in wanted
    ]
