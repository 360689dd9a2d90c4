"""The evaluation scheme: how much each area, and each rule within it, counts.

Under the Procurement Act 2023 the method and weights are published before bids are
opened, so the scheme is a value a commissioner can read, save and replace. Its gates
are minimum requirements: a bid whose gate rule raises a red flag ranks below every
bid that meets them all, however strong it is elsewhere.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from scoring.evidence import EVIDENCE
from scoring.rulebook import RULE_ID, Area

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


class Gate(BaseModel):
    """A minimum requirement: the bid fails it when `rule` raises a red flag or cannot run.

    `requirement` says in plain words what every bid must do (the rule's title if
    empty); `reason` and `evidence` say why falling short cannot be bought back.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str
    requirement: str = ""
    reason: str = ""
    evidence: tuple[str, ...] = ()

    @field_validator("rule")
    @classmethod
    def _rule_id_shape(cls, rule: str) -> str:
        if not RULE_ID.match(rule):
            raise ValueError(f"{rule!r} is not a rule id like 'SAF-01'")
        return rule

    @field_validator("evidence")
    @classmethod
    def _known_evidence(cls, evidence: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [key for key in evidence if key not in EVIDENCE]
        if unknown:
            raise ValueError(f"unknown evidence {unknown}")
        return evidence


DEFAULT_GATES: tuple[Gate, ...] = (
    Gate(
        rule="BAL-01",
        requirement="Long-term OST is open to everyone who chooses it, with no time cap",
        reason="The government's drug advisers found no evidence for limiting OST by time "
        "and expected a limit to raise relapse and deaths; deaths off OST are about three "
        "times those on it, and highest in the weeks after it stops.",
        evidence=("R-ACMD14", "R-SORDO", "R-CORNISH", "R-ACMD16"),
    ),
    Gate(
        rule="BAL-02",
        requirement="Nobody has to agree a dose-reduction plan to start treatment",
        reason="A reduction plan as the price of entry keeps people out of the treatment "
        "that protects them and sets their exit before they are stable; leaving OST too "
        "early harms people through relapse, and people told of exactly this demand.",
        evidence=("R-MIR", "R-ACMD14", "R-ACCOUNTS"),
    ),
    Gate(
        rule="INC-08",
        requirement="Prescriptions are never cut or stopped as a sanction",
        reason="Stopping a prescription puts the person in the weeks of highest overdose "
        "risk (4.8 deaths per 100 person-years in the first two weeks off OST, against "
        "0.7 on it); OST should continue for as long as it is needed.",
        evidence=("R-CORNISH", "R-ACMD16", "R-ACCOUNTS"),
    ),
    Gate(
        rule="SAF-01",
        requirement="Take-home naloxone is supplied",
        reason="Naloxone reverses an opioid overdose; wide supply is one of the two "
        "best-supported responses to rising opioid deaths, and a service without it "
        "leaves overdoses it could reverse.",
        evidence=("R-ACMD16",),
    ),
)


class EvaluationScheme(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = "Default scheme"
    area_weights: dict[Area, float] = Field(default_factory=lambda: dict(DEFAULT_AREA_WEIGHTS))
    rule_weights: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_RULE_WEIGHTS))
    gates: tuple[Gate, ...] = DEFAULT_GATES

    @field_validator("gates", mode="before")
    @classmethod
    def _gates_by_id(cls, gates: Any) -> Any:
        """A gate may be given by its rule id alone: the published gate, or a bare one."""
        if not isinstance(gates, list | tuple):
            raise ValueError("gates must be a list of rule ids, such as [\"SAF-01\"]")
        published = {gate.rule: gate for gate in DEFAULT_GATES}
        return tuple(
            published.get(gate, {"rule": gate}) if isinstance(gate, str) else gate
            for gate in gates
        )

    @field_validator("gates")
    @classmethod
    def _one_gate_a_rule(cls, gates: tuple[Gate, ...]) -> tuple[Gate, ...]:
        rules = [gate.rule for gate in gates]
        twice = sorted({rule for rule in rules if rules.count(rule) > 1})
        if twice:
            raise ValueError(f"a rule can be one gate only: {', '.join(twice)}")
        return gates

    @field_validator("rule_weights")
    @classmethod
    def _rule_weights_are_usable(cls, weights: dict[str, float]) -> dict[str, float]:
        for rule, weight in weights.items():
            if not RULE_ID.match(rule):
                raise ValueError(f"{rule!r} is not a rule id like 'SAF-01'")
            if weight < 0:
                raise ValueError(f"the weight of {rule} cannot be negative")
        return weights

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
            gates=self.gates,
        )


DEFAULT_SCHEME = EvaluationScheme()


class SchemeError(Exception):
    """A scheme file that cannot be read or used; the message names the file."""


def load_scheme(path: Path, rule_ids: Collection[str]) -> EvaluationScheme:
    """A scheme from a TOML or JSON file, laid over the published one.

    Area and rule weights the file gives replace those values only; `gates`, if
    given, replaces the whole list (an empty list means no gates). Every rule the file
    names must be one of `rule_ids`.
    """
    try:
        text = path.read_text(encoding="utf-8")
        given = json.loads(text) if path.suffix.lower() == ".json" else tomllib.loads(text)
    except OSError as error:
        raise SchemeError(f"{path}: cannot read the scheme file ({error.strerror})") from None
    except (UnicodeDecodeError, ValueError) as error:  # JSON and TOML errors are ValueErrors
        raise SchemeError(f"{path}: not a valid TOML or JSON scheme ({error})") from None
    if not isinstance(given, dict):
        raise SchemeError(f"{path}: the scheme must be a table of settings")
    published = DEFAULT_SCHEME.model_dump()
    for weights in ("area_weights", "rule_weights"):
        if isinstance(given.get(weights), dict):
            given[weights] = {**published[weights], **given[weights]}
    try:
        scheme = EvaluationScheme.model_validate(given)
    except ValidationError as invalid:
        problems = "; ".join(
            f"{'.'.join(map(str, error['loc'])) or 'scheme'}: "
            + error["msg"].removeprefix("Value error, ")
            for error in invalid.errors()
        )
        raise SchemeError(f"{path}: {problems}") from None
    unknown = sorted({*scheme.rule_weights, *(gate.rule for gate in scheme.gates)}
                     - set(rule_ids))
    if unknown:
        raise SchemeError(f"{path}: no such rule: {', '.join(unknown)}")
    return scheme
