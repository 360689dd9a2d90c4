"""Recovery capital: housing, work, relationships and the rest (RCP-01, RCP-02).

No provider delivers recovery capital alone: each domain needs an offer, a partner
who delivers it and a way to measure progress.
"""

from scoring.models import Bid, Domain, RecoveryCapitalOffer
from scoring.rulebook import Area, Finding, Rule, amber, pct, read, red, scale, words

SUPPORT_AMBER_PCT = 5
SUPPORT_RED_PCT = 1
SUPPORT_FULL_PCT = 15


def check_domains(bid: Bid) -> Finding:
    offers: dict[Domain, RecoveryCapitalOffer] = {}
    for offer in bid.recovery_capital:
        offers.setdefault(offer.domain, offer)
    readings = tuple(r for o in offers.values()
                     for r in read(o, "domain", "offered", "partner", "outcome_measure"))
    points = 0.0
    missing, unbacked = [], []
    for domain in Domain:
        offer = offers.get(domain)
        if offer is None or not offer.offered:
            missing.append(domain)
            continue
        points += 0.5 + 0.25 * bool(offer.partner) + 0.25 * bool(offer.outcome_measure)
        if not offer.partner or not offer.outcome_measure:
            unbacked.append(offer)
    flags = []
    if missing:
        cells = tuple(offers[d].cell("offered") for d in missing if d in offers) or (
            f"{RecoveryCapitalOffer.sheet}!A1",)
        make = red if len(missing) > len(Domain) // 2 else amber
        flags.append(make("Not offered: " + ", ".join(words(d)
                                                      for d in missing), *cells))
    if unbacked:
        flags.append(amber(
            "Offered with no partner or no outcome measure: "
            + ", ".join(words(o.domain) for o in unbacked),
            *(o.cell("partner") if not o.partner else o.cell("outcome_measure")
              for o in unbacked)))
    offered = len(Domain) - len(missing)
    summary = f"{offered} of {len(Domain)} recovery-capital domains offered"
    return Finding(points / len(Domain), summary, tuple(flags), readings)


def check_recovery_support_share(bid: Bid) -> Finding:
    share = bid.treatment.pathway_recovery_support_pct
    readings = read(bid.treatment, "pathway_recovery_support_pct")
    summary = f"{pct(share)} of the contract value goes on recovery support"
    score = scale(share, 0, SUPPORT_FULL_PCT)
    if share >= SUPPORT_AMBER_PCT:
        return Finding(score, summary, readings=readings)
    concern = f"Only {pct(share)} of the contract value goes on recovery support"
    make = red if share < SUPPORT_RED_PCT else amber
    return Finding(score, concern,
                   (make(concern, bid.treatment.cell("pathway_recovery_support_pct")),),
                   readings)


RULES = [
    Rule(
        id="RCP-01",
        area=Area.recovery_capital,
        title="Every recovery-capital domain offered, with a partner and a measure",
        rationale=(
            "People rarely sustain recovery without housing, work, relationships, health "
            "and something meaningful to do, and treatment providers cannot deliver these "
            "alone. Recovery capital can be measured (for example with the ARC or BARC-10), "
            "so each offer should name who delivers it and how progress is measured. "
            "Amber for any domain missing; red when more than half of the eight are not "
            "offered, since recovery rarely lasts without capital in several domains."
        ),
        stronger_bid="Offers all eight domains, each with a named partner and an outcome "
        "measure.",
        evidence=("R-ROTHERHAM", "R-ARC", "R-BLACK"),
        check=check_domains,
    ),
    Rule(
        id="RCP-02",
        area=Area.recovery_capital,
        title="A real share of the money goes on recovery support",
        rationale=(
            "Every area should have a well-resourced recovery community, and guidance asks "
            "partnerships to fund recovery support. There is no national figure: we score "
            "15% of the contract value or more in full, flag under 5% amber as token and "
            "under 1% red (next to nothing: people rarely sustain recovery without it, "
            "and providers cannot deliver it alone), as a working assumption."
        ),
        stronger_bid="Spends a substantial share of the value on recovery support beyond "
        "clinical treatment.",
        evidence=("R-BLACK", "R-LERO", "R-ROTHERHAM"),
        check=check_recovery_support_share,
    ),
]
