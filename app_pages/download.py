"""Download: the comparison as a spreadsheet for the panel's records."""

from datetime import date

import streamlit as st

from app_pages import state
from scoring.export import comparison_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

st.title("Download the comparison")
ranked = state.ranked()
if not state.loaded():
    state.stop_for_want_of_bids(
        "Load some bids first; the download then holds their scores side by side.")

st.markdown(
    "A spreadsheet (.xlsx) with:\n"
    "- **Summary**: the bids side by side, best first: rank, overall score, the minimum "
    "requirements each fails (a bid that fails one ranks below every bid that meets "
    "them all), the six areas with their share of the overall score, and the number "
    "of flags;\n"
    "- **Flags**: every red and amber flag, with the workbook cells it rests on, why it "
    "matters and the evidence;\n"
    "- **one sheet per bid**: every rule with its score, what it found, the answers it "
    "read and the evidence;\n"
    "- **Refused files**, if any, with what to fix, sheet and cell."
)
if state.weights_changed():
    st.info("The scores use your own area weights, as on the Weights page.",
            icon=":material/tune:")
st.download_button(
    f"Download the comparison of {len(ranked)} bid{'s' if len(ranked) != 1 else ''}",
    comparison_xlsx(state.reports(), state.scheme()),
    file_name=f"bid-comparison-{date.today().isoformat()}.xlsx",
    mime=XLSX, type="primary", icon=":material/download:", on_click="ignore",
)
st.caption(state.ASSUMPTIONS_NOTE)
st.caption("Text taken from the bids is written as plain text: the spreadsheet never "
           "runs it as a formula.")
