"""The evaluation scheme: how much each area, and each rule within it, counts.

Under the Procurement Act 2023 the method and weights are published before bids are
opened, so the scheme is a value a commissioner can read, save and replace.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field, field_validator

from scoring.rulebook import Area

DEFAULT_AREA_WEIGHTS: dict[Area, float] = {
    Area.balance: 25,
    Area.incentives: 25,
    Area.safety: 20,
    Area.mutual_aid: 10,
    Area.recovery_capital: 10,
    Area.voice: 10,
}

# Rules whose concern the evidence ties most directly to deaths count double within
# their area: an arbitrary OST cap, exit payments aimed at the long-term OST cohort,
# prescriptions as sanctions, no follow-up or risk assessment around leaving OST.
DEFAULT_RULE_WEIGHTS: dict[str, float] = {
    "BAL-01": 2,
    "INC-04": 2,
    "INC-08": 2,
    "SAF-01": 2,
    "SAF-05": 2,
    "SAF-06": 2,
}


class EvaluationScheme(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str = "Default scheme"
    area_weights: dict[Area, float] = Field(default_factory=lambda: dict(DEFAULT_AREA_WEIGHTS))
    rule_weights: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_RULE_WEIGHTS))

    @field_validator("area_weights")
    @classmethod
    def _weights_are_usable(cls, weights: dict[Area, float]) -> dict[Area, float]:
        if any(weight < 0 for weight in weights.values()):
            raise ValueError("area weights cannot be negative")
        if not sum(weights.values()):
            raise ValueError("at least one area must carry weight")
        return weights

    def rule_weight(self, rule_id: str) -> float:
        return self.rule_weights.get(rule_id, 1.0)

    def overall(self, areas: Mapping[Area, float | None]) -> float | None:
        """The weighted mean of the area scores that exist, 0-100."""
        scored = [
            (self.area_weights.get(area, 0.0), score)
            for area, score in areas.items()
            if score is not None
        ]
        total = sum(weight for weight, _ in scored)
        if not total:
            return None
        return round(sum(weight * score for weight, score in scored) / total, 1)

    def with_area_weights(self, weights: Mapping[Area, float]) -> EvaluationScheme:
        """A validated copy with some area weights changed."""
        return EvaluationScheme(
            name=self.name,
            area_weights={**self.area_weights, **weights},
            rule_weights=self.rule_weights,
        )


DEFAULT_SCHEME = EvaluationScheme()
