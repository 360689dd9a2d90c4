"""The bid, as the workbook contract (bid workbook version 1) defines it.

These models are the one place where the workbook's fields, types, ranges, defaults
and cross-field checks are declared. The reader fills them from a workbook, the
template is generated from them, and the rules read them. Every sheet model and
table row keeps the cell each value came from, so a rule can point at it.
"""

from __future__ import annotations

import difflib
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache
from types import MappingProxyType
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from scoring.limits import MAX_PAYMENT_LINES, MAX_TARGETS
from scoring.values import (
    ENUM,
    LIST,
    YES_NO,
    Caseload,
    Column,
    Days,
    FullTimeEquivalent,
    Kind,
    Money,
    Months,
    Name,
    Number,
    People,
    Percent,
    Question,
    Text,
    YesNo,
    choice,
    choices,
    shown,
)
from scoring.words import label

TEMPLATE_VERSION = "1"
SHARE_TOLERANCE = 0.5  # Payment shares must sum to 100 within this


class ProviderType(StrEnum):
    nhs_trust = "nhs_trust"
    third_sector = "third_sector"
    private = "private"
    consortium = "consortium"


class ReductionDecision(StrEnum):
    patient_led = "patient_led"
    shared = "shared"
    clinician_led = "clinician_led"
    target_led = "target_led"


class PaymentCategory(StrEnum):
    block = "block"
    attachment = "attachment"
    retention = "retention"
    successful_completion = "successful_completion"
    abstinence = "abstinence"
    non_representation = "non_representation"
    reduced_use = "reduced_use"
    harm_reduction = "harm_reduction"
    health_wellbeing = "health_wellbeing"
    housing = "housing"
    employment = "employment"
    relationships = "relationships"
    offending = "offending"
    user_experience = "user_experience"
    safety = "safety"


class PaidWhen(StrEnum):
    """When a payment category is earned (shared/bid-workbook.md)."""

    fixed = "fixed"  # a block: not at risk
    on_entry = "on_entry"  # on entering or engaging
    while_staying = "while_staying"  # for staying in treatment
    on_leaving = "on_leaving"  # on a planned exit: the only lines that reward exits
    in_treatment = "in_treatment"  # measured at reviews while the person is in treatment
    on_safety = "on_safety"  # on safety outcomes, such as fewer drug-related deaths


PAID_WHEN: dict[PaymentCategory, PaidWhen] = {
    PaymentCategory.block: PaidWhen.fixed,
    PaymentCategory.attachment: PaidWhen.on_entry,
    PaymentCategory.retention: PaidWhen.while_staying,
    PaymentCategory.successful_completion: PaidWhen.on_leaving,
    PaymentCategory.non_representation: PaidWhen.on_leaving,
    # The pilots paid abstinence from the presenting substance(s) in treatment: a person
    # on OST who has stopped using heroin counts, so it is not an exit payment.
    PaymentCategory.abstinence: PaidWhen.in_treatment,
    PaymentCategory.reduced_use: PaidWhen.in_treatment,
    PaymentCategory.harm_reduction: PaidWhen.in_treatment,
    PaymentCategory.health_wellbeing: PaidWhen.in_treatment,
    PaymentCategory.housing: PaidWhen.in_treatment,
    PaymentCategory.employment: PaidWhen.in_treatment,
    PaymentCategory.relationships: PaidWhen.in_treatment,
    PaymentCategory.offending: PaidWhen.in_treatment,
    PaymentCategory.user_experience: PaidWhen.in_treatment,
    PaymentCategory.safety: PaidWhen.on_safety,
}
EXIT_CATEGORIES = tuple(c for c, when in PAID_WHEN.items() if when == PaidWhen.on_leaving)


class PaidUnit(StrEnum):
    """The unit a payment line pays on (the Payment sheet's `Paid` column)."""

    once_per_person = "once_per_person"  # an entry tariff, a per-client outcome tariff
    per_month_in_treatment = "per_month_in_treatment"  # retention
    per_review = "per_review"  # an in-treatment outcome measured again at each review
    on_caseload = "on_caseload"  # caseload held against contracted capacity: retention


# The unit a line pays on when its `Paid` cell is blank, by when it is earned.
DEFAULT_UNIT: dict[PaidWhen, PaidUnit | None] = {
    PaidWhen.fixed: None,
    PaidWhen.on_entry: PaidUnit.once_per_person,
    PaidWhen.on_leaving: PaidUnit.once_per_person,
    PaidWhen.while_staying: PaidUnit.per_month_in_treatment,
    PaidWhen.in_treatment: PaidUnit.per_review,
    PaidWhen.on_safety: PaidUnit.per_review,
}


class FailureEvent(StrEnum):
    """What, within an exit payment's window, undoes the payment (`Counts as failed`)."""

    re_presentation = "re_presentation"
    death = "death"
    custody = "custody"
    unplanned_exit = "unplanned_exit"


class Cohort(StrEnum):
    all = "all"
    opiate = "opiate"
    non_opiate = "non_opiate"
    alcohol = "alcohol"
    new_presentations = "new_presentations"
    long_term_ost = "long_term_ost"


class Measure(StrEnum):
    successful_completions = "successful_completions"
    ost_exits = "ost_exits"
    low_dose_exits = "low_dose_exits"
    abstinence_rate = "abstinence_rate"
    re_presentation = "re_presentation"
    retention = "retention"
    waiting_time = "waiting_time"
    naloxone_coverage = "naloxone_coverage"
    drug_related_deaths = "drug_related_deaths"
    mutual_aid_engagement = "mutual_aid_engagement"
    recovery_capital_gain = "recovery_capital_gain"
    user_satisfaction = "user_satisfaction"
    other = "other"


class Unit(StrEnum):
    percent = "percent"
    count = "count"
    days = "days"
    weeks = "weeks"


class Consequence(StrEnum):
    none = "none"
    review = "review"
    financial_penalty = "financial_penalty"
    staff_performance = "staff_performance"
    termination = "termination"


class PartnerType(StrEnum):
    mutual_aid_12_step = "mutual_aid_12_step"
    smart_recovery = "smart_recovery"
    lero = "lero"
    peer_support = "peer_support"
    recovery_community = "recovery_community"
    family_support = "family_support"
    housing = "housing"
    employment = "employment"
    education = "education"
    mental_health = "mental_health"
    primary_care = "primary_care"
    criminal_justice = "criminal_justice"
    other = "other"


MUTUAL_AID_TYPES = frozenset(
    {
        PartnerType.mutual_aid_12_step,
        PartnerType.smart_recovery,
        PartnerType.lero,
        PartnerType.peer_support,
        PartnerType.recovery_community,
    }
)


class Domain(StrEnum):
    housing = "housing"
    employment_education_training = "employment_education_training"
    relationships_family = "relationships_family"
    physical_health = "physical_health"
    mental_wellbeing = "mental_wellbeing"
    meaningful_activity = "meaningful_activity"
    finance_debt = "finance_debt"
    offending = "offending"


class Located(BaseModel):
    """A sheet or table row that remembers which cell each value came from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sheet: ClassVar[str]
    cells: dict[str, str] = Field(default_factory=dict, exclude=True, repr=False)

    def cell(self, field: str) -> str:
        """The cell a field was read from, e.g. `Payment!C4`, or where it belongs in words.

        A field with no cell was defaulted because its row or column is missing.
        """
        if field in self.cells:
            return self.cells[field]
        return f"{self.sheet} sheet, {self._no_cell(self.label(field))}"

    def answered(self, field: str) -> bool:
        """Whether the workbook gave this field a value (False when it was defaulted)."""
        return field in self.model_fields_set

    @staticmethod
    def _no_cell(label: str) -> str:
        return f"{label} (no cell for it)"

    @classmethod
    @cache
    def label(cls, field: str) -> str:
        """The name a bidder sees for a field: its question ID or column header."""
        for marker in cls.model_fields[field].metadata:
            if isinstance(marker, Question):
                return marker.id
            if isinstance(marker, Column):
                return marker.header
        return field


class QuestionSheet(Located):
    """A sheet of ID / Question / Answer rows."""

    @staticmethod
    def _no_cell(label: str) -> str:
        return f"question {label} (no row for it)"


class TableRow(Located):
    """One record of a table sheet."""

    @staticmethod
    def _no_cell(label: str) -> str:
        return f"column {label} (no column for it)"


# ---------------------------------------------------------------- question sheets


class Overview(QuestionSheet):
    sheet: ClassVar[str] = "Bid"

    template_version: Annotated[
        Text, Question("template.version", "Template version", "Leave as 1.")
    ]
    provider_name: Annotated[Name, Question("provider.name", "Bidding organisation")]
    provider_type: Annotated[
        choice(ProviderType) | None, Question("provider.type", "Type of organisation")
    ] = None
    bid_reference: Annotated[Text, Question("bid.reference", "Your bid reference")]
    service_area: Annotated[Text, Question("service.area", "Area served", "e.g. a borough")]
    contract_annual_value_gbp: Annotated[
        Money,
        Field(ge=1),
        Question("contract.annual_value_gbp", "Annual contract value (£)"),
    ]
    contract_term_years: Annotated[
        Number,
        Field(ge=1, le=15),
        Question("contract.term_years", "Contract term (years)", "From 1 to 15."),
    ]
    cohort_in_treatment: Annotated[
        People,
        Question("cohort.in_treatment", "People in structured treatment at the start"),
    ]
    cohort_opiate_clients: Annotated[
        People, Question("cohort.opiate_clients", "Of whom opiate clients")
    ]
    cohort_long_term_ost_clients: Annotated[
        People,
        Question(
            "cohort.long_term_ost_clients",
            "Of whom on opioid substitution treatment (OST) for two years or more",
        ),
    ]
    payment_case_mix_adjusted: Annotated[
        YesNo,
        Question(
            "payment.case_mix_adjusted",
            "Are outcome prices adjusted for how complex the clients are?",
        ),
    ] = False
    payment_independent_assessment: Annotated[
        YesNo,
        Question(
            "payment.independent_assessment",
            "Are outcomes assessed by someone other than the paid provider?",
        ),
    ] = False
    payment_stepped_triggers: Annotated[
        YesNo,
        Question(
            "payment.stepped_triggers",
            "Do outcome payments rise in steps rather than all-or-nothing at a threshold?",
        ),
    ] = False

    def cohort_size(self, cohort: Cohort) -> float | None:
        """How many people of a cohort are in treatment at the start; None if not asked."""
        opiate, in_treatment = self.cohort_opiate_clients, self.cohort_in_treatment
        return {
            Cohort.all: in_treatment,
            Cohort.opiate: opiate,
            Cohort.long_term_ost: self.cohort_long_term_ost_clients,
            Cohort.non_opiate: in_treatment - opiate,
            Cohort.alcohol: in_treatment - opiate,
        }.get(cohort)

    @field_validator("template_version")
    @classmethod
    def _known_version(cls, version: str) -> str:
        if version != TEMPLATE_VERSION:
            raise PydanticCustomError(
                "workbook_value",
                "expected template version {expected}, found {found}",
                {"expected": TEMPLATE_VERSION, "found": shown(version)},
            )
        return version

    @model_validator(mode="after")
    def _cohorts_nest(self) -> Overview:
        if not (
            self.cohort_long_term_ost_clients
            <= self.cohort_opiate_clients
            <= self.cohort_in_treatment
        ):
            raise PydanticCustomError(
                "cohort_order",
                "expected long-term OST clients ({long_term}) ≤ opiate clients ({opiate})"
                " ≤ people in treatment ({in_treatment})",
                {
                    "long_term": shown(self.cohort_long_term_ost_clients),
                    "opiate": shown(self.cohort_opiate_clients),
                    "in_treatment": shown(self.cohort_in_treatment),
                    "expected": "long-term OST clients ≤ opiate clients ≤ people in treatment",
                    "found": f"{shown(self.cohort_long_term_ost_clients)}, "
                    f"{shown(self.cohort_opiate_clients)} and {shown(self.cohort_in_treatment)}",
                    "fields": (
                        "cohort_long_term_ost_clients",
                        "cohort_opiate_clients",
                        "cohort_in_treatment",
                    ),
                },
            )
        return self


class Treatment(QuestionSheet):
    sheet: ClassVar[str] = "Treatment"

    ost_maintenance_available: Annotated[
        YesNo,
        Question(
            "ost.maintenance_available",
            "Is long-term OST open to anyone who chooses it?",
        ),
    ]
    ost_max_duration_months: Annotated[
        Months | None,
        Question(
            "ost.max_duration_months",
            "Maximum time a person may stay on OST (months)",
            "Leave blank if there is no cap.",
        ),
    ] = None
    ost_reduction_plan_required_at_entry: Annotated[
        YesNo,
        Question(
            "ost.reduction_plan_required_at_entry",
            "Does starting treatment require an agreed dose-reduction plan?",
        ),
    ]
    ost_reduction_decision: Annotated[
        choice(ReductionDecision),
        Question("ost.reduction_decision", "Who decides when a dose comes down?"),
    ]
    ost_low_dose_exit_programme: Annotated[
        YesNo,
        Question(
            "ost.low_dose_exit_programme",
            "Are clients on low doses singled out for exit?",
        ),
    ]
    ost_prescription_sanctions: Annotated[
        YesNo,
        Question(
            "ost.prescription_sanctions",
            "Are prescriptions cut or stopped as a sanction "
            "(missed appointments, non-compliance)?",
        ),
    ]
    ost_gp_registration_required: Annotated[
        YesNo,
        Question("ost.gp_registration_required", "Does treatment require registration with a GP?"),
    ] = False
    ost_review_interval_weeks: Annotated[
        Days | None,
        Question("ost.review_interval_weeks", "How often is OST reviewed (weeks)?"),
    ] = None
    pathway_stepped_care: Annotated[
        YesNo,
        Question(
            "pathway.stepped_care",
            "Is there a graded route, e.g. substitute medication before detox?",
        ),
    ]
    pathway_choice_of_goal: Annotated[
        YesNo,
        Question(
            "pathway.choice_of_goal",
            "Does the person choose abstinence or maintenance as their goal?",
        ),
    ]
    pathway_community_detox_places: Annotated[
        People,
        Question("pathway.community_detox_places", "Community detox places a year"),
    ]
    pathway_inpatient_detox_places: Annotated[
        People,
        Question("pathway.inpatient_detox_places", "Inpatient detox places a year"),
    ]
    pathway_residential_rehab_placements: Annotated[
        People,
        Question(
            "pathway.residential_rehab_placements",
            "Residential rehab placements a year",
        ),
    ]
    pathway_residential_rehab_budget_gbp: Annotated[
        Money,
        Question("pathway.residential_rehab_budget_gbp", "Residential rehab budget a year (£)"),
    ] = 0.0
    pathway_psychosocial_interventions: Annotated[
        YesNo,
        Question(
            "pathway.psychosocial_interventions",
            "Are psychosocial interventions offered?",
        ),
    ]
    pathway_recovery_support_pct: Annotated[
        Percent,
        Question(
            "pathway.recovery_support_pct",
            "Share of contract value spent on recovery support beyond clinical treatment (%)",
        ),
    ]
    pathway_rapid_reentry_days: Annotated[
        Days | None,
        Question(
            "pathway.rapid_reentry_days",
            "Days to restart treatment after a relapse",
        ),
    ] = None
    pathway_post_exit_support_months: Annotated[
        Months,
        Question(
            "pathway.post_exit_support_months",
            "Months of support after a planned exit",
        ),
    ] = 0.0


class Safety(QuestionSheet):
    sheet: ClassVar[str] = "Safety"

    safety_naloxone_supply: Annotated[
        YesNo, Question("safety.naloxone_supply", "Is take-home naloxone supplied?")
    ]
    safety_needle_syringe_programme: Annotated[
        YesNo,
        Question("safety.needle_syringe_programme", "Is there a needle and syringe programme?"),
    ]
    safety_bbv_testing_vaccination: Annotated[
        YesNo,
        Question(
            "safety.bbv_testing_vaccination",
            "Blood-borne virus testing and hepatitis vaccination?",
        ),
    ]
    safety_drug_death_review: Annotated[
        YesNo,
        Question("safety.drug_death_review", "Is every drug-related death reviewed?"),
    ]
    safety_pre_reduction_risk_assessment: Annotated[
        YesNo,
        Question(
            "safety.pre_reduction_risk_assessment",
            "Is overdose risk assessed before any dose reduction or exit?",
        ),
    ]
    safety_post_exit_followup: Annotated[
        YesNo,
        Question(
            "safety.post_exit_followup",
            "Is there contact in the first weeks after leaving OST?",
        ),
    ]
    safety_high_risk_register: Annotated[
        YesNo,
        Question(
            "safety.high_risk_register",
            "Are high-risk service users identified proactively?",
        ),
    ] = False
    safety_physical_health_checks: Annotated[
        YesNo,
        Question("safety.physical_health_checks", "Are physical health checks offered?"),
    ] = False


class Voice(QuestionSheet):
    sheet: ClassVar[str] = "Voice"

    workforce_lived_experience_pct: Annotated[
        Percent,
        Question(
            "workforce.lived_experience_pct",
            "Share of the workforce with lived experience (%)",
        ),
    ]
    workforce_peer_workers_fte: Annotated[
        FullTimeEquivalent,
        Question("workforce.peer_workers_fte", "Peer workers (full-time equivalent)"),
    ] = 0.0
    voice_service_user_consultation: Annotated[
        YesNo,
        Question(
            "voice.service_user_consultation",
            "Were service users consulted on the design?",
        ),
    ]
    voice_service_users_in_governance: Annotated[
        YesNo,
        Question(
            "voice.service_users_in_governance",
            "Do service users sit on the governing board?",
        ),
    ]
    voice_co_produced_design: Annotated[
        YesNo,
        Question("voice.co_produced_design", "Was the service design co-produced?"),
    ] = False
    caseload_clients_per_keyworker: Annotated[
        Caseload | None,
        Question("caseload.clients_per_keyworker", "Clients per keyworker"),
    ] = None


# ---------------------------------------------------------------- table sheets


class PaymentLine(TableRow):
    sheet: ClassVar[str] = "Payment"

    outcome: Annotated[Text, Column("Outcome", "Your name for the payment line")]
    category: Annotated[choice(PaymentCategory), Column("Category")]
    share_pct: Annotated[
        Percent, Column("Share %", "Share of the contract value paid through this line")
    ]
    window_months: Annotated[
        Months | None,
        Column("Window months", "How long the outcome must hold before it is paid"),
    ] = None
    clawback: Annotated[
        YesNo,
        Column("Clawback", "Recovered if the person re-presents within the window"),
    ] = False
    cohort: Annotated[choice(Cohort), Column("Cohort", "Who the line pays for")] = Cohort.all
    paid: Annotated[
        choice(PaidUnit) | None,
        Column("Paid", "The unit the line pays on; blank: once per person for entry and exit "
               "lines, per review for outcomes in treatment, per month for retention"),
    ] = None
    counts_as_failed: Annotated[
        choices(FailureEvent) | None,
        Column("Counts as failed", "For exit payments held for a window: what within the "
               "window undoes the payment, e.g. 'Re-presentation, Death, Custody'; blank: "
               "re-presentation where there is a clawback"),
    ] = None

    @property
    def at_risk(self) -> bool:
        """Money that depends on what happens to clients, not a fixed block."""
        return self.category != PaymentCategory.block

    @property
    def unit(self) -> PaidUnit | None:
        """The unit the line pays on: as given, else its category's (None for a block)."""
        return self.paid or DEFAULT_UNIT[PAID_WHEN[self.category]]

    @property
    def failures(self) -> frozenset[FailureEvent]:
        """What within the window undoes an exit payment: as given, else re-presentation
        where there is a clawback (and always for a payment on not returning)."""
        given = set(self.counts_as_failed or ())
        if self.counts_as_failed is None and self.clawback:
            given.add(FailureEvent.re_presentation)
        if self.category == PaymentCategory.non_representation:
            given.add(FailureEvent.re_presentation)
        return frozenset(given)


class Target(TableRow):
    sheet: ClassVar[str] = "Targets"

    kpi: Annotated[Text, Column("KPI", "Your name for the target")]
    measure: Annotated[choice(Measure), Column("Measure")]
    target: Annotated[People, Column("Target")]
    unit: Annotated[choice(Unit), Column("Unit")]
    cohort: Annotated[choice(Cohort), Column("Cohort")] = Cohort.all
    consequence: Annotated[
        choice(Consequence), Column("Consequence", "What follows a miss")
    ] = Consequence.review

    @property
    def costs_money_jobs_or_contract(self) -> bool:
        return self.consequence in {
            Consequence.financial_penalty,
            Consequence.staff_performance,
            Consequence.termination,
        }


class Partnership(TableRow):
    sheet: ClassVar[str] = "Partnerships"

    partner: Annotated[Text, Column("Partner")]
    type: Annotated[choice(PartnerType), Column("Type")]
    formal_agreement: Annotated[
        YesNo, Column("Formal agreement", "A signed agreement or subcontract")
    ]
    annual_funding_gbp: Annotated[
        Money, Column("Annual funding £", "Money passed to the partner each year")
    ] = 0.0
    referral_pathway: Annotated[
        YesNo,
        Column("Referral pathway", "A named route by which clients are introduced"),
    ]
    governance_role: Annotated[
        YesNo, Column("Governance role", "The partner sits on the service's governance")
    ] = False
    continuity_after_exit: Annotated[
        YesNo,
        Column("Continuity after exit", "Keeps supporting people after they leave treatment"),
    ] = False

    @property
    def is_mutual_aid(self) -> bool:
        return self.type in MUTUAL_AID_TYPES


class RecoveryCapitalOffer(TableRow):
    sheet: ClassVar[str] = "Recovery capital"

    domain: Annotated[choice(Domain), Column("Domain")]
    offered: Annotated[YesNo, Column("Offered")]
    partner: Annotated[Text | None, Column("Partner", "Who delivers it")] = None
    outcome_measure: Annotated[
        Text | None, Column("Outcome measure", "How progress is measured")
    ] = None


class NarrativeSection(TableRow):
    sheet: ClassVar[str] = "Narrative"

    section: Annotated[Text, Column("Section")]
    text: Annotated[Text | None, Column("Text")] = None


# ---------------------------------------------------------------- the bid


class Bid(BaseModel):
    """One provider's bid: every answer and table of the workbook."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    overview: Overview
    treatment: Treatment
    safety: Safety
    voice: Voice
    payment_lines: Annotated[list[PaymentLine], Field(min_length=1,
                                                      max_length=MAX_PAYMENT_LINES)]
    targets: list[Target] = Field(default_factory=list, max_length=MAX_TARGETS)
    partnerships: list[Partnership] = Field(default_factory=list)
    recovery_capital: list[RecoveryCapitalOffer] = Field(default_factory=list)
    narrative: list[NarrativeSection] = Field(default_factory=list)

    @field_validator("payment_lines")
    @classmethod
    def _shares_sum_to_100(cls, lines: list[PaymentLine]) -> list[PaymentLine]:
        return shares_sum_to_100(lines)

    @property
    def provider(self) -> str:
        return self.overview.provider_name

    def share_pct(self, *categories: PaymentCategory) -> float:
        """Share of the contract value paid through lines of these categories."""
        return sum(line.share_pct for line in self.payment_lines if line.category in categories)

    def target_pct(self, target: Target) -> float | None:
        """A rate target as a percentage of its cohort; a count is judged as the share it is.

        None for times (days, weeks) and for counts whose cohort the workbook does not size.
        """
        if target.unit == Unit.percent:
            return target.target
        if target.unit != Unit.count:
            return None
        size = self.overview.cohort_size(target.cohort)
        return 100 * target.target / size if size else None

    @property
    def at_risk_pct(self) -> float:
        """Share of the contract value that is not a fixed block payment."""
        return sum(line.share_pct for line in self.payment_lines if line.at_risk)


def shares_sum_to_100(lines: list[PaymentLine]) -> list[PaymentLine]:
    """The payment lines, if their shares add up to 100 (within the tolerance)."""
    total = sum(line.share_pct for line in lines)
    if abs(total - 100) > SHARE_TOLERANCE:
        raise PydanticCustomError(
            "share_total",
            "expected the Share % column to add up to 100, found {found}",
            {"expected": "Share % adding up to 100", "found": f"{total:g}"},
        )
    return lines


# ---------------------------------------------------------------- a payment design


class DesignOverview(Overview):
    """The Bid sheet of a payment design: the contract, cohort and payment terms.

    A commissioner's design names no provider, so the bid's provider questions are
    optional here (a full bid, read as a design, keeps them).
    """

    provider_name: Annotated[Name | None, Question("provider.name", "Bidding organisation")] = None
    bid_reference: Annotated[Text | None, Question("bid.reference", "Your bid reference")] = None
    service_area: Annotated[
        Text | None, Question("service.area", "Area served", "e.g. a borough")
    ] = None


PROVIDER_FIELDS = frozenset({"provider_name", "provider_type", "bid_reference", "service_area"})


class Design(BaseModel):
    """A payment design before it goes out to tender: the contract, payment and targets."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    overview: DesignOverview
    payment_lines: Annotated[list[PaymentLine], Field(min_length=1,
                                                      max_length=MAX_PAYMENT_LINES)]
    targets: list[Target] = Field(default_factory=list, max_length=MAX_TARGETS)

    @field_validator("payment_lines")
    @classmethod
    def _shares_sum_to_100(cls, lines: list[PaymentLine]) -> list[PaymentLine]:
        return shares_sum_to_100(lines)

    def share_pct(self, *categories: PaymentCategory) -> float:
        """Share of the contract value paid through lines of these categories."""
        return sum(line.share_pct for line in self.payment_lines if line.category in categories)


QUESTION_SHEETS: dict[str, type[QuestionSheet]] = {
    "overview": Overview,
    "treatment": Treatment,
    "safety": Safety,
    "voice": Voice,
}
TABLE_SHEETS: dict[str, type[TableRow]] = {
    "payment_lines": PaymentLine,
    "targets": Target,
    "partnerships": Partnership,
    "recovery_capital": RecoveryCapitalOffer,
    "narrative": NarrativeSection,
}
OPTIONAL_SHEETS = frozenset({"Narrative"})
# A design is read from the Bid sheet and the Payment and Targets tables alone.
DESIGN_QUESTION_SHEETS: dict[str, type[QuestionSheet]] = {"overview": DesignOverview}
DESIGN_TABLE_SHEETS: dict[str, type[TableRow]] = {
    "payment_lines": PaymentLine,
    "targets": Target,
}


# Other names bidders give a table's columns: (sheet, name as `header_key` makes it) -> header.
COLUMN_SYNONYMS: dict[tuple[str, str], str] = {
    ("Payment", "clientgroup"): "Cohort",
    ("Payment", "cohortgroup"): "Cohort",
    ("Payment", "outcomemonth"): "Window months",
    ("Payment", "paymentcategory"): "Category",
    ("Payment", "sharepercent"): "Share %",
    ("Targets", "clientgroup"): "Cohort",
    ("Targets", "consequenceofmiss"): "Consequence",
    ("Partnerships", "fundinggbp"): "Annual funding £",
    ("Partnerships", "annualfundinggbp"): "Annual funding £",
    ("Partnerships", "partnertype"): "Type",
}


@lru_cache(maxsize=4096)  # each table's headers are matched against every column
def header_key(header: str) -> str:
    """A column header reduced to what identifies it: 'Claw-back' and 'Clawbacks' -> 'clawback'.

    Letters and digits in lower case, without a trailing plural 's'; '£' and '%' are
    dropped, so 'Annual funding (£)' is 'annualfunding'.
    """
    key = "".join(char for char in header.lower() if char.isalnum())
    return key[:-1] if key.endswith("s") and len(key) > 3 else key


def match_column(row: type[TableRow], header: str) -> str | None:
    """The known column a header names, exactly or as a near miss, or None."""
    keys = _header_keys(row)
    key = header_key(header)
    if key in keys:
        return keys[key]
    if (row.sheet, key) in COLUMN_SYNONYMS:
        return COLUMN_SYNONYMS[(row.sheet, key)]
    close = difflib.get_close_matches(key, list(keys), n=1, cutoff=0.85)
    return keys[close[0]] if close else None


def question_ids(sheet: type[QuestionSheet]) -> dict[str, str]:
    """Question ID -> field name, in the order the template lists them."""
    return {sheet.label(name): name for name in sheet.model_fields if name != "cells"}


@cache  # asked for every row read; a table's columns never change
def column_headers(row: type[TableRow]) -> Mapping[str, str]:
    """Column header -> field name, in the order the template lists them."""
    return MappingProxyType({row.label(name): name for name in row.model_fields
                             if name != "cells"})


@cache
def _header_keys(row: type[TableRow]) -> Mapping[str, str]:
    """What identifies each known column header (`header_key`) -> the header."""
    return MappingProxyType({header_key(known): known for known in column_headers(row)})


@dataclass(frozen=True)
class FieldSpec:
    """One workbook field as a bidder sees it: for the template, the reader and the docs."""

    name: str  # the model's attribute
    label: str  # question ID or column header
    question: str
    guidance: str
    kind: Kind
    required: bool
    default: Any
    choices: tuple[str, ...]


def fields_of(model: type[Located]) -> list[FieldSpec]:
    """The workbook fields of a sheet model or table row, in template order."""
    specs = []
    for name, info in model.model_fields.items():
        if name == "cells":
            continue
        marker = next(m for m in info.metadata if isinstance(m, Question | Column))
        kind, annotation = _kind_and_type(info)
        choices = tuple(label(member) for member in annotation) if kind == ENUM else ()
        if kind == LIST:  # tuple[enum, ...]
            choices = tuple(label(member) for member in typing.get_args(annotation)[0])
        if kind == YES_NO:
            choices = ("Yes", "No")
        specs.append(
            FieldSpec(
                name=name,
                label=marker.id if isinstance(marker, Question) else marker.header,
                question=marker.question if isinstance(marker, Question) else marker.guidance,
                guidance=marker.guidance,
                kind=kind,
                required=info.is_required(),
                default=None if info.is_required() else info.default,
                choices=choices,
            )
        )
    return specs


@cache  # asked for every answer read
def kind_of_field(model: type[Located], name: str) -> Kind:
    return _kind_and_type(model.model_fields[name])[0]


def _kind_and_type(info: Any) -> tuple[Kind, Any]:
    """The workbook kind of a field and its base type (the enum, for enum fields)."""
    for item in info.metadata:
        if isinstance(item, Kind):
            return item, info.annotation
    for option in (info.annotation, *typing.get_args(info.annotation)):  # e.g. Number | None
        metadata = getattr(option, "__metadata__", ())
        for item in metadata:
            if isinstance(item, Kind):
                return item, typing.get_args(option)[0]
    raise LookupError(f"field {info} has no workbook kind")
