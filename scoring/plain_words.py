"""What the rules found, written for a service-user representative.

A person in recovery reads these, often on a phone: short sentences in everyday words,
for a reading age of about 9 to 11. They are written here, one per rule, from what the
rule looks at (its id, how serious the flag is, whether the bid answered the question),
never made by cutting words out of the commissioner's sentences. So they hold no money,
no cell or field codes and no rule ids, and every abbreviation comes with its meaning.

Text the provider wrote themselves (their Narrative) is theirs: a sentence of it that
mentions money in any form is left out whole (`without_money_sentences`), and the
abbreviations we know are spelled out (`spelled_out`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

METHADONE = "medicines like methadone (OST)"


@dataclass(frozen=True)
class Plain:
    concern: str  # what the flag means for people, said as found
    topic: str  # what the question was about, for "they did not say"


PLAIN: dict[str, Plain] = {
    "BAL-01": Plain(f"People cannot stay on {METHADONE} for as long as they need.",
                    f"how long people can stay on {METHADONE}"),
    "BAL-02": Plain("People must agree to cut their dose before they can start treatment.",
                    "whether people must agree to cut their dose to get in"),
    "BAL-03": Plain("People do not get a real say when their dose is cut.",
                    "who decides when a dose is cut"),
    "BAL-04": Plain("People on low doses are picked out and pushed to leave.",
                    "whether people on low doses are pushed to leave"),
    "BAL-05": Plain("People do not choose their own goal: to stop, or to stay on medicine.",
                    "who chooses the goal of treatment"),
    "BAL-06": Plain("Treatment does not go step by step, at each person's own pace.",
                    "whether treatment goes step by step"),
    "BAL-07": Plain("There are too few places to come off drugs safely (detox).",
                    "places to come off drugs safely (detox)"),
    "BAL-08": Plain("Few people will get a place at a live-in rehab.",
                    "places at a live-in rehab"),
    "BAL-09": Plain("There is little talking support, like counselling, beside the medicine.",
                    "talking support, like counselling"),
    "BAL-10": Plain("Help stops too soon after people leave, or it is slow to get back in "
                    "after a slip.",
                    "help after leaving, and getting back in after a slip"),
    "BAL-11": Plain("People need a family doctor to start treatment. Some people have none.",
                    "whether people need a family doctor to start"),
    "INC-01": Plain("A big part of the provider's pay depends on results. This can make "
                    "them rush people.",
                    "how much of the pay depends on results"),
    "INC-02": Plain("The provider is paid when people leave treatment drug-free. This can "
                    "push people out too soon.",
                    "pay for people leaving treatment drug-free"),
    "INC-03": Plain("The provider is paid when people leave, even if they soon come back.",
                    "whether pay for leaving is taken back if people come back"),
    "INC-04": Plain(f"The provider is paid for getting people off long-term {METHADONE}.",
                    f"pay for getting people off long-term {METHADONE}"),
    "INC-05": Plain(f"Staff have targets to get people off {METHADONE}.",
                    f"targets to get people off {METHADONE}"),
    "INC-06": Plain("The target for people finishing treatment is far too high. This can "
                    "push people out.",
                    "targets for people finishing treatment"),
    "INC-07": Plain("Nothing is paid for keeping people safe and in treatment.",
                    "pay for keeping people safe and in treatment"),
    "INC-08": Plain("Medicine can be cut or stopped as a punishment.",
                    "whether medicine is ever cut as a punishment"),
    "INC-09": Plain("The way results are paid for is not fair. It can reward picking people "
                    "who are easier to help.",
                    "how results are checked and paid for"),
    "INC-10": Plain("The contract is short. The service may not have time to settle.",
                    "how long the contract lasts"),
    "INC-11": Plain("Too much is paid just for people starting treatment.",
                    "pay for people starting treatment"),
    "INC-12": Plain(f"The way the provider is paid could reward pushing people off {METHADONE} "
                    "before they are ready. That can cost lives.",
                    "whether the pay rewards pushing people out"),
    "MUT-01": Plain("No local recovery groups are named as partners.",
                    "local recovery groups"),
    "MUT-02": Plain("Some recovery groups are named, but they have no written agreement "
                    "and no funding.",
                    "agreements with recovery groups"),
    "MUT-03": Plain("People may just get a leaflet, not a real introduction to a recovery "
                    "group.",
                    "how people are introduced to recovery groups"),
    "MUT-04": Plain("Recovery groups have no say in how the service is run.",
                    "a say for recovery groups in running the service"),
    "MUT-05": Plain("Recovery groups do not keep helping people after they leave.",
                    "help from recovery groups after people leave"),
    "MUT-06": Plain("No group run by people in recovery is a funded partner.",
                    "a funded partner group run by people in recovery"),
    "RCP-01": Plain("Some help to rebuild a life, like a home, work, debt advice or family "
                    "support, is missing or has no partner.",
                    "help to rebuild a life, like a home or work"),
    "RCP-02": Plain("Only a small part of the budget goes on recovery support.",
                    "how much goes on recovery support"),
    "SAF-01": Plain("People do not get naloxone to take home. Naloxone can stop an overdose.",
                    "naloxone to take home (it can stop an overdose)"),
    "SAF-02": Plain("There is no clean needle service.", "a clean needle service"),
    "SAF-03": Plain("People are not tested or protected against infections like hepatitis.",
                    "tests and jabs for infections like hepatitis"),
    "SAF-04": Plain("Not every death is looked into, to learn from it.",
                    "looking into every death"),
    "SAF-05": Plain("The risk of overdose is not checked before a dose is cut or someone "
                    "leaves.",
                    "checking the risk of overdose before a dose is cut"),
    "SAF-06": Plain("Nobody keeps in touch in the first weeks after someone stops their "
                    "medicine. That is when the risk of death is highest.",
                    "keeping in touch in the first weeks after leaving"),
    "SAF-07": Plain("The service does not look out for the people most at risk.",
                    "looking out for the people most at risk"),
    "SAF-08": Plain("People do not get checks on their physical health.",
                    "checks on people's physical health"),
    "VOI-01": Plain("Few staff have lived through recovery themselves.",
                    "staff who have lived through recovery"),
    "VOI-02": Plain("People who use the service were not asked about the plans.",
                    "asking people who use the service about the plans"),
    "VOI-03": Plain("People who use the service have no seat on the board that runs it.",
                    "a seat on the board for people who use the service"),
    "VOI-04": Plain("The plans were not made together with people who use the service.",
                    "making the plans together with people who use the service"),
    "VOI-05": Plain("Each worker has too many people to see. That leaves little time for "
                    "each person.",
                    "how many people each worker sees"),
}

# Each area in words a person in recovery uses.
AREA_WORDS = {
    "balance": "A choice between staying on medicine and stopping",
    "incentives": "How the provider is paid",
    "mutual_aid": "Links with local recovery groups",
    "recovery_capital": "Help to rebuild a life",
    "safety": "Keeping people safe",
    "voice": "Listening to people who use the service",
}

# The Provider Selection Regime's criteria, in the same everyday words.
CRITERION_WORDS = {
    "quality_innovation": "Good, safe care",
    "value": "How the provider is paid",
    "integration": "Working with others, for years to come",
    "access": "Making it easy for everyone to get help",
    "social_value": "Doing good for the local area",
}

# Abbreviations a bid or a page may use, and what they mean to someone who does not know.
ABBREVIATIONS = {
    "OST": "medicines like methadone",
    "LERO": "a group run by people in recovery",
    "GP": "family doctor",
    "AA": "Alcoholics Anonymous",
    "NA": "Narcotics Anonymous",
    "NHS": "the health service",
    "CQC": "the care inspectors",
    "DRD": "drug-related death",
    "BBV": "infections carried in the blood",
    "PbR": "payment by results",
    "IPS": "help to find work",
}


def plain_findings(flags: Iterable[dict[str, Any]], area: str) -> list[dict[str, str]]:
    """The flags in one area as plain sentences: one per rule, worst severity first.

    A rule whose every flag rests on a blank answer says the bid did not say, rather
    than claiming what it would do.
    """
    by_rule: dict[str, list[dict[str, Any]]] = {}
    for flag in flags:
        if flag["area"] == area:
            by_rule.setdefault(flag["rule"], []).append(flag)
    found = []
    for rule, raised in by_rule.items():
        plain = PLAIN[rule]
        serious = any(flag["severity"] == "red" for flag in raised)
        if all(flag.get("answered", True) is False for flag in raised):
            sentence = f"They did not answer the question about {plain.topic}. Ask them."
        else:
            sentence = plain.concern
        found.append({"severity": "serious" if serious else "worth asking about",
                      "finding": sentence})
    return sorted(found, key=lambda item: item["severity"] != "serious")


# Money in any form: any Unicode currency sign (full-width ones too), a currency word or
# code anywhere ("fifty quid", "EUR 300k"), or an amount written with k, m, bn or grand.
_MONEY = re.compile(
    r"\b(?:pounds?|quid|pence|euros?|dollars?|sterling|GBP|EUR|USD)\b"
    r"|(?<![\d.,])\d[\d,.]*\s?(?:k|m|bn|grand)\b"
    r"|\b\d+p\b",
    re.IGNORECASE,
)


def mentions_money(text: str) -> bool:
    """Whether `text` holds a money amount in any form ('£1.2m', '6.4 million pounds',
    'EUR 300k', '$50,000', '￡1,200,000', '300 euros')."""
    folded = unicodedata.normalize("NFKC", text)
    if any(unicodedata.category(char) == "Sc" for char in folded):
        return True
    return bool(_MONEY.search(folded))


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def without_money_sentences(text: str) -> str:
    """The provider's own words with every sentence that mentions money left out whole."""
    return " ".join(sentence for sentence in _SENTENCE_END.split(text.strip())
                    if sentence and not mentions_money(sentence))


def spelled_out(text: str) -> str:
    """Each known abbreviation said in full the first time: 'OST' -> 'medicines like
    methadone (OST)'; one already explained in brackets is left alone."""
    for short, meaning in ABBREVIATIONS.items():
        if f"({short})" in text:
            continue
        text = re.sub(rf"\b{re.escape(short)}\b", f"{meaning} ({short})", text, count=1)
    return text
