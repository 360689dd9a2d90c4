"""The words of drug treatment and commissioning, in plain language.

Scorecards, rules and flags use these words; a service-user representative or a new
panel member should be able to follow any of them without knowing the jargon.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """One word or abbreviation and what it means, with other ways it is written."""

    term: str
    meaning: str
    also: tuple[str, ...] = ()

    def spellings(self) -> tuple[str, ...]:
        return (self.term, *self.also)


GLOSSARY: tuple[Term, ...] = (
    Term(
        "OST",
        "Opioid substitution treatment: a daily prescribed medicine, usually methadone "
        "or buprenorphine, that replaces heroin or other opioids so a person can stay "
        "stable and safe.",
        ("opioid substitution", "substitute prescribing"),
    ),
    Term(
        "Maintenance",
        "Staying on OST for as long as it helps, without a set end date. The evidence "
        "says people on OST are much less likely to die.",
        ("long-term OST",),
    ),
    Term(
        "Dose reduction",
        "Lowering the dose of OST step by step, ideally at the pace the person "
        "chooses. Reductions pushed by targets put people at risk.",
        ("dose reductions", "reduction plan"),
    ),
    Term(
        "Low-dose clients",
        "People on a small dose of OST. Some services single them out to leave "
        "treatment, which can be dangerous.",
        ("low doses",),
    ),
    Term(
        "Detox",
        "A short, supervised stay or programme to stop using a drug or alcohol safely.",
        ("detoxification",),
    ),
    Term(
        "Residential rehab",
        "Living for some weeks or months in a place that helps people stop using "
        "drugs or alcohol. The national ambition is that 2 in every 100 people in "
        "treatment can go.",
        ("rehab",),
    ),
    Term(
        "Abstinence",
        "Not using drugs or alcohol at all, including not taking OST.",
    ),
    Term(
        "Drug-free exit",
        "Leaving treatment free of the drugs the person was dependent on, and off OST.",
        ("drug-free exits", "drug-free completion"),
    ),
    Term(
        "Successful completion",
        "The national measure of success: the person leaves treatment drug-free and "
        "does not come back within six months.",
        ("completions",),
    ),
    Term(
        "Re-presentation",
        "Coming back to treatment after leaving it. Returning within six months means "
        "the earlier exit did not count as a success.",
        ("re-present", "re-presented", "return to treatment"),
    ),
    Term(
        "Relapse",
        "Starting to use drugs or alcohol again after a time without. It is common "
        "and expected in a long-term condition, and a service should plan for it.",
    ),
    Term(
        "Overdose",
        "Taking more of a drug than the body can cope with. The risk is highest in "
        "the first weeks after leaving OST, when tolerance has dropped.",
    ),
    Term(
        "Naloxone",
        "A medicine that reverses an opioid overdose for long enough to get help. "
        "Take-home kits save lives.",
    ),
    Term(
        "Harm reduction",
        "Help that makes drug use less dangerous, such as naloxone and clean needles, "
        "without first asking the person to stop.",
    ),
    Term(
        "Psychosocial interventions",
        "Talking therapies and structured support, alone or in groups, alongside any "
        "medicine.",
        ("psychosocial",),
    ),
    Term(
        "Keyworker",
        "The member of staff who supports a person through treatment. Caseload is how "
        "many people each keyworker looks after.",
        ("caseload", "clients per keyworker"),
    ),
    Term(
        "Recovery capital",
        "What a person can draw on to build a life in recovery: a home, work or "
        "learning, family and friends, health, money, and things to do.",
    ),
    Term(
        "BARC-10",
        "A short questionnaire (the Brief Assessment of Recovery Capital) that "
        "measures recovery capital over time.",
        ("ARC",),
    ),
    Term(
        "Mutual aid",
        "Groups where people with the same problem support each other for free, such "
        "as Alcoholics Anonymous (AA), Narcotics Anonymous (NA) or SMART Recovery.",
        ("mutual-aid",),
    ),
    Term(
        "12-step fellowship",
        "Groups such as AA and NA that follow twelve steps. They take no outside money "
        "and sign no agreements, so a bid is never marked down for that.",
        ("12-step", "AA", "NA"),
    ),
    Term(
        "LERO",
        "Lived experience recovery organisation: an independent group run by people "
        "in recovery that supports others in the community.",
        ("LEROs", "lived experience recovery organisation"),
    ),
    Term(
        "Lived experience",
        "Having been through drug or alcohol problems oneself. Staff and peer workers "
        "with lived experience are often trusted more by people in treatment.",
    ),
    Term(
        "Peer worker",
        "Someone in recovery who is paid or trained to support people in treatment.",
        ("peer workers", "peer mentors", "peer support"),
    ),
    Term(
        "Co-production",
        "Designing a service together with the people who use it, as equal partners, "
        "not just asking their opinion at the end.",
        ("co-produced",),
    ),
    Term(
        "PbR",
        "Payment by results: part of what the provider is paid depends on outcomes, "
        "such as how many people leave treatment drug-free. Pilots in England from "
        "2012 saw fewer people start and complete treatment.",
        ("payment by results",),
    ),
    Term(
        "Block contract",
        "A fixed payment for running the service, whatever the results. None of it "
        "is at risk.",
        ("block",),
    ),
    Term(
        "At risk",
        "The part of the provider's income it only gets if targets or outcomes are "
        "met. A large share at risk can push a service to chase the numbers.",
    ),
    Term(
        "Clawback",
        "Money the provider pays back if a person it was paid for comes back to "
        "treatment soon after leaving.",
    ),
    Term(
        "Case-mix adjustment",
        "Paying more for outcomes with people whose needs are more complex, so a "
        "provider gains nothing by picking easier clients.",
        ("adjusted for how complex clients are", "cherry-picking"),
    ),
    Term(
        "All-or-nothing payment",
        "A payment made only if a threshold is reached, and nothing at all just below "
        "it. Stepped payments, which rise with the result, are fairer.",
        ("all-or-nothing", "stepped"),
    ),
    Term(
        "Commissioner",
        "The council officer who plans and buys the treatment service.",
    ),
    Term(
        "Provider",
        "The organisation bidding to run the service.",
        ("bidder",),
    ),
    Term(
        "Evaluation panel",
        "The group who read and score the bids, then agree the scores together.",
        ("panel",),
    ),
    Term(
        "Weights",
        "How much each area counts towards the overall score. They are published "
        "before bids are opened.",
        ("weight",),
    ),
    Term(
        "Red flag",
        "A design that the evidence links to harm. The panel must discuss it before "
        "scoring the bid.",
    ),
    Term(
        "Amber flag",
        "A weakness in the bid to ask the provider about.",
    ),
    Term(
        "Stress test",
        "A what-if run over a bid's own payment table: would the provider earn more by "
        "pushing people off OST faster than they would choose to leave, and what would "
        "that cost people, including lives?",
    ),
    Term(
        "Person-paced",
        "In the stress test, people leave OST when they themselves choose to.",
    ),
    Term(
        "Target-driven",
        "In the stress test, people on OST for a long time or on low doses are pushed "
        "out several times faster than they would choose.",
        ("pushed out", "pushing people out"),
    ),
    Term(
        "Unplanned exit",
        "Leaving treatment without a plan: the person drops out or the prescription "
        "stops. The risk of dying is highest just after.",
        ("unplanned exits",),
    ),
    Term(
        "Likely range",
        "The stress test runs thousands of times over the plausible values of each "
        "assumption; 'likely' gives the middle 80 in every 100 of those runs.",
        ("80% interval",),
    ),
    Term(
        "Person-years",
        "A way of counting time in treatment: 100 people followed for one year, or 50 "
        "for two years, are 100 person-years.",
    ),
    Term(
        "NDTMS",
        "The National Drug Treatment Monitoring System, which records who is in "
        "treatment in England and how they leave.",
    ),
    Term(
        "Case mix",
        "How complex the needs of the people a service treats are: for example how long "
        "they have used, their health, housing and mental health. Outcomes are harder "
        "to reach with a more complex case mix.",
    ),
    Term(
        "Stepped care",
        "A graded route through treatment: people start with the least intensive help "
        "that may work (for example substitute medication) and step up, such as to "
        "detox or rehab, when they are ready.",
        ("stepped route", "graded route"),
    ),
    Term(
        "Stepped payment",
        "An outcome payment that rises in steps with the result, rather than all or "
        "nothing at one threshold.",
        ("stepped triggers",),
    ),
    Term(
        "Cohort",
        "A group of people counted together, such as everyone in treatment when the "
        "contract starts, opiate clients or people on OST for two years or more. A "
        "payment line or target says which cohort it counts.",
        ("cohorts",),
    ),
    Term(
        "Opiate clients",
        "People in treatment for heroin or other opioids; most of them are on OST.",
        ("opiate", "non-opiate"),
    ),
    Term(
        "BBV",
        "Blood-borne viruses, such as hepatitis B and C and HIV, which can pass through "
        "shared needles. Services test for them and vaccinate against hepatitis B.",
        ("blood-borne virus", "blood-borne viruses"),
    ),
    Term(
        "Needle and syringe programme",
        "Clean needles and syringes, and a safe way to return used ones, to stop the "
        "spread of blood-borne viruses.",
        ("needle exchange",),
    ),
    Term(
        "Window",
        "How long an outcome must last before it is paid, or before a payment is safe "
        "from clawback: for example no return to treatment within six months.",
        ("window months",),
    ),
    Term(
        "Engagement",
        "Starting treatment and keeping in touch with it. A payment on engagement (an "
        "attachment payment) is made when a person starts or stays in contact.",
        ("attachment", "engaging"),
    ),
    Term(
        "Retention",
        "Keeping people in treatment. Staying in treatment, especially on OST, protects "
        "people from overdose.",
    ),
    Term(
        "Payment line",
        "One row of a bid's payment table: what the provider is paid for (its category), "
        "what share of the contract value it carries, and for which cohort.",
        ("payment lines", "payment table"),
    ),
    Term(
        "Target",
        "A performance measure in the contract, such as a share of completions, with a "
        "consequence (a review, money, staff performance or the contract) when missed.",
        ("KPI", "targets", "exit targets"),
    ),
    Term(
        "Robust",
        "In the stress test, a verdict is robust when it stays the same with each of our "
        "own assumptions at the low and at the high end of its range. A verdict that is "
        "not robust rests on our assumptions.",
        ("holds across our assumptions",),
    ),
    Term(
        "Verdict",
        "The stress test's answer for a bid: whether pushing people out of treatment "
        "would pay the provider more, less, or about the same.",
    ),
    Term(
        "Assumption",
        "A figure the stress test rests on, with a plausible range and its source. Some "
        "are published figures; those marked unconfirmed are our own.",
        ("assumptions", "unconfirmed"),
    ),
    Term(
        "Minimum requirement",
        "Something every bid must do, such as supply take-home naloxone or keep OST open "
        "to all. A bid that fails one ranks below every bid that meets them all, "
        "whatever its score. Also called a gate.",
        ("gate", "gates", "minimum requirements"),
    ),
    Term(
        "Rule",
        "One check the tool makes of a bid, grounded in published evidence, such as "
        "'no time cap on OST'. Each area's score is the weighted average of its rules.",
    ),
    Term(
        "Area",
        "One of the six things a bid is scored on: balance between recovery and "
        "maintenance, payment incentives, mutual aid, recovery capital, safety and "
        "service-user voice.",
    ),
    Term(
        "Overall score",
        "The weighted average of the six area scores, from 0 to 100. Higher is always "
        "better.",
    ),
    Term(
        "Evidence",
        "The published studies and guidance a rule rests on; each rule lists its sources.",
    ),
    Term(
        "Governance",
        "How the service is run and held to account, such as its board. Service users "
        "or partners 'in governance' have a seat where decisions are made.",
        ("governing board",),
    ),
    Term(
        "Service user",
        "A person who uses, or has used, drug or alcohol treatment.",
        ("service users", "service-user"),
    ),
    Term(
        "Drug-related death review",
        "Looking carefully at each death of someone in or recently out of treatment, "
        "to learn what could have been done differently.",
        ("drug-related deaths",),
    ),
)


def search(query: str, terms: tuple[Term, ...] = GLOSSARY) -> tuple[Term, ...]:
    """The terms whose name, other spellings or meaning contain the query.

    Case, hyphens and plurals do not matter: 'case-mix', 'Case mix' and 'case mixes'
    find the same term. An empty query finds every term.
    """
    wanted = _folded(query)
    if not wanted:
        return terms
    return tuple(term for term in terms
                 if wanted in _folded(" ".join((*term.spellings(), term.meaning))))


def _folded(text: str) -> str:
    """Lower case, hyphens as spaces, each word without a plural ending."""
    return " ".join(_singular(word) for word in re.split(r"[\s\-‐-―/]+", text.lower())
                    if word)


def _singular(word: str) -> str:
    word = word.strip(".,;:!?()'\"“”‘’")
    for ending, replacement in (("ies", "y"), ("sses", "ss"), ("xes", "x"), ("ches", "ch"),
                                ("shes", "sh")):
        if word.endswith(ending) and len(word) > len(ending) + 1:
            return word[: -len(ending)] + replacement
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def terms_in(text: str) -> tuple[Term, ...]:
    """The glossary terms a piece of text uses, in glossary order."""
    return tuple(term for term in GLOSSARY if any(_mentions(text, s) for s in term.spellings()))


def _mentions(text: str, spelling: str) -> bool:
    # Short upper-case abbreviations (OST, NA) must match their case; words need not.
    flags = 0 if spelling.isupper() else re.IGNORECASE
    return re.search(rf"(?<![\w-]){re.escape(spelling)}(?![\w-])", text, flags) is not None
