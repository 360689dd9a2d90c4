"""Presentation helpers: library results as plain words, tables and chart data.

Pure functions with no Streamlit calls, so the pages stay short and these are tested
directly. Anything that may hold a bidder's text is escaped here before it reaches
Markdown, or is handed to a table, which never renders Markdown or HTML.
"""

from __future__ import annotations

import re
import string
import textwrap
from collections.abc import Iterable, Sequence

import pandas as pd

from scoring.engine import RaisedFlag, RuleOutcome, Scorecard
from scoring.evidence import EVIDENCE
from scoring.models import QUESTION_SHEETS, TABLE_SHEETS, fields_of
from scoring.ranking import RankedBid, minimum_requirements
from scoring.reader import Problem
from scoring.rulebook import AREA_TITLES, Area, Severity

AREA_NAMES = {
    Area.balance: "Balance",
    Area.incentives: "Incentives",
    Area.mutual_aid: "Mutual aid",
    Area.recovery_capital: "Recovery capital",
    Area.safety: "Safety",
    Area.voice: "Voice",
}

# Colour is never the only signal: every severity also has its own symbol and word.
# Icons are Material Symbols (Streamlit ships the font), so they show on any machine.
SEVERITY_ICON = {Severity.red: ":material/dangerous:", Severity.amber: ":material/warning:"}
SEVERITY_COLOUR = {Severity.red: "red", Severity.amber: "orange"}
SEVERITY_WORD = {Severity.red: "Red flag", Severity.amber: "Amber flag"}
NO_FLAGS_ICON = ":material/check_circle:"
SEVERITY_MEANING = {
    Severity.red: "a design the evidence links to harm; the panel must discuss it",
    Severity.amber: "a weakness to ask the provider about",
}

_MARKDOWN_SPECIAL = re.compile("([" + re.escape(string.punctuation) + "])")
# Markdown turns bare web and e-mail addresses into links, escaped or not; an invisible
# word joiner inside the first letters or after the @ leaves the text as it reads.
_AUTOLINK_STARTS = re.compile(r"(?i)(?<=h)(?=ttps?\b)|(?<=w)(?=ww\.)|(?<=f)(?=tp\b)|(?<=@)")
WORD_JOINER = "\u2060"
QUESTIONS = {
    spec.label: spec.question
    for model in (*QUESTION_SHEETS.values(), *TABLE_SHEETS.values())
    for spec in fields_of(model)
    if spec.question
}
_QUESTION_ID = re.compile("|".join(sorted(
    (re.escape(spec.label) for model in QUESTION_SHEETS.values() for spec in fields_of(model)),
    key=len, reverse=True,
)))


def plain(text: str) -> str:
    """Text from a bid, safe inside Markdown: every symbol shown as itself, on one line.

    Nothing in it becomes formatting, HTML, a link, a colour, an icon or maths.
    """
    unlinked = _AUTOLINK_STARTS.sub(WORD_JOINER, " ".join(str(text).split()))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", unlinked)


def score_text(score: float | None) -> str:
    return "not scored" if score is None else f"{score:.1f}"


def flag_counts(card: Scorecard) -> str:
    """Markdown: '(icon) 1 red · (icon) 14 amber', or '(icon) No flags'."""
    parts = [
        badge(severity, f"{count} {severity.value}")
        for severity in Severity
        if (count := card.count(severity))
    ]
    return " · ".join(parts) if parts else f":green[{NO_FLAGS_ICON}] No flags"


def badge(severity: Severity, words: str | None = None) -> str:
    """Markdown: the severity's icon in its colour, then words (its name by default)."""
    icon = f":{SEVERITY_COLOUR[severity]}[{SEVERITY_ICON[severity]}]"
    return f"{icon} **{words or SEVERITY_WORD[severity]}**"


def bid_labels(ranked: Sequence[RankedBid]) -> list[str]:
    """A name for each bid: its provider, with the file name where two share a provider."""
    providers = [entry.scorecard.provider for entry in ranked]
    return [
        f"{entry.scorecard.provider} ({entry.report.source})"
        if providers.count(entry.scorecard.provider) > 1
        else entry.scorecard.provider
        for entry in ranked
    ]


def problems_table(problems: Iterable[Problem]) -> pd.DataFrame:
    """Errors or warnings as rows: sheet, cell, what is wrong, what was expected and found."""
    rows = []
    for problem in problems:
        sheet, _, cell = (problem.cell or "").rpartition("!")
        itemised = problem.expected is not None
        what = (problem.subject or "wrong value") if itemised else problem.message
        rows.append({
            "Sheet": sheet or "(whole file)",
            "Cell": cell or "",
            "Problem": with_questions(what),
            "Expected": problem.expected or "",
            "Found": problem.found or "",
        })
    return pd.DataFrame(rows, columns=["Sheet", "Cell", "Problem", "Expected", "Found"])


def reader_notes_words(notes: Sequence[Problem], most_cells: int = 5) -> str:
    """What the reader's notes on a workbook mean, and where, for the pages that show its
    scores."""
    cells = list(dict.fromkeys(note.cell for note in notes if note.cell))
    listed = ", ".join(cells[:most_cells]) + (f" and {len(cells) - most_cells} more"
                                              if len(cells) > most_cells else "")
    return (f"{len(notes)} note{'s' if len(notes) != 1 else ''} from reading this workbook: "
            "something in it is hidden or easy to miss in Excel (hidden rows, white text, a "
            "format that hides a value). The scores use what was read; check "
            + (f"these cells with the provider: {listed}." if cells else
               "the file with the provider."))


def message_to_provider(file_name: str, problems: Sequence[Problem],
                        provider: str | None = None) -> str:
    """What a commissioner sends a provider whose workbook was refused, ready to copy.

    Plain text (shown as such, never as Markdown): every problem on its own numbered
    line, with the sheet and cell to fix and the question asked there.
    """
    who = f" ({provider})" if provider else ""
    lines = [
        f"Ask the provider{who} to correct the bid workbook \"{file_name}\" and send it "
        "again. It could not be scored because of the problems below; each names the "
        "sheet and cell to fix.",
        "",
    ]
    for number, problem in enumerate(problems, start=1):
        where = problem.cell or "The whole file"
        lines.append(f"{number}. {where}: {with_questions(_sentence(problem.message))}")
    return "\n".join(lines)


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "?", "!")) else f"{text}."


def with_questions(text: str) -> str:
    """A library message with each question ID followed by the question in words."""
    return _QUESTION_ID.sub(lambda found: f"{found[0]} (“{QUESTIONS[found[0]]}”)", text)


def comparison_table(ranked: Sequence[RankedBid]) -> pd.DataFrame:
    """One row a bid: rank, provider, overall, the six areas, flag counts, gates."""
    labels = bid_labels(ranked)
    return pd.DataFrame([
        {
            "Rank": entry.rank,
            "Provider": label,
            "Overall": entry.scorecard.overall,
            **{AREA_NAMES[area]: entry.scorecard.areas[area] for area in Area},
            "Red flags": entry.scorecard.count(Severity.red),
            "Amber flags": entry.scorecard.count(Severity.amber),
            "Minimum requirements": minimum_requirements(entry.scorecard),
        }
        for entry, label in zip(ranked, labels, strict=True)
    ])


def area_rows(card: Scorecard, label: str = "") -> list[dict[str, object]]:
    """Chart rows for one bid: each area's score with its flags in words."""
    rows = []
    for area in Area:
        flags = [flag for flag in card.flags if flag.area == area]
        red = sum(flag.severity == Severity.red for flag in flags)
        amber = sum(flag.severity == Severity.amber for flag in flags)
        worst = "red flag" if red else "amber flag" if amber else "no flags"
        score = card.areas[area]
        words = f"{red} red" if red else f"{amber} amber" if amber else ""
        figures = " · ".join(p for p in (score_text(score).removesuffix(".0"), words) if p)
        bid = label or card.provider
        rows.append({
            "Bid": bid,
            "Area": AREA_NAMES[area],
            "Score": score,
            "Flags": worst,
            "Label": figures,
            "Line": wrapped(f"{AREA_NAMES[area]}: {figures}"),
            "BidLine": wrapped(f"{bid}: {figures}"),
            "Detail": f"{red} red, {amber} amber" if flags else "no flags",
        })
    return rows


CHART_LINE_CHARACTERS = 34  # what fits across the narrowest chart (a card four to a row)


def wrapped(text: str, width: int = CHART_LINE_CHARACTERS) -> str:
    """Text for a chart label, broken into lines that fit; a long unbroken word is split."""
    return "\n".join(textwrap.wrap(" ".join(str(text).split()), width,
                                   break_long_words=True, break_on_hyphens=True)) or " "


def flags_in_order(card: Scorecard) -> list[RaisedFlag]:
    """A bid's flags, red first, then by rule."""
    return sorted(card.flags, key=lambda flag: (flag.severity != Severity.red, flag.rule))


def flags_table(card: Scorecard) -> pd.DataFrame:
    """Every flag of a bid (as `flags_in_order`): severity, area, what was found, cells, rule."""
    return pd.DataFrame(
        [
            {
                "Severity": SEVERITY_WORD[flag.severity],
                "Area": AREA_NAMES[flag.area],
                "What was found": flag.message,
                "Cells": ", ".join(flag.cells),
                "Rule": flag.rule,
            }
            for flag in flags_in_order(card)
        ],
        columns=["Severity", "Area", "What was found", "Cells", "Rule"],
    )


def readings_table(outcome: RuleOutcome) -> pd.DataFrame:
    """The workbook values a rule read: cell, the question asked, the answer given."""
    readings = outcome.finding.readings if outcome.finding else ()
    return pd.DataFrame(
        [
            {"Cell": r.cell, "Question": QUESTIONS.get(r.field, r.field), "Answer": r.value}
            for r in readings
        ],
        columns=["Cell", "Question", "Answer"],
    )


def rule_score_text(outcome: RuleOutcome) -> str:
    if outcome.error is not None:
        return "could not be checked"
    if outcome.score is None:
        return "does not apply"
    return f"{100 * outcome.score:.0f} / 100"


def worst_severity(outcome: RuleOutcome) -> Severity | None:
    severities = {flag.severity for flag in (outcome.finding.flags if outcome.finding else ())}
    return next((severity for severity in Severity if severity in severities), None)


def rule_heading(outcome: RuleOutcome) -> tuple[str, str]:
    """An expander's title and icon: worst flag in words, the rule's title, its score.

    The rule id is detail, shown inside (`rule_reference`), not in the heading.
    """
    worst = worst_severity(outcome)
    words = f"{SEVERITY_WORD[worst]} · " if worst else ""
    title = f"{words}{outcome.rule.title} — {rule_score_text(outcome)}"
    return title, SEVERITY_ICON[worst] if worst else NO_FLAGS_ICON


def rule_reference(outcome: RuleOutcome) -> str:
    """The rule's id and evidence keys, for someone who asks for the detail."""
    keys = ", ".join(outcome.rule.evidence)
    return f"Rule {outcome.rule.id}" + (f"; evidence {keys}" if keys else "")


def opened_rule(outcomes: Sequence[RuleOutcome]) -> str | None:
    """The one rule whose detail starts open: the first with a flag, if any."""
    return next((o.rule.id for o in outcomes if o.finding and o.finding.flags), None)


def evidence_lines(outcome: RuleOutcome) -> list[tuple[str, str, str]]:
    """(key, citation, what it found) for each source the rule cites."""
    return [
        (key, EVIDENCE[key].citation, EVIDENCE[key].finding)
        for key in outcome.rule.evidence
        if key in EVIDENCE
    ]


def area_description(area: Area) -> str:
    return AREA_TITLES[area]
