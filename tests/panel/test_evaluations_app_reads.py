"""The reads the app's pages add: who is signed in, memberships by e-mail, the decision,
and a bid's details and Narrative for a service-user representative."""

from __future__ import annotations

import re

import pytest

from evaluations import services, views
from evaluations.process import Refused, Stage
from tests.panel.support import to_stage

RULE_ID = re.compile(r"\b[A-Z]{3}-\d{2}\b")


def test_who_reads_the_role_and_stage_from_the_store(panel):
    with panel.read() as uow:
        me = views.who(uow, panel.a)
    assert (me["member"], me["role"], me["stage"]) == ("Evaluator A", "evaluator", "setup")
    assert me["declared"] and not me["submitted"]
    with panel.write() as uow:
        services.remove_member(uow, panel.lead, "Evaluator A")
    with panel.read() as uow, pytest.raises(Refused):
        views.who(uow, panel.a)


def test_memberships_match_an_email_in_any_case_and_skip_removed_members(panel):
    with panel.write() as uow:
        services.add_member(uow, panel.lead, "Eve", "evaluator", "Eve@Council.example")
    with panel.read() as uow:
        found = views.memberships(uow, " eve@council.EXAMPLE ")
    assert [(m["evaluation"], m["role"]) for m in found] == [(panel.evaluation, "evaluator")]
    with panel.write() as uow:
        services.remove_member(uow, panel.lead, "Eve")
    with panel.read() as uow:
        assert views.memberships(uow, "eve@council.example") == []


def test_the_decision_says_who_decided_and_when_and_gives_every_reason(panel):
    with panel.read() as uow, pytest.raises(Refused):
        views.decision(uow, panel.observer)
    to_stage(panel, Stage.decided)
    with panel.read() as uow:
        outcome = views.decision(uow, panel.observer)
    assert outcome["decided"] and outcome["decided_by"] == "Lead"
    assert outcome["decided_at"] is not None
    assert len(outcome["reasons"]) == len(panel.bids) * 6
    assert [entry["rank"] for entry in outcome["ranking"]] == [1, 2]


def test_a_service_user_gets_the_narrative_without_money(panel):
    to_stage(panel, Stage.scoring)
    with panel.read() as uow:
        narrative = views.plain_narrative(uow, panel.service_user, "NRP-2027-01")
    assert narrative and "£" not in str(narrative)


def test_a_conflicted_member_gets_no_details_of_that_bid(panel):
    to_stage(panel, Stage.scoring)
    with panel.write() as uow:
        services.declare(uow, panel.service_user, ["SWO/26/114"])
    with panel.read() as uow, pytest.raises(Refused):
        views.plain_narrative(uow, panel.service_user, "SWO/26/114")


def test_a_bid_scored_before_the_unit_of_work_is_kept_only_for_its_own_bytes(panel):
    from evaluations.bids import read_and_score
    from tests.panel.support import SAMPLES, SPARE_BID

    data = (SAMPLES / SPARE_BID).read_bytes()
    other = read_and_score((SAMPLES / "northgate.xlsx").read_bytes(), "northgate.xlsx")
    with panel.write() as uow:
        added = services.add_bid(uow, panel.lead, data, SPARE_BID, other)
    assert added.accepted and added.report.read.digest != other.read.digest
    with panel.read() as uow:
        references = [bid["reference"] for bid in views.show(uow, panel.lead)["bids"]]
    assert added.report.scorecard.reference in references
