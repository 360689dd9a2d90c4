"""The command line: `python -m scoring score PATH... [--json]`, `stress`, `template`, `rules`.

The contract is shared/scoring-cli.md: exit 0 when every file scored, 1 when at least
one was refused, 2 on a usage error. No traceback reaches the user for a bad file.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from scoring.batch import BidReport, find_workbooks, rule_error_message, score_files
from scoring.rulebook import Area

if TYPE_CHECKING:
    from scoring.stress import Interval
    from scoring.stress.files import StressReport

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse exits 2 too; this keeps the message plain
        self.print_usage(sys.stderr)
        print(f"{self.prog}: {message}", file=sys.stderr)
        sys.exit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m scoring", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    score = commands.add_parser("score", help="score bid workbooks (files or folders)")
    score.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    score.add_argument("--json", action="store_true", help="print one JSON document")
    template = commands.add_parser("template", help="write the blank bid workbook")
    template.add_argument("out", type=Path, metavar="OUT.xlsx")
    commands.add_parser("rules", help="print every rule and its evidence, as Markdown")
    stress = commands.add_parser(
        "stress", help="does pushing people out of treatment pay under each bid, and what "
        "would it cost in lives?")
    stress.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    stress.add_argument("--json", action="store_true", help="print one JSON document")
    stress.add_argument("--params", type=Path, metavar="FILE",
                        help="assumptions (TOML, shaped like scoring/stress/assumptions.toml) "
                        "laid over the defaults")
    stress.add_argument("--draws", type=_positive, default=10_000,
                        help="parameter draws (default 10000)")
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text!r}")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "template":
        return _template(args.out)
    if args.command == "rules":
        from scoring.rule_docs import rules_markdown

        print(rules_markdown(), end="")
        return EXIT_OK
    if args.command == "stress":
        return _stress(args.paths, args.json, args.params, args.draws)
    return _score(args.paths, as_json=args.json)


def _template(out: Path) -> int:
    from templates.bid_workbook import save_template

    if out.suffix.lower() != ".xlsx":
        print(f"error: the template must be written to an .xlsx file, not {out}",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        save_template(out)
    except OSError as error:
        print(f"error: cannot write {out}: {error.strerror}", file=sys.stderr)
        return EXIT_USAGE
    print(f"wrote {out}")
    return EXIT_OK


def _score(paths: list[Path], as_json: bool) -> int:
    try:
        files = find_workbooks(paths)
    except FileNotFoundError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    reports = score_files(files)
    if as_json:
        print(json.dumps({"bids": [report.to_json() for report in reports]}, indent=2,
                         ensure_ascii=False))
    else:
        print(render_table(reports))
    return EXIT_OK if all(report.scorecard for report in reports) else EXIT_REFUSED


AREA_HEADINGS = {
    Area.balance: "Balance",
    Area.incentives: "Incent.",
    Area.mutual_aid: "Mutual",
    Area.recovery_capital: "RecCap",
    Area.safety: "Safety",
    Area.voice: "Voice",
}


def render_table(reports: list[BidReport]) -> str:
    """One row a bid, one column an area, then each bid's flags and problems."""
    width = max([len(r.provider or r.source) for r in reports] + [8])
    header = f"{'Bid':<{width}}  {'Overall':>7}  " + "  ".join(
        f"{AREA_HEADINGS[a]:>7}" for a in Area) + "  Red  Amber"
    lines = [header, "-" * len(header)]
    for report in reports:
        card = report.scorecard
        name = report.provider or report.source
        if card is None:
            lines.append(f"{name:<{width}}  {'refused':>7}")
            continue
        areas = "  ".join(_number(card.areas[a]) for a in Area)
        lines.append(f"{name:<{width}}  {_number(card.overall)}  {areas}  "
                     f"{card.count('red'):>3}  {card.count('amber'):>5}")
    for report in reports:
        details = _details(report)
        if details:
            lines += ["", f"{report.provider or report.source} ({report.source})", *details]
    return "\n".join(lines)


def _details(report: BidReport) -> list[str]:
    lines = [f"  ERROR  {problem.describe(report.source)}" for problem in report.errors]
    lines += [f"  warn   {problem.describe(report.source)}" for problem in report.warnings]
    if report.scorecard is not None:
        lines += [f"  ERROR  {rule_error_message(o)}" for o in report.scorecard.rule_errors]
        for flag in report.scorecard.flags:
            cells = ", ".join(flag.cells)
            lines.append(f"  {flag.severity.upper():<6} {flag.rule}  {flag.message}  [{cells}]")
    return lines


def _number(value: float | None) -> str:
    return f"{'-':>7}" if value is None else f"{value:>7.1f}"


def _stress(paths: list[Path], as_json: bool, params: Path | None, draws: int) -> int:
    from scoring.stress import AssumptionsError, load_assumptions
    from scoring.stress.files import stress_document, stress_files

    try:
        files = find_workbooks(paths)
        assumptions = load_assumptions(params)
    except (FileNotFoundError, AssumptionsError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    reports = stress_files(files, assumptions, draws)
    if as_json:
        print(json.dumps(stress_document(reports, assumptions, draws), indent=2,
                         ensure_ascii=False))
    else:
        print(render_stress_table(reports))
    return EXIT_OK if all(report.result for report in reports) else EXIT_REFUSED


def render_stress_table(reports: list[StressReport]) -> str:
    """One row a bid (verdict, gain, extra deaths), then each bid's summary or problems."""
    from scoring.stress.summary import gbp

    def money(interval: Interval) -> str:
        return f"{gbp(interval.mean)} ({gbp(interval.low)} to {gbp(interval.high)})"

    width = max([len(r.result.provider if r.result else r.source) for r in reports] + [8])
    header = (f"{'Bid':<{width}}  {'Verdict':<15}  {'Gain from pushing (80%)':<36}  "
              f"{'% value':>7}  {'Extra deaths (80%)':<19}  £ per extra death")
    lines = [header, "-" * len(header)]
    for report in reports:
        result = report.result
        if result is None:
            lines.append(f"{report.source:<{width}}  refused")
            continue
        deaths = result.extra_deaths
        deaths_text = f"{deaths.mean:.1f} ({deaths.low:.1f} to {deaths.high:.1f})"
        per_death = ("-" if result.gbp_per_extra_death is None
                     else gbp(result.gbp_per_extra_death))
        lines.append(
            f"{result.provider:<{width}}  {result.verdict.replace('_', ' '):<15}  "
            f"{money(result.income_gain_gbp):<36}  {result.income_gain_pct.mean:>7.1f}  "
            f"{deaths_text:<19}  {per_death}")
    for report in reports:
        name = report.result.provider if report.result else report.source
        lines += ["", f"{name} ({report.source})"]
        lines += [f"  ERROR  {problem.describe(report.source)}" for problem in report.errors]
        lines += [f"  warn   {problem.describe(report.source)}" for problem in report.warnings]
        if report.result:
            lines.append(textwrap.fill(report.result.summary, 100, initial_indent="  ",
                                       subsequent_indent="  "))
    return "\n".join(lines)
