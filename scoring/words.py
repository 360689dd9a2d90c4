"""The words a person reads for each coded answer, for the template, app, export and CLI.

Every enum value of the bid workbook has a *label*, the word a drop-down offers and a
table shows ("Successful completion"), and may have a phrase for the middle of a
sentence ("exits from OST"). The reader accepts a label as its code (`code_for`), so a
workbook filled in from the drop-downs is read exactly as one typed in codes.
This module imports nothing from the rest of the library, so the reader can use it.
"""

from __future__ import annotations

import re
from enum import StrEnum

# A label for every code whose plain rendering (underscores as spaces, first letter
# capital) is not the right word. Codes shared by several lists (housing, retention)
# mean the same everywhere and have one label.
LABELS: dict[str, str] = {
    # provider type
    "nhs_trust": "NHS trust",
    # who decides on dose reductions
    "patient_led": "Patient-led",
    "clinician_led": "Clinician-led",
    "target_led": "Target-led",
    # payment categories
    "non_representation": "Non-representation",
    "health_wellbeing": "Health and wellbeing",
    "user_experience": "Service-user experience",
    # cohorts
    "all": "All clients",
    "opiate": "Opiate clients",
    "non_opiate": "Non-opiate clients",
    "alcohol": "Alcohol clients",
    "new_presentations": "New presentations",
    "long_term_ost": "Long-term OST",
    # target measures
    "ost_exits": "OST exits",
    "low_dose_exits": "Low-dose exits",
    "re_presentation": "Re-presentation",
    "drug_related_deaths": "Drug-related deaths",
    "mutual_aid_engagement": "Mutual-aid engagement",
    # consequences of a missed target
    "none": "None",
    "financial_penalty": "Financial penalty",
    "staff_performance": "Staff performance",
    "termination": "Termination",
    # partner types
    "mutual_aid_12_step": "Mutual aid (12-step)",
    "smart_recovery": "SMART Recovery",
    "lero": "LERO (lived experience recovery organisation)",
    # recovery-capital domains
    "employment_education_training": "Employment, education and training",
    "relationships_family": "Relationships and family",
    "finance_debt": "Finance and debt",
}

# How a code reads in the middle of a sentence, where that differs from its label.
IN_SENTENCES: dict[str, str] = {
    "ost_exits": "exits from OST",
    "low_dose_exits": "exits of low-dose clients",
    "long_term_ost": "long-term OST",
    "non_opiate": "non-opiate",
    "all": "all",
    "opiate": "opiate",
    "alcohol": "alcohol",
    "employment_education_training": "employment, education and training",
    "relationships_family": "relationships and family",
    "finance_debt": "finance and debt",
    "financial_penalty": "a financial penalty",
    "staff_performance": "a mark against staff performance",
    "termination": "the contract can be ended",
    "patient_led": "led by the person",
    "shared": "decided together by the person and the prescriber",
}

_SEPARATORS = re.compile(r"[\s\-]+")


def _code(value: StrEnum | str) -> str:
    return value.value if isinstance(value, StrEnum) else str(value)


def label(value: StrEnum | str) -> str:
    """A coded answer read on its own: `successful_completion` -> 'Successful completion'."""
    code = _code(value)
    if code in LABELS:
        return LABELS[code]
    spaced = code.replace("_", " ")
    return spaced[:1].upper() + spaced[1:]


def words(value: StrEnum | str) -> str:
    """A coded answer in the middle of a sentence: `long_term_ost` -> 'long-term OST'."""
    code = _code(value)
    if code in IN_SENTENCES:
        return IN_SENTENCES[code]
    shown = label(code)
    return shown if shown[:2].isupper() else shown[:1].lower() + shown[1:]


def normalised(text: str) -> str:
    """Any case, spaces or hyphens for underscores: 'Clinician-led' -> 'clinician_led'."""
    return _SEPARATORS.sub("_", text.strip().lower())


# A label (normalised) -> its code, for labels that do not normalise to the code itself.
_CODES_BY_LABEL = {
    normalised(shown): code for code, shown in LABELS.items() if normalised(shown) != code
}


def code_for(text: str) -> str:
    """The code a typed or chosen answer stands for: 'Finance and debt' -> 'finance_debt'.

    Anything that is not a label comes back normalised, for the model to judge.
    """
    key = normalised(text)
    return _CODES_BY_LABEL.get(key, key)


# Words for the evaluation pages (lead and evaluator): areas, missing items, the audit log.
# Each code a page could show has its words here, so no page prints a code.

AREA_NAMES: dict[str, str] = {
    "balance": "Recovery and maintenance in balance",
    "incentives": "Payment and target incentives",
    "mutual_aid": "Mutual aid and the recovery community",
    "recovery_capital": "Recovery capital",
    "safety": "Safety",
    "voice": "Service-user voice",
}

ROLE_NAMES = {"lead": "lead", "evaluator": "evaluator",
              "service_user": "service-user representative", "observer": "observer"}
VIEW_NAMES = {"agree": "agreed with the tool", "concern": "had a concern",
              "serious_concern": "had a serious concern"}
STAGE_NAMES = {"setup": "set-up", "scoring": "scoring", "moderation": "moderation",
               "decided": "decided"}


def area_name(code: str) -> str:
    """An area's name: `mutual_aid` -> 'Mutual aid and the recovery community'."""
    return AREA_NAMES.get(str(code), label(code))


def listed_by_bid(pairs, bid_names: dict[str, str], part_names: dict[str, str]) -> list[str]:
    """(bid, criterion) pairs as one line a bid, every item named, in the order given:
    'Northgate Recovery Partnership: Safety, Service-user voice'."""
    grouped: dict[str, list[str]] = {}
    for bid, part in pairs:
        grouped.setdefault(bid, []).append(part_names.get(part, area_name(part)))
    return [f"{bid_names.get(bid, bid)}: {', '.join(parts)}" for bid, parts in grouped.items()]


def _bid(data: dict, bids: dict[str, str]) -> str:
    reference = data.get("bid", "")
    return bids.get(reference, reference) or "a bid"


def _part(data: dict, parts: dict[str, str]) -> str:
    code = data.get("criterion", "")
    return parts.get(code, area_name(code))


def _quoted(text: str, limit: int = 160) -> str:
    text = " ".join(str(text).split())
    return f"“{text if len(text) <= limit else text[:limit - 1] + '…'}”"


def event_sentence(event: dict, bids: dict[str, str], parts: dict[str, str]) -> str:
    """One audit-log event as a sentence a person reads, with its names as typed."""
    who, data = event.get("actor") or "The tool", event.get("data") or {}
    sealed = "sealed" in data
    bid, part = _bid(data, bids), _part(data, parts)
    said = {
        "evaluation_created": lambda: f"{who} started the evaluation.",
        "member_added": lambda: f"{who} added {data.get('member')} as "
                                f"{ROLE_NAMES.get(data.get('role'), data.get('role'))}.",
        "member_removed": lambda: f"{who} removed {data.get('member')} from the panel.",
        "code_issued": lambda: f"{who} issued a sign-in code to {data.get('member')}.",
        "code_revoked": lambda: f"{who} cancelled the sign-in codes of {data.get('member')}.",
        "scheme_set": lambda: f"{who} set the scheme (criteria, weights and minimum "
                              "requirements).",
        "scheme_frozen": lambda: f"{who} froze the scheme: it no longer changes.",
        "bid_added": lambda: f"{who} added the bid from {data.get('provider') or bid}.",
        "bid_withdrawn": lambda: f"{who} withdrew the bid from {bid}.",
        "interest_declared": lambda: (
            f"{who} declared a conflict of interest with "
            f"{', '.join(bids.get(b, b) for b in data['conflicts'])}."
            if data.get("conflicts") else f"{who} declared no conflict of interest."),
        "scores_voided_for_conflict": lambda: (
            f"{who}'s scores for {', '.join(bids.get(b, b) for b in data.get('bids', []))} "
            "were set aside after a late conflict."),
        "score_saved": lambda: (
            f"{who} saved a score (shown once moderation opens)." if sealed else
            f"{who} scored {bid} {data.get('score')} out of 4 on {part}: "
            f"{_quoted(data.get('comment', ''))}."),
        "scores_submitted": lambda: f"{who} submitted their scores.",
        "service_user_view_saved": lambda: (
            f"{who} {VIEW_NAMES.get(data.get('view'), 'gave a view')} about {bid} on {part}"
            + (f": {_quoted(data['comment'])}" if data.get("comment") else "")
            + (". They agreed to be quoted." if data.get("consent_to_quote") else
               ". Only the panel may read it.")),
        "service_user_consent_saved": lambda: (
            f"{who} {'agreed' if data.get('consent_to_quote') else 'did not agree'} to be "
            f"quoted in public about {bid} on {part}."),
        "stage_moved": lambda: f"{who} moved the evaluation from "
                               f"{STAGE_NAMES.get(data.get('stage_from'), '')} to "
                               f"{STAGE_NAMES.get(data.get('stage_to'), '')}.",
        "consensus_saved": lambda: f"{who} agreed a score of {data.get('score')} for {bid} "
                                   f"on {part}, with the reason "
                                   f"{_quoted(data.get('reason', ''))}.",
        "consensus_drafted": lambda: f"The tool drafted a score of {data.get('score')} and a "
                                     f"reason for {bid} on {part}, for {who} to approve.",
        "reason_approved": lambda: f"{who} approved the reason for {bid} on {part}.",
        "decision_made": lambda: f"{data.get('decided_by') or who} made the decision.",
        "award_details_set": lambda: f"{who} set the award details (the contract, who "
                                     "decides and the panel's answers).",
        "report_produced": lambda: f"{who} produced "
                                   f"{len(data.get('documents', []))} decision documents.",
    }
    sentence = said.get(event["action"])
    text = f"{who}: {label(event['action'])}." if sentence is None else sentence()
    return text[:1].upper() + text[1:]  # 'system' starts a sentence; names stay as typed
