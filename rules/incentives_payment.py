"""Incentives: what the payment table rewards (INC-01 to INC-04, INC-07, INC-09, INC-11).

The payment-by-results pilots put up to all of a provider's income on outcomes; fewer
people started and completed treatment and emergency admissions rose. These rules read
the Payment sheet for the designs that evidence warns about, each line judged by when
it is earned (`PAID_WHEN`): only lines paid on leaving reward exits.
"""

from scoring.models import (
    EXIT_CATEGORIES,
    PAID_WHEN,
    Bid,
    Cohort,
    PaidWhen,
    PaymentCategory,
    PaymentLine,
)
from scoring.rulebook import (
    Area,
    Finding,
    Flag,
    Rule,
    amber,
    flag_answer,
    number,
    pct,
    read,
    red,
    scale,
)

ENTRY_CATEGORIES = tuple(c for c, when in PAID_WHEN.items() if when == PaidWhen.on_entry)
PROTECTIVE_CATEGORIES = (
    PaymentCategory.retention,
    PaymentCategory.harm_reduction,
    PaymentCategory.safety,
)
RE_PRESENTATION_MONTHS = 6  # the national completion measure's window
AT_RISK_AMBER_PCT = 30
AT_RISK_RED_PCT = 60  # the score's worst mark: red from here
AT_RISK_WORST_PCT = 60
AT_RISK_FREE_PCT = 10
EXIT_SHARE_AMBER_PCT = 10
EXIT_SHARE_RED_PCT = 20
MUCH_AT_RISK_PCT = 25
ATTACHMENT_AMBER_PCT = 20
ATTACHMENT_RED_PCT = 40
PROTECTIVE_RED_AT_RISK_PCT = 50  # INC-07 is red when this much rides on results, none protective


def _lines(bid: Bid, *categories: PaymentCategory) -> list[PaymentLine]:
    return [line for line in bid.payment_lines if line.category in categories]


def _share_cells(lines: list[PaymentLine]) -> tuple[str, ...]:
    return tuple(line.cell("share_pct") for line in lines)


def _share_readings(lines: list[PaymentLine]):
    return tuple(reading for line in lines for reading in read(line, "category", "share_pct"))


def check_value_at_risk(bid: Bid) -> Finding:
    at_risk = [line for line in bid.payment_lines if line.at_risk]
    share = bid.at_risk_pct
    summary = f"{pct(share)} of the contract value depends on outcomes rather than a block"
    score = scale(share, AT_RISK_WORST_PCT, AT_RISK_FREE_PCT)
    flags = ()
    if share > AT_RISK_AMBER_PCT:
        make = red if share >= AT_RISK_RED_PCT else amber
        flags = (make(f"{pct(share)} of the contract value is at risk on results",
                      *_share_cells(at_risk)),)
    return Finding(score, summary, flags, _share_readings(bid.payment_lines))


def check_exit_share(bid: Bid) -> Finding:
    exits = _lines(bid, *EXIT_CATEGORIES)
    share = bid.share_pct(*EXIT_CATEGORIES)
    summary = f"{pct(share)} of the contract value is paid on drug-free exits"
    score = scale(share, 30, 0)
    if share >= EXIT_SHARE_RED_PCT:
        flags = (red(summary, *_share_cells(exits)),)
    elif share >= EXIT_SHARE_AMBER_PCT:
        flags = (amber(summary, *_share_cells(exits)),)
    else:
        flags = ()
    return Finding(score, summary, flags, _share_readings(exits))


def check_completion_safeguards(bid: Bid) -> Finding:
    lines = [line for line in _lines(bid, *EXIT_CATEGORIES) if line.share_pct > 0]
    if not lines:
        return Finding(None, "Nothing is paid on drug-free exits")
    flags: list[Flag] = []
    points = 0.0
    for line in lines:
        missing = _missing_safeguards(line)
        points += line.share_pct * (1 - len(missing) / 2)
        if missing:
            make = red if len(missing) == 2 else amber
            cells = [line.cell("window_months"), line.cell("clawback")]
            flags.append(make(f"'{line.outcome}' pays on exit with " + " and ".join(missing),
                              *cells))
    total = sum(line.share_pct for line in lines)
    readings = tuple(r for line in lines for r in read(line, "outcome", "category",
                                                       "window_months", "clawback"))
    summary = ("Exit payments wait for lasting outcomes and are clawed back on return"
               if not flags else "Some exit payments pay for exits that may not last")
    return Finding(points / total, summary, tuple(flags), readings)


def _missing_safeguards(line: PaymentLine) -> list[str]:
    """What a line paid on leaving lacks: a six-month window, and a clawback.

    A payment for non-re-presentation waits by definition: with no window given it
    looks six months ahead, as the national measure does, and needs no clawback.
    """
    waits = line.category == PaymentCategory.non_representation
    window = line.window_months
    missing = []
    if window is None and not waits:
        missing.append(f"no window (the national measure looks {RE_PRESENTATION_MONTHS} "
                       "months ahead)")
    elif window is not None and window < RE_PRESENTATION_MONTHS:
        missing.append(f"a {number(window)}-month window (the national measure looks "
                       f"{RE_PRESENTATION_MONTHS} months ahead)")
    if not line.clawback and not waits:
        missing.append("no clawback if the person returns")
    return missing


def check_exit_payments_for_long_term_ost(bid: Bid) -> Finding:
    aimed = [line for line in _lines(bid, *EXIT_CATEGORIES)
             if line.cohort == Cohort.long_term_ost and line.share_pct > 0]
    if not aimed:
        return Finding(1.0, "No exit payment is aimed at people on long-term OST")
    flags = tuple(
        red(f"'{line.outcome}' pays for exits of people on long-term OST "
            f"({pct(line.share_pct)} of the value)", line.cell("cohort"), line.cell("share_pct"))
        for line in aimed
    )
    readings = tuple(r for line in aimed for r in read(line, "outcome", "category", "cohort"))
    return Finding(0.0, "Exit payments target the long-term OST group", flags, readings)


def check_protective_payments(bid: Bid) -> Finding:
    at_risk = bid.at_risk_pct
    protective = _lines(bid, *PROTECTIVE_CATEGORIES)
    protective_share = bid.share_pct(*PROTECTIVE_CATEGORIES)
    readings = _share_readings(protective)
    if at_risk < MUCH_AT_RISK_PCT:
        return Finding(1.0, f"Only {pct(at_risk)} is at risk on results", readings=readings)
    if protective_share > 0:
        return Finding(1.0, f"{pct(protective_share)} is paid for retention, harm reduction "
                       "or safety", readings=readings)
    concern = (f"{pct(at_risk)} is at risk on results, yet nothing is paid for keeping "
               "people in treatment, harm reduction or safety")
    at_risk_lines = [line for line in bid.payment_lines if line.at_risk]
    make = red if at_risk >= PROTECTIVE_RED_AT_RISK_PCT else amber
    return Finding(0.0, concern, (make(concern, *_share_cells(at_risk_lines)),),
                   _share_readings(at_risk_lines))


def check_outcome_price_safeguards(bid: Bid) -> Finding:
    overview = bid.overview
    fields = ("payment_case_mix_adjusted", "payment_independent_assessment",
              "payment_stepped_triggers")
    readings = read(overview, *fields)
    outcome_share = bid.at_risk_pct - bid.share_pct(*ENTRY_CATEGORIES)
    if outcome_share <= 0:
        return Finding(None, "Nothing is paid on outcomes", readings=readings)
    concerns = {
        "payment_case_mix_adjusted": "Outcome prices are not adjusted for how complex "
        "clients are, which rewards picking easier clients",
        "payment_independent_assessment": "Outcomes are judged by the provider that is "
        "paid for them",
        "payment_stepped_triggers": "Outcome payments are all-or-nothing at a threshold "
        "rather than stepped",
    }
    flags = tuple(flag_answer(overview, name, amber, concerns[name])
                  for name in fields if not getattr(overview, name))
    score = 1 - len(flags) / len(fields)
    summary = (f"{len(fields) - len(flags)} of {len(fields)} safeguards on outcome "
               "prices are in place")
    return Finding(score, summary, flags, readings)


def check_attachment_share(bid: Bid) -> Finding:
    lines = _lines(bid, *ENTRY_CATEGORIES)
    share = bid.share_pct(*ENTRY_CATEGORIES)
    summary = f"{pct(share)} of the contract value is paid on entry or engagement"
    if share <= ATTACHMENT_AMBER_PCT:
        return Finding(1.0, summary, readings=_share_readings(lines))
    concern = f"{pct(share)} is paid on entry alone, which invites picking easier clients"
    make = red if share >= ATTACHMENT_RED_PCT else amber
    return Finding(scale(share, 50, ATTACHMENT_AMBER_PCT), concern,
                   (make(concern, *_share_cells(lines)),), _share_readings(lines))


RULES = [
    Rule(
        id="INC-01",
        area=Area.incentives,
        title="Share of the contract value at risk on results",
        rationale=(
            "In the payment-by-results pilots, areas put from 5% to 100% of provider "
            "income on outcomes. Fewer people started and completed treatment, and "
            "emergency hospital admissions rose. The more income rides on results, the "
            "stronger the pull to pick clients and push exits. We score 10% at risk or "
            "less as safe and 60% or more as the worst; amber above 30%, red from 60%, "
            "beyond what most pilot areas chose and in the range where the pilots' harms "
            "(odds of starting treatment 0.17, of completing 0.60, 7.3% more emergency "
            "admissions) were measured. Those marks are our reading of the pilots, not a "
            "published limit."
        ),
        stronger_bid="Keeps most of the value in a block and puts a modest share at risk.",
        evidence=("R-PILOTS", "R-JONES18", "R-MASON21", "R-DONMALL"),
        check=check_value_at_risk,
    ),
    Rule(
        id="INC-02",
        area=Area.incentives,
        title="Share paid on drug-free exits",
        rationale=(
            "Paying for drug-free exits (successful completions, and completions not "
            "followed by a return) is what pressed people stable on methadone to reduce "
            "before they were ready. In the pilots fewer people completed, and fewer "
            "completed without coming back. Payments for abstinence or reduced use while "
            "in treatment are not exit payments and are not counted here. We flag amber "
            "from 10% of the value and red from 20%: our reading of the evidence, not a "
            "published limit."
        ),
        stronger_bid="Pays little or nothing on exits; rewards lasting recovery outcomes "
        "that the person chooses.",
        evidence=("R-JONES18", "R-MASON15", "R-ACCOUNTS", "R-DONMALL"),
        check=check_exit_share,
    ),
    Rule(
        id="INC-03",
        area=Area.incentives,
        title="Exit payments wait six months and are clawed back on return",
        rationale=(
            "The national measure counts a completion only if the person does not come "
            "back within six months; the pilots waited twelve. A payment made at exit, "
            "with no window and no clawback, pays for exits that do not last. A payment "
            "for not returning waits by its nature; it is judged on its window alone."
        ),
        stronger_bid="Pays completions only after at least six months without "
        "re-presentation, and recovers the payment if the person returns.",
        evidence=("R-PHOF", "R-PILOTS", "R-DONMALL"),
        check=check_completion_safeguards,
    ),
    Rule(
        id="INC-04",
        area=Area.incentives,
        title="No exit payments aimed at people on long-term OST",
        rationale=(
            "Paying a provider to move people off long-term OST pays for the most "
            "dangerous moment in treatment: deaths in the first weeks after leaving are "
            "several times those on treatment. The government's drug advisers warned "
            "against forcing this group off."
        ),
        stronger_bid="Pays nothing for exits of the long-term OST group; supports those who "
        "choose to reduce.",
        evidence=("R-CORNISH", "R-SORDO", "R-ACMD14", "R-ACMD16"),
        check=check_exit_payments_for_long_term_ost,
    ),
    Rule(
        id="INC-07",
        area=Area.incentives,
        title="Something is paid for retention, harm reduction or safety",
        rationale=(
            "Retention in OST lowers deaths. When much of the value rides on results and "
            "none of it on keeping people in treatment or safe, every payment points "
            "towards exit. We apply this from 25% at risk (amber), and call it red from "
            "half the value at risk with nothing protective: in the pilots, where up to "
            "all of the income rode on results, emergency admissions rose 7.3%."
        ),
        stronger_bid="Pays part of any at-risk value for retention, harm reduction or fewer "
        "drug-related deaths.",
        evidence=("R-SORDO", "R-ACMD16", "R-PILOTS"),
        check=check_protective_payments,
    ),
    Rule(
        id="INC-09",
        area=Area.incentives,
        title="Outcome prices adjusted for case mix, independently assessed and stepped",
        rationale=(
            "The pilots adjusted prices for how complex clients were and had clients "
            "assessed by a service separate from the paid provider. Commentators on the "
            "pilots also warned against all-or-nothing triggers (paying for a 20% fall in "
            "arrests and nothing for 19%) and advised stepped payments: that last point is "
            "their view, not a finding of the evaluation."
        ),
        stronger_bid="Adjusts outcome prices for case mix, has outcomes verified "
        "independently, and pays in steps.",
        evidence=("R-PILOTS", "R-DONMALL"),
        check=check_outcome_price_safeguards,
    ),
    Rule(
        id="INC-11",
        area=Area.incentives,
        title="Not too much paid on entry alone",
        rationale=(
            "Paying for each person who starts treatment, without regard to what happens "
            "next, invites a service to take on easier clients, and pays again for every "
            "person who relapses and comes back (the stress test finds 20% paid per entry "
            "rewards pushing in every joint draw). Amber above 20% of the value paid on "
            "entry, red from 40%, where the score reaches its worst before 50%: our "
            "reading, not a published limit."
        ),
        stronger_bid="Pays for engagement alongside outcomes that reflect how complex "
        "clients are.",
        evidence=("R-PILOTS", "R-DONMALL", "R-JONES18"),
        check=check_attachment_share,
    ),
]
