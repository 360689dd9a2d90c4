"""A moderated or decided evaluation, frozen as plain data for its documents.

The documents never read the evaluations store: an adapter builds one `Snapshot` from
it, and everything here is a pure function of that snapshot. Every model is frozen and
forbids unknown fields, so a snapshot can be built from the store's dicts with
`Snapshot.model_validate(...)` and a mistake in the adapter fails loudly.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cached_property
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from documents.safe_text import xml_safe

Regime = Literal["psr", "procurement_act"]
Stage = Literal["setup", "scoring", "moderation", "decided"]
Role = Literal["lead", "evaluator", "service_user", "observer"]
View = Literal["agree", "concern", "serious_concern"]
ReasonStatus = Literal["approved", "drafted"]

DESCRIPTORS: dict[int, str] = {
    0: "unacceptable: does not meet the criterion, or gives no evidence",
    1: "poor: meets it in part, with serious gaps or risks",
    2: "acceptable: meets it, with some gaps",
    3: "good: meets it fully, with clear evidence",
    4: "excellent: meets it fully, with strong evidence and added value",
}
PASS_FAIL: dict[int, str] = {0: "fail", 1: "pass"}
REGIME_NAMES: dict[str, str] = {
    "psr": "the Provider Selection Regime (competitive process)",
    "procurement_act": "the Procurement Act 2023",
}
# The PSR's five key criteria (reg 5); every award criterion says which one it serves.
KeyCriterion = Literal["quality_innovation", "value", "integration", "access", "social_value"]
KEY_CRITERIA: dict[str, str] = {
    "quality_innovation": "Quality and innovation",
    "value": "Value",
    "integration": "Integration, collaboration and service sustainability",
    "access": "Improving access, reducing health inequalities and facilitating choice",
    "social_value": "Social value",
}
ROLE_NAMES: dict[str, str] = {
    "lead": "lead", "evaluator": "evaluator",
    "service_user": "service-user representative", "observer": "observer",
}


def _without_illegal_characters(value):
    """Strings (also inside tuples and dicts) with what XML cannot hold dropped."""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, (tuple, list)):
        return type(value)(_without_illegal_characters(item) for item in value)
    if isinstance(value, dict):
        return {_without_illegal_characters(k): _without_illegal_characters(v)
                for k, v in value.items()}
    return value


class Frozen(BaseModel):
    """Frozen, no unknown fields, and no character a document cannot hold in any text."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _safe_text(cls, value):
        return _without_illegal_characters(value)


class Criterion(Frozen):
    """An award criterion: its relative importance and why, and how rules and panel blend.

    `weight` is the criterion's share of the overall score as the scheme sets it (headings
    already multiplied out); `rule_areas` empty means the panel alone scores it.
    """

    id: str
    title: str
    weight: float = Field(ge=0)
    importance_reason: str = ""
    rule_areas: tuple[str, ...] = ()
    panel_share: float = Field(default=0.5, ge=0, le=1)
    kind: Literal["scored", "pass_fail"] = "scored"
    key_criterion: KeyCriterion | None = None  # the PSR key criterion it serves

    @property
    def share(self) -> float:
        """The panel's share of the criterion score: all of it when no rule feeds it."""
        return 1.0 if not self.rule_areas else self.panel_share


class Gate(Frozen):
    """A minimum requirement: a bid failing it ranks below every bid that meets them all."""

    rule: str
    requirement: str
    reason: str = ""


class Scheme(Frozen):
    """The published scheme, frozen when scoring opened."""

    name: str
    criteria: tuple[Criterion, ...]
    gates: tuple[Gate, ...] = ()
    descriptors: dict[int, str] = Field(default_factory=lambda: dict(DESCRIPTORS))
    full_text_at: str = ""  # where the full published scheme can be read

    def scores_available(self, criterion: Criterion) -> dict[int, str]:
        """The scores a panel may give on a criterion, each with its descriptor."""
        return PASS_FAIL if criterion.kind == "pass_fail" else self.descriptors

    def criterion(self, criterion_id: str) -> Criterion:
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        raise KeyError(criterion_id)

    @property
    def scored_weight(self) -> float:
        return sum(c.weight for c in self.criteria if c.kind == "scored")

    def importance(self, criterion: Criterion) -> float:
        """A criterion's relative importance, as a percentage of the overall score."""
        total = self.scored_weight
        if not total or criterion.kind != "scored":
            return 0.0
        return round(100 * criterion.weight / total, 1)


class Member(Frozen):
    name: str
    role: Role
    job_title: str = ""
    email: str | None = None


class Declaration(Frozen):
    """A member's declaration of interests; no conflicts is a nil return."""

    member: str
    conflicts: tuple[str, ...] = ()  # bid references
    declared_at: datetime
    action: str = ""  # how the conflict was managed

    @property
    def nil_return(self) -> bool:
        return not self.conflicts


class RuleFlag(Frozen):
    rule: str
    area: str
    severity: Literal["red", "amber"]
    message: str
    cells: tuple[str, ...] = ()


class SelectionCheck(Frozen):
    """One basic selection criterion (PSR reg 19, Sch 16) or exclusion check, as assessed."""

    check: str
    kind: Literal["basic_selection", "exclusion"] = "basic_selection"
    met: bool
    evidence: str


class Bid(Frozen):
    """A bid as received (its file's SHA-256) and what the rules made of it."""

    reference: str
    provider: str
    file_name: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    registered_office: str = ""  # also the postal address letters go to
    email: str = ""  # the supplier's contact e-mail address (PR 2024 reg 31)
    identifier: str = ""  # the central digital platform's unique identifier
    sme: bool | None = None  # None: not recorded (PR 2024 reg 27)
    vcse: bool | None = None  # voluntary, community or social enterprise, or a mutual
    consortium: bool | None = None
    rule_scores: dict[str, float | None] = Field(default_factory=dict)  # criterion → 0-100
    flags: tuple[RuleFlag, ...] = ()
    gates_failed: tuple[str, ...] = ()
    selection: tuple[SelectionCheck, ...] = ()


class PanelScore(Frozen):
    """An evaluator's own score and note, kept exactly as submitted."""

    evaluator: str
    bid: str
    criterion: str
    score: int = Field(ge=0, le=4)
    comment: str
    submitted_at: datetime


class Consensus(Frozen):
    """The panel's agreed score with its reason; a drafted reason is not yet the panel's."""

    bid: str
    criterion: str
    score: int = Field(ge=0, le=4)
    reason: str
    by: str
    at: datetime
    reason_status: ReasonStatus = "approved"
    approved_by: str = ""
    drafted_text: str = ""  # what the tool drafted, when the reason began as a draft


class Change(Frozen):
    """A score or record changed in moderation: who, what, why and when."""

    who: str
    what: str
    why: str
    when: datetime
    bid: str | None = None
    criterion: str | None = None


class ServiceUserView(Frozen):
    bid: str
    criterion: str
    view: View
    comment: str
    panel_response: str = ""
    consent_to_quote: bool = False  # the representative agreed to be quoted, in words


class Clarification(Frozen):
    """A key fact the panel read in a bid, an assumption it made, or a question it asked."""

    bid: str
    point: str
    answer: str = ""


class Standing(Frozen):
    """A bid's place in the ranking, with its blended criterion scores (0-100)."""

    bid: str
    rank: int = Field(ge=1)
    overall: float | None
    passes_gates: bool
    gates_failed: tuple[str, ...] = ()
    criterion_scores: dict[str, float | None] = Field(default_factory=dict)


class Contract(Frozen):
    authority: str
    title: str
    reference: str
    description: str
    cpv_code: str = ""
    lifetime_value: int | None = None  # pounds, approximate
    term: str = ""
    framework: bool = False
    framework_details: str = ""  # duration and which authorities may use it


class DecisionMaker(Frozen):
    """A person who made the decision (PSR reg 24(d)), with their own declaration."""

    name: str
    job_title: str = ""
    declaration: str = ""  # their declaration of interests in words; "none" is a nil return
    declared_on: date | None = None


class Withholding(Frozen):
    """Part of the winner's assessment kept out of other bidders' letters, and why
    (sensitive commercial information, Procurement Act 2023 s.94)."""

    criterion: str
    why: str


class Decision(Frozen):
    """Who decided, by what instrument and when, and their reasons for the provider.

    `makers` are named in the internal record; public documents give `body` (a committee
    or job titles, PSR Sch 10 para 7), never an officer's name.
    """

    makers: tuple[DecisionMaker, ...] = ()
    body: str = ""
    instrument: str = ""  # e.g. "Cabinet key decision KD/2027/004" or a delegated decision
    decided_on: date | None = None  # the date of that decision, not of a stage move
    process: str = ""
    reasons: str = ""
    reasons_status: ReasonStatus = "approved"


class Snapshot(Frozen):
    """Everything the decision's documents are made from, as it stood at `produced_at`."""

    evaluation_id: int | str
    name: str
    service: str
    regime: Regime
    stage: Stage
    contract: Contract
    scheme: Scheme
    members: tuple[Member, ...]
    declarations: tuple[Declaration, ...] = ()
    bids: tuple[Bid, ...]
    panel_scores: tuple[PanelScore, ...] = ()
    consensus: tuple[Consensus, ...] = ()
    changes: tuple[Change, ...] = ()
    service_user_views: tuple[ServiceUserView, ...] = ()
    clarifications: tuple[Clarification, ...] = ()
    ranking: tuple[Standing, ...] = ()
    decision: Decision = Decision()
    publication_date: date | None = None
    representations_to: str = ""  # where representations go (PSR reg 12)
    summaries_sent_on: date | None = None  # assessment summaries sent (Act s.50(3))
    withheld: tuple[Withholding, ...] = ()
    audit_head: str
    produced_at: datetime

    @property
    def decided(self) -> bool:
        return self.stage == "decided"

    # Indexes, built once per snapshot: the documents of 100 bids look things up
    # hundreds of thousands of times.
    INDEXES: ClassVar[tuple[str, ...]] = ("bids_by_reference", "scores_by_cell",
                                          "agreed_by_cell")

    def model_copy(self, *, update=None, deep: bool = False) -> Snapshot:
        """A copy with `update` applied and the indexes rebuilt when next asked for."""
        copied = super().model_copy(update=update, deep=deep)
        for name in self.INDEXES:
            copied.__dict__.pop(name, None)
        return copied

    @cached_property
    def bids_by_reference(self) -> dict[str, Bid]:
        return {bid.reference: bid for bid in self.bids}

    @cached_property
    def scores_by_cell(self) -> dict[tuple[str, str], tuple[PanelScore, ...]]:
        cells: dict[tuple[str, str], list[PanelScore]] = {}
        for score in self.panel_scores:
            cells.setdefault((score.bid, score.criterion), []).append(score)
        return {cell: tuple(scores) for cell, scores in cells.items()}

    @cached_property
    def agreed_by_cell(self) -> dict[tuple[str, str], Consensus]:
        return {(c.bid, c.criterion): c for c in self.consensus}

    def bid(self, reference: str) -> Bid:
        return self.bids_by_reference[reference]

    def standing(self, reference: str) -> Standing | None:
        return next((s for s in self.ranking if s.bid == reference), None)

    @property
    def winner(self) -> Standing | None:
        """The first-ranked bid that meets every minimum requirement."""
        passing = sorted((s for s in self.ranking if s.passes_gates), key=lambda s: s.rank)
        return passing[0] if passing else None

    def agreed(self, bid: str, criterion: str) -> Consensus | None:
        return self.agreed_by_cell.get((bid, criterion))

    def scores_for(self, bid: str, criterion: str) -> tuple[PanelScore, ...]:
        return self.scores_by_cell.get((bid, criterion), ())

    def views_for(self, bid: str, criterion: str | None = None) -> tuple[ServiceUserView, ...]:
        return tuple(v for v in self.service_user_views
                     if v.bid == bid and criterion in (None, v.criterion))

    def flags_for(self, bid: str, criterion: Criterion) -> tuple[RuleFlag, ...]:
        return tuple(f for f in self.bid(bid).flags if f.area in criterion.rule_areas)

    def member(self, name: str) -> Member | None:
        return next((m for m in self.members if m.name == name), None)

    @property
    def assessed_bids(self) -> tuple[Bid, ...]:
        """The bids assessed for the most advantageous tender, in ranked order."""
        order = {s.bid: s.rank for s in self.ranking}
        return tuple(sorted(self.bids, key=lambda b: (order.get(b.reference, 10**6),
                                                      b.reference)))
