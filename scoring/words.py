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
