"""The award criteria a panel scores, their weights, and how rules and panel blend.

By default the criteria are the six rule areas. A scheme may add panel-only criteria
(which no rule scores, such as price or social value) and pass/fail criteria, group
criteria under weighted headings, and name gate rules. The ready-made Provider
Selection Regime scheme holds its five key criteria, each fed by the rule areas that
bear on it. Under the PSR every criterion of any scheme says which key criterion it serves
(the six rule areas do so by default). The regime itself belongs to the evaluation, chosen
when it is created (`models.Evaluation.regime`), not to the scheme.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from documents import snapshot as documents
from documents import standings
from scoring.rulebook import AREA_TITLES, Area
from scoring.scheme import DEFAULT_AREA_WEIGHTS
from scoring.scheme import DEFAULT_GATES as PUBLISHED_GATES

# The published minimum requirements (scoring.scheme), by the rule that checks each.
DEFAULT_GATES: tuple[str, ...] = tuple(gate.rule for gate in PUBLISHED_GATES)
DEFAULT_PANEL_SHARE = 0.5

DESCRIPTORS = documents.DESCRIPTORS
PASS_FAIL = documents.PASS_FAIL


class Kind(StrEnum):
    scored = "scored"
    pass_fail = "pass_fail"


class Regime(StrEnum):
    psr = "psr"
    procurement_act = "procurement_act"


REGIME_TITLES = {Regime.psr: "Provider Selection Regime: competitive process",
                 Regime.procurement_act: "Procurement Act 2023 (services outside the PSR)"}
KeyCriterion = documents.KeyCriterion
KEY_CRITERIA = documents.KEY_CRITERIA
# Which PSR key criterion each rule area serves, for the default scheme.
AREA_KEY_CRITERIA: dict[Area, str] = {
    Area.balance: "access",  # choice between abstinence and maintenance
    Area.incentives: "value",
    Area.mutual_aid: "integration",
    Area.recovery_capital: "social_value",  # housing, work, family: life outside treatment
    Area.safety: "quality_innovation",
    Area.voice: "quality_innovation",
}


class Criterion(BaseModel):
    """One award criterion: what feeds it and how much it counts within its heading."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]{0,59}$")
    title: str
    weight: float = Field(default=0, ge=0)
    areas: tuple[Area, ...] = ()  # rule areas that feed it; none means panel-only
    panel_share: float = Field(default=DEFAULT_PANEL_SHARE, ge=0, le=1)
    kind: Kind = Kind.scored
    heading: str | None = None
    key_criterion: KeyCriterion | None = None  # the PSR key criterion it serves

    @property
    def panel_only(self) -> bool:
        return not self.areas

    @property
    def share(self) -> float:
        """The panel's share of the criterion score: all of it when no rule feeds it."""
        return 1.0 if self.panel_only else self.panel_share

    @property
    def panel_scored(self) -> bool:
        """Whether evaluators score it (a rules-only criterion has a panel share of 0)."""
        return self.kind is Kind.pass_fail or self.share > 0

    @property
    def allowed_scores(self) -> tuple[int, ...]:
        return tuple(PASS_FAIL) if self.kind is Kind.pass_fail else tuple(DESCRIPTORS)

    def for_documents(self, weight: float | None = None, importance_reason: str = ""
                      ) -> documents.Criterion:
        """The criterion as the decision's documents and the reason checks read it."""
        return documents.Criterion(
            id=self.id, title=self.title, weight=self.weight if weight is None else weight,
            importance_reason=importance_reason, rule_areas=tuple(a.value for a in self.areas),
            panel_share=self.panel_share, kind=self.kind.value,
            key_criterion=self.key_criterion)


class PanelScheme(BaseModel):
    """The published scheme of an evaluation, frozen when scoring opens."""

    model_config = ConfigDict(frozen=True)

    name: str = "Six rule areas"
    criteria: tuple[Criterion, ...]
    headings: dict[str, float] = Field(default_factory=dict)
    gates: tuple[str, ...] = DEFAULT_GATES

    @model_validator(mode="after")
    def _usable(self) -> PanelScheme:
        ids = [criterion.id for criterion in self.criteria]
        if not ids:
            raise ValueError("a scheme needs at least one criterion")
        if len(set(ids)) != len(ids):
            raise ValueError("criterion ids must be unique")
        if not sum(c.weight for c in self.criteria if c.kind is Kind.scored):
            raise ValueError("at least one scored criterion must carry weight")
        unknown = {c.heading for c in self.criteria if c.heading} - set(self.headings)
        if unknown:
            raise ValueError(f"criteria name headings with no weight: {sorted(unknown)}")
        return self

    def criterion(self, criterion_id: str) -> Criterion:
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        raise KeyError(criterion_id)

    @property
    def panel_criteria(self) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if c.panel_scored)

    def overall_weight(self, criterion: Criterion) -> float:
        """A criterion's weight in the overall score, its heading's weight multiplied out."""
        if criterion.kind is not Kind.scored or not criterion.heading:
            return criterion.weight
        group = sum(c.weight for c in self.criteria
                    if c.heading == criterion.heading and c.kind is Kind.scored)
        return self.headings[criterion.heading] * criterion.weight / group if group else 0.0

    def overall(self, scores: Mapping[str, float | None]) -> float | None:
        """The weighted score over the scored criteria, 0-100 (headings weigh their groups)."""
        groups: dict[str | None, list[tuple[float, float]]] = {}
        for criterion in self.criteria:
            score = scores.get(criterion.id)
            if criterion.kind is Kind.scored and score is not None:
                groups.setdefault(criterion.heading, []).append((criterion.weight, score))
        parts = list(groups.pop(None, []))  # criteria under no heading count on their own
        for heading, weighted in groups.items():
            total = sum(weight for weight, _ in weighted)
            if total:
                mean = sum(weight * score for weight, score in weighted) / total
                parts.append((self.headings[heading], mean))
        return standings.weighted_mean(parts)


def rule_score(criterion: Criterion, areas: Mapping[str, float | None]) -> float | None:
    """The rules' score for a criterion: the mean of the rule areas feeding it, 0-100."""
    return standings.rule_score(areas.get(area.value) for area in criterion.areas)


def blended_score(
    criterion: Criterion, rules: float | None, panel: float | None
) -> float | None:
    """(1 − panel share) × rule score + panel share × (panel score ÷ 4 × 100); see
    `documents.standings.blended_score`."""
    return standings.blended_score(criterion.share, criterion.panel_only, rules, panel)


def rule_areas_scheme(panel_share: float = DEFAULT_PANEL_SHARE) -> PanelScheme:
    """The default: the six rule areas, weighted as the scorer publishes them."""
    return PanelScheme(criteria=tuple(
        Criterion(id=area.value, title=AREA_TITLES[area], weight=DEFAULT_AREA_WEIGHTS[area],
                  areas=(area,), panel_share=panel_share,
                  key_criterion=AREA_KEY_CRITERIA[area])
        for area in Area
    ))


def psr_scheme() -> PanelScheme:
    """The Provider Selection Regime's five key criteria (weights the lead may change).

    Weights follow one published council drug and alcohol tender (35/15/25/10/15);
    social value is panel-only because no rule scores it.
    """
    return PanelScheme(
        name="Provider Selection Regime key criteria",
        criteria=(
            Criterion(id="quality_innovation", title="Quality and innovation", weight=35,
                      areas=(Area.balance, Area.safety, Area.recovery_capital),
                      key_criterion="quality_innovation"),
            Criterion(id="value", title="Value", weight=15, areas=(Area.incentives,),
                      key_criterion="value"),
            Criterion(id="integration", weight=25,
                      title="Integration, collaboration and service sustainability",
                      areas=(Area.mutual_aid, Area.recovery_capital),
                      key_criterion="integration"),
            Criterion(id="access", weight=10,
                      title="Improving access, reducing health inequalities and "
                      "facilitating choice",
                      areas=(Area.balance, Area.voice), key_criterion="access"),
            Criterion(id="social_value", title="Social value", weight=15,
                      key_criterion="social_value"),
        ),
    )


READY_SCHEMES = {"rule_areas": rule_areas_scheme, "psr": psr_scheme}
