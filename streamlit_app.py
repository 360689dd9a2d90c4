"""The web app: upload bids, compare their scorecards, see why every score is what it is."""

import logging
from pathlib import Path

import streamlit as st

from app_pages.panel import nav as panel_nav
from app_pages.quick import state

# A local image: a Material icon here would be fetched from a font host on every page,
# and the app makes no request outside the machine it runs on.
ICON = Path(__file__).resolve().parent / "app_pages" / "shared" / "icon.png"
# A long unbroken word (a provider name, a file name) wraps rather than breaking a card
# or a heading out of its column. In tables, breaking anywhere would split short words in
# narrow columns; there words wrap at spaces and hyphens, and app_pages.shared.tables gives
# very long words invisible break points.
WRAP_LONG_WORDS = """<style>
[data-testid="stMarkdownContainer"], [data-testid="stMarkdownContainer"] *,
[data-testid="stHeading"], [data-testid="stCaptionContainer"], [data-testid="stTable"] td,
[data-testid="stTable"] th, [data-testid="stExpander"] summary,
[data-testid="stMetricLabel"] { overflow-wrap: anywhere !important; }
[data-testid="stTable"] [data-testid="stMarkdownContainer"],
[data-testid="stTable"] [data-testid="stMarkdownContainer"] *,
[data-testid="stTable"] td { overflow-wrap: break-word !important; }
</style>"""

st.set_page_config(page_title="Treatment bid scorer", page_icon=str(ICON), layout="wide")
st.html(WRAP_LONG_WORDS)
state.start()

pages = {
    "Bids": [
        st.Page("app_pages/quick/bids.py", title="Bids in", icon=":material/upload_file:",
                default=True),
    ],
    "Scores": [
        st.Page("app_pages/quick/compare.py", title="Compare bids", icon=":material/leaderboard:"),
        st.Page("app_pages/quick/why.py", title="Why these scores", icon=":material/help:"),
        st.Page("app_pages/quick/stress_test.py", title="Stress test", icon=":material/science:"),
        st.Page("app_pages/design/page.py", title="Design a payment model",
                icon=":material/design_services:", url_path="design"),
        st.Page("app_pages/quick/weights.py", title="Weights", icon=":material/tune:"),
        st.Page("app_pages/quick/download.py", title="Download", icon=":material/download:"),
    ],
    "Help": [
        st.Page("app_pages/quick/glossary.py", title="Glossary", icon=":material/menu_book:"),
    ],
    "Evaluation (signed in, saved)": panel_nav.pages(),
}
page = st.navigation(pages, expanded=True)
panel_nav.sidebar(page)

files = state.loaded()
accepted = sum(file.accepted for file in files)
with st.sidebar:
    if files:
        st.caption(f"{accepted} bid{'s' if accepted != 1 else ''} scored"
                   + (f", {len(files) - accepted} refused" if len(files) > accepted else ""))
    elif not panel_nav.is_panel_page(page):
        st.caption("No bids loaded yet")

try:
    page.run()
except Exception:  # never show a raw traceback; Streamlit's own stop/rerun signals pass
    logging.getLogger(__name__).exception("page %s failed", page.title)
    st.error("Sorry, something went wrong on this page. Your bids and weights are kept; "
             "try another page or load the files again.", icon=":material/error:")
