"""Six contrasting sample bids, as data: answers by question ID and table rows by header.

They are fictional providers for fictional areas, built so that each shows a design a
panel meets in practice. `generate.py` writes them out as workbooks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ALL_DOMAINS = (
    "housing",
    "employment_education_training",
    "relationships_family",
    "physical_health",
    "mental_wellbeing",
    "meaningful_activity",
    "finance_debt",
    "offending",
)


@dataclass(frozen=True)
class SampleBid:
    file: str
    answers: dict[str, Any]
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    percent_format: bool = False


def payment(outcome, category, share, window=None, clawback="No", cohort="all"):
    return {"Outcome": outcome, "Category": category, "Share %": share,
            "Window months": window, "Clawback": clawback, "Cohort": cohort}


def target(kpi, measure, value, unit="percent", cohort="all", consequence="review"):
    return {"KPI": kpi, "Measure": measure, "Target": value, "Unit": unit, "Cohort": cohort,
            "Consequence": consequence}


def partner(name, kind, agreement, funding, referral, governance="No", continuity="No"):
    return {"Partner": name, "Type": kind, "Formal agreement": agreement,
            "Annual funding £": funding, "Referral pathway": referral,
            "Governance role": governance, "Continuity after exit": continuity}


def domain(name, offered="Yes", partner_name=None, measure=None):
    return {"Domain": name, "Offered": offered, "Partner": partner_name,
            "Outcome measure": measure}


def _good_practice(**overrides: Any) -> dict[str, Any]:
    """Answers of a service that keeps both doors open; each sample changes some."""
    answers = {
        "provider.type": "consortium",
        "contract.term_years": 7,
        "payment.case_mix_adjusted": "Yes",
        "payment.independent_assessment": "Yes",
        "payment.stepped_triggers": "Yes",
        "ost.maintenance_available": "Yes",
        "ost.max_duration_months": None,
        "ost.reduction_plan_required_at_entry": "No",
        "ost.reduction_decision": "patient_led",
        "ost.low_dose_exit_programme": "No",
        "ost.prescription_sanctions": "No",
        "ost.gp_registration_required": "No",
        "ost.review_interval_weeks": 12,
        "pathway.stepped_care": "Yes",
        "pathway.choice_of_goal": "Yes",
        "pathway.psychosocial_interventions": "Yes",
        "pathway.rapid_reentry_days": 5,
        "pathway.post_exit_support_months": 12,
        "safety.naloxone_supply": "Yes",
        "safety.needle_syringe_programme": "Yes",
        "safety.bbv_testing_vaccination": "Yes",
        "safety.drug_death_review": "Yes",
        "safety.pre_reduction_risk_assessment": "Yes",
        "safety.post_exit_followup": "Yes",
        "safety.high_risk_register": "Yes",
        "safety.physical_health_checks": "Yes",
        "voice.service_user_consultation": "Yes",
        "voice.service_users_in_governance": "Yes",
        "voice.co_produced_design": "Yes",
    }
    answers.update(overrides)
    return answers


NORTHGATE = SampleBid(
    file="northgate.xlsx",
    answers=_good_practice(**{
        "provider.name": "Northgate Recovery Partnership",
        "bid.reference": "NRP-2027-01",
        "service.area": "Northgate Borough",
        "contract.annual_value_gbp": 6_400_000,
        "cohort.in_treatment": 1_850,
        "cohort.opiate_clients": 980,
        "cohort.long_term_ost_clients": 520,
        "pathway.community_detox_places": 70,
        "pathway.inpatient_detox_places": 24,
        "pathway.residential_rehab_placements": 40,
        "pathway.residential_rehab_budget_gbp": 720_000,
        "pathway.recovery_support_pct": 18,
        "workforce.lived_experience_pct": 28,
        "workforce.peer_workers_fte": 14,
        "caseload.clients_per_keyworker": 38,
    }),
    tables={
        "Payment": [
            payment("Core service", "block", 85),
            payment("Retention in treatment beyond 12 weeks", "retention", 5),
            payment("Fewer drug-related deaths", "safety", 5),
            payment("Health and wellbeing gains", "health_wellbeing", 5),
        ],
        "Targets": [
            target("Waiting time to treatment", "waiting_time", 5, "days"),
            target("Naloxone coverage of opiate clients", "naloxone_coverage", 90,
                   cohort="opiate"),
            target("Retention at 12 weeks", "retention", 85),
            target("Recovery capital gain (BARC-10)", "recovery_capital_gain", 60),
        ],
        "Partnerships": [
            partner("Northgate Narcotics Anonymous groups", "mutual_aid_12_step", "No", 0,
                    "Yes", continuity="Yes"),
            partner("SMART Recovery Northgate", "smart_recovery", "Yes", 45_000, "Yes",
                    continuity="Yes"),
            partner("Northgate Recovery Collective (LERO)", "lero", "Yes", 180_000, "Yes",
                    governance="Yes", continuity="Yes"),
            partner("Peer Mentors Northgate", "peer_support", "Yes", 60_000, "Yes",
                    continuity="Yes"),
            partner("Northgate Homes", "housing", "Yes", 0, "Yes"),
            partner("Families Together", "family_support", "Yes", 25_000, "Yes"),
        ],
        "Recovery capital": [
            domain(name, partner_name=f"Named partner for {name.replace('_', ' ')}",
                   measure="BARC-10 every 3 months")
            for name in ALL_DOMAINS
        ],
        "Narrative": [
            {"Section": "Approach", "Text": "Both doors open: maintenance for as long as it "
             "helps, and a funded route to abstinence with detox and rehab."},
        ],
    },
)

SWIFT = SampleBid(
    file="swift_outcomes.xlsx",
    answers={
        "provider.name": "Swift Outcomes Ltd",
        "provider.type": "private",
        "bid.reference": "SWO/26/114",
        "service.area": "Eastmoor District",
        "contract.annual_value_gbp": 5_200_000,
        "contract.term_years": 3,
        "cohort.in_treatment": 1_600,
        "cohort.opiate_clients": 900,
        "cohort.long_term_ost_clients": 480,
        "payment.case_mix_adjusted": "No",
        "payment.independent_assessment": "No",
        "payment.stepped_triggers": "No",
        "ost.maintenance_available": "No",
        "ost.max_duration_months": 24,
        "ost.reduction_plan_required_at_entry": "Yes",
        "ost.reduction_decision": "target_led",
        "ost.low_dose_exit_programme": "Yes",
        "ost.prescription_sanctions": "Yes",
        "ost.gp_registration_required": "Yes",
        "pathway.stepped_care": "No",
        "pathway.choice_of_goal": "No",
        "pathway.community_detox_places": 120,
        "pathway.inpatient_detox_places": 10,
        "pathway.residential_rehab_placements": 12,
        "pathway.psychosocial_interventions": "Yes",
        "pathway.recovery_support_pct": 4,
        "pathway.post_exit_support_months": 1,
        "safety.naloxone_supply": "Yes",
        "safety.needle_syringe_programme": "Yes",
        "safety.bbv_testing_vaccination": "Yes",
        "safety.drug_death_review": "No",
        "safety.pre_reduction_risk_assessment": "No",
        "safety.post_exit_followup": "No",
        "workforce.lived_experience_pct": 5,
        "voice.service_user_consultation": "No",
        "voice.service_users_in_governance": "No",
        "caseload.clients_per_keyworker": 75,
    },
    tables={
        "Payment": [
            payment("Core service", "block", 40),
            payment("Drug-free completion", "successful_completion", 30, window=3),
            payment("Long-term OST exit bonus", "successful_completion", 10,
                    cohort="long_term_ost"),
            payment("New presentations", "attachment", 20, cohort="new_presentations"),
        ],
        "Targets": [
            target("OST exits per quarter", "ost_exits", 20, consequence="financial_penalty"),
            target("Low-dose client exits", "low_dose_exits", 50,
                   consequence="staff_performance"),
            target("Opiate successful completions", "successful_completions", 25,
                   cohort="opiate", consequence="termination"),
        ],
        "Partnerships": [
            partner("Local AA and NA meetings", "mutual_aid_12_step", "No", 0, "No"),
        ],
        "Recovery capital": [
            domain("employment_education_training", partner_name="Jobcentre Plus"),
            domain("housing", offered="No"),
        ],
    },
)

STEADFAST = SampleBid(
    file="steadfast.xlsx",
    answers=_good_practice(**{
        "provider.name": "Steadfast Maintenance Service",
        "provider.type": "nhs_trust",
        "bid.reference": "SMS-0427",
        "service.area": "Kingsmead City",
        "contract.annual_value_gbp": 4_100_000,
        "contract.term_years": 5,
        "cohort.in_treatment": 1_200,
        "cohort.opiate_clients": 860,
        "cohort.long_term_ost_clients": 610,
        "payment.case_mix_adjusted": "No",
        "payment.independent_assessment": "No",
        "payment.stepped_triggers": "No",
        "pathway.stepped_care": "No",
        "pathway.choice_of_goal": "No",
        "pathway.community_detox_places": 0,
        "pathway.inpatient_detox_places": 0,
        "pathway.residential_rehab_placements": 0,
        "pathway.psychosocial_interventions": "No",
        "pathway.recovery_support_pct": 3,
        "pathway.post_exit_support_months": 0,
        "pathway.rapid_reentry_days": 3,
        "voice.co_produced_design": "No",
        "voice.service_users_in_governance": "No",
        "workforce.lived_experience_pct": 8,
        "workforce.peer_workers_fte": 2,
        "caseload.clients_per_keyworker": 60,
    }),
    tables={
        "Payment": [payment("Block contract", "block", 100)],
        "Targets": [
            target("Naloxone coverage", "naloxone_coverage", 95, cohort="opiate"),
            target("Retention in OST", "retention", 90, cohort="opiate"),
        ],
        "Partnerships": [
            partner("Kingsmead GP federation", "primary_care", "Yes", 0, "Yes"),
        ],
        "Recovery capital": [
            domain("physical_health", partner_name="Kingsmead GP federation",
                   measure="Annual health check"),
            domain("mental_wellbeing", partner_name="Trust psychology service"),
        ],
    },
)

BRIGHTPATH = SampleBid(
    file="brightpath.xlsx",
    answers=_good_practice(**{
        "provider.name": "Brightpath Recovery CIC",
        "provider.type": "third_sector",
        "bid.reference": "BP-2027-3",
        "service.area": "Westvale",
        "contract.annual_value_gbp": 3_300_000,
        "contract.term_years": 5,
        "cohort.in_treatment": 1_100,
        "cohort.opiate_clients": 540,
        "cohort.long_term_ost_clients": 260,
        "ost.reduction_decision": "shared",
        "pathway.community_detox_places": 45,
        "pathway.inpatient_detox_places": 12,
        "pathway.residential_rehab_placements": 16,
        "pathway.recovery_support_pct": 6,
        "workforce.lived_experience_pct": 15,
        "workforce.peer_workers_fte": 4,
        "caseload.clients_per_keyworker": 45,
    }),
    tables={
        "Payment": [
            payment("Core service", "block", 90),
            payment("Retention", "retention", 10),
        ],
        "Targets": [
            target("Mutual aid engagement", "mutual_aid_engagement", 40),
            target("Waiting time", "waiting_time", 10, "days"),
        ],
        "Partnerships": [
            partner("Westvale AA", "mutual_aid_12_step", "No", 0, "No"),
            partner("Westvale NA", "mutual_aid_12_step", "No", 0, "No"),
            partner("SMART Recovery (national website)", "smart_recovery", "No", 0, "No"),
            partner("Westvale Lived Experience Network", "lero", "No", 0, "No"),
            partner("Recovery café listings", "recovery_community", "No", 0, "No"),
        ],
        "Recovery capital": [
            domain(name, partner_name="Brightpath team") for name in ALL_DOMAINS[:5]
        ],
    },
)

RIVERSIDE = SampleBid(
    file="riverside.xlsx",
    answers=_good_practice(**{
        "provider.name": "Riverside Health & Wellbeing",
        "provider.type": "third_sector",
        "bid.reference": "RHW-77",
        "service.area": "Riverside and Millbrook",
        "contract.annual_value_gbp": 4_800_000,
        "contract.term_years": 5,
        "cohort.in_treatment": 1_500,
        "cohort.opiate_clients": 760,
        "cohort.long_term_ost_clients": 390,
        "payment.independent_assessment": "No",
        "ost.reduction_decision": "clinician_led",
        "pathway.community_detox_places": 50,
        "pathway.inpatient_detox_places": 15,
        "pathway.residential_rehab_placements": 20,
        "pathway.recovery_support_pct": 10,
        "pathway.rapid_reentry_days": 14,
        "pathway.post_exit_support_months": 6,
        "safety.high_risk_register": "No",
        "workforce.lived_experience_pct": 12,
        "workforce.peer_workers_fte": 6,
        "voice.co_produced_design": "No",
        "caseload.clients_per_keyworker": 48,
    }),
    tables={
        "Payment": [
            payment("Core service", "block", 70),
            payment("Successful completion, no return in 6 months", "successful_completion",
                    12, window=6, clawback="Yes"),
            payment("Retention", "retention", 8),
            payment("Health and wellbeing", "health_wellbeing", 10),
        ],
        "Targets": [
            target("Successful completions (all clients)", "successful_completions", 20),
            target("Waiting time", "waiting_time", 7, "days"),
            target("Re-presentation within 6 months", "re_presentation", 15),
        ],
        "Partnerships": [
            partner("Riverside NA", "mutual_aid_12_step", "No", 0, "Yes"),
            partner("SMART Recovery Riverside", "smart_recovery", "Yes", 20_000, "Yes",
                    continuity="Yes"),
            partner("Millbrook Housing Trust", "housing", "Yes", 0, "Yes"),
        ],
        "Recovery capital": [
            domain("housing", partner_name="Millbrook Housing Trust",
                   measure="Settled accommodation at 6 months"),
            domain("employment_education_training", partner_name="Riverside College",
                   measure="BARC-10"),
            domain("relationships_family", partner_name="Riverside Family Service"),
            domain("physical_health", partner_name="Riverside PCN", measure="Health check"),
            domain("mental_wellbeing", partner_name="Talking Therapies", measure="WEMWBS"),
            domain("meaningful_activity", offered="No"),
            domain("finance_debt", partner_name="Citizens Advice Riverside",
                   measure="Debt resolved"),
            domain("offending", offered="No"),
        ],
    },
)

DALES = SampleBid(
    file="dales_rural.xlsx",
    percent_format=True,
    answers=_good_practice(**{
        "provider.name": "Dales Community Drug and Alcohol Service",
        "provider.type": "nhs_trust",
        "bid.reference": "DCDAS-2027",
        "service.area": "Upper Dales (rural)",
        "contract.annual_value_gbp": 1_150_000,
        "contract.term_years": 5,
        "cohort.in_treatment": 320,
        "cohort.opiate_clients": 170,
        "cohort.long_term_ost_clients": 95,
        "payment.stepped_triggers": "No",
        "ost.reduction_decision": "shared",
        "pathway.community_detox_places": 12,
        "pathway.inpatient_detox_places": 2,
        "pathway.residential_rehab_placements": 4,
        "pathway.recovery_support_pct": 12,
        "pathway.rapid_reentry_days": 10,
        "pathway.post_exit_support_months": 6,
        "workforce.lived_experience_pct": 20,
        "workforce.peer_workers_fte": 1.5,
        "voice.co_produced_design": "No",
        "caseload.clients_per_keyworker": 55,
    }),
    tables={
        "Payment": [
            payment("Core service", "block", 90),
            payment("Retention", "retention", 5),
            payment("Fewer drug-related deaths", "safety", 5),
        ],
        "Targets": [
            target("Naloxone coverage", "naloxone_coverage", 85, cohort="opiate"),
            target("Waiting time (rural outreach)", "waiting_time", 10, "days"),
        ],
        "Partnerships": [
            partner("Dales AA (two village groups)", "mutual_aid_12_step", "No", 0, "Yes",
                    continuity="Yes"),
            partner("Dales Recovery Voices (LERO)", "lero", "Yes", 30_000, "Yes",
                    governance="Yes", continuity="Yes"),
            partner("Dales Housing Association", "housing", "Yes", 0, "Yes"),
        ],
        "Recovery capital": [
            domain("housing", partner_name="Dales Housing Association",
                   measure="Tenancy sustained"),
            domain("employment_education_training", partner_name="Dales College",
                   measure="BARC-10"),
            domain("relationships_family", partner_name="Dales Recovery Voices",
                   measure="BARC-10"),
            domain("physical_health", partner_name="Dales GP practices",
                   measure="Health check"),
            domain("mental_wellbeing", partner_name="Dales Talking Therapies",
                   measure="WEMWBS"),
            domain("meaningful_activity", partner_name="Dales Recovery Voices",
                   measure="BARC-10"),
            domain("finance_debt", partner_name="Citizens Advice Dales"),
            domain("offending", offered="No"),
        ],
    },
)

SAMPLE_BIDS = (NORTHGATE, SWIFT, STEADFAST, BRIGHTPATH, RIVERSIDE, DALES)
