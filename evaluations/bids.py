"""Bids as the store keeps them: bytes, digest, and what the rules made of them.

The rules' result is kept beside the bytes when the bid is added (so a moderation page
loads without re-running every rule) and can always be re-derived from the bytes.
"""

from __future__ import annotations

from typing import Any

from evaluations.criteria import DEFAULT_GATES
from scoring.batch import BidReport, report_for
from scoring.reader import read_bid_bytes


def read_and_score(data: bytes, source: str) -> BidReport:
    """The workbook's report, exactly as `python -m scoring score` would give it."""
    return report_for(read_bid_bytes(data, source))


def rule_result(report: BidReport) -> dict[str, Any]:
    """The part of a scorecard the evaluation keeps: area scores, flags, and the reader's
    warnings (what Excel hides in the workbook, and where), shown wherever the bid is.

    Each flag also keeps whether its answer was given (False: it rests on a blank
    answer's default), so a service-user representative can be told "they did not say".
    """
    payload = report.to_json()
    raised = report.scorecard.flags if report.scorecard else ()
    flags = [{**flag, "answered": source.answered}
             for flag, source in zip(payload["flags"], raised, strict=True)]
    return {"overall": payload["overall"], "areas": payload["areas"], "flags": flags,
            "warnings": report.problems_json()["warnings"]}


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
