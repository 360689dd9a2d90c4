"""Every kind of save carries the version it was made against: a save from a stale page is
refused with who changed it, never merged; and a lead with a conflict hands that bid's
moderation to another member, on the record. On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from evaluations import records, services, views
from evaluations.details import AwardDetails, ContractDetails
from evaluations.process import Refused, Stage, Stale
from evaluations.versions import NOTHING_SAVED
from tests.panel.support import GOOD_REASON, moderate_all, to_stage

BID = "NRP-2027-01"
OTHER = "SWO/26/114"


def stored_score(panel) -> tuple[int, str, int]:
    with panel.read() as uow:
        row = next(s for s in views.my_scores(uow, panel.a)
                   if (s["bid"], s["criterion"]) == (BID, "balance"))
    return row["score"], row["comment"], row["version"]


def test_a_score_saved_against_an_old_version_is_refused_and_the_store_keeps_the_newer(panel):
    to_stage(panel, Stage.scoring)
    with panel.write() as uow:
        services.save_score(uow, panel.a, BID, "balance", 3, "first window",
                            expected_version=NOTHING_SAVED)
    assert stored_score(panel) == (3, "first window", 1)
    with panel.write() as uow:
        services.save_score(uow, panel.a, BID, "balance", 2, "first window again",
                            expected_version=1)
    with pytest.raises(Stale) as stale, panel.write() as uow:
        services.save_score(uow, panel.a, BID, "balance", 0, "second window",
                            expected_version=1)
    assert str(stale.value) == ("Evaluator A changed this in another window: here is what "
                                "is saved now")
    with pytest.raises(Stale), panel.write() as uow:
        services.save_score(uow, panel.a, BID, "safety", 0, "x", expected_version=4)
    with pytest.raises(Stale), panel.write() as uow:  # "nothing saved" when something is
        services.save_score(uow, panel.a, BID, "balance", 0, "x",
                            expected_version=NOTHING_SAVED)
    assert stored_score(panel) == (2, "first window again", 2)


def test_a_service_user_view_saved_against_an_old_version_is_refused(panel):
    to_stage(panel, Stage.scoring)
    su = panel.service_user
    with panel.write() as uow:
        services.save_view(uow, su, BID, "balance", "concern", "one", expected_version=0)
        services.save_view(uow, su, BID, "balance", "agree", "two", expected_version=1)
    with pytest.raises(Stale) as stale, panel.write() as uow:
        services.save_view(uow, su, BID, "balance", "serious_concern", "stale",
                           expected_version=1)
    assert "Service user changed this in another window" in str(stale.value)
    with panel.read() as uow:
        bid = next(b for b in views.show(uow, su)["bids"] if b["reference"] == BID)
    mine = next(c for c in bid["criteria"] if c["id"] == "balance")["my_view"]
    assert (mine["view"], mine["comment"], mine["version"]) == ("agree", "two", 2)


def agreed(panel, member: int, bid: str = BID) -> dict:
    with panel.read() as uow:
        cell = views.moderation_view(uow, member, bid, "balance")[0]
    return cell["consensus"]


def test_an_agreed_score_or_an_approval_against_an_old_version_is_refused(panel):
    to_stage(panel, Stage.moderation)
    with panel.write() as uow:
        services.moderate(uow, panel.lead, BID, "balance", 2, GOOD_REASON, expected_version=0)
    assert agreed(panel, panel.lead)["version"] == 1
    with pytest.raises(Stale) as stale, panel.write() as uow:
        services.moderate(uow, panel.lead, BID, "balance", 4, GOOD_REASON + " Stale.",
                          expected_version=0)
    assert str(stale.value).startswith("Lead changed this in another window")
    with panel.write() as uow:
        drafted = services.draft_reasons(uow, panel.lead)
    assert (OTHER, "balance") in drafted
    version = agreed(panel, panel.lead, OTHER)["version"]
    with pytest.raises(Stale), panel.write() as uow:
        services.approve_reason(uow, panel.lead, OTHER, "balance", reason=GOOD_REASON,
                                expected_version=version + 1)
    with panel.write() as uow:
        services.approve_reason(uow, panel.lead, OTHER, "balance", reason=GOOD_REASON,
                                expected_version=version)
    after = agreed(panel, panel.lead, OTHER)
    assert after["reason_status"] == "approved" and after["version"] == version + 1
    assert agreed(panel, panel.lead)["score"] == 2


def test_award_details_saved_against_an_old_version_are_refused(panel):
    to_stage(panel, Stage.moderation)
    first = AwardDetails(contract=ContractDetails(title="One"))
    with panel.write() as uow:
        services.set_award_details(uow, panel.lead, first, expected_version=0)
        services.set_award_details(uow, panel.lead, AwardDetails(service="treatment"),
                                   expected_version=1)
    with pytest.raises(Stale), panel.write() as uow:
        services.set_award_details(uow, panel.lead, AwardDetails(
            contract=ContractDetails(title="Stale")), expected_version=1)
    with panel.read() as uow:
        held, version = records.award_details_version(uow, panel.evaluation)
    assert (held.contract.title, held.service, version) == ("One", "treatment", 2)


def test_a_lead_with_a_conflict_hands_that_bid_to_another_member_on_the_record(panel):
    with panel.write() as uow:
        services.declare(uow, panel.lead, [BID])
    to_stage(panel, Stage.moderation)
    moderate_all(panel)  # the lead agrees every bid they may see
    with pytest.raises(Refused), panel.write() as uow:
        services.moderate(uow, panel.lead, BID, "balance", 2, GOOD_REASON)
    with pytest.raises(Refused) as refused, panel.write() as uow:
        services.advance(uow, panel.lead)
    assert records.WITHHELD in str(refused.value)  # what is missing, never the bid's name
    assert "Northgate" not in str(refused.value) and BID not in str(refused.value)
    with pytest.raises(Refused), panel.write() as uow:  # only a bid the lead is conflicted on
        services.assign_moderator(uow, panel.lead, OTHER, "Evaluator B")
    with pytest.raises(Refused), panel.write() as uow:  # only an evaluator
        services.assign_moderator(uow, panel.lead, BID, "Observer")
    with panel.write() as uow:
        services.assign_moderator(uow, panel.lead, BID, "Evaluator B")
    with pytest.raises(Refused), panel.write() as uow:  # another evaluator may not
        services.moderate(uow, panel.a, BID, "balance", 2, GOOD_REASON)
    with pytest.raises(Refused), panel.write() as uow:  # nor the stand-in on another bid
        services.moderate(uow, panel.b, OTHER, "balance", 2, GOOD_REASON)
    with panel.read() as uow:
        assert views.who(uow, panel.b)["moderates"] == [BID]
        cells = views.moderation_view(uow, panel.b, BID)
    assert {cell["bid"] for cell in cells} == {BID}
    with panel.write() as uow:
        for cell in cells:
            if cell["panel_scored"]:
                services.moderate(uow, panel.b, BID, cell["criterion"], 2, GOOD_REASON)
        assert services.advance(uow, panel.lead) is Stage.decided
    with panel.read() as uow:
        log = views.audit_log(uow, panel.lead)["events"]
    assigned = [e for e in log if e["action"] == "moderator_assigned"]
    assert assigned and assigned[0]["data"]["member"] == "Evaluator B"
    assert assigned[0]["data"]["bid"] == BID
    saved_by = {e["actor"] for e in log if e["action"] == "consensus_saved"
                and e["data"]["bid"] == BID}
    assert saved_by == {"Evaluator B"}
