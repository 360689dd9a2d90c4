"""Who may do what at which stage: the contract's roles and stages as one table.

Every service function asks `require` before it reads or writes; no page or command
carries a rule of the process of its own.
"""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    setup = "setup"
    scoring = "scoring"
    moderation = "moderation"
    decided = "decided"

    @property
    def next(self) -> Stage | None:
        order = list(Stage)
        index = order.index(self)
        return order[index + 1] if index + 1 < len(order) else None


class Role(StrEnum):
    lead = "lead"
    evaluator = "evaluator"
    service_user = "service_user"
    observer = "observer"


class Action(StrEnum):
    set_scheme = "set_scheme"
    add_member = "add_member"
    remove_member = "remove_member"
    manage_codes = "manage_codes"
    add_bid = "add_bid"
    withdraw_bid = "withdraw_bid"
    advance = "advance"
    declare = "declare"
    see_bids = "see_bids"
    score = "score"
    see_panel_scores = "see_panel_scores"
    record_view = "record_view"
    consent_to_quote = "consent_to_quote"
    see_views = "see_views"
    moderate = "moderate"
    see_outcome = "see_outcome"
    see_progress = "see_progress"
    see_audit = "see_audit"
    report = "report"
    set_details = "set_details"
    assign_moderator = "assign_moderator"
    see_robustness = "see_robustness"
    see_robustness_reading = "see_robustness_reading"


class Refused(Exception):
    """The acting member may not do this now; the message says why in plain words."""


class NotAllowed(Refused):
    """Refused because of the member's role or the evaluation's stage."""


class Stale(Refused):
    """A save made against an older version than the store holds: refused, never merged.

    Says who changed it; the page then shows what is saved now.
    """

    def __init__(self, changed_by: str):
        self.changed_by = changed_by
        super().__init__(f"{changed_by} changed this in another window: here is what is "
                         "saved now")


S, C, M, D = Stage.setup, Stage.scoring, Stage.moderation, Stage.decided
EVERY_STAGE = frozenset(Stage)
LEAD, EVALUATOR, SERVICE_USER, OBSERVER = Role

# action -> role -> the stages in which that role may do it
ALLOWED: dict[Action, dict[Role, frozenset[Stage]]] = {
    Action.set_scheme: {LEAD: frozenset({S})},
    Action.add_member: {LEAD: frozenset({S})},
    Action.remove_member: {LEAD: frozenset({S, C})},
    Action.manage_codes: {LEAD: frozenset({S, C, M, D})},
    Action.add_bid: {LEAD: frozenset({S})},
    Action.withdraw_bid: {LEAD: frozenset({S})},
    Action.advance: {LEAD: frozenset({S, C, M})},
    Action.declare: {role: frozenset({S, C}) for role in (LEAD, EVALUATOR, SERVICE_USER)},
    Action.see_bids: {LEAD: EVERY_STAGE, EVALUATOR: frozenset({C, M, D}),
                      SERVICE_USER: frozenset({C, M, D})},
    Action.score: {EVALUATOR: frozenset({C})},
    # an evaluator also needs to have submitted their own (checked where scores are read)
    Action.see_panel_scores: {LEAD: frozenset({M, D}), EVALUATOR: frozenset({C, M, D})},
    Action.record_view: {SERVICE_USER: frozenset({C})},
    # a yes to being quoted in public may be given or taken back until the end: it
    # changes what is published, not the evaluation
    Action.consent_to_quote: {SERVICE_USER: frozenset({C, M, D})},
    Action.see_views: {LEAD: frozenset({M, D}), SERVICE_USER: frozenset({C, M, D})},
    Action.moderate: {LEAD: frozenset({M})},
    Action.see_outcome: {role: frozenset({D}) for role in Role} | {LEAD: frozenset({M, D})},
    Action.see_progress: {LEAD: EVERY_STAGE},
    Action.see_audit: {LEAD: EVERY_STAGE},
    Action.report: {LEAD: frozenset({M, D})},
    # what the notice states (contract, decision-makers, publication date) may be completed
    # after the decision; the scores and reasons may not
    Action.set_details: {LEAD: frozenset({M, D})},
    # a lead with a conflict names another member to moderate that bid in their place
    Action.assign_moderator: {LEAD: frozenset({S, C, M})},
    # how safe the decision is: the whole analysis for the lead, its plain reading for the
    # service-user representatives and observers once decided
    Action.see_robustness: {LEAD: frozenset({M, D})},
    Action.see_robustness_reading: {LEAD: frozenset({M, D}), SERVICE_USER: frozenset({D}),
                                    OBSERVER: frozenset({D})},
}

WHY = {
    Stage.setup: "the evaluation is still being set up",
    Stage.scoring: "scoring is open",
    Stage.moderation: "moderation is open and individual scores are frozen",
    Stage.decided: "the evaluation is decided and nothing changes any more",
}


def allowed(role: Role, stage: Stage, action: Action) -> bool:
    return stage in ALLOWED[action].get(role, frozenset())


def require(role: Role, stage: Stage, action: Action) -> None:
    """Refuse, with the reason, what the role may not do at this stage."""
    stages = ALLOWED[action].get(role)
    if not stages:
        raise NotAllowed(f"a {role.value.replace('_', ' ')} may not {_words(action)}")
    if stage not in stages:
        raise NotAllowed(f"cannot {_words(action)} now: {WHY[stage]}")


def _words(action: Action) -> str:
    return {
        Action.set_scheme: "set the scheme",
        Action.add_member: "add members",
        Action.remove_member: "remove members",
        Action.manage_codes: "issue or revoke sign-in codes",
        Action.add_bid: "add bids",
        Action.withdraw_bid: "withdraw bids",
        Action.advance: "move the evaluation on",
        Action.declare: "declare interests",
        Action.see_bids: "see the bids",
        Action.score: "score bids",
        Action.see_panel_scores: "see evaluators' scores",
        Action.record_view: "record a service-user view",
        Action.consent_to_quote: "say whether a view may be quoted",
        Action.see_views: "see service-user views",
        Action.moderate: "moderate",
        Action.see_outcome: "see the outcome",
        Action.see_progress: "see the panel's progress",
        Action.see_audit: "read the audit log",
        Action.report: "produce the decision documents",
        Action.set_details: "set the award details",
        Action.assign_moderator: "name a member to moderate a bid in your place",
        Action.see_robustness: "see what would have changed the decision",
        Action.see_robustness_reading: "see how safe the decision is",
    }[action]
