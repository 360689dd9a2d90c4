"""The end-of-evaluation documents, as Markdown, each carrying the audit chain head.

These are the tool's part of shared/award-records.md: what the store can fill in
(identities, panel, conflicts register, scores, reasons, ranking, standstill dates).
What a person must write or approve is marked `[to be completed by the panel]`.
Produced in moderation they are marked as drafts.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from evaluations.services import record_documents
from evaluations.standstill import standstill_end
from evaluations.store import unit_of_work
from evaluations.views import progress, show

TO_COMPLETE = "[to be completed by the panel]"


def write_documents(engine: Engine, lead: int, out: Path, today: date | None = None
                    ) -> list[dict[str, Any]]:
    """Write every document into `out` and log that they were produced."""
    with unit_of_work(engine, write=False) as uow:
        page = show(uow, lead)
        panel = progress(uow, lead)
    plans = [("moderation_record", None), ("decision_record", None), ("award_notice", None),
             *(("assessment_summary", entry["bid"]) for entry in page["ranking"]),
             ("consultation_summary", None)]
    out.mkdir(parents=True, exist_ok=True)
    documents = [{"kind": kind, "bid": bid,
                  "path": str(out / (f"{kind}-{_slug(bid)}.md" if bid else f"{kind}.md"))}
                 for kind, bid in plans]
    with unit_of_work(engine) as uow:
        head = record_documents(uow, lead, documents)
    today = today or date.today()
    for document in documents:
        body = WRITERS[document["kind"]](page, panel, document["bid"], today)
        draft = "" if page["stage"] == "decided" else "**DRAFT: not yet decided.**\n\n"
        Path(document["path"]).write_text(
            f"{draft}{body}\n\n---\nAudit chain head when produced: `{head}`\n")
    return documents


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")


def _title(page: dict[str, Any], kind: str) -> str:
    return f"# {kind}: {page['name']} (evaluation {page['evaluation']})"


def _criteria_table(page: dict[str, Any]) -> list[str]:
    lines = ["| criterion | weight | kind | fed by rule areas | panel share |",
             "|---|---|---|---|---|"]
    lines += [f"| {c['title']} | {c['weight']:g} | {c['kind']} | "
              f"{', '.join(c['rule_areas']) or 'panel only'} | {c['panel_share']:g} |"
              for c in page["scheme"]["criteria"]]
    return lines


def _conflicts(panel: dict[str, Any]) -> list[str]:
    lines = ["| member | role | declared | conflicts |", "|---|---|---|---|"]
    lines += [f"| {m['member']} | {m['role']} | {'yes' if m['declared'] else 'no'} | "
              f"{', '.join(m['conflicts']) or 'nil return'} |"
              for m in panel["members"] if m["role"] != "observer"]
    return lines


def _cells(page: dict[str, Any], bid: str | None = None) -> list[str]:
    lines = []
    for cell in page.get("moderation", []):
        if bid and cell["bid"] != bid:
            continue
        lines.append(f"### {cell['bid']}: {cell['title']}")
        lines.append(f"Rule score: {cell['rule_score']}; flags: "
                     + (", ".join(f"{f['rule']} ({f['severity']})" for f in cell["flags"])
                        or "none"))
        for score in cell["scores"]:
            lines.append(f"- {score['evaluator']}: {score['score']} — {score['comment']}")
        for view in cell["service_user_views"]:
            lines.append(f"- Service-user panel: {view['view']} — {view['comment']}")
        consensus = cell["consensus"]
        if consensus:
            lines.append(f"**Consensus {consensus['score']}:** {consensus['reason']}")
            lines += [f"  - check: {w}" for w in consensus["warnings"]]
        elif cell["panel_scored"]:
            lines.append(f"**Consensus:** {TO_COMPLETE}")
        lines.append("")
    return lines


def _moderation_record(page, panel, _bid, today) -> str:
    return "\n".join([_title(page, "Moderation record"), "", f"Date: {today.isoformat()}", "",
                      "## Panel and conflicts", *_conflicts(panel), "",
                      "## Criteria", *_criteria_table(page), "",
                      "## Every criterion, every bid", *_cells(page)])


def _ranking_lines(page) -> list[str]:
    lines = ["| rank | bid | provider | overall | passes | failures |",
             "|---|---|---|---|---|---|"]
    lines += [f"| {e['rank']} | {e['bid']} | {e.get('provider', '')} | {e.get('overall')} | "
              f"{'yes' if e.get('passes') else 'no'} | {', '.join(e.get('failures', []))} |"
              for e in page["ranking"]]
    return lines


def _decision_record(page, panel, _bid, today) -> str:
    return "\n".join([
        _title(page, "Decision record"), "",
        f"Regime: {page['scheme']['regime']}. Scheme: {page['scheme']['name']}.", "",
        "## Decision-making process and decision-makers",
        f"Lead: {page['member']}. Decision-makers: {TO_COMPLETE}", "",
        "## Conflicts of interest and how they were managed", *_conflicts(panel),
        f"Management of each conflict: {TO_COMPLETE} (conflicted members did not see or "
        "score the bids concerned)", "",
        "## How the award criteria were evaluated", *_criteria_table(page), "",
        "## Ranking", *_ranking_lines(page), "",
        "## Reasons for the decision", TO_COMPLETE])


PROCESS = {"psr": "the Provider Selection Regime competitive process",
           "procurement_act": "the Procurement Act 2023"}
COUNTING = {"psr": "8 working days after the day after publication",
            "procurement_act": "8 working days beginning with the day of publication"}


def _award_notice(page, _panel, _bid, today) -> str:
    winner = next((e for e in page["ranking"] if e.get("passes")), None)
    regime = page["scheme"]["regime"]
    provider = f"{winner['provider']} ({winner['bid']})" if winner else TO_COMPLETE
    return "\n".join([
        _title(page, "Notice of intention to award"), "",
        f"The authority intends to award the contract under {PROCESS[regime]}.",
        f"Provider: {provider}", f"Registered office: {TO_COMPLETE}",
        f"Contract title and reference: {TO_COMPLETE}",
        f"Approximate lifetime value: {TO_COMPLETE}",
        f"Reasons with reference to the key criteria: {TO_COMPLETE}",
        f"If published on {today.isoformat()}, the standstill ends at midnight on "
        f"{standstill_end(today, regime).isoformat()} ({COUNTING[regime]}).",
    ])


def _assessment_summary(page, _panel, bid, today) -> str:
    entry = next(e for e in page["ranking"] if e["bid"] == bid)
    lines = [_title(page, f"Assessment summary for {bid}"), "",
             f"Supplier: {entry.get('provider', bid)}. Rank {entry['rank']}; overall "
             f"{entry.get('overall')} of 100.", "", "## Criteria, scores and reasons",
             *_criteria_table(page), ""]
    for criterion, score in entry.get("criteria", {}).items():
        lines.append(f"- {criterion}: {score}")
    lines += ["", *_reasons_only(page, bid)]
    return "\n".join(lines)


def _reasons_only(page, bid) -> list[str]:
    return [f"**{cell['title']}** (consensus {cell['consensus']['score']}): "
            f"{cell['consensus']['reason']}"
            for cell in page.get("moderation", []) if cell["bid"] == bid and cell["consensus"]]


def _consultation_summary(page, _panel, _bid, today) -> str:
    lines = [_title(page, "Service-user consultation summary"), ""]
    for cell in page.get("moderation", []):
        for view in cell["service_user_views"]:
            lines.append(f"- {cell['bid']}, {cell['title']}: {view['view']} — {view['comment']}")
    return "\n".join(lines if len(lines) > 2 else [*lines, "No views were recorded."])


WRITERS = {
    "moderation_record": _moderation_record,
    "decision_record": _decision_record,
    "award_notice": _award_notice,
    "assessment_summary": _assessment_summary,
    "consultation_summary": _consultation_summary,
}
