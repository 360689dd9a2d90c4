"""Tables that are read, not explored: every column on screen, long text wrapped; and
the reader's notes on a workbook, which end in one.

st.table renders Markdown in its cells, so every text is shown through `plain` (the
same escaping as any bidder text on a page): it reads as typed, never as formatting.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Sequence
from numbers import Integral, Real

import pandas as pd
import streamlit as st

from app_pages.shared.present import plain, problems_table, reader_notes_words
from scoring.reader import Problem


def show_table(frame: pd.DataFrame, decimals: int = 1) -> None:
    """A table whose cells wrap, so no column is pushed off the page or cut short.

    Whole-number columns (ranks, counts) show as such, other numbers with `decimals`
    places; a missing score reads 'not scored'. For rows a person selects, use st.dataframe.
    """
    st.table(frame.style.hide(axis="index").format(figure(decimals), na_rep="not scored"))


def reader_notes(notes: Sequence[Problem], cell_by_cell: bool = True) -> None:
    """What the reader noted on a workbook (something Excel hides), in words; then, when
    `cell_by_cell`, the notes in a table inside an expander."""
    if not notes:
        return
    st.warning(plain(reader_notes_words(notes)), icon=":material/visibility_off:")
    if cell_by_cell:
        with st.expander("The notes, cell by cell"):
            show_table(problems_table(notes))


LONGEST_UNBROKEN = 40
_LONG_WORD = re.compile(rf"\S{{{LONGEST_UNBROKEN},}}")


def breakable(text: str) -> str:
    """Text with an invisible break opportunity in every very long word.

    A table cell wraps at spaces and hyphens only (breaking anywhere would split short
    words in a narrow column), so a long unbroken name gets places where it may wrap.
    """
    return _LONG_WORD.sub(
        lambda word: ZERO_WIDTH_SPACE.join(textwrap.wrap(word[0], LONGEST_UNBROKEN // 2,
                                                         break_on_hyphens=False)),
        text)


ZERO_WIDTH_SPACE = "\u200b"


def figure(decimals: int) -> Callable[[object], str]:
    def shown(value: object) -> str:
        if isinstance(value, bool) or not isinstance(value, Real):
            return plain(breakable(str(value)))
        if isinstance(value, Integral):
            return f"{value:,}"
        return f"{value:,.{decimals}f}"
    return shown
