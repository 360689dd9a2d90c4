"""The command line: `python -m scoring score PATH... [--json] [--scheme FILE]`, `stress`,
`design`, `template`, `rules`.

This is the library's own command line and imports nothing above `scoring`: the entry
point (`scoring/__main__.py`) hands `evaluation` to `evaluations.cli` and passes in the
template writer from `templates`.

The contract is shared/scoring-cli.md: exit 0 when every file scored, 1 when at least
one was refused, 2 on a usage error (a bad scheme file too). No traceback reaches the
user for a bad file. Bids are listed in ranked order, refused files after them.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from scoring.batch import BidReport, find_workbooks, rule_error_message, score_files
from scoring.engine import Scorecard, load_rules
from scoring.ranking import RankedBid, ranking
from scoring.rulebook import Area
from scoring.scheme import DEFAULT_SCHEME, EvaluationScheme, SchemeError, load_scheme

if TYPE_CHECKING:
    from scoring.design.files import DesignReport
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
    score.add_argument("--scheme", type=Path, metavar="FILE",
                       help="an evaluation scheme (TOML or JSON: name, area_weights, "
                       "rule_weights, gates) laid over the published one")
    template = commands.add_parser("template", help="write the blank bid workbook")
    template.add_argument("out", type=Path, metavar="OUT.xlsx")
    template.add_argument("--design", action="store_true",
                          help="write the blank design workbook instead: the contract, "
                          "cohort, Payment and Targets only")
    commands.add_parser("rules", help="print every rule and its evidence, as Markdown")
    commands.add_parser("evaluation", help="a panel's evaluation in a database: "
                        "python -m scoring evaluation --help", add_help=False)
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
    design = commands.add_parser(
        "design", help="check payment designs before they go out to tender, and say what "
        "would stop them paying to push people out")
    design.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    design.add_argument("--json", action="store_true", help="print one JSON document")
    design.add_argument("--params", type=Path, metavar="FILE",
                        help="assumptions (TOML, shaped like scoring/stress/assumptions.toml) "
                        "laid over the defaults")
    design.add_argument("--draws", type=_positive, default=10_000,
                        help="parameter draws for each design's ranges (default 10000); "
                        "suggestions use the central figures and robustness alone")
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text!r}")
    return value


def main(argv: Sequence[str] | None = None,
         write_template: Callable[[Path, bool], None] | None = None) -> int:
    """Run one command; `write_template(out, design)` comes from the entry point, which may
    import `templates` (this module may not)."""
    args = build_parser().parse_args(sys.argv[1:] if argv is None else list(argv))
    if args.command == "evaluation":  # only the entry point can run it: it lives above us
        print("error: run evaluations as `python -m scoring evaluation ...`", file=sys.stderr)
        return EXIT_USAGE
    if args.command == "template":
        if write_template is None:
            print("error: run `python -m scoring template OUT.xlsx`", file=sys.stderr)
            return EXIT_USAGE
        return _template(args.out, args.design, write_template)
    if args.command == "rules":
        from scoring.rule_docs import rules_markdown

        print(rules_markdown(), end="")
        return EXIT_OK
    if args.command == "stress":
        return _stress(args.paths, args.json, args.params, args.draws)
    if args.command == "design":
        return _design(args.paths, args.json, args.params, args.draws)
    return _score(args.paths, as_json=args.json, scheme_file=args.scheme)


def _template(out: Path, design: bool, write_template: Callable[[Path, bool], None]) -> int:
    if out.suffix.lower() != ".xlsx":
        print(f"error: the template must be written to an .xlsx file, not {out}",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        write_template(out, design)
    except OSError as error:
        print(f"error: cannot write {out}: {error.strerror}", file=sys.stderr)
        return EXIT_USAGE
    print(f"wrote {out}")
    return EXIT_OK


def _score(paths: list[Path], as_json: bool, scheme_file: Path | None = None) -> int:
    try:
        files = find_workbooks(paths)
        scheme = (DEFAULT_SCHEME if scheme_file is None
                  else load_scheme(scheme_file, {rule.id for rule in load_rules()}))
    except (FileNotFoundError, SchemeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    reports = score_files(files, scheme)
    ranked = ranking(reports, scheme)
    refused = [report for report in reports if report.scorecard is None]
    if as_json:
        bids = [entry.to_json() for entry in ranked]
        bids += [{**report.to_json(), "rank": None} for report in refused]
        print(json.dumps({"bids": bids}, indent=2, ensure_ascii=False))
    else:
        print(render_table(ranked, refused, scheme))
    return EXIT_REFUSED if refused else EXIT_OK


AREA_HEADINGS = {
    Area.balance: "Balance",
    Area.incentives: "Incentives",
    Area.mutual_aid: "Mutual aid",
    Area.recovery_capital: "Recovery capital",
    Area.safety: "Safety",
    Area.voice: "Voice",
}


def render_table(
    ranked: Sequence[RankedBid],
    refused: Sequence[BidReport] = (),
    scheme: EvaluationScheme = DEFAULT_SCHEME,
) -> str:
    """One row a bid in ranked order, one column an area, the gates failed; then details."""
    width = max([len(e.scorecard.provider) for e in ranked]
                + [len(r.source) for r in refused] + [8])
    widths = {a: max(7, len(AREA_HEADINGS[a])) for a in Area}
    header = f"{'Rank':>4}  {'Bid':<{width}}  {'Overall':>7}  " + "  ".join(
        f"{AREA_HEADINGS[a]:>{widths[a]}}" for a in Area) + "  Red  Amber  Minimum requirements"
    lines = [header, "-" * len(header)]
    for entry in ranked:
        card = entry.scorecard
        areas = "  ".join(f"{_number(card.areas[a]):>{widths[a]}}" for a in Area)
        gates = ("met" if card.passes_gates
                 else "FAILS: " + "; ".join(failure.words for failure in card.gate_failures))
        lines.append(f"{entry.rank:>4}  {card.provider:<{width}}  {_number(card.overall)}  "
                     f"{areas}  {card.count('red'):>3}  {card.count('amber'):>5}  {gates}")
    for report in refused:
        lines.append(f"{'-':>4}  {report.source:<{width}}  {'refused':>7}")
    if scheme.gates:
        lines += ["", "A bid that fails a minimum requirement ranks below every bid that "
                  "meets them all. The minimum requirements:"]
        lines += [f"  - {gate.requirement or gate.rule} (rule {gate.rule})"
                  for gate in scheme.gates]
    listed = [(entry.report, entry.scorecard) for entry in ranked]
    for report, card in listed + [(report, None) for report in refused]:
        details = _details(report, card)
        if details:
            lines += ["", f"{card.provider if card else report.source} ({report.source})",
                      *details]
    return "\n".join(lines)


def _details(report: BidReport, card: Scorecard | None) -> list[str]:
    lines = [f"  ERROR  {problem.describe(report.source)}" for problem in report.errors]
    lines += [f"  warn   {problem.describe(report.source)}" for problem in report.warnings]
    if card is not None:
        lines += [f"  ERROR  {rule_error_message(o)}" for o in card.rule_errors]
        for failure in card.gate_failures:
            lines.append(f"  FAILS  Fails a minimum requirement: {failure.words}. "
                         f"Required: {failure.requirement}. (rule {failure.rule})")
        for flag in card.flags:
            cells = ", ".join(flag.cells)
            lines.append(f"  {flag.severity.upper():<6} {flag.message}  "
                         f"[{cells}; rule {flag.rule}]")
    return lines


def _number(value: float | None) -> str:
    return f"{'-':>7}" if value is None else f"{value:>7.1f}"


def _modelled(paths: list[Path], as_json: bool, params: Path | None, draws: int,
              run, document, render, done) -> int:
    """Read the workbooks and the assumptions, run the model on them, print the outcome.

    Shared by `stress` and `design`: `run(files, assumptions, draws)` gives the reports,
    `document` their JSON, `render` their table, and `done(report)` whether it was read.
    """
    from scoring.stress import AssumptionsError, load_assumptions

    try:
        files, assumptions = find_workbooks(paths), load_assumptions(params)
    except (FileNotFoundError, AssumptionsError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    reports = run(files, assumptions, draws)
    if as_json:
        print(json.dumps(document(reports, assumptions, draws), indent=2, ensure_ascii=False))
    else:
        print(render(reports))
    return EXIT_OK if all(done(report) for report in reports) else EXIT_REFUSED


def _stress(paths: list[Path], as_json: bool, params: Path | None, draws: int) -> int:
    from scoring.stress.files import stress_document, stress_files

    return _modelled(paths, as_json, params, draws, stress_files, stress_document,
                     render_stress_table, lambda report: report.result)


def render_stress_table(reports: list[StressReport]) -> str:
    """One row a bid (verdict, whether it holds, gain, deaths), then each bid's summary."""
    from scoring.stress.summary import gbp

    def money(interval: Interval) -> str:
        return f"{gbp(interval.central)} ({gbp(interval.low)} to {gbp(interval.high)})"

    def deaths(interval: Interval) -> str:
        return f"{interval.central:.1f} ({interval.low:.1f} to {interval.high:.1f})"

    width = max([len(r.result.provider if r.result else r.source) for r in reports] + [8])
    header = (f"{'Bid':<{width}}  {'Verdict':<15}  {'Holds?':<6}  "
              f"{'Gain from pushing (80%)':<36}  {'% value':>7}  {'Extra deaths (80%)':<19}  "
              f"{'Deaths from an OST cap':<22}")
    lines = [header, "-" * len(header)]
    for report in reports:
        result = report.result
        if result is None:
            lines.append(f"{report.source:<{width}}  refused")
            continue
        cap = "-" if result.cap is None else deaths(result.cap.extra_deaths)
        lines.append(
            f"{result.provider:<{width}}  {result.verdict.replace('_', ' '):<15}  "
            f"{'yes' if result.robust else 'no':<6}  {money(result.income_gain_gbp):<36}  "
            f"{result.income_gain_pct.central:>7.1f}  {deaths(result.extra_deaths):<19}  {cap}")
    lines += ["", "Holds? yes: the verdict holds at both ends of the range of every figure "
              "that is our own assumption."]
    for report in reports:
        name = report.result.provider if report.result else report.source
        lines += ["", f"{name} ({report.source})"]
        lines += [f"  ERROR  {problem.describe(report.source)}" for problem in report.errors]
        lines += [f"  warn   {problem.describe(report.source)}" for problem in report.warnings]
        if report.result:
            lines.append(textwrap.fill(report.result.summary, 100, initial_indent="  ",
                                       subsequent_indent="  "))
    return "\n".join(lines)


def _design(paths: list[Path], as_json: bool, params: Path | None, draws: int) -> int:
    from scoring.design.files import design_document, design_files

    return _modelled(paths, as_json, params, draws, design_files, design_document,
                     render_designs, lambda report: report.check)


def render_designs(reports: list[DesignReport]) -> str:
    """Each design: the stress test's verdict and figures, its flags, then the suggestions."""
    from scoring.design import summary

    lines: list[str] = []
    for report in reports:
        lines += ["", report.source] if lines else [report.source]
        lines += [f"  ERROR  {problem.describe(report.source)}" for problem in report.read.errors]
        lines += [f"  warn   {problem.describe(report.source)}"
                  for problem in report.read.warnings]
        if report.check is None:
            continue
        stress = report.check.stress
        gain, deaths = stress.income_gain_pct, stress.extra_deaths
        lines += [
            f"  Verdict: {stress.verdict.replace('_', ' ')}; "
            f"{'holds' if stress.robust else 'does not hold'} across our assumptions",
            f"  Gain from pushing: {gain.central:+.1f}% of the value "
            f"(likely {gain.low:+.1f}% to {gain.high:+.1f}%); extra deaths if pushed: "
            f"{deaths.central:.1f} ({deaths.low:.1f} to {deaths.high:.1f})",
            textwrap.fill(summary(report.check), 100, initial_indent="  ",
                          subsequent_indent="  "),
        ]
        for flag in report.check.flags:
            lines.append(f"  {flag.severity.upper():<6} {flag.rule}  {flag.message}  "
                         f"[{', '.join(flag.cells)}]")
        if not report.suggestions:
            lines.append("  No suggestions: no change we try does better on these rules "
                         "and this model.")
        for number, suggestion in enumerate(report.suggestions, start=1):
            lines += [textwrap.fill(f"{number}. {suggestion.change}.", 100,
                                    initial_indent="  ", subsequent_indent="     "),
                      textwrap.fill(suggestion.effect, 100, initial_indent="     ",
                                    subsequent_indent="     ")]
    return "\n".join(lines)
