"""One user's payment-design variants, kept in st.session_state; checks cached by content.

A variant is a name and the design it started from; the page's widgets hold the edits
made since. `review` (the rules, the stress test and the suggestions for one design) is
a pure function of the design's content, so its cache is safe to share between users.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from scoring.design import DesignCheck, Suggestion, check_design, suggest
from scoring.models import Design

VARIANTS = "design_variants"  # variant id -> Variant, in the order they were added
NEXT_ID = "design_next_id"  # keeps each variant's widget keys its own
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


def start_from(name: str, design: Design) -> None:
    """Throw the variants away and start again from one design."""
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
