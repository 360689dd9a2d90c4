"""Work that every journey shares and caches by content: safe for all users to share.

The cache holds a pure function of a file's bytes and name, so one user's upload never
shows another user anything they did not give the app themselves.
"""

from __future__ import annotations

import streamlit as st

from scoring.batch import BidReport, report_for
from scoring.reader import read_bid_bytes


@st.cache_data(show_spinner=False, max_entries=1000)
def read_and_score(data: bytes, name: str) -> BidReport:
    """Read and score one workbook under the default scheme; cached by content and name."""
    return report_for(read_bid_bytes(data, name))
