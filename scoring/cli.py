"""The command line: `python -m scoring score PATH... [--json]`, `template OUT.xlsx`, `rules`.

The contract is shared/scoring-cli.md: exit 0 when every file scored, 1 when at least
one was refused, 2 on a usage error. No traceback reaches the user for a bad file.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from scoring.batch import BidReport, find_workbooks, score_files
from scoring.rulebook import Area

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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "template":
        return _template(args.out)
    if args.command == "rules":
        from scoring.rule_docs import rules_markdown

        print(rules_markdown(), end="")
        return EXIT_OK
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
        for flag in report.scorecard.flags:
            cells = ", ".join(flag.cells)
            lines.append(f"  {flag.severity.upper():<6} {flag.rule}  {flag.message}  [{cells}]")
    return lines


def _number(value: float | None) -> str:
    return f"{'-':>7}" if value is None else f"{value:>7.1f}"
