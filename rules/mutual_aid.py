"""Mutual aid and the recovery community as funded partners (MUT-01 to MUT-06).

12-step fellowships take no outside money and sign nothing, by their own traditions;
they are judged on how people are introduced to them, never on contracts or funding.
"""

from scoring.models import Bid, Partnership, PartnerType
from scoring.rulebook import Area, Finding, Rule, amber, read, red

TWELVE_STEP = PartnerType.mutual_aid_12_step


def _mutual_aid(bid: Bid) -> list[Partnership]:
    return [p for p in bid.partnerships if p.is_mutual_aid]


def _names(partners: list[Partnership]) -> str:
    return ", ".join(f"'{p.partner}'" for p in partners)


def _no_partners() -> Finding:
    return Finding(None, "No mutual-aid or recovery-community partner to assess")


def check_partners_present(bid: Bid) -> Finding:
    partners = _mutual_aid(bid)
    types = {p.type for p in partners}
    readings = tuple(r for p in partners for r in read(p, "partner", "type"))
    if not partners:
        concern = "No mutual-aid or recovery-community partner is named"
        cell = f"{Partnership.sheet}!A1"
        return Finding(0.0, concern, (amber(concern, cell),), readings)
    summary = (f"{len(partners)} mutual-aid or recovery-community partners of "
               f"{len(types)} kinds")
    return Finding(1.0 if len(types) >= 2 else 0.5, summary, readings=readings)


def check_agreements_and_funding(bid: Bid) -> Finding:
    partners = [p for p in _mutual_aid(bid) if p.type != TWELVE_STEP]
    if not partners:
        return Finding(None, "No recovery partner that could hold an agreement or funding "
                       "(12-step fellowships never do)")
    readings = tuple(r for p in partners
                     for r in read(p, "partner", "formal_agreement", "annual_funding_gbp"))
    token = [p for p in partners if not p.formal_agreement and not p.annual_funding_gbp]
    make = red if len(token) == len(partners) else amber  # every partner promised, none paid
    flags = tuple(
        make(f"'{p.partner}' is named but has neither an agreement nor funding",
             p.cell("formal_agreement"), p.cell("annual_funding_gbp"))
        for p in token
    )
    points = sum(0.5 * p.formal_agreement + 0.5 * bool(p.annual_funding_gbp) for p in partners)
    funded = [p for p in partners if p.annual_funding_gbp]
    summary = (f"{len(funded)} of {len(partners)} recovery partners are funded, "
               f"£{sum(p.annual_funding_gbp for p in funded):,.0f} a year in all")
    return Finding(points / len(partners), summary, flags, readings)


def check_facilitated_referral(bid: Bid) -> Finding:
    partners = _mutual_aid(bid)
    if not partners:
        return _no_partners()
    readings = tuple(r for p in partners for r in read(p, "partner", "referral_pathway"))
    leaflet_only = [p for p in partners if not p.referral_pathway]
    flags = ()
    if leaflet_only:
        flags = (amber(f"No named route to introduce people to {_names(leaflet_only)}",
                       *(p.cell("referral_pathway") for p in leaflet_only)),)
    linked = len(partners) - len(leaflet_only)
    summary = f"{linked} of {len(partners)} partners have a facilitated referral route"
    return Finding(linked / len(partners), summary, flags, readings)


def check_governance_role(bid: Bid) -> Finding:
    partners = _mutual_aid(bid)
    if not partners:
        return _no_partners()
    readings = tuple(r for p in partners for r in read(p, "partner", "governance_role"))
    governing = [p for p in partners if p.governance_role]
    if governing:
        return Finding(1.0, f"{_names(governing)} sit on the service's governance",
                       readings=readings)
    concern = "No recovery-community partner has a seat in the service's governance"
    return Finding(0.0, concern, (amber(concern, *(p.cell("governance_role")
                                                    for p in partners)),), readings)


def check_continuity_after_exit(bid: Bid) -> Finding:
    partners = _mutual_aid(bid)
    if not partners:
        return _no_partners()
    readings = tuple(r for p in partners for r in read(p, "partner", "continuity_after_exit"))
    continuing = [p for p in partners if p.continuity_after_exit]
    if continuing:
        return Finding(1.0, f"{_names(continuing)} keep supporting people after they leave",
                       readings=readings)
    concern = "No recovery-community partner keeps supporting people after they leave"
    return Finding(0.0, concern, (amber(concern, *(p.cell("continuity_after_exit")
                                                    for p in partners)),), readings)


def check_lero_involved(bid: Bid) -> Finding:
    leros = [p for p in bid.partnerships if p.type == PartnerType.lero]
    readings = tuple(r for p in leros for r in read(p, "partner", "formal_agreement",
                                                    "annual_funding_gbp"))
    if not leros:
        concern = "No lived experience recovery organisation (LERO) is a partner"
        return Finding(0.0, concern, (amber(concern, f"{Partnership.sheet}!A1"),))
    backed = [p for p in leros if p.formal_agreement and p.annual_funding_gbp]
    if backed:
        return Finding(1.0, f"{_names(backed)}: a LERO with an agreement and funding",
                       readings=readings)
    concern = f"The LERO {_names(leros)} is named but not both contracted and funded"
    return Finding(0.5, concern, (amber(concern, *(p.cell("annual_funding_gbp")
                                                    for p in leros)),), readings)


RULES = [
    Rule(
        id="MUT-01",
        area=Area.mutual_aid,
        title="Mutual-aid and recovery-community partners are named",
        rationale=(
            "Every area should have a well-resourced recovery community. Mutual-aid groups, "
            "lived-experience organisations and peer networks were often treated as "
            "competitors instead of partners. Two or more kinds of partner score in full."
        ),
        stronger_bid="Names several kinds of recovery partner: mutual aid, SMART, a LERO, "
        "peer support.",
        evidence=("R-BLACK", "R-LERO", "R-MUTUAL"),
        check=check_partners_present,
    ),
    Rule(
        id="MUT-02",
        area=Area.mutual_aid,
        title="Recovery partners hold agreements and funding (12-step fellowships excepted)",
        rationale=(
            "Guidance asks partnerships to fund recovery support and treat partners as "
            "equals; a partner named with no agreement and no money is a token. 12-step "
            "fellowships take no outside money and sign nothing by their own traditions, "
            "so they are left out of this rule. Amber for each partner named with neither; "
            "red when every such partner is, as guidance found competition and risk "
            "aversion holding these organisations back and asks that they be funded."
        ),
        stronger_bid="Gives each recovery partner (other than 12-step fellowships) a signed "
        "agreement and funding.",
        evidence=("R-LERO", "R-TRAD", "R-BLACK"),
        check=check_agreements_and_funding,
    ),
    Rule(
        id="MUT-03",
        area=Area.mutual_aid,
        title="People are introduced to mutual aid, not handed a leaflet",
        rationale=(
            "Handing out information and leaving people to make contact usually fails; "
            "introducing them, hosting meetings and following up works. This is how "
            "12-step fellowships, which sign nothing, are judged."
        ),
        stronger_bid="Has a named referral route to every mutual-aid partner, with "
        "introductions and follow-up.",
        evidence=("R-MUTUAL", "R-TRAD"),
        check=check_facilitated_referral,
    ),
    Rule(
        id="MUT-04",
        area=Area.mutual_aid,
        title="The recovery community has a seat in governance",
        rationale=(
            "Guidance asks partnerships to treat all partners as equals and notes that "
            "risk aversion holds lived-experience organisations back: a seat where "
            "decisions are made is the test."
        ),
        stronger_bid="Gives recovery-community partners a place on the service's governance.",
        evidence=("R-LERO",),
        check=check_governance_role,
    ),
    Rule(
        id="MUT-05",
        area=Area.mutual_aid,
        title="Support continues after people leave treatment",
        rationale=(
            "Recovery lasts beyond discharge and relapse must be planned for; the recovery "
            "community is what stays with people after the service lets go."
        ),
        stronger_bid="Has recovery partners that keep supporting people after exit.",
        evidence=("R-BLACK", "R-ROTHERHAM", "R-MUTUAL"),
        check=check_continuity_after_exit,
    ),
    Rule(
        id="MUT-06",
        area=Area.mutual_aid,
        title="A lived experience recovery organisation is a funded partner",
        rationale=(
            "LEROs, led by people in recovery, work in many council areas; government "
            "guidance asks partnerships to help them grow towards independence, which "
            "takes an agreement and money."
        ),
        stronger_bid="Contracts and funds a local LERO.",
        evidence=("R-LERO", "R-BLACK"),
        check=check_lero_involved,
    ),
]
