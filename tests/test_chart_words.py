"""Every chart says its numbers in words, for a screen reader (Vega's description)."""

from app_pages.shared.charts import area_chart, bid_areas_chart


def test_a_bid_chart_describes_every_bar_with_its_score_and_flag():
    rows = [{"Area": "Safety", "Score": 80.4, "Flags": "amber flag", "Line": "Safety 80",
             "Detail": ""},
            {"Area": "Service-user voice", "Score": None, "Flags": "no flags",
             "Line": "Service-user voice", "Detail": ""}]
    assert bid_areas_chart(rows).to_dict()["description"] == (
        "Bar chart of scores out of 100: Safety 80 out of 100, amber flag; "
        "Service-user voice not scored, no flags.")


def test_an_area_chart_names_every_bid_best_first():
    rows = [{"Area": "Safety", "Bid": name, "BidLine": name, "Score": score,
             "Flags": "no flags", "Detail": ""} for name, score in (("B", 40.0), ("A", 90.0))]
    said = area_chart(rows, ["A", "B"], "Safety").to_dict()["description"]
    assert said.index("A 90 out of 100") < said.index("B 40 out of 100")
