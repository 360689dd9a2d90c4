"""Tables that are read, not explored: every column on screen, long text wrapped.

st.table renders Markdown in its cells, so every text is shown through `plain` (the
same escaping as any bidder text on a page): it reads as typed, never as formatting.
"""

from __future__ import annotations

from collections.abc import Callable
from numbers import Integral, Real

import pandas as pd
import streamlit as st

from app_pages.present import plain


def show_table(frame: pd.DataFrame, decimals: int = 1) -> None:
    """A table whose cells wrap, so no column is pushed off the page or cut short.

    Whole-number columns (ranks, counts) show as such, other numbers with `decimals`
    places; a missing score reads 'not scored'. For rows a person selects, use st.dataframe.
    """
    st.table(frame.style.hide(axis="index").format(figure(decimals), na_rep="not scored"))


def figure(decimals: int) -> Callable[[object], str]:
    def shown(value: object) -> str:
        if isinstance(value, bool) or not isinstance(value, Real):
            return plain(str(value))
        if isinstance(value, Integral):
            return f"{value:,}"
        return f"{value:,.{decimals}f}"
    return shown
