"""Build evaluations in any stage for the tests, through the service functions only."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from evaluations import records, services, views
from evaluations.process import Stage
from evaluations.store import unit_of_work

SAMPLES = Path(__file__).resolve().parents[2] / "sample_tenders"
BIDS = {"northgate.xlsx": "NRP-2027-01", "swift_outcomes.xlsx": "SWO/26/114"}
SPARE_BID = "riverside.xlsx"
CRITERIA = ("balance", "incentives", "mutual_aid", "recovery_capital", "safety", "voice")
GOOD_REASON = ("The panel agreed this score against the descriptor after discussing the "
               "evaluators' spread, the rules' red flag and risk in this area, and the "
               "service-user panel's serious concern, which the provider's answers do not "
               "resolve.")


def good_reason(bid: str, criterion: str) -> str:
    """A sound reason written for one bid and criterion: the same words for two cells would
    be a copied reason, which refuses the final documents."""
    return (f"For {bid} on {criterion}, the panel agreed this score against the descriptor "
            "after discussing the evaluators' spread, the rules' red flag in this area, and the "
            "service-user panel's serious concern, which the provider's answers on "
            f"{criterion.replace('_', ' ')} do not resolve.")


@dataclass
class Panel:
    engine: Engine
    evaluation: int
    lead: int
    lead_code: str
    a: int
    b: int
    service_user: int
    observer: int
    codes: dict[str, str] = field(default_factory=dict)
    bids: tuple[str, ...] = tuple(BIDS.values())

    def write(self):
        return unit_of_work(self.engine)

    def read(self):
        return unit_of_work(self.engine, write=False)

    def member(self, role: str) -> int:
        return {"lead": self.lead, "evaluator": self.a, "service_user": self.service_user,
                "observer": self.observer}[role]


def build_panel(engine: Engine, extra_bids: tuple[Path, ...] = ()) -> Panel:
    """An evaluation in setup with the two sample bids (and `extra_bids`), every member
    declared."""
    with unit_of_work(engine) as uow:
        evaluation, lead, lead_code = services.create_evaluation(uow, "Test tender", "Lead")
        a, code_a = services.add_member(uow, lead, "Evaluator A", "evaluator")
        b, code_b = services.add_member(uow, lead, "Evaluator B", "evaluator")
        su, code_su = services.add_member(uow, lead, "Service user", "service_user")
        observer, code_o = services.add_member(uow, lead, "Observer", "observer")
        for path in (*(SAMPLES / name for name in BIDS), *extra_bids):
            assert services.add_bid(uow, lead, path.read_bytes(), path.name).accepted
        for member in (lead, a, b, su):
            services.declare(uow, member, [])
    return Panel(engine, evaluation, lead, lead_code, a, b, su, observer,
                 {"lead": lead_code, "a": code_a, "b": code_b, "service_user": code_su,
                  "observer": code_o})


def score_all(panel: Panel, member: int, score: int = 2, comment: str = "fine",
              submit: bool = True) -> None:
    with panel.write() as uow:
        if records.acting(uow, member).member.submitted_at is not None:
            return
        page = views.show(uow, member)
        for bid in page["bids"]:
            for criterion in page["scheme"]["criteria"]:
                if criterion["panel_share"] == 0:
                    continue
                value = 1 if criterion["kind"] == "pass_fail" else score
                services.save_score(uow, member, bid["reference"], criterion["id"], value,
                                    comment)
        if submit:
            services.submit(uow, member)


def moderate_all(panel: Panel, score: int = 2, fail: tuple[str, str] | None = None) -> None:
    """Agree every cell (a pass/fail criterion passes, except the (bid, criterion) `fail`)."""
    with panel.write() as uow:
        for cell in views.moderation_view(uow, panel.lead):
            if not cell["panel_scored"] or cell["consensus"]:
                continue
            kind = records.acting(uow, panel.lead).scheme.criterion(cell["criterion"]).kind
            value = score if kind == "scored" else int((cell["bid"], cell["criterion"]) != fail)
            services.moderate(uow, panel.lead, cell["bid"], cell["criterion"], value,
                              good_reason(cell["bid"], cell["criterion"]))


def to_stage(panel: Panel, stage: Stage) -> Panel:
    """Move the panel's evaluation on to `stage`, doing what each step needs."""
    order = list(Stage)
    with panel.read() as uow:
        current = Stage(records.acting(uow, panel.lead).evaluation.stage)
    while order.index(current) < order.index(stage):
        if current is Stage.scoring:
            score_all(panel, panel.a, 1, "thin evidence")
            score_all(panel, panel.b, 3, "good evidence")
        if current is Stage.moderation:
            moderate_all(panel)
        with panel.write() as uow:
            current = services.advance(uow, panel.lead)
    return panel


def details_toml(criteria: tuple[str, ...] = CRITERIA, bids: tuple[str, ...] = tuple(BIDS.values()),
                 concerns: tuple[tuple[str, str], ...] = ()) -> str:
    """A complete award-details file, as a lead would write it, for `details --file`."""
    lines = [
        'service = "drug and alcohol treatment in Testshire"',
        'decision_body = "The Director of Public Health, Testshire Council"',
        'decision_instrument = "Delegated officer decision DPH/2026/009"',
        "decision_date = 2026-12-16",
        'representations_to = "procurement@testshire.example.gov.uk"',
        'process = "Competitive process under PSR reg 11: the panel scored alone, moderated '
        'and recommended; the Director of Public Health decided."',
        'selection_reasons = "Northgate ranks first of the bids that meet every minimum '
        'requirement: it keeps both maintenance and a funded route to abstinence open."',
        "publication_date = 2026-12-18",
        "[contract]",
        'authority = "Testshire Council"',
        'title = "Testshire Drug and Alcohol Treatment Service"',
        'reference = "TC-2027-01"',
        'description = "Community drug and alcohol treatment for adults."',
        'cpv_code = "85312500-4"',
        "lifetime_value = 12000000",
        "[importance_reasons]",
        *(f'{criterion} = "Set by the council\'s needs assessment for this criterion."'
          for criterion in criteria),
        "[[decision_makers]]",
        'name = "Dr Dana Hale"',
        'job_title = "Director of Public Health, Testshire Council"',
        'declaration = "No interests to declare"',
        "declared_on = 2026-12-15",
    ]
    for bid in bids:
        lines += [f'[providers."{bid}"]', f'registered_office = "1 High Street, {bid}"',
                  'identifier = "Company 01234567"',
                  f'[[providers."{bid}".selection]]',
                  'check = "Suitability to pursue the activity"', "met = true",
                  'evidence = "CQC registration checked"',
                  f'[[providers."{bid}".selection]]', 'check = "Exclusion grounds"',
                  'kind = "exclusion"', "met = true", 'evidence = "None declared"']
    for bid, criterion in concerns:
        lines += ["[[responses]]", f'bid = "{bid}"', f'criterion = "{criterion}"',
                  'response = "We agree. We gave a lower score for it."']
    return "\n".join(lines) + "\n"
