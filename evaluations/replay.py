"""Replay: the covered tables as the audit log says they must be, and as they are.

Each event holds the full content of the change it records, so replaying an
evaluation's events from the first gives every covered row: the evaluation itself,
members, bids (with the rules' result), declarations, evaluators' scores and comments,
service-user views, agreed scores and reasons, and the award details. `audit.verify`
compares that with the tables and names the first row that differs, in words.

Rows are keyed by what people know them by (a member's name, a bid's reference, a
criterion), never by database ids, so a restored copy replays the same. Events written
before the log held full content are covered by the `audit_baseline` event that
the sealing migration (0004) appended: the data as it stood then, from which replay starts again.
A change to a covered table needs its event here; an event this module does not know
fails verification rather than pass unchecked.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from evaluations.models import (
    AwardDetailsRecord,
    BidFile,
    Consensus,
    Declaration,
    Evaluation,
    Member,
    PanelScore,
    ServiceUserView,
)

Key = tuple[Any, ...]
State = dict[str, dict[Key, dict[str, Any]]]

# table -> (what people call it, what each part of a row's key is)
TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "evaluations": ("the evaluation", ()),
    "members": ("members", ("member",)),
    "bid_files": ("bids", ("bid",)),
    "declarations": ("declarations of interest", ("member", "version")),
    "panel_scores": ("evaluators' scores and comments", ("member", "bid", "criterion")),
    "service_user_views": ("service-user views", ("member", "bid", "criterion")),
    "consensus_scores": ("agreed scores and reasons", ("bid", "criterion")),
    "award_details": ("award details", ()),
}

# Events that change nothing the replay covers (codes are kept only as hashes; documents
# and exports leave the data as it was).
# "moderator_assigned" sets bid_files.moderator_id (migration 0005), a column the replay
# does not compare yet: table_state must read only columns that exist at 0004.
NO_EFFECT = frozenset({"code_issued", "code_revoked", "report_produced", "export_produced",
                       "moderator_assigned"})


class ReplayError(Exception):
    """An event the replay cannot apply: its words name the event and why."""


def empty_state() -> State:
    return {table: {} for table in TABLES}


# The tables as they are ---------------------------------------------------------------


def table_state(connection: Connection | Session, evaluation_id: int) -> State:
    """Every covered row of one evaluation, as the tables hold it now.

    The sealing migration calls this to record the baseline of older evaluations, so it reads
    only columns that exist by then (a test upgrades a database from 0002).
    """
    run = connection.execute
    state = empty_state()
    names = {}
    for member_id, name, role, email, removed, submitted in run(
            select(Member.id, Member.name, Member.role, Member.email, Member.removed_at,
                   Member.submitted_at).where(Member.evaluation_id == evaluation_id)):
        names[member_id] = name
        state["members"][(name,)] = {"role": role, "email": email,
                                     "removed": removed is not None,
                                     "submitted": submitted is not None}
    evaluation = run(select(Evaluation.name, Evaluation.stage, Evaluation.scheme,
                            Evaluation.decided_by)
                     .where(Evaluation.id == evaluation_id)).first()
    if evaluation is not None:
        state["evaluations"][()] = {"name": evaluation.name, "stage": evaluation.stage,
                                    "scheme": evaluation.scheme,
                                    "decided_by": names.get(evaluation.decided_by)}
    references = {}
    for bid_id, reference, provider, filename, digest, result, withdrawn in run(
            select(BidFile.id, BidFile.reference, BidFile.provider, BidFile.filename,
                   BidFile.sha256, BidFile.rule_result, BidFile.withdrawn_at)
            .where(BidFile.evaluation_id == evaluation_id)):
        references[bid_id] = reference
        state["bid_files"][(reference,)] = {
            "provider": provider, "filename": filename, "sha256": digest,
            "rule_result": result, "withdrawn": withdrawn is not None}
    for member_id, version, conflicts in run(
            select(Declaration.member_id, Declaration.version, Declaration.conflicts)
            .where(Declaration.member_id.in_(names))):
        state["declarations"][(names[member_id], version)] = {"conflicts": conflicts}
    for member_id, bid_id, criterion, score, comment in run(
            select(PanelScore.member_id, PanelScore.bid_id, PanelScore.criterion,
                   PanelScore.score, PanelScore.comment)
            .where(PanelScore.evaluation_id == evaluation_id)):
        state["panel_scores"][(names.get(member_id), references.get(bid_id), criterion)] = {
            "score": score, "comment": comment}
    for member_id, bid_id, criterion, view, comment, consent in run(
            select(ServiceUserView.member_id, ServiceUserView.bid_id,
                   ServiceUserView.criterion, ServiceUserView.view, ServiceUserView.comment,
                   ServiceUserView.consent_to_quote)
            .where(ServiceUserView.evaluation_id == evaluation_id)):
        state["service_user_views"][(names.get(member_id), references.get(bid_id),
                                     criterion)] = {"view": view, "comment": comment,
                                                    "consent_to_quote": bool(consent)}
    for row in run(select(Consensus.bid_id, Consensus.criterion, Consensus.score,
                          Consensus.reason, Consensus.warnings, Consensus.reason_status,
                          Consensus.saved_by, Consensus.approved_by)
                   .where(Consensus.evaluation_id == evaluation_id)):
        state["consensus_scores"][(references.get(row.bid_id), row.criterion)] = {
            "score": row.score, "reason": row.reason, "warnings": row.warnings,
            "reason_status": row.reason_status, "saved_by": names.get(row.saved_by),
            "approved_by": names.get(row.approved_by)}
    details = run(select(AwardDetailsRecord.details).where(
        AwardDetailsRecord.evaluation_id == evaluation_id)).scalar()
    if details is not None:
        state["award_details"][()] = {"details": details}
    return state


def to_json(state: State) -> dict[str, list]:
    """A state as JSON (the baseline event's content): each row as [key, fields]."""
    return {table: [[list(key), fields] for key, fields in sorted(
        rows.items(), key=lambda item: json.dumps(item[0], default=str))]
        for table, rows in state.items()}


def from_json(document: dict[str, list]) -> State:
    state = empty_state()
    for table, rows in document.items():
        if table not in TABLES:
            raise ReplayError(f"the baseline names a table the replay does not cover: {table}")
        state[table] = {tuple(key): dict(fields) for key, fields in rows}
    return state


# The tables as the log says -----------------------------------------------------------


def replay(events: Iterable[tuple[str, str, dict[str, Any]]]) -> State:
    """The covered rows after applying (actor, action, data) events in order.

    Replay starts at the last baseline, if any: the events before it are covered by it.
    """
    events = list(events)
    start = max((position for position, (_, action, _) in enumerate(events)
                 if action == "audit_baseline"), default=0)
    state = empty_state()
    for position, (actor, action, data) in enumerate(events[start:], start=start + 1):
        if action == "audit_baseline":
            state = from_json(data["tables"])
            continue
        if action in NO_EFFECT:
            continue
        step = STEPS.get(action)
        if step is None:
            raise ReplayError(f"event {position} ({action}) is of a kind the audit replay "
                              "does not know, so the data it changed cannot be checked")
        try:
            step(state, actor, data)
        except (KeyError, TypeError) as error:
            raise ReplayError(f"event {position} ({action}) lacks what it must record "
                              f"({error})") from None
    return state


def _evaluation(state: State) -> dict[str, Any]:
    return state["evaluations"].setdefault((), {})


def _created(state: State, _actor: str, data: dict) -> None:
    state["evaluations"][()] = {"name": data["name"], "stage": "setup", "scheme": None,
                                "decided_by": None}


def _scheme(state: State, _actor: str, data: dict) -> None:
    _evaluation(state)["scheme"] = data["scheme"]


def _stage(state: State, _actor: str, data: dict) -> None:
    _evaluation(state)["stage"] = data["stage_to"]


def _decided(state: State, _actor: str, data: dict) -> None:
    _evaluation(state)["decided_by"] = data["decided_by"]


def _member_added(state: State, _actor: str, data: dict) -> None:
    state["members"][(data["member"],)] = {"role": data["role"], "email": data["email"],
                                           "removed": False, "submitted": False}


def _member_removed(state: State, _actor: str, data: dict) -> None:
    state["members"][(data["member"],)]["removed"] = True


def _submitted(state: State, actor: str, _data: dict) -> None:
    state["members"][(actor,)]["submitted"] = True


def _bid_added(state: State, _actor: str, data: dict) -> None:
    state["bid_files"][(data["bid"],)] = {
        "provider": data["provider"], "filename": data["file"], "sha256": data["sha256"],
        "rule_result": data["rule_result"], "withdrawn": False}


def _bid_withdrawn(state: State, _actor: str, data: dict) -> None:
    state["bid_files"][(data["bid"],)]["withdrawn"] = True


def _declared(state: State, actor: str, data: dict) -> None:
    state["declarations"][(actor, data["version"])] = {"conflicts": data["conflicts"]}


def _voided(state: State, actor: str, data: dict) -> None:
    voided = set(data["bids"])
    scores = state["panel_scores"]
    for key in [key for key in scores if key[0] == actor and key[1] in voided]:
        del scores[key]


def _score(state: State, actor: str, data: dict) -> None:
    state["panel_scores"][(actor, data["bid"], data["criterion"])] = {
        "score": data["score"], "comment": data["comment"]}


def _view(state: State, actor: str, data: dict) -> None:
    state["service_user_views"][(actor, data["bid"], data["criterion"])] = {
        "view": data["view"], "comment": data["comment"],
        "consent_to_quote": data.get("consent_to_quote", False)}


def _consent(state: State, actor: str, data: dict) -> None:
    state["service_user_views"][(actor, data["bid"], data["criterion"])][
        "consent_to_quote"] = data["consent_to_quote"]


def _consensus(state: State, actor: str, data: dict) -> None:
    state["consensus_scores"][(data["bid"], data["criterion"])] = {
        "score": data["score"], "reason": data["reason"], "warnings": data["warnings"],
        "reason_status": "approved", "saved_by": actor, "approved_by": actor}


def _drafted(state: State, actor: str, data: dict) -> None:
    state["consensus_scores"][(data["bid"], data["criterion"])] = {
        "score": data["score"], "reason": data["reason"], "warnings": [],
        "reason_status": "drafted", "saved_by": actor, "approved_by": None}


def _approved(state: State, actor: str, data: dict) -> None:
    row = state["consensus_scores"][(data["bid"], data["criterion"])]
    row.update(score=data["score"], reason=data["reason"], warnings=data["warnings"],
               reason_status="approved", approved_by=actor)


def _details(state: State, _actor: str, data: dict) -> None:
    state["award_details"][()] = {"details": data["saved"]}


STEPS: dict[str, Callable[[State, str, dict], None]] = {
    "evaluation_created": _created, "scheme_set": _scheme, "scheme_frozen": _scheme,
    "stage_moved": _stage, "decision_made": _decided, "member_added": _member_added,
    "member_removed": _member_removed, "scores_submitted": _submitted,
    "bid_added": _bid_added, "bid_withdrawn": _bid_withdrawn,
    "interest_declared": _declared, "scores_voided_for_conflict": _voided,
    "score_saved": _score, "service_user_view_saved": _view,
    "service_user_consent_saved": _consent,
    "consensus_saved": _consensus, "consensus_drafted": _drafted,
    "reason_approved": _approved, "award_details_set": _details,
}


# Comparing ------------------------------------------------------------------------------


def first_difference(logged: State, stored: State) -> str | None:
    """The first covered row where the tables and the replayed log differ, in words."""
    for table, (words, parts) in TABLES.items():
        expected, actual = logged[table], stored[table]
        for key in sorted(expected.keys() | actual.keys(),
                          key=lambda key: json.dumps(key, default=str)):
            where = f"{words} (table {table}), {_row(parts, key)}"
            if key not in actual:
                return f"{where}: in the audit log but missing from the table"
            if key not in expected:
                return f"{where}: in the table but not in the audit log"
            for field in sorted(expected[key].keys() | actual[key].keys()):
                logged_value, stored_value = expected[key].get(field), actual[key].get(field)
                if logged_value != stored_value:
                    return (f"{where}: {field} is {_shown(stored_value)} in the table but "
                            f"{_shown(logged_value)} in the audit log")
    return None


def _row(parts: tuple[str, ...], key: Key) -> str:
    if not parts:
        return "its one row"
    named = (f"{part} {value}" for part, value in zip(parts, key, strict=True))
    return "the row for " + ", ".join(named)


def _shown(value: Any, limit: int = 80) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[:limit - 1] + "…"
