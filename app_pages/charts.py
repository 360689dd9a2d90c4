"""Altair charts of area scores; bars coloured by flag, and the flag always said in words."""

from __future__ import annotations

import altair as alt
import pandas as pd

from app_pages.present import AREA_NAMES

FLAG_COLOURS = alt.Scale(
    domain=["no flags", "amber flag", "red flag"], range=["#4C78A8", "#E8A33D", "#C0392B"]
)
AREA_ORDER = list(AREA_NAMES.values())


def bid_areas_chart(rows: list[dict[str, object]]) -> alt.LayerChart:
    """One bid's six areas as horizontal bars, each labelled with its score and flags."""
    frame = pd.DataFrame(rows)
    base = alt.Chart(frame).encode(
        y=alt.Y("Area:N", sort=AREA_ORDER, title=None,
                axis=alt.Axis(labelLimit=120, labelOverlap=False, labelFontSize=12)),
        tooltip=["Area", alt.Tooltip("Score:Q", format=".1f"), "Detail"],
    )
    bars = base.mark_bar(height=16).encode(
        x=alt.X("Score:Q", scale=alt.Scale(domain=[0, 160]), title=None,
                axis=alt.Axis(values=[0, 50, 100], grid=False)),
        color=alt.Color("Flags:N", scale=FLAG_COLOURS, legend=None),
    )
    labels = base.mark_text(align="left", dx=4, fontSize=11).encode(
        x=alt.X("Score:Q"), text="Label:N"
    )
    return (bars + labels).properties(height=6 * 30)


def areas_by_bid_chart(rows: list[dict[str, object]], bids: list[str]) -> alt.FacetChart:
    """Small multiples, one per area: every bid's score side by side, best bid first."""
    frame = pd.DataFrame(rows)
    base = alt.Chart(frame).encode(
        y=alt.Y("Bid:N", sort=bids, title=None,
                axis=alt.Axis(labelLimit=180, labelOverlap=False)),
        tooltip=["Bid", "Area", alt.Tooltip("Score:Q", format=".1f"), "Detail"],
    )
    bars = base.mark_bar().encode(
        x=alt.X("Score:Q", scale=alt.Scale(domain=[0, 150]), title="Score (0-100)",
                axis=alt.Axis(values=[0, 50, 100])),
        color=alt.Color("Flags:N", scale=FLAG_COLOURS,
                        legend=alt.Legend(title="Worst flag", orient="top")),
    )
    labels = base.mark_text(align="left", dx=4, fontSize=11).encode(
        x=alt.X("Score:Q"), text="Label:N"
    )
    return (
        (bars + labels)
        .properties(width=260, height=max(120, 22 * len(bids)))
        .facet(facet=alt.Facet("Area:N", sort=AREA_ORDER, title=None), columns=3)
    )
