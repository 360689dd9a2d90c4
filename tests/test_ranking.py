"""Ranking under a scheme, and whether the top bid holds as the weights move."""

from __future__ import annotations

from pathlib import Path

from scoring.batch import report_for
from scoring.ranking import ranking, top_bid_sensitivity
from scoring.reader import read_bid
from scoring.rulebook import Area
from scoring.scheme import DEFAULT_AREA_WEIGHTS, DEFAULT_SCHEME

SAMPLES = Path(__file__).resolve().parent.parent / "sample_tenders"


def test_sensitivity_finds_the_weight_at_which_another_bid_comes_first():
    reports = [report_for(read_bid(SAMPLES / name)) for name in
               ("brightpath.xlsx", "dales_rural.xlsx")]
    weights = {area: 0.0 for area in Area} | {Area.incentives: 25.0}
    ranked = ranking(reports, DEFAULT_SCHEME.with_area_weights(weights))
    assert ranked[0].scorecard.provider == "Brightpath Recovery CIC"
    by_area = {r.area: r for r in top_bid_sensitivity(ranked, weights, spread=10)}
    mutual_aid = by_area[Area.mutual_aid]
    assert not mutual_aid.top_holds
    change = mutual_aid.changes[0]
    assert 0 < change.weight <= 10
    assert [ranked[i].scorecard.provider for i in change.leaders] == [
        "Dales Community Drug and Alcohol Service"]
    assert by_area[Area.incentives].top_holds


def test_sensitivity_under_the_published_weights_keeps_northgate_first():
    reports = [report_for(read_bid(path)) for path in sorted(SAMPLES.glob("*.xlsx"))]
    ranked = ranking(reports, DEFAULT_SCHEME)
    assert all(r.top_holds for r in top_bid_sensitivity(ranked, DEFAULT_AREA_WEIGHTS))
