"""The evidence register: every source a rule cites, with what it found, in our words.

Rules cite these keys; the engine refuses a rule that cites a key not listed here.
Figures are as published. Where we had to assume, the rule's rationale says so.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Evidence:
    key: str
    citation: str
    finding: str


_REGISTER = [
    Evidence(
        "R-PILOTS",
        "Department of Health, Drug and alcohol recovery payment by results pilots, "
        "eight English areas, April 2012 to about 2014.",
        "Areas put 5% to 100% of provider income on outcomes: being free of the drug(s) "
        "of dependence (abstinence in treatment, and completion without return within 12 "
        "months), less offending, health and wellbeing; prices were adjusted for case mix "
        "and clients were assessed by a service separate from the paid provider.",
    ),
    Evidence(
        "R-MASON15",
        "Mason T et al. Addiction 2015;110:1120-8.",
        "In the first year, clients in pilot areas were 1.3 percentage points less likely "
        "to complete treatment and more likely to decline to continue.",
    ),
    Evidence(
        "R-JONES18",
        "Jones A et al. Addiction 2018;113:279-86.",
        "Pilot areas saw fewer people start treatment (odds ratio 0.17), fewer complete "
        "(0.60) and fewer complete without returning (0.63), while abstinence (1.50) and "
        "not injecting (1.32) in treatment improved; no significant change in deaths, "
        "acquisitive crime or housing.",
    ),
    Evidence(
        "R-MASON21",
        "Mason T et al. Addiction 2021;116:3082-93.",
        "Emergency hospital admissions were 7.3% higher in pilot areas while payment by "
        "results ran: about 3,350 extra admissions.",
    ),
    Evidence(
        "R-DONMALL",
        "Donmall M, Sutton M et al. Final evaluation of the PbR pilots, University of "
        "Manchester, 2017.",
        "The scheme was costly, slowed entry to treatment and gave fewer completions. "
        "(Commentators, not the evaluation, warned against all-or-nothing triggers and "
        "advised stepped payments.)",
    ),
    Evidence(
        "R-PHOF",
        "Public Health Outcomes Framework indicator 2.15, successful completion of drug "
        "treatment (NDTMS), from 2012.",
        "Success counts only if the person leaves free of their drug(s) and does not "
        "return to treatment within six months; an opiate client on OST at exit does "
        "not count.",
    ),
    Evidence(
        "R-QWATCH",
        "QualityWatch (Nuffield Trust and Health Foundation), indicator on successful "
        "completion of drug treatment.",
        "Only about 7% of opiate clients complete successfully each year (6.6% in 2010, "
        "8.6% in 2011, 7.4% in 2014), against roughly 34-39% of non-opiate clients.",
    ),
    Evidence(
        "R-SHEFFIELD",
        "Parmenter J et al. Br J Gen Pract 2013;63:e499.",
        "In an 11-year primary-care cohort, 22% left drug-free and 31% more were in "
        "medically assisted recovery; staying in treatment went with leaving drug-free.",
    ),
    Evidence(
        "R-CORNISH",
        "Cornish R et al. BMJ 2010;341:c5475.",
        "Among 5,577 patients on OST, deaths were 0.7 per 100 person-years on treatment "
        "and 1.3 off it: 4.8 in the first two weeks after it stopped, 4.3 in weeks 3-4 "
        "and 0.95 for the rest of the time off.",
    ),
    Evidence(
        "R-SORDO",
        "Sordo L et al. BMJ 2017;357:j1550 (meta-analysis of 19 cohorts).",
        "Mortality out of methadone treatment was about three times that in it; staying "
        "in OST lowers the risk of dying.",
    ),
    Evidence(
        "R-NORWAY",
        "Norwegian national OST cohort, BMC Health Services Research 2019 (6,871 patients).",
        "Treatment more than halved overdose deaths; no raised risk of overdose death was "
        "seen in the first weeks after leaving, so the spike after leaving may be smaller "
        "than UK figures show (a finding about overdose deaths only).",
    ),
    Evidence(
        "R-ACMD14",
        "Advisory Council on the Misuse of Drugs, Time-limiting opioid substitution "
        "therapy, 2014.",
        "No evidence supports a blanket time limit on OST; most people would relapse and "
        "deaths, crime and virus spread would likely rise. Many leave too soon, not too late.",
    ),
    Evidence(
        "R-ACMD16",
        "Advisory Council on the Misuse of Drugs, Reducing opioid-related deaths in the "
        "UK, 2016.",
        "An ageing cohort with complex needs drove rising deaths; good-quality OST for "
        "as long as required and wide naloxone supply are the best-supported answers.",
    ),
    Evidence(
        "R-ACMD17",
        "Advisory Council on the Misuse of Drugs, Commissioning impact on drug treatment, "
        "2017.",
        "Frequent re-tendering wastes money, churns staff and services and worsens "
        "recovery outcomes, at least in the short term.",
    ),
    Evidence(
        "R-MIR",
        "Recovery Orientated Drug Treatment Expert Group (Strang J, chair), Medications in "
        "recovery, 2012.",
        "Leaving OST or treatment too early can harm people through relapse; OST is a "
        "platform for recovery, not an end in itself.",
    ),
    Evidence(
        "R-BLACK",
        "Black C. Review of drugs part two: prevention, treatment and recovery, 2021.",
        "Dependence is a chronic, relapsing condition: stop using discharge as the measure "
        "of success, and give every area a well-resourced recovery community.",
    ),
    Evidence(
        "R-ORANGE",
        "Drug misuse and dependence: UK guidelines on clinical management (the Orange "
        "Book), 2017.",
        "The standard of acceptable clinical practice in drug treatment in the UK.",
    ),
    Evidence(
        "R-REHAB",
        "National figures on residential rehabilitation in England (treatment statistics "
        "and the registered services count, 2013-2019).",
        "Under 1% of people in treatment reach residential rehab (2% in 2010/11, about 11% "
        "in Europe); the national ambition is 2%; registered services fell from 195 to 132.",
    ),
    Evidence(
        "R-BLACKPOOL",
        "Office for National Statistics, deaths related to drug poisoning, 2017-19; local "
        "public health budget figures.",
        "Blackpool had the highest drug-misuse death rate in England and Wales (27.5 per "
        "100,000 against 7.1) while its adult treatment budget fell 72% in three years.",
    ),
    Evidence(
        "R-ARC",
        "Groshkova T, Best D, White W. The Assessment of Recovery Capital (ARC), 2013, "
        "and its short form BARC-10.",
        "Recovery capital is the personal, social and community resources a person can "
        "draw on; it can be measured across domains such as housing, work and family.",
    ),
    Evidence(
        "R-MUTUAL",
        "National Treatment Agency / Public Health England guidance on facilitating "
        "access to mutual aid.",
        "Handing out leaflets usually fails; introducing people, hosting meetings and "
        "following up gets them to mutual aid.",
    ),
    Evidence(
        "R-TRAD",
        "The Twelve Traditions of Alcoholics Anonymous and Narcotics Anonymous "
        "(traditions six and seven).",
        "12-step fellowships are self-supporting, take no outside contributions and do not "
        "affiliate with or endorse outside enterprises, so they sign no partnership "
        "agreements and take no funding.",
    ),
    Evidence(
        "R-LERO",
        "Office for Health Improvement and Disparities, guidance on lived experience "
        "recovery organisations and recovery support, 2023.",
        "Partnerships should fund recovery support, help LEROs grow towards independence "
        "and treat all partners as equals; competition and risk aversion hold them back.",
    ),
    Evidence(
        "R-PSR",
        "The Health Care Services (Provider Selection Regime) Regulations 2023, in force "
        "1 January 2024.",
        "Councils buy substance use services under criteria including quality, value, "
        "integration and sustainability, access and choice, and social value.",
    ),
    Evidence(
        "R-PA23",
        "Procurement Act 2023.",
        "Award criteria must be clear, measurable and proportionate, with the method and "
        "weights published in advance; each bidder gets a summary of its assessment.",
    ),
    Evidence(
        "R-MODERATION",
        "Lancashire Care NHS Foundation Trust v Lancashire County Council, High Court, "
        "2018; common public-sector evaluation practice.",
        "Each evaluator scores alone, then the panel moderates with written reasons that "
        "compare each bid with the criteria, not with the other bids.",
    ),
    Evidence(
        "R-ACCOUNTS",
        "Accounts from the field: a Blackpool patient and the trust's reply; a peer "
        "worker's account (seed material for this tool).",
        "People stable on methadone were pressed to reduce, made to agree reduction plans "
        "to get treatment, singled out at low doses, sanctioned through prescriptions, "
        "and staff were judged on exits; treatment that needed GP registration kept "
        "people out.",
    ),
    Evidence(
        "R-DERBYSHIRE",
        "A mental-health trust's report to its board (Derbyshire; seed material).",
        "Pushing recovery too hard raised relapse and overdose deaths; the trust moved to "
        "stepped care at the person's pace, risk profiling and hepatitis screening.",
    ),
    Evidence(
        "R-ROTHERHAM",
        "A health and wellbeing board's report on recovery (Rotherham; seed material).",
        "Recovery rarely lasts without housing, work and relationships, which no provider "
        "delivers alone; relapse must be planned for; 13.3% re-presented within 6 months.",
    ),
    Evidence(
        "R-OHID23",
        "Office for Health Improvement and Disparities, Adult substance misuse treatment "
        "statistics 2022 to 2023 (NDTMS).",
        "290,635 adults were in contact with treatment and 137,749 entered it in the year "
        "(about 47%); 4,166 died while in treatment (1.4%); successful completions were "
        "about 5% of opiate clients in treatment.",
    ),
    Evidence(
        "R-NTA10",
        "National Treatment Agency, A long-term study of the outcomes of drug users "
        "leaving treatment, 2010.",
        "Of 2005-06 leavers who did not sustain recovery, about half came back to "
        "treatment directly, mostly within a year, and a third more through the criminal "
        "justice system: people who relapse come back slowly, not within weeks.",
    ),
    Evidence(
        "R-HAYES09",
        "National Treatment Agency (Hayes P), outcomes of successful completers, 2009.",
        "About a fifth of people who completed treatment successfully relapsed within a "
        "year.",
    ),
    Evidence(
        "R-NWENGLAND06",
        "Re-presentation after drug-free discharge in North West England, BMC Public "
        "Health 2006;6:205.",
        "28-45% of people discharged drug-free re-presented to treatment within a year.",
    ),
    Evidence(
        "R-COUSINS16",
        "Cousins G et al., Irish national OST cohort, 2016.",
        "Deaths on OST were 0.51 per 100 person-years and 1.57 off treatment.",
    ),
    Evidence(
        "R-MA19",
        "Ma J et al., meta-analysis of mortality in opioid agonist treatment, 2019.",
        "Deaths were 0.93 per 100 person-years on treatment and 1.69 off it.",
    ),
    Evidence(
        "R-NOSYK12",
        "Nosyk B et al., tapering from methadone maintenance, British Columbia cohort, "
        "2012.",
        "Only about 13% of tapering attempts ended in a sustained successful exit; fast "
        "tapers did far worse than gradual ones.",
    ),
    Evidence(
        "R-BENTZLEY15",
        "Bentzley BS et al., discontinuation of buprenorphine maintenance, systematic "
        "review, 2015.",
        "Most discontinuations of opioid maintenance were not the patient's choice, and "
        "over half of those who stopped relapsed, many within a month.",
    ),
    Evidence(
        "R-DELAWARE",
        "McLellan AT et al., Delaware's performance contracts, 2008; Stewart MT et al., "
        "2013.",
        "Delaware paid outpatient providers on caseload held against contracted capacity; "
        "use of capacity and length of stay rose under it: a payment for keeping people "
        "in treatment.",
    ),
    Evidence(
        "R-PSA",
        "Claxton K 1999; Briggs A et al. 2012 (ISPOR-SMDM modelling practice); Andronis L "
        "2009; PBAC guidelines 3A.9.",
        "Decide on the expected value over joint draws of every uncertain input and say "
        "how likely the decision is to be right; testing each input alone at the ends of "
        "a wide range is not a threshold for a finding. No agency sets a probability "
        "threshold.",
    ),
]

EVIDENCE: dict[str, Evidence] = {entry.key: entry for entry in _REGISTER}
