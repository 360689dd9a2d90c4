"""The comparison workbook a panel downloads: summary side by side, every flag, one sheet a bid.

A pure function from bid reports, an evaluation scheme and the stress test's results to
an openpyxl workbook. The Summary names the scheme as used (with any weights changed),
the date and the stress test's assumptions; the Stress sheet has each bid's result.
Bids are in ranked order: a bid failing a minimum requirement (a gate) comes after
every bid that meets them all, and the requirements it fails are named in words.
Any text may have come from a bid, so every string is written as text that Excel
will never run as a formula, however it starts.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scoring.batch import BidReport
from scoring.engine import RuleOutcome
from scoring.evidence import EVIDENCE
from scoring.models import QUESTION_SHEETS, TABLE_SHEETS, fields_of
from scoring.ranking import RankedBid, minimum_requirements, ranking
from scoring.rulebook import AREA_TITLES, Area, Severity
from scoring.scheme import DEFAULT_AREA_WEIGHTS, DEFAULT_SCHEME, EvaluationScheme
from scoring.stress import DEFAULT_ASSUMPTIONS, Assumptions, Interval, StressResult, stress_many
from scoring.stress.summary import headline, verdict_words

# The question a bidder was asked, by its ID or column header, to name what a value answers.
QUESTIONS = {
    spec.label: spec.question
    for model in (*QUESTION_SHEETS.values(), *TABLE_SHEETS.values())
    for spec in fields_of(model)
    if spec.question
}
# What spreadsheet programs read as the start of a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
TITLE_FONT = Font(bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
MAX_SHEET_NAME = 31


@dataclass(frozen=True)
class StressFigures:
    """The stress test's results for the ranked bids, and how they were made.

    `results` maps a bid's content digest to its result. `draws` is 0 for central
    figures only (no likely ranges).
    """

    results: dict[str, StressResult]
    assumptions: Assumptions = DEFAULT_ASSUMPTIONS
    draws: int = 0
    published: bool = True  # the published assumptions, as the scores use

    def describe(self) -> str:
        figures = ("the published assumptions, as the scores use" if self.published
                   else "assumptions changed on the Stress test page")
        spread = (f"likely ranges from {self.draws:,} joint draws over their ranges"
                  if self.draws else "verdicts from the joint draws, central figures without "
                  "likely ranges")
        ours = len(self.assumptions.unconfirmed())
        return (f"Stress test: {figures}; {spread}. {ours} of the "
                f"{len(self.assumptions.parameters())} figures are our own assumptions "
                "(listed on the Stress sheet).")


def central_stress(ranked: Sequence[RankedBid]) -> StressFigures:
    """The stress test at the published assumptions, with the scores' own joint draws
    (the verdict and how often pushing pays, as INC-12 says) but no likely ranges."""
    results = {}
    for entry in ranked:
        try:
            (results[entry.report.read.digest],) = stress_many(
                [entry.report.read.bid], DEFAULT_ASSUMPTIONS, ranges=False)
        except Exception:  # a bid the model cannot run on is marked so; the rest still export
            continue
    return StressFigures(results)


def comparison_xlsx(
    reports: Sequence[BidReport], scheme: EvaluationScheme = DEFAULT_SCHEME,
    stress: StressFigures | None = None, made_on: date | None = None,
) -> bytes:
    """The comparison workbook as .xlsx bytes."""
    buffer = io.BytesIO()
    comparison_workbook(reports, scheme, stress, made_on).save(buffer)
    return buffer.getvalue()


def comparison_workbook(
    reports: Sequence[BidReport], scheme: EvaluationScheme = DEFAULT_SCHEME,
    stress: StressFigures | None = None, made_on: date | None = None,
) -> Workbook:
    """Summary, Flags, Stress, one sheet a bid, and the refused files with their errors.

    Without `stress`, the stress test runs at the published central values.
    """
    ranked = ranking(reports, scheme)
    stress = stress if stress is not None else central_stress(ranked)
    workbook = Workbook()
    _summary(workbook.active, ranked, scheme, stress, made_on or date.today())
    _flags(workbook.create_sheet("Flags"), ranked)
    _stress(workbook.create_sheet("Stress"), ranked, stress)
    names = {"summary", "flags", "stress", "refused files"}
    for entry in ranked:
        _bid_sheet(workbook.create_sheet(_sheet_name(entry, names)), entry, scheme)
    refused = [report for report in reports if report.scorecard is None]
    if refused:
        _refused(workbook.create_sheet("Refused files"), refused)
    return workbook


def scheme_words(scheme: EvaluationScheme) -> str:
    """The scheme by name, with every area weight that differs from the published one."""
    changed = [
        f"{AREA_TITLES[area]} {scheme.area_weights.get(area, 0.0):g} "
        f"(published {DEFAULT_AREA_WEIGHTS[area]:g})"
        for area in Area
        if scheme.area_weights.get(area, 0.0) != DEFAULT_AREA_WEIGHTS[area]
    ]
    if not changed:
        return scheme.name
    return f"{scheme.name}, with area weights changed: " + "; ".join(changed)


def safe_text(text: str) -> str:
    """Text with the characters an .xlsx file cannot hold removed."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def _put(sheet: Worksheet, row: int, column: int, value: object) -> None:
    """Write one value; strings always as inert text, never as a formula."""
    cell = sheet.cell(row=row, column=column)
    if value is None or isinstance(value, int | float):
        cell.value = value
        return
    text = safe_text(str(value))
    cell.value = text
    cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True  # and Excel keeps it text even when someone edits it
    cell.alignment = WRAP


def _row(sheet: Worksheet, row: int, values: Sequence[object], header: bool = False) -> None:
    for column, value in enumerate(values, start=1):
        _put(sheet, row, column, value)
        if header:
            sheet.cell(row=row, column=column).font = HEADER_FONT
            sheet.cell(row=row, column=column).fill = HEADER_FILL


def _widths(sheet: Worksheet, widths: Sequence[int]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _score(value: float | None) -> float | str:
    return "not scored" if value is None else value


def _summary(sheet: Worksheet, ranked: list[RankedBid], scheme: EvaluationScheme,
             stress: StressFigures, made_on: date) -> None:
    sheet.title = "Summary"
    _put(sheet, 1, 1, "Comparison of bids")
    sheet.cell(row=1, column=1).font = TITLE_FONT
    _put(sheet, 2, 1, f"Evaluation scheme: {scheme_words(scheme)}. Scores run from 0 to "
                      "100; higher is always better. A bid that fails a minimum requirement "
                      "ranks below every bid that meets them all.")
    _put(sheet, 3, 1, f"Made on {made_on.day} {made_on:%B %Y}. {stress.describe()}")
    _row(sheet, 4, ["", *(f"Bid {index}" for index in range(1, len(ranked) + 1))], header=True)
    total = sum(scheme.area_weights.get(area, 0.0) for area in Area)
    rows: list[list[object]] = [
        ["Rank", *(entry.rank for entry in ranked)],
        ["Provider", *(entry.scorecard.provider for entry in ranked)],
        ["Bid reference", *(entry.scorecard.reference for entry in ranked)],
        ["File", *(entry.report.source for entry in ranked)],
        ["Overall score", *(_score(entry.scorecard.overall) for entry in ranked)],
        ["Minimum requirements", *(minimum_requirements(entry.scorecard) for entry in ranked)],
    ]
    for area in Area:
        share = 100 * scheme.area_weights.get(area, 0.0) / total
        rows.append([f"{AREA_TITLES[area]} ({share:.0f}% of overall)",
                     *(_score(entry.scorecard.areas[area]) for entry in ranked)])
    rows.append(["Red flags", *(entry.scorecard.count(Severity.red) for entry in ranked)])
    rows.append(["Amber flags", *(entry.scorecard.count(Severity.amber) for entry in ranked)])
    for offset, values in enumerate(rows, start=5):
        _row(sheet, offset, values)
        sheet.cell(row=offset, column=1).font = Font(bold=True)
    _widths(sheet, [44, *([28] * len(ranked))])
    sheet.freeze_panes = "B5"


def _flags(sheet: Worksheet, ranked: list[RankedBid]) -> None:
    _row(sheet, 1, ["Rank", "Provider", "Severity", "Area", "Rule", "Rule title",
                    "What was found", "Cells", "Why it matters", "Evidence"], header=True)
    row = 2
    for entry in ranked:
        for outcome in entry.scorecard.outcomes:
            for flag in outcome.finding.flags if outcome.finding else ():
                _row(sheet, row, [
                    entry.rank, entry.scorecard.provider, flag.severity.value.upper(),
                    AREA_TITLES[outcome.rule.area], outcome.rule.id, outcome.rule.title,
                    flag.message, ", ".join(flag.cells), outcome.rule.rationale,
                    _evidence(outcome),
                ])
                row += 1
    _widths(sheet, [6, 28, 9, 26, 8, 30, 50, 22, 60, 50])
    sheet.freeze_panes = "A2"


def _bid_sheet(sheet: Worksheet, entry: RankedBid, scheme: EvaluationScheme) -> None:
    card = entry.scorecard
    facts = [("Provider", card.provider), ("Bid reference", card.reference),
             ("File", entry.report.source), ("Rank", entry.rank),
             ("Overall score", _score(card.overall)),
             ("Minimum requirements", minimum_requirements(card))]
    for row, (label, value) in enumerate(facts, start=1):
        _row(sheet, row, [label, value])
        sheet.cell(row=row, column=1).font = Font(bold=True)
    _row(sheet, 7, ["Area", "Weight", "Score", "Red flags", "Amber flags"], header=True)
    for row, area in enumerate(Area, start=8):
        flags = [flag for flag in card.flags if flag.area == area]
        _row(sheet, row, [
            AREA_TITLES[area], scheme.area_weights.get(area, 0.0), _score(card.areas[area]),
            sum(flag.severity == Severity.red for flag in flags),
            sum(flag.severity == Severity.amber for flag in flags),
        ])
    start = 8 + len(Area) + 1
    _row(sheet, start, ["Area", "Rule", "Rule title", "Score", "What was found", "Flags",
                        "Values read (cell: question = answer)", "Why it matters",
                        "A stronger bid would", "Evidence"], header=True)
    for row, outcome in enumerate(card.outcomes, start=start + 1):
        _row(sheet, row, [
            AREA_TITLES[outcome.rule.area], outcome.rule.id, outcome.rule.title,
            _rule_score(outcome), _rule_summary(outcome), _flag_lines(outcome),
            _readings(outcome), outcome.rule.rationale, outcome.rule.stronger_bid,
            _evidence(outcome),
        ])
    _widths(sheet, [30, 12, 30, 12, 50, 50, 50, 60, 50, 50])
    sheet.freeze_panes = f"A{start + 1}"


STRESS_COLUMNS = [
    "Rank", "Provider", "Verdict", "Share of joint draws in which pushing pays (p_gain)",
    "Mean change in income if people are pushed out (% of the contract)",
    "Change in income if people are pushed out (£, over the term)", "Likely from (£)",
    "Likely to (£)", "Change in income (% of the contract)", "Extra deaths",
    "Extra deaths likely from", "Extra deaths likely to", "Cap on time in OST",
    "In plain words",
]


def _stress(sheet: Worksheet, ranked: list[RankedBid], stress: StressFigures) -> None:
    _put(sheet, 1, 1, stress.describe() + " Positive income changes mean pushing people "
                      "out of treatment would pay the provider more.")
    _row(sheet, 2, STRESS_COLUMNS, header=True)
    row = 3
    for entry in ranked:
        result = stress.results.get(entry.report.read.digest)
        if result is None:
            _row(sheet, row, [entry.rank, entry.scorecard.provider, "not run on this bid"])
        else:
            _row(sheet, row, [
                entry.rank, entry.scorecard.provider, verdict_words(result),
                "central figures only" if result.p_gain is None else round(result.p_gain, 3),
                round(result.mean_gain_pct, 2),
                *_interval(result.income_gain_gbp, 0), round(result.income_gain_pct.central, 1),
                *_interval(result.extra_deaths, 2), _cap(result), headline(result),
            ])
        row += 1
    row += 1
    _put(sheet, row, 1, "The assumptions")
    sheet.cell(row=row, column=1).font = Font(bold=True)
    _row(sheet, row + 1, ["Assumption", "Value", "Low", "High", "Unit", "Our own assumption?"],
         header=True)
    for offset, parameter in enumerate(stress.assumptions.parameters(), start=row + 2):
        _row(sheet, offset, [parameter.label, parameter.default, parameter.low, parameter.high,
                             parameter.unit, "yes, unconfirmed" if parameter.unconfirmed
                             else "no, published"])
    _widths(sheet, [28, 30, 30, 18, 18, 18, 14, 14, 14, 12, 12, 12, 30, 80])
    sheet.freeze_panes = "C3"


def _interval(interval: Interval, digits: int) -> list[float]:
    return [round(interval.central, digits), round(interval.low, digits),
            round(interval.high, digits)]


def _cap(result: StressResult) -> str:
    if result.cap is None:
        return "no cap"
    return (f"{result.cap.cap_months:g} months: {result.cap.forced_exits.central:,.0f} "
            f"prescriptions stopped, {result.cap.extra_deaths.central:.2f} more deaths")


def _refused(sheet: Worksheet, refused: list[BidReport]) -> None:
    _row(sheet, 1, ["File", "Sheet", "Cell", "Problem"], header=True)
    row = 2
    for report in refused:
        for problem in report.errors:
            sheet_name, _, cell = (problem.cell or "").rpartition("!")
            _row(sheet, row, [report.source, sheet_name, cell, problem.message])
            row += 1
    _widths(sheet, [36, 18, 10, 90])
    sheet.freeze_panes = "A2"


def _sheet_name(entry: RankedBid, taken: set[str]) -> str:
    """A valid, unique sheet name: rank and provider, shortened to Excel's 31 characters."""
    cleaned = SHEET_NAME_FORBIDDEN.sub(" ", safe_text(entry.scorecard.provider)).strip(" '")
    base = f"{entry.rank}. {cleaned}"[:MAX_SHEET_NAME].rstrip(" '")
    name, suffix = base, 2
    while name.lower() in taken:
        tail = f" ({suffix})"
        name = base[: MAX_SHEET_NAME - len(tail)].rstrip(" '") + tail
        suffix += 1
    taken.add(name.lower())
    return name


def _rule_score(outcome: RuleOutcome) -> float | str:
    if outcome.error is not None:
        return "could not run"
    if outcome.score is None:
        return "does not apply"
    return round(100 * outcome.score, 1)


def _rule_summary(outcome: RuleOutcome) -> str:
    if outcome.finding is None:
        return f"The rule could not run on this bid ({outcome.error})."
    return outcome.finding.summary


def _flag_lines(outcome: RuleOutcome) -> str:
    flags = outcome.finding.flags if outcome.finding else ()
    return "\n".join(
        f"{flag.severity.value.upper()}: {flag.message} [{', '.join(flag.cells)}]"
        for flag in flags
    )


def _readings(outcome: RuleOutcome) -> str:
    readings = outcome.finding.readings if outcome.finding else ()
    return "\n".join(f"{r.cell}: {QUESTIONS.get(r.field, r.field)} = {r.value} ({r.field})"
                     for r in readings)


def _evidence(outcome: RuleOutcome) -> str:
    return "\n".join(
        f"{key}: {EVIDENCE[key].citation}" for key in outcome.rule.evidence if key in EVIDENCE
    )
