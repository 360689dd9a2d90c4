"""Altair charts of area scores; bars coloured by flag, and the flag always said in words.

Every label is written above its bar, across the chart's full width and wrapped onto
more lines where it is long, so no name or figure is ever cut off, and each chart is
sized by its container so it fits a phone. A screen reader hears the chart's
description: every bar's name, score and flag, in words.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from app_pages.shared.present import AREA_NAMES

FLAG_COLOURS = alt.Scale(
    domain=["no flags", "amber flag", "red flag"], range=["#4C78A8", "#E8A33D", "#C0392B"]
)
AREA_ORDER = list(AREA_NAMES.values())
LINE_HEIGHT = 15
BAR_HEIGHT = 12


def labelled_bars(frame: pd.DataFrame, row: str, order: list[str]) -> alt.LayerChart:
    """One bar a row (0-100), with the row's `Line` (possibly several lines) above it."""
    lines = int(frame["Line"].str.count("\n").max()) + 1 if len(frame) else 1
    step = lines * LINE_HEIGHT + BAR_HEIGHT + 12
    base = alt.Chart(frame).encode(
        y=alt.Y(f"{row}:N", sort=order, axis=None, scale=alt.Scale(paddingInner=0,
                                                                   paddingOuter=0)),
        tooltip=[row, alt.Tooltip("Score:Q", format=".1f"), "Detail"],
    )
    half = step / 2
    bars = base.mark_bar(height=BAR_HEIGHT, yOffset=half - BAR_HEIGHT / 2 - 4).encode(
        x=alt.X("Score:Q", scale=alt.Scale(domain=[0, 100]), title=None,
                axis=alt.Axis(values=[0, 50, 100], grid=False)),
        color=alt.Color("Flags:N", scale=FLAG_COLOURS, legend=None),
    )
    text = base.mark_text(align="left", baseline="top", fontSize=12, lineBreak="\n",
                          lineHeight=LINE_HEIGHT, dy=-half + 4).encode(
        x=alt.value(0), text="Line:N",
    )
    return (bars + text).properties(height=alt.Step(step),
                                    description=described(frame, row, order))


def described(frame: pd.DataFrame, row: str, order: list[str]) -> str:
    """The chart in words, for its alt text: 'Safety 80 out of 100, amber flag; ...'."""
    ranked = frame.assign(_at=frame[row].map({name: i for i, name in enumerate(order)}))
    said = [f"{item[row]} " + ("not scored" if pd.isna(item["Score"]) else
                               f"{item['Score']:.0f} out of 100") + f", {item['Flags']}"
            for _, item in ranked.sort_values("_at").iterrows()]
    return "Bar chart of scores out of 100: " + "; ".join(said) + "."


def bid_areas_chart(rows: list[dict[str, object]]) -> alt.LayerChart:
    """One bid's six areas, each labelled with its name, score and flags."""
    return labelled_bars(pd.DataFrame(rows), "Area", AREA_ORDER)


def area_chart(rows: list[dict[str, object]], bids: list[str], area: str) -> alt.LayerChart:
    """Every bid's score in one area, best bid first, each named in full above its bar."""
    frame = pd.DataFrame([row for row in rows if row["Area"] == area])
    frame["Line"] = frame["BidLine"]
    return labelled_bars(frame, "Bid", bids).properties(title=area)
