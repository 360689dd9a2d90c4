"""Three payment designs from the stories behind this project, as data.

Each is what a commissioner might write into a contract before any bid arrives; a
design workbook holds only the contract, the cohort, the payment table and the targets.
`generate.py` writes them out as design workbooks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sample_tenders.bids import payment, target

COHORT = {
    "cohort.in_treatment": 1500,
    "cohort.opiate_clients": 850,
    "cohort.long_term_ost_clients": 420,
}


def per_client(line: dict[str, Any]) -> dict[str, Any]:
    """A payment line paid once per person, as the pilots' outcome tariffs were."""
    return {**line, "Paid": "Once per person"}


@dataclass(frozen=True)
class SampleDesign:
    file: str
    title: str
    answers: dict[str, Any]
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


PILOT_STYLE = SampleDesign(
    "pilot_half_at_risk.xlsx",
    "Pilot-style: half the value at risk",
    {
        "contract.annual_value_gbp": 4_000_000,
        "contract.term_years": 3,
        **COHORT,
        "payment.case_mix_adjusted": "Yes",
        "payment.independent_assessment": "Yes",
        "payment.stepped_triggers": "No",
    },
    {
        "Payment": [
            payment("Core service", "block", 50),
            payment("Free from drugs of dependence: completed, not back within 12 months",
                    "non_representation", 20, window=12, clawback="Yes"),
            # the pilots paid these tariffs once per client, not for every month
            per_client(payment("Abstinent from the presenting drug while in treatment",
                               "abstinence", 10)),
            per_client(payment("Reduced offending", "offending", 10)),
            per_client(payment("Health and wellbeing", "health_wellbeing", 10)),
        ],
        "Targets": [
            target("Opiate completions without re-presentation", "successful_completions", 8,
                   cohort="opiate"),
            target("Waiting time to start", "waiting_time", 21, unit="days"),
        ],
    },
)

EXIT_TARGETS = SampleDesign(
    "exit_targets_with_penalties.xlsx",
    "Exit targets with penalties",
    {
        "contract.annual_value_gbp": 5_000_000,
        "contract.term_years": 3,
        **COHORT,
    },
    {
        "Payment": [
            payment("Core service", "block", 60),
            payment("Drug-free completion", "successful_completion", 30, window=3),
            payment("Drug-free exit of long-term OST clients", "successful_completion", 10,
                    cohort="long_term_ost"),
        ],
        "Targets": [
            target("Opiate successful completions", "successful_completions", 25,
                   cohort="opiate", consequence="financial_penalty"),
            target("Exits from OST each year", "ost_exits", 100, unit="count",
                   cohort="long_term_ost", consequence="termination"),
            target("Waiting time to start", "waiting_time", 21, unit="days"),
        ],
    },
)

BLOCK_WITH_INCENTIVES = SampleDesign(
    "block_with_protective_incentives.xlsx",
    "A block with incentives for retention and harm reduction",
    {
        "contract.annual_value_gbp": 4_500_000,
        "contract.term_years": 7,
        **COHORT,
        "payment.case_mix_adjusted": "Yes",
        "payment.independent_assessment": "Yes",
        "payment.stepped_triggers": "Yes",
    },
    {
        "Payment": [
            payment("Core service", "block", 85),
            payment("People retained in treatment", "retention", 8),
            payment("Harm reduction: naloxone, injecting, blood-borne viruses",
                    "harm_reduction", 7),
        ],
        "Targets": [
            target("Retention in treatment at 12 weeks", "retention", 85),
            target("Take-home naloxone for opiate clients", "naloxone_coverage", 90,
                   cohort="opiate"),
            target("Waiting time to start", "waiting_time", 21, unit="days"),
        ],
    },
)

SAMPLE_DESIGNS = (PILOT_STYLE, EXIT_TARGETS, BLOCK_WITH_INCENTIVES)
