"""`python -m scoring evaluation VERB ...`: a panel's evaluation from the command line.

The contract is shared/evaluation.md (Command line): exit 0 done, 1 refused with the
reason on stderr, 2 a usage error; `--json` prints one JSON document; never a traceback.
A code may come from `SCORING_CODE` instead of `--code`, to keep it out of shell history.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2
REGIME_WORDS = {"psr": "the Provider Selection Regime (competitive process)",
                "procurement_act": "the Procurement Act 2023"}


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m scoring evaluation",
                     description="A panel's evaluation of one tender, kept in a database.")
    verbs = parser.add_subparsers(dest="verb", required=True, parser_class=_Parser)

    def verb(name: str, help: str, evaluation: bool = True, code: bool = True):
        sub = verbs.add_parser(name, help=help)
        if evaluation:
            sub.add_argument("id", type=int, metavar="ID")
        if code:
            sub.add_argument("--code", help="your sign-in code (or set SCORING_CODE)")
        sub.add_argument("--db", help="database URL (default: DATABASE_URL, else the local "
                         "SQLite file evaluations.db)")
        sub.add_argument("--json", action="store_true", help="print one JSON document")
        return sub

    create = verb("create", "a new evaluation in setup", evaluation=False, code=False)
    create.add_argument("name", metavar="NAME")
    create.add_argument("--lead", required=True, metavar="PERSON")
    create.add_argument("--scheme", default="rule_areas",
                        help="rule_areas (default), psr, or a scheme JSON file")
    create.add_argument("--regime", default="psr", choices=["psr", "procurement_act"],
                        help="psr: the Provider Selection Regime's competitive process "
                        "(default; council drug and alcohol treatment); procurement_act: "
                        "services outside the PSR")
    member = verb("member", "add a member; prints their code")
    member.add_argument("--name", required=True, metavar="PERSON")
    member.add_argument("--role", required=True,
                        choices=["evaluator", "service_user", "observer"])
    member.add_argument("--email")
    remove = verb("remove-member", "remove a member (audited)")
    remove.add_argument("--name", required=True, metavar="PERSON")
    for name, help in (("issue-code", "a new code for a member (revokes the old)"),
                       ("revoke-code", "revoke a member's code")):
        verb(name, help).add_argument("--name", required=True, metavar="PERSON")
    bids = verb("bids", "add bid workbooks")
    bids.add_argument("files", nargs="+", type=Path, metavar="FILE")
    withdraw = verb("withdraw", "withdraw a bid (setup only)")
    withdraw.add_argument("--bid", required=True, metavar="REF")
    verb("advance", "move to the next stage")
    declare = verb("declare", "declare interests (no --conflict is a nil return)")
    declare.add_argument("--conflict", nargs="*", default=[], metavar="BID_REF")
    score = verb("panel-score", "save your score for a bid and criterion; --submit all")
    _cell_arguments(score, required=False)
    score.add_argument("--score", type=int)
    score.add_argument("--comment")
    score.add_argument("--submit", action="store_true")
    view = verb("view", "a service-user view of a bid and criterion")
    _cell_arguments(view, required=True)
    view.add_argument("--view", required=True, choices=["agree", "concern", "serious_concern"])
    view.add_argument("--comment", required=True)
    moderate = verb("moderate", "the panel's agreed score and reason")
    _cell_arguments(moderate, required=True)
    moderate.add_argument("--score", required=True, type=int)
    moderate.add_argument("--reason", required=True)
    moderate.add_argument("--check", action="store_true",
                          help="only show what is wrong with the reason; save nothing")
    verb("draft-reasons", "draft a score and reason for every cell not yet agreed, "
         "marked as the tool's until approved")
    approve = verb("approve-reason", "make a drafted score and reason the panel's, with the "
                   "reason edited into the panel's own words")
    _cell_arguments(approve, required=True)
    approve.add_argument("--reason", required=True, metavar="TEXT",
                         help="the reason as the panel words it (a draft never counts as it "
                         "stands)")
    verb("show", "what you may see")
    details = verb("details", "the award details the documents state (contract, "
                   "decision-makers, ...); with no option, show them and what is missing")
    details.add_argument("--file", type=Path, metavar="FILE",
                         help="a TOML (or .json) file of award details")
    details.add_argument("--publication-date", metavar="YYYY-MM-DD",
                         help="the day the notice is (to be) published")
    details.add_argument("--decision-body", metavar="WHO",
                         help="the decision-makers as the notice names them: a committee or "
                         "job titles (name each person, with their declaration, in --file)")
    details.add_argument("--decision-instrument", metavar="TEXT",
                         help="the key or delegated decision that decided, with its reference")
    details.add_argument("--decision-date", metavar="YYYY-MM-DD",
                         help="the date of that decision")
    details.add_argument("--process", help="the decision-making process followed")
    details.add_argument("--selection-reasons",
                         help="the decision-makers' reasons for selecting the provider")
    report = verb("report", "the decision's Word documents: drafts in moderation, final "
                  "once decided")
    report.add_argument("--out", required=True, type=Path, metavar="DIR")
    report.add_argument("--draft", action="store_true",
                        help="drafts even once decided (never refused)")
    verb("robustness", "how safe the decision is and what would have changed it (the lead; "
         "once decided, a service-user representative or observer sees the plain reading)")
    audit = verb("audit", "the audit log", code=False)
    audit.add_argument("--verify", action="store_true")
    backup = verb("backup", "copy the whole database", code=False)
    backup.add_argument("--out", required=True, type=Path, metavar="FILE")
    restore = verb("restore", "restore a backup into an empty database", evaluation=False,
                   code=False)
    restore.add_argument("file", type=Path, metavar="FILE")
    restore.add_argument("--audit-key", type=Path, metavar="KEY_FILE",
                         help="the audit key the backup was sealed with (kept apart from it); "
                         "without it, the target's own key")
    verb("demo", "load the demo evaluation (six sample bids, a panel, some work done)",
         evaluation=False, code=False)
    return parser


def _cell_arguments(parser: argparse.ArgumentParser, required: bool) -> None:
    parser.add_argument("--bid", required=required, metavar="REF")
    parser.add_argument("--area", required=required, metavar="AREA",
                        help="a criterion id of the scheme, e.g. balance")


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except UsageError as error:
        print(error, file=sys.stderr)
        return EXIT_USAGE
    except SystemExit as done:  # --help
        return int(done.code or 0)
    try:
        return _run(args)
    except UsageError as error:
        print(f"usage error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # the reader went away (`... | head`): scoring's __main__ copes
        raise
    except Exception as error:  # never a traceback: say what went wrong in one line
        print(f"refused: {_describe(error)}", file=sys.stderr)
        return EXIT_REFUSED


def _describe(error: Exception) -> str:
    from sqlalchemy.exc import SQLAlchemyError

    from evaluations.process import Refused
    from evaluations.store import StoreError

    if isinstance(error, Refused | StoreError):
        return str(error)
    if isinstance(error, SQLAlchemyError):
        original = getattr(error, "orig", None) or error
        return f"the database refused: {str(original).splitlines()[0]}"
    if isinstance(error, OSError):
        return f"{error.strerror or error}: {error.filename or ''}".rstrip(": ")
    return f"{type(error).__name__}: {error}"


def _run(args: argparse.Namespace) -> int:
    from evaluations.store import open_store

    handler = HANDLERS[args.verb]
    if args.verb == "restore":
        return handler(args, None)
    engine = open_store(args.db, create=args.verb in ("create", "demo"))
    try:
        return handler(args, engine)
    finally:
        # Closed now, not whenever the process's last objects go: SQLite then folds its
        # write-ahead log into the database file, so the file alone holds every change.
        engine.dispose()


def _code(args: argparse.Namespace) -> str:
    code = args.code or os.environ.get("SCORING_CODE")
    if not code:
        raise UsageError("give your sign-in code with --code or SCORING_CODE")
    return code


def _signed_in(args, engine) -> int:
    from evaluations.sessions import check_code

    return check_code(engine, args.id, _code(args), source="command line").member_id


def _emit(args, payload: dict[str, Any], text: str | None = None) -> None:
    if args.json:
        print(json.dumps(payload, indent=2, ensure_ascii=False, default=str))
    else:
        print(text if text is not None else json.dumps(payload, indent=2, ensure_ascii=False,
                                                       default=str))


def _write(engine, work: Callable):
    from evaluations.store import unit_of_work

    with unit_of_work(engine) as uow:
        return work(uow)


def _read(engine, work: Callable):
    from evaluations.store import unit_of_work

    with unit_of_work(engine, write=False) as uow:
        return work(uow)


def _create(args, engine) -> int:
    from evaluations.criteria import READY_SCHEMES, PanelScheme
    from evaluations.services import create_evaluation

    if args.scheme in READY_SCHEMES:
        scheme = READY_SCHEMES[args.scheme]()
    else:
        scheme = PanelScheme.model_validate_json(Path(args.scheme).read_text())
    evaluation, _, code = _write(engine, lambda u: create_evaluation(
        u, args.name, args.lead, scheme, regime=args.regime))
    _emit(args, {"evaluation": evaluation, "stage": "setup", "code": code,
                 "regime": args.regime},
          f"evaluation {evaluation} created in setup under {REGIME_WORDS[args.regime]}\n"
          f"{args.lead}'s sign-in code (shown once): {code}")
    return EXIT_OK


def _member(args, engine) -> int:
    from evaluations.services import add_member

    lead = _signed_in(args, engine)
    _, code = _write(engine, lambda u: add_member(u, lead, args.name, args.role, args.email))
    _emit(args, {"member": args.name, "role": args.role, "code": code},
          f"{args.name} added as {args.role}\nsign-in code (shown once): {code}")
    return EXIT_OK


def _member_admin(args, engine) -> int:
    from evaluations.services import issue_code, remove_member, revoke_code

    lead = _signed_in(args, engine)
    if args.verb == "issue-code":
        code = _write(engine, lambda u: issue_code(u, lead, args.name))
        _emit(args, {"member": args.name, "code": code},
              f"new sign-in code for {args.name} (shown once): {code}")
        return EXIT_OK
    work = remove_member if args.verb == "remove-member" else revoke_code
    _write(engine, lambda u: work(u, lead, args.name))
    _emit(args, {"member": args.name, "done": args.verb}, f"{args.verb}: {args.name}")
    return EXIT_OK


def _bids(args, engine) -> int:
    from evaluations.services import add_bid
    from scoring.batch import find_workbooks

    lead = _signed_in(args, engine)
    try:
        files = find_workbooks(args.files)
    except FileNotFoundError as error:
        raise UsageError(str(error)) from None
    results = []
    for path in files:  # one transaction a file: an accepted bid is kept whatever follows
        results.append(_write(engine, lambda u, path=path: add_bid(
            u, lead, path.read_bytes(), str(path.resolve()))))
    lines = [f"{'accepted' if r.accepted else 'refused '}  {r.report.source}"
             + ("" if r.accepted else "\n" + "\n".join(
                 f"    {e['message']}" for e in r.to_json()["errors"]))
             for r in results]
    _emit(args, {"bids": [r.to_json() for r in results]}, "\n".join(lines))
    return EXIT_OK if all(r.accepted for r in results) else EXIT_REFUSED


def _withdraw(args, engine) -> int:
    from evaluations.services import withdraw_bid

    lead = _signed_in(args, engine)
    _write(engine, lambda u: withdraw_bid(u, lead, args.bid))
    _emit(args, {"withdrawn": args.bid}, f"withdrew {args.bid}")
    return EXIT_OK


def _advance(args, engine) -> int:
    from evaluations.services import advance

    lead = _signed_in(args, engine)
    stage = _write(engine, lambda u: advance(u, lead))
    _emit(args, {"stage": stage.value}, f"the evaluation is now in {stage.value}")
    return EXIT_OK


def _declare(args, engine) -> int:
    from evaluations.services import declare

    member = _signed_in(args, engine)
    version = _write(engine, lambda u: declare(u, member, args.conflict))
    _emit(args, {"declared": True, "version": version, "conflicts": sorted(args.conflict)},
          f"declaration {version} saved: " + (", ".join(args.conflict) or "nil return"))
    return EXIT_OK


def _panel_score(args, engine) -> int:
    from evaluations.services import save_score, submit

    given = [args.bid, args.area, args.score, args.comment]
    if any(value is not None for value in given) and None in given:
        raise UsageError("a score needs --bid, --area, --score and --comment together")
    if all(value is None for value in given) and not args.submit:
        raise UsageError("give --bid, --area, --score and --comment, or --submit")
    member = _signed_in(args, engine)
    payload: dict[str, Any] = {}
    if args.bid is not None:
        _write(engine, lambda u: save_score(u, member, args.bid, args.area, args.score,
                                            args.comment))
        payload["saved"] = {"bid": args.bid, "area": args.area, "score": args.score}
    if args.submit:
        newly = _write(engine, lambda u: submit(u, member))
        payload["submitted"] = True
        payload["already_submitted"] = not newly
    _emit(args, payload, "; ".join(
        ([f"saved {args.bid}/{args.area} = {args.score}"] if "saved" in payload else [])
        + (["submitted"] if args.submit else [])))
    return EXIT_OK


def _view(args, engine) -> int:
    from evaluations.services import save_view

    member = _signed_in(args, engine)
    _write(engine, lambda u: save_view(u, member, args.bid, args.area, args.view, args.comment))
    _emit(args, {"saved": {"bid": args.bid, "area": args.area, "view": args.view}},
          f"saved your view of {args.bid}/{args.area}: {args.view}")
    return EXIT_OK


def _moderate(args, engine) -> int:
    from evaluations.services import moderate
    from evaluations.views import check_consensus_reason

    lead = _signed_in(args, engine)
    if args.check:
        warnings = _read(engine, lambda u: check_consensus_reason(
            u, lead, args.bid, args.area, args.score, args.reason))
        saved = False
    else:
        warnings = _write(engine, lambda u: moderate(u, lead, args.bid, args.area, args.score,
                                                     args.reason))
        saved = True
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    _emit(args, {"saved": saved, "bid": args.bid, "area": args.area, "score": args.score,
                 "warnings": warnings},
          f"{'saved' if saved else 'checked'} {args.bid}/{args.area} = {args.score}"
          + (f" with {len(warnings)} warning(s)" if warnings else ""))
    return EXIT_OK


def _show(args, engine) -> int:
    from evaluations.views import show

    member = _signed_in(args, engine)
    page = _read(engine, lambda u: show(u, member))
    _emit(args, page, _show_text(page))
    return EXIT_OK


def _show_text(page: dict[str, Any]) -> str:
    lines = [f"{page['name']} (evaluation {page['evaluation']}): {page['stage']}",
             f"signed in as {page['member']}, {page['role'].replace('_', ' ')}"]
    if page.get("declared") is False:
        lines.append("declare your interests before you see any bid; the bidders are:")
        lines += [f"  {b['reference']}  {b['provider']}" for b in page.get("bidders", [])]
    for bid in page["bids"]:
        overall = bid.get("overall")
        lines.append(f"  {bid['reference']:<14} {bid['provider']}"
                     + (f"  rules {overall}" if overall is not None else ""))
    lines += [f"  {withheld}" for withheld in page.get("withheld", [])]
    if page.get("missing"):
        lines.append(f"still to score: {len(page['missing'])}")
    for entry in page.get("ranking") or page.get("outcome") or []:
        lines.append(f"  #{entry['rank']} {entry['bid']}  {entry.get('overall', '')}"
                     + ("" if entry.get("passes", True) else "  fails: "
                        + ", ".join(entry["failures"])))
    return "\n".join(lines)


def _draft_reasons(args, engine) -> int:
    from evaluations.services import draft_reasons

    lead = _signed_in(args, engine)
    drafted = _write(engine, lambda u: draft_reasons(u, lead))
    _emit(args, {"drafted": [{"bid": bid, "area": area} for bid, area in drafted]},
          f"drafted {len(drafted)} reason(s); approve each with approve-reason, or rewrite "
          "it with moderate")
    return EXIT_OK


def _approve_reason(args, engine) -> int:
    from evaluations.services import approve_reason

    lead = _signed_in(args, engine)
    warnings = _write(engine, lambda u: approve_reason(u, lead, args.bid, args.area,
                                                       args.reason))
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    _emit(args, {"approved": True, "bid": args.bid, "area": args.area, "warnings": warnings},
          f"approved the drafted reason for {args.bid}/{args.area}"
          + (f" with {len(warnings)} warning(s)" if warnings else ""))
    return EXIT_OK


def _details(args, engine) -> int:
    from pydantic import ValidationError

    from evaluations.details import AwardDetails, parse_details
    from evaluations.reports import details, report_checks
    from evaluations.services import set_award_details

    lead = _signed_in(args, engine)
    try:
        update = parse_details(args.file.read_text(), args.file.suffix) if args.file \
            else AwardDetails()
        flags = {"publication_date": args.publication_date,
                 "decision_body": args.decision_body,
                 "decision_instrument": args.decision_instrument,
                 "decision_date": args.decision_date,
                 "process": args.process, "selection_reasons": args.selection_reasons}
        given = {key: value for key, value in flags.items() if value is not None}
        if given:
            update = AwardDetails.model_validate(
                update.model_dump(mode="json", exclude_unset=True) | given)
    except (ValueError, ValidationError) as error:
        raise UsageError(f"the award details cannot be used: {error}") from None
    if update.model_fields_set:
        current = _write(engine, lambda u: set_award_details(u, lead, update))
    else:
        current = _read(engine, lambda u: details(u, lead))
    problems, _ = report_checks(engine, lead)
    _emit(args, {"details": current.model_dump(mode="json"), "missing": problems},
          "\n".join(["award details saved" if update.model_fields_set else "award details:",
                      *(f"  {line}" for line in current.model_dump_json(
                          indent=2, exclude_defaults=True).splitlines()),
                      "still blocking the final documents:" if problems else
                      "nothing blocks the final documents",
                      *(f"  {problem}" for problem in problems)]))
    return EXIT_OK


def _report(args, engine) -> int:
    from evaluations.reports import report_checks, write_reports

    lead = _signed_in(args, engine)
    _, warnings = report_checks(engine, lead)
    documents = write_reports(engine, lead, args.out.resolve(),
                              final=False if args.draft else None)
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    _emit(args, {"documents": documents},
          "\n".join(f"{d['kind']:<22} {d['path']}" for d in documents))
    return EXIT_OK


def _robustness(args, engine) -> int:
    from documents.robustness import describe
    from evaluations.process import Action, allowed
    from evaluations.records import acting
    from evaluations.robustness import robustness, robustness_reading

    member = _signed_in(args, engine)

    def work(uow):
        context = acting(uow, member)
        if allowed(context.role, context.stage, Action.see_robustness):
            return robustness(uow, member)
        return robustness_reading(uow, member)

    found = _read(engine, work)
    if isinstance(found, str):
        _emit(args, {"reading": found}, found)
    else:
        _emit(args, found.to_json(), "\n".join(describe(found)))
    return EXIT_OK


def _audit(args, engine) -> int:
    from evaluations import audit

    with engine.connect() as connection:
        if args.verify:
            result = audit.verify(connection, args.id)
            if not result.events:
                raise UsageError(f"no evaluation {args.id} (no audit events)")
            _emit(args, result.to_json(),
                  f"{result.events} events: " + (
                      f"the chain holds and gives every row (head {result.head})"
                      if result.verified else f"DOES NOT verify: {result.first_difference}"))
            return EXIT_OK if result.verified else EXIT_REFUSED
        log = audit.events(connection, args.id)
    if not log:
        raise UsageError(f"no evaluation {args.id} (no audit events)")
    _emit(args, {"events": log}, "\n".join(
        f"{e['seq']:>5}  {e['at']}  {e['actor']:<20} {e['action']}  "
        f"{json.dumps(e['data'], ensure_ascii=False)[:120]}" for e in log))
    return EXIT_OK


def _backup(args, engine) -> int:
    from sqlalchemy import select

    from evaluations.backup import backup
    from evaluations.models import Evaluation
    from evaluations.store import StoreError

    with engine.connect() as connection:
        if connection.scalar(select(Evaluation.id).where(Evaluation.id == args.id)) is None:
            raise StoreError(f"no evaluation {args.id}")
    result = backup(engine, args.out)
    _emit(args, result, f"backed up to {result['backup']} ({result['format']}); keep a copy "
          f"of the audit key ({result['audit_key']}) apart from it: a restore needs it")
    return EXIT_OK


def _restore(args, _engine) -> int:
    from evaluations.backup import restore
    from evaluations.store import database_url, engine_for

    result = restore(args.file, engine_for(database_url(args.db)), args.audit_key)
    _emit(args, result, f"restored {len(result['evaluations'])} evaluation(s); every audit "
          "log verifies")
    return EXIT_OK


def _demo(args, engine) -> int:
    from evaluations.demo import load_demo

    result = load_demo(engine)
    _emit(args, result, _demo_text(result))
    return EXIT_OK


def _demo_text(result: dict[str, Any]) -> str:
    lines = [f"demo evaluation {result['evaluation']} loaded ({result['stage']}); sign-in codes:"]
    lines += [f"  {m['role']:<13} {m['member']:<22} {m['code']}" for m in result["members"]]
    return "\n".join(lines)


HANDLERS: dict[str, Callable[[argparse.Namespace, Any], int]] = {
    "create": _create, "member": _member, "remove-member": _member_admin,
    "issue-code": _member_admin, "revoke-code": _member_admin, "bids": _bids,
    "withdraw": _withdraw, "advance": _advance, "declare": _declare,
    "panel-score": _panel_score, "view": _view, "moderate": _moderate, "show": _show,
    "draft-reasons": _draft_reasons, "approve-reason": _approve_reason, "details": _details,
    "report": _report, "robustness": _robustness, "audit": _audit, "backup": _backup,
    "restore": _restore, "demo": _demo,
}
