"""The web app: upload bids, compare their scorecards, see why every score is what it is."""

import logging

import streamlit as st

from app_pages import state

st.set_page_config(page_title="Treatment bid scorer", page_icon=":material/balance:",
                   layout="wide")
state.start()

pages = {
    "Bids": [
        st.Page("app_pages/bids.py", title="Bids in", icon=":material/upload_file:",
                default=True),
    ],
    "Scores": [
        st.Page("app_pages/compare.py", title="Compare bids", icon=":material/leaderboard:"),
        st.Page("app_pages/why.py", title="Why these scores", icon=":material/help:"),
        st.Page("app_pages/stress_test.py", title="Stress test", icon=":material/science:"),
        st.Page("app_pages/design.py", title="Design a payment model",
                icon=":material/design_services:"),
        st.Page("app_pages/weights.py", title="Weights", icon=":material/tune:"),
        st.Page("app_pages/download.py", title="Download", icon=":material/download:"),
    ],
    "Help": [
        st.Page("app_pages/glossary.py", title="Glossary", icon=":material/menu_book:"),
    ],
}
page = st.navigation(pages)

files = state.loaded()
accepted = sum(file.accepted for file in files)
with st.sidebar:
    if files:
        st.caption(f"{accepted} bid{'s' if accepted != 1 else ''} scored"
                   + (f", {len(files) - accepted} refused" if len(files) > accepted else ""))
    else:
        st.caption("No bids loaded yet")

try:
    page.run()
except Exception:  # never show a raw traceback; Streamlit's own stop/rerun signals pass
    logging.getLogger(__name__).exception("page %s failed", page.title)
    st.error("Sorry, something went wrong on this page. Your bids and weights are kept; "
             "try another page or load the files again.", icon=":material/error:")
