"""Service-user voice: lived experience in the workforce and in decisions (VOI-01 to VOI-05)."""

from scoring.models import Bid
from scoring.rulebook import (
    Area,
    Finding,
    Rule,
    amber,
    expect_answer,
    number,
    pct,
    read,
    red,
    scale,
)

LIVED_EXPERIENCE_FULL_PCT = 20
LIVED_EXPERIENCE_AMBER_PCT = 10
CASELOAD_GOOD = 40
CASELOAD_STRETCHED = 50
CASELOAD_WORST = 80


def check_lived_experience_workforce(bid: Bid) -> Finding:
    voice = bid.voice
    share = voice.workforce_lived_experience_pct
    peers = voice.workforce_peer_workers_fte
    readings = read(voice, "workforce_lived_experience_pct", "workforce_peer_workers_fte")
    score = 0.7 * scale(share, 0, LIVED_EXPERIENCE_FULL_PCT) + 0.3 * bool(peers)
    summary = f"{pct(share)} of staff have lived experience; {number(peers)} peer workers (FTE)"
    flags = []
    if share == 0 and not peers:
        flags.append(red("No one in the workforce has lived experience and there are no "
                         "peer workers", voice.cell("workforce_lived_experience_pct"),
                         voice.cell("workforce_peer_workers_fte")))
        return Finding(score, summary, tuple(flags), readings)
    if share < LIVED_EXPERIENCE_AMBER_PCT:
        flags.append(amber(f"Only {pct(share)} of the workforce has lived experience",
                           voice.cell("workforce_lived_experience_pct")))
    if not peers:
        flags.append(amber("No peer workers", voice.cell("workforce_peer_workers_fte")))
    return Finding(score, summary, tuple(flags), readings)


def check_consultation(bid: Bid) -> Finding:
    return expect_answer(
        bid.voice, "voice_service_user_consultation", True, amber,
        "Service users were not consulted on the design",
        "Service users were consulted on the design",
    )


def check_governance(bid: Bid) -> Finding:
    return expect_answer(
        bid.voice, "voice_service_users_in_governance", True, amber,
        "Service users have no seat on the governing board",
        "Service users sit on the governing board",
    )


def check_co_production(bid: Bid) -> Finding:
    return expect_answer(
        bid.voice, "voice_co_produced_design", True, amber,
        "The service design was not co-produced with service users",
        "The service design was co-produced with service users",
    )


def check_caseload(bid: Bid) -> Finding:
    caseload = bid.voice.caseload_clients_per_keyworker
    readings = read(bid.voice, "caseload_clients_per_keyworker")
    cell = bid.voice.cell("caseload_clients_per_keyworker")
    if caseload is None:
        concern = "Caseload per keyworker is not stated"
        return Finding(0.5, concern, (amber(concern, cell),), readings)
    summary = f"{number(caseload)} clients per keyworker"
    score = scale(caseload, CASELOAD_WORST, CASELOAD_GOOD)
    if caseload > CASELOAD_STRETCHED:
        concern = f"{number(caseload)} clients per keyworker leaves little time for each person"
        make = red if caseload >= CASELOAD_WORST else amber
        return Finding(score, concern, (make(concern, cell),), readings)
    return Finding(score, summary, readings=readings)


RULES = [
    Rule(
        id="VOI-01",
        area=Area.voice,
        title="People with lived experience in the workforce",
        rationale=(
            "Peer workers and staff in recovery carry the trust that makes people stay; "
            "guidance asks partnerships to grow lived-experience leadership. We score 20% "
            "of the workforce or more in full and flag under 10% amber: a working "
            "assumption. Red when no one on the staff has lived experience and there are "
            "no peer workers at all, against guidance that every area have a "
            "well-resourced recovery community led by people in recovery."
        ),
        stronger_bid="Employs peer workers and a substantial share of staff with lived "
        "experience, with paths to progress.",
        evidence=("R-LERO", "R-BLACK", "R-ACCOUNTS"),
        check=check_lived_experience_workforce,
    ),
    Rule(
        id="VOI-02",
        area=Area.voice,
        title="Service users consulted on the design",
        rationale=(
            "The harms this tool looks for were first told by service users; they are "
            "the people who can say whether a design would push them out."
        ),
        stronger_bid="Consults current and former service users on the design and shows "
        "what changed.",
        evidence=("R-ACCOUNTS", "R-PSR"),
        check=check_consultation,
    ),
    Rule(
        id="VOI-03",
        area=Area.voice,
        title="Service users on the governing board",
        rationale=(
            "A seat where decisions are made is what turns consultation into influence; "
            "guidance asks that partners in recovery be treated as equals."
        ),
        stronger_bid="Gives service users seats on the governing board, with support to "
        "take part.",
        evidence=("R-LERO", "R-BLACK"),
        check=check_governance,
    ),
    Rule(
        id="VOI-04",
        area=Area.voice,
        title="A co-produced service design",
        rationale=(
            "Designs made with the people who use them keep both doors open: the route to "
            "abstinence and maintenance without pressure."
        ),
        stronger_bid="Co-produces the design with service users and the recovery community.",
        evidence=("R-LERO", "R-BLACK"),
        check=check_co_production,
    ),
    Rule(
        id="VOI-05",
        area=Area.voice,
        title="Caseloads small enough for keywork",
        rationale=(
            "Deaths rose where treatment budgets were cut hardest, and a well-resourced "
            "service needs keyworkers with time for each person. There is no national "
            "standard: we score 40 clients per keyworker or fewer in full, flag more than "
            "50 amber and 80 or more red (twice the caseload we score in full, where the "
            "score reaches its worst), as a working assumption; Blackpool, with the "
            "highest drug death rate, cut its treatment budget by 72%."
        ),
        stronger_bid="States a caseload of 40 or fewer clients per keyworker.",
        evidence=("R-BLACKPOOL", "R-BLACK"),
        check=check_caseload,
    ),
]
