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
# WCAG 2.2 AA in what Streamlit draws: a focus mark nobody can miss (black outline on a
# yellow halo, visible on white, grey and the red buttons), and the page's language,
# which Streamlit's own page declares as "en", set to British English.
ACCESSIBLE_PAGE = """<style>
:focus-visible, [data-baseweb] :focus-visible, a:focus-visible, button:focus-visible,
input:focus-visible, textarea:focus-visible, summary:focus-visible,
[role="radio"]:focus-visible, [role="checkbox"]:focus-visible,
[role="combobox"]:focus-visible, [tabindex]:focus-visible {
  outline: 3px solid #0b0c0c !important; outline-offset: 2px !important;
  box-shadow: 0 0 0 6px #ffdd00 !important; }
/* A field that cannot be changed now is still read: its label and chosen values stay dark. */
[data-testid="stWidgetLabel"] *,
[data-testid="stMultiSelect"]:has(input:disabled) [data-testid="stMultiSelectTagsContainer"] span {
  color: #0b0c0c !important; opacity: 1 !important; }
</style>
<script>
document.documentElement.lang = "en-GB";
// WCAG 2.1.4: Streamlit reruns the page when "r" is pressed anywhere outside a field;
// a single letter typed by a speech-input or keyboard user must not do anything.
if (!window.singleKeysOff) {
  window.singleKeysOff = true;
  window.addEventListener("keydown", event => {
    const field = event.target.closest && event.target.closest(
      "input, textarea, select, [contenteditable=''], [contenteditable='true']");
    if (!field && /^[a-z]$/i.test(event.key)
        && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.stopImmediatePropagation();
    }
  }, true);
}
// A table wider than a phone scrolls sideways: keyboard users must be able to reach and
// scroll it, so such a table's box becomes a focusable, named region. So is the menu,
// which scrolls on a phone (always: its height changes as fonts load, unobserved).
if (!window.scrollableTablesWatched) {
  window.scrollableTablesWatched = true;
  const region = (box, name) => {
    box.setAttribute("tabindex", "0");
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", name);
  };
  const reachable = () => {
    document.querySelectorAll('[data-testid="stSidebarContent"]')
      .forEach(box => region(box, "Menu"));
    document.querySelectorAll('[data-testid="stTable"] > div').forEach(box => {
      if (box.scrollWidth > box.clientWidth + 1) {
        region(box, "Table: scroll sideways to see every column");
      } else if (box.getAttribute("role") === "region") {
        ["tabindex", "role", "aria-label"].forEach(name => box.removeAttribute(name));
      }
    });
  };
  new MutationObserver(reachable).observe(document.body, {childList: true, subtree: true});
  window.addEventListener("resize", reachable);
}
</script>"""

st.set_page_config(page_title="Treatment bid scorer", page_icon=str(ICON), layout="wide")
st.html(WRAP_LONG_WORDS)
st.html(ACCESSIBLE_PAGE, unsafe_allow_javascript=True)
state.start()
panel_nav.begin_run()

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
# Streamlit's own sidebar menu puts <li> items inside <div>s (invalid list markup that
# screen readers misread), so the menu is ours: plain links under a heading per section.
page = st.navigation(pages, position="hidden")
with st.sidebar:
    for section, section_pages in pages.items():
        st.markdown(f"**{section}**")
        for item in section_pages:
            st.page_link(item, label=item.title, icon=item.icon, width="stretch")
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
