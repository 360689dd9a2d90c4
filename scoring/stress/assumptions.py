"""The stress test's assumptions: named figures with a default, a range and a source.

The defaults live in one data file beside this module (`assumptions.toml`). A run may
read another file or override single values; every figure is checked against its range
and its unit's limits, and a refusal names the figure, its range and the value.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from numbers import Real
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError

from scoring.evidence import EVIDENCE

DEFAULTS_FILE = Path(__file__).with_name("assumptions.toml")

# What a value may be at all, by unit, whatever range a file gives it.
UNIT_LIMITS: dict[str, tuple[float, float]] = {
    "deaths per 100 person-years": (0.0, 100.0),
    "% a year": (0.0, 99.0),
    "% within six months": (0.0, 100.0),
    "% a month": (0.0, 100.0),
    "%": (0.0, 100.0),
    "times as fast": (1.0, 20.0),
}

# Figures that must not cross: the first is never above the second. Their ranges must
# keep this order at both ends, and each sampled draw keeps it too.
ORDERED = (
    ("mortality_on_ost", "mortality_later_off",
     "death rates off treatment are never below those on it"),
    ("mortality_later_off", "mortality_after_leaving",
     "the first weeks after leaving carry at least the later risk"),
    ("mortality_later_off", "mortality_after_relapse",
     "the month after a relapse carries at least the later risk"),
    ("relapse_after_chosen_exit", "relapse_after_pushed_exit",
     "a pushed exit is at least as likely to end in relapse as a chosen one"),
    ("long_term_completion_rate", "opiate_completion_rate",
     "people on OST for years leave no more often than newer clients"),
)


class AssumptionsError(ValueError):
    """An assumptions file or override that cannot be used, in words a user can act on."""


def _figure(value: float) -> str:
    return f"{value:g}"


class Parameter(BaseModel):
    """One figure the model rests on."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    label: str  # a short name in plain words
    default: float
    low: float
    high: float
    unit: str
    description: str
    source: tuple[str, ...] = ()
    unconfirmed: bool = False

    @field_validator("unit")
    @classmethod
    def _known_unit(cls, unit: str) -> str:
        if unit not in UNIT_LIMITS:
            raise PydanticCustomError("unit", "unknown unit {unit!r}; known: {known}",
                                      {"unit": unit, "known": ", ".join(UNIT_LIMITS)})
        return unit

    @field_validator("source")
    @classmethod
    def _known_sources(cls, source: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [key for key in source if key not in EVIDENCE]
        if unknown:
            raise PydanticCustomError("source", "cites evidence not in the register: {keys}",
                                      {"keys": ", ".join(unknown)})
        return source

    @model_validator(mode="after")
    def _within_range(self) -> Parameter:
        floor, ceiling = UNIT_LIMITS[self.unit]
        if not floor <= self.low <= self.high <= ceiling:
            raise PydanticCustomError(
                "range", "its range must run from low to high within {floor} to {ceiling} "
                "({unit}), not {low} to {high}",
                {"floor": _figure(floor), "ceiling": _figure(ceiling), "unit": self.unit,
                 "low": _figure(self.low), "high": _figure(self.high)})
        if not self.low <= self.default <= self.high:
            raise PydanticCustomError("default", self.out_of_range(self.default), {})
        return self

    def out_of_range(self, value: float) -> str:
        return (f"must be from {_figure(self.low)} to {_figure(self.high)} ({self.unit}), "
                f"not {_figure(value)}")

    @property
    def plausible_range(self) -> tuple[float, float]:
        return (self.low, self.high)


class Assumptions(BaseModel):
    """Every figure the stress test uses; `assumptions.toml` holds the defaults."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    mortality_on_ost: Parameter
    mortality_after_leaving: Parameter
    mortality_later_off: Parameter
    mortality_after_relapse: Parameter
    opiate_completion_rate: Parameter
    long_term_completion_rate: Parameter
    non_opiate_completion_rate: Parameter
    relapse_after_chosen_exit: Parameter
    relapse_after_pushed_exit: Parameter
    re_presentation_rate: Parameter
    push_multiplier: Parameter
    pushed_unplanned_share: Parameter
    low_dose_share: Parameter
    new_presentations_rate: Parameter
    custody_rate: Parameter

    @model_validator(mode="after")
    def _figures_keep_their_order(self) -> Assumptions:
        for lower, upper, reason in ORDERED:
            below, above = getattr(self, lower), getattr(self, upper)
            for end in ("low", "high"):
                if getattr(below, end) > getattr(above, end):
                    raise PydanticCustomError(
                        "order", "{lower} ({lower_value}) must not be above {upper} "
                        "({upper_value}) at the {end} end: {reason}",
                        {"lower": lower, "upper": upper, "end": end, "reason": reason,
                         "lower_value": _figure(getattr(below, end)),
                         "upper_value": _figure(getattr(above, end))})
        return self

    def parameters(self) -> tuple[Parameter, ...]:
        return tuple(getattr(self, name) for name in type(self).model_fields)

    def unconfirmed(self) -> tuple[Parameter, ...]:
        """The figures that are our assumptions rather than published results."""
        return tuple(p for p in self.parameters() if p.unconfirmed)

    def values(self) -> dict[str, float]:
        """Each figure's central value, by name."""
        return {parameter.name: parameter.default for parameter in self.parameters()}


def load_assumptions(
    path: Path | None = None, overrides: Mapping[str, float] | None = None
) -> Assumptions:
    """The packaged defaults, with a file's figures and single values laid over them.

    A file may give any figure as a table (default, low, high, ...) or as `name = value`;
    figures it leaves out keep the packaged defaults. Overrides set central values, which
    must lie within each figure's range.
    """
    tables = _parameter_tables(_read(DEFAULTS_FILE))
    if path is not None:
        for name, given in _read(path).items():
            if name not in tables:
                raise AssumptionsError(f"{path}: {_unknown(name, tables)}")
            update = given if isinstance(given, dict) else {"default": given}
            tables[name] = {**tables[name], **update}
    assumptions = _validated(tables, path or DEFAULTS_FILE)
    return with_values(assumptions, overrides or {})


def with_values(assumptions: Assumptions, values: Mapping[str, float]) -> Assumptions:
    """The same assumptions with some central values changed, each within its range."""
    tables = {p.name: p.model_dump() for p in assumptions.parameters()}
    for name, value in values.items():
        if name not in tables:
            raise AssumptionsError(_unknown(name, tables))
        parameter = getattr(assumptions, name)
        if isinstance(value, bool) or not isinstance(value, Real):
            raise AssumptionsError(f"{name} must be a number, not {value!r}")
        if not parameter.low <= value <= parameter.high:
            raise AssumptionsError(f"{name} {parameter.out_of_range(value)}")
        tables[name]["default"] = float(value)
    return _validated(tables, "overrides")


def _read(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as file:
            return tomllib.load(file)
    except OSError as error:
        raise AssumptionsError(f"cannot read {path}: {error.strerror}") from None
    except tomllib.TOMLDecodeError as error:
        raise AssumptionsError(f"{path} is not valid TOML: {error}") from None


def _parameter_tables(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: {"name": name, **table} for name, table in data.items()}


def _unknown(name: str, known: Mapping[str, Any]) -> str:
    return f"unknown assumption {name!r}; known: {', '.join(known)}"


def _validated(tables: dict[str, dict[str, Any]], where: object) -> Assumptions:
    try:
        return Assumptions.model_validate(tables)
    except ValidationError as error:
        problems = []
        for item in error.errors():
            place = ".".join(str(part) for part in item["loc"])
            problems.append(f"{place}: {item['msg']}" if place else item["msg"])
        raise AssumptionsError(f"{where}: " + "; ".join(problems)) from None


DEFAULT_ASSUMPTIONS = load_assumptions()
