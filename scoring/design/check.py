"""Check a payment design: the incentive rules and the stress test, as for a bid.

A design has no Treatment, Safety or Voice sheet, so `as_bid` fills them with neutral
answers that no design rule reads, and the stress test reads only one of them: there is
no cap on time in OST. The rules run are the incentive rules about payment, targets and
the contract (`design_rules`); rule INC-08 judges how a provider uses prescriptions,
which a payment design does not say.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from scoring.engine import RaisedFlag, load_rules, score_bid
from scoring.models import Bid, Design, ReductionDecision, Safety, Treatment, Voice
from scoring.rulebook import Area, Rule, Severity
from scoring.stress import (
    DEFAULT_ASSUMPTIONS,
    DRAWS,
    REWARDS_PUSH,
    Assumptions,
    StressResult,
    stress_many,
)
from scoring.stress.finding import STRESS_RULE_ID, finding_for
from scoring.stress.summary import headline

DESIGN_PROVIDER = "the provider"  # how the stress test's sentences name a design's provider
PRACTICE_RULES = frozenset({"INC-08"})  # about the provider's practice, not the design

NEUTRAL_TREATMENT = Treatment(
    ost_maintenance_available=True,
    ost_max_duration_months=None,  # no cap on time in OST: the stress test reads this
    ost_reduction_plan_required_at_entry=False,
    ost_reduction_decision=ReductionDecision.shared,
    ost_low_dose_exit_programme=False,
    ost_prescription_sanctions=False,
    pathway_stepped_care=True,
    pathway_choice_of_goal=True,
    pathway_community_detox_places=0,
    pathway_inpatient_detox_places=0,
    pathway_residential_rehab_placements=0,
    pathway_psychosocial_interventions=True,
    pathway_recovery_support_pct=0,
)
NEUTRAL_SAFETY = Safety(
    safety_naloxone_supply=True,
    safety_needle_syringe_programme=True,
    safety_bbv_testing_vaccination=True,
    safety_drug_death_review=True,
    safety_pre_reduction_risk_assessment=True,
    safety_post_exit_followup=True,
)
NEUTRAL_VOICE = Voice(
    workforce_lived_experience_pct=0,
    voice_service_user_consultation=True,
    voice_service_users_in_governance=True,
)


@cache
def design_rules() -> tuple[Rule, ...]:
    """The incentive rules a payment design answers."""
    return tuple(rule for rule in load_rules()
                 if rule.area == Area.incentives and rule.id not in PRACTICE_RULES)


def as_bid(design: Design, name: str = "") -> Bid:
    """The design as a bid the rules and the stress test can read (neutral practice answers).

    `name` becomes the bid reference; the provider is the design's, or 'the provider'.
    """
    overview = design.overview.model_copy(update={
        "provider_name": design.overview.provider_name or DESIGN_PROVIDER,
        "bid_reference": design.overview.bid_reference or name,
        "service_area": design.overview.service_area or "",
    })
    return Bid(overview=overview, treatment=NEUTRAL_TREATMENT, safety=NEUTRAL_SAFETY,
               voice=NEUTRAL_VOICE, payment_lines=design.payment_lines, targets=design.targets)


@dataclass(frozen=True)
class DesignCheck:
    """What the incentive rules and the stress test say about one design."""

    design: Design
    stress: StressResult
    flags: tuple[RaisedFlag, ...]

    @property
    def rewards_push(self) -> bool:
        return self.stress.verdict == REWARDS_PUSH

    @property
    def rewards_holding(self) -> bool:
        """Holding people in treatment longer than they choose would pay (amber or red)."""
        return self.stress.holding_level is not None

    @property
    def removes_push_reward(self) -> bool:
        """Pushing people out does not pay, at both ends of every unconfirmed assumption."""
        return not self.rewards_push and self.stress.robust

    def count(self, severity: Severity) -> int:
        return sum(1 for flag in self.flags if flag.severity == severity)


def check_design(design: Design, name: str = "", assumptions: Assumptions = DEFAULT_ASSUMPTIONS,
                 draws: int = DRAWS, ranges: bool = False) -> DesignCheck:
    """The rules and the stress test on one design (its verdict from the joint draws;
    the likely ranges only with `ranges`)."""
    return check_designs([design], [name], assumptions, draws, ranges)[0]


def check_designs(designs: Sequence[Design], names: Sequence[str] | None = None,
                  assumptions: Assumptions = DEFAULT_ASSUMPTIONS,
                  draws: int = DRAWS, ranges: bool = False) -> list[DesignCheck]:
    """Check several designs on the same figures, in one run of the stress test.

    The rules use the published assumptions, as scores do everywhere; `assumptions`
    applies to the stress test's verdict and figures.
    """
    names = list(names) if names is not None else [""] * len(designs)
    bids = [as_bid(design, name) for design, name in zip(designs, names, strict=True)]
    results = stress_many(bids, assumptions, draws, ranges=ranges)
    return [DesignCheck(design, result, score_bid(bid, rules=_rules_given(result)).flags)
            for design, bid, result in zip(designs, bids, results, strict=True)]


def _rules_given(result: StressResult) -> tuple[Rule, ...]:
    """The design rules, with the stress test's rule reading the result already run."""
    return tuple(dataclasses.replace(rule, check=lambda bid: finding_for(bid, result))
                 if rule.id == STRESS_RULE_ID else rule for rule in design_rules())


def summary(check: DesignCheck) -> str:
    """The stress test's headline for a design, as a sentence."""
    text = headline(check.stress)
    return text[:1].upper() + text[1:]
