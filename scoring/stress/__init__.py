"""The incentive stress test: does a bid's payment table pay a provider to push people out
of treatment, and what would pushing cost in lives?

Two strategies run over the bid's own cohort, month by month over its term: person-paced
(people leave OST when they choose) and target-driven (the long-term and low-dose OST
group is pushed out several times faster). Every assumption is a named parameter with a
range and a source (`assumptions.toml`); the parameters are sampled over their ranges and
every figure comes with an 80% interval.

Imports only from `scoring`.
"""

from scoring.stress.assumptions import (
    DEFAULT_ASSUMPTIONS,
    Assumptions,
    AssumptionsError,
    Parameter,
    load_assumptions,
    with_values,
)
from scoring.stress.results import (
    NEUTRAL,
    PENALISES_PUSH,
    REWARDS_PUSH,
    VERDICTS,
    Interval,
    LineGain,
    StrategyOutcome,
    StressResult,
)
from scoring.stress.run import DRAWS, SEED, exit_pressures, stress_many, stress_test

__all__ = [
    "DEFAULT_ASSUMPTIONS",
    "DRAWS",
    "NEUTRAL",
    "PENALISES_PUSH",
    "REWARDS_PUSH",
    "SEED",
    "VERDICTS",
    "Assumptions",
    "AssumptionsError",
    "Interval",
    "LineGain",
    "Parameter",
    "StrategyOutcome",
    "StressResult",
    "exit_pressures",
    "load_assumptions",
    "stress_many",
    "stress_test",
    "with_values",
]
