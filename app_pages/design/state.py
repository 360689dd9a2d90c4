"""One user's payment-design variants, kept in st.session_state; checks cached by content.

A variant is a name and the design it started from; the page's widgets hold the edits
made since, and `starting_value`/`remember` keep those edits when the user visits
another page (Streamlit forgets a widget that is not drawn). `review` (the rules, the
stress test and the suggestions for one design) is a pure function of the design's
content, so its cache is safe to share between users.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from scoring.design import DesignCheck, Suggestion, check_design, suggest
from scoring.models import Design

VARIANTS = "design_variants"  # variant id -> Variant, in the order they were added
NEXT_ID = "design_next_id"  # keeps each variant's widget keys its own
DRAWN_FROM = "design_drawn_from"  # widget key -> the value it was first drawn with
LATEST = "design_latest"  # widget key -> its value at the end of the last run
MOST_VARIANTS = 4


@dataclass(frozen=True)
class Variant:
    name: str
    design: Design  # as it started; the page's widgets hold the edits since


@st.cache_data(show_spinner=False, max_entries=500)
def review(content: str, _design: Design) -> tuple[DesignCheck, tuple[Suggestion, ...]]:
    """The rules, the stress test (central figures and robustness) and the suggestions.

    Cached by the design's content (its JSON), not by the object.
    """
    check = check_design(_design)
    return check, suggest(_design, before=check)


def variants() -> dict[int, Variant]:
    return st.session_state.setdefault(VARIANTS, {})


def starting_value(key: str, default: Any) -> Any:
    """The value a widget is drawn with: its last value if the user left the page.

    While the widget lives, the value it was first drawn with (a table editor's edits
    are kept relative to it); when it is drawn afresh, the last value it had.
    """
    drawn_from = st.session_state.setdefault(DRAWN_FROM, {})
    if key not in st.session_state or key not in drawn_from:
        drawn_from[key] = st.session_state.setdefault(LATEST, {}).get(key, default)
    return drawn_from[key]


def remember(key: str, value: Any) -> Any:
    """Keep a widget's value for when the page is drawn afresh; returns the value."""
    st.session_state.setdefault(LATEST, {})[key] = value
    return value


def start_from(name: str, design: Design) -> None:
    """Throw the variants away and start again from one design."""
    st.session_state[DRAWN_FROM], st.session_state[LATEST] = {}, {}
    st.session_state[VARIANTS] = {_new_id(): Variant(name, design)}


def add_variant(name: str, design: Design) -> None:
    """Add a variant beside the others (up to four)."""
    if len(variants()) < MOST_VARIANTS:
        variants()[_new_id()] = Variant(name, design)


def remove_variant(variant_id: int) -> None:
    variants().pop(variant_id, None)


def _new_id() -> int:
    st.session_state[NEXT_ID] = st.session_state.get(NEXT_ID, 0) + 1
    return st.session_state[NEXT_ID]
