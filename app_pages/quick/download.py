"""Download: the comparison as a spreadsheet for the panel's records."""

from datetime import date

import streamlit as st

from app_pages.quick import state
from app_pages.shared.stress_views import assumption_key
from scoring.export import StressFigures, comparison_xlsx
from scoring.stress import DEFAULT_ASSUMPTIONS, DRAWS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

def published_stress(ranked) -> StressFigures:
    """Each bid's stress result at the published assumptions, as the scores use them.

    The same cached results the Stress test page shows with the published figures, with
    their likely ranges; a bid the model cannot run on is marked so on the Stress sheet.
    """
    key = assumption_key(DEFAULT_ASSUMPTIONS.values())
    results = {}
    with st.spinner("Running the stress test for the download…"):
        for entry in ranked:
            digest = entry.report.read.digest
            try:
                results[digest] = state.stress_result(digest, key, entry.report.read.bid)
            except Exception:  # noted on the sheet; the other bids still export
                continue
    return StressFigures(results, DEFAULT_ASSUMPTIONS, DRAWS, published=True)


st.title("Download the comparison")
ranked = state.ranked()
if not state.loaded():
    state.stop_for_want_of_bids(
        "Load some bids first; the download then holds their scores side by side.")

st.markdown(
    "A spreadsheet (.xlsx) with:\n"
    "- **Summary**: the scheme and weights used, the date, the stress test's "
    "assumptions, and the bids side by side, best first: rank, overall score, the minimum "
    "requirements each fails (a bid that fails one ranks below every bid that meets "
    "them all), the six areas with their share of the overall score, and the number "
    "of flags;\n"
    "- **Flags**: every red and amber flag, with the workbook cells it rests on, why it "
    "matters and the evidence;\n"
    "- **Stress**: each bid's stress-test verdict, the money and lives at stake with "
    "their likely ranges, at the published assumptions (listed there), as the scores use;\n"
    "- **one sheet per bid**: every rule with its score, what it found, the answers it "
    "read and the evidence;\n"
    "- **Refused files**, if any, with what to fix, sheet and cell."
)
if state.weights_changed():
    st.info("The scores use your own area weights, as on the Weights page.",
            icon=":material/tune:")
st.download_button(
    f"Download the comparison of {len(ranked)} bid{'s' if len(ranked) != 1 else ''}",
    comparison_xlsx(state.reports(), state.scheme(), published_stress(ranked)),
    file_name=f"bid-comparison-{date.today().isoformat()}.xlsx",
    mime=XLSX, type="primary", icon=":material/download:", on_click="ignore",
)
st.caption(state.ASSUMPTIONS_NOTE)
st.caption("Text taken from the bids is written as plain text: the spreadsheet never "
           "runs it as a formula.")
