"""Start page: how to use the tool, bids in, and whether each file was accepted."""

import io

import streamlit as st

from app_pages.quick import state
from app_pages.shared.present import (
    SEVERITY_MEANING,
    badge,
    message_to_provider,
    plain,
    problems_table,
)
from app_pages.shared.tables import reader_notes, show_table
from scoring.rulebook import Severity
from templates.bid_workbook import build_workbook

NOTE_MARKS = {
    "accepted": ":green[:material/check_circle:] **Accepted**",
    "refused": ":red[:material/block:] **Refused**",
    "duplicate": ":blue[:material/content_copy:] **Already loaded**",
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONFIRM_REMOVE_ALL = "confirm_remove_all"


@st.cache_data(show_spinner=False)
def blank_template() -> bytes:
    """The blank bid workbook providers fill in (the same for everyone)."""
    buffer = io.BytesIO()
    build_workbook().save(buffer)
    return buffer.getvalue()


def how_to_use() -> None:
    st.markdown(
        "This tool reads the bid workbooks that providers send back, scores each bid "
        "with rules grounded in published evidence, and shows the bids side by side.\n\n"
        "1. **Bring in the bids**: upload every workbook below (several at once is "
        "fine), or try the tool with the six sample bids.\n"
        "2. **Check each file**: a refused file lists what to fix, sheet and cell; "
        "the other bids are scored anyway.\n"
        "3. **Compare**: see the scores, flags and ranking side by side.\n"
        "4. **Why**: open any bid and area to see each rule, the answers it read, "
        "and the evidence behind it. The **Glossary** explains the words.\n"
        "5. **Stress test**: would a bid's payments reward pushing people out of "
        "treatment, and at what cost in lives?\n"
        "6. **Weights**: try other area weights and see whether the ranking holds.\n"
        "7. **Download** the comparison as a spreadsheet for the panel's records.\n\n"
        f"{badge(Severity.red)}: {SEVERITY_MEANING[Severity.red]}.  \n"
        f"{badge(Severity.amber)}: {SEVERITY_MEANING[Severity.amber]}.  \n"
        "Scores run from 0 to 100, and higher is always better."
    )


def bring_in() -> None:
    upload, samples = st.columns([3, 2], gap="large")
    with upload:
        st.markdown("Choose several files at once. Each is checked and scored on its own.")
        st.file_uploader(
            "Upload bid workbooks (.xlsx)",
            type=["xlsx", "xlsm", "xls", "csv"],
            accept_multiple_files=True,
            key=state.uploader_key(),
            on_change=state.take_upload,
        )
    with samples:
        st.button("Load the six sample bids", icon=":material/folder_open:",
                  on_click=state.load_samples, type="primary")
        st.download_button("Download the blank bid workbook", blank_template(),
                           file_name="bid-workbook-v1.xlsx", mime=XLSX,
                           icon=":material/download:", on_click="ignore")
        st.caption("Send the blank workbook to providers; they return it filled in.")


def last_upload() -> None:
    notes = st.session_state[state.NOTES]
    if notes:
        with st.container(border=True):
            st.markdown("**Just added**")
            st.markdown("  \n".join(
                f"{NOTE_MARKS[note.outcome]} {plain(note.name)}: {plain(note.detail)}"
                for note in notes
            ))


def loaded_files() -> None:
    files = state.loaded()
    if not files:
        st.info("No bids yet. Upload the providers' workbooks above, or load the "
                "sample bids to see how the tool works.", icon=":material/inbox:")
        return
    accepted = sum(file.accepted for file in files)
    st.subheader(f"{len(files)} file{'s' if len(files) != 1 else ''} loaded: "
                 f"{accepted} accepted, {len(files) - accepted} refused", anchor=False)
    if accepted:
        st.page_link("app_pages/quick/compare.py", label="Compare the accepted bids",
                     icon=":material/arrow_forward:")
    for file in files:
        with st.container(border=True):
            status, name, action = st.columns([2, 7, 2], vertical_alignment="center")
            status.markdown(NOTE_MARKS["accepted" if file.accepted else "refused"])
            name.markdown(plain(file.report.provider or file.name))
            if file.report.provider:
                name.caption(plain(file.name))
            action.button("Remove", key=f"remove_{file.digest}", on_click=state.remove,
                          args=(file.digest,), icon=":material/delete:")
            if not file.accepted:
                refused(file)
            reader_notes(file.report.warnings)
    remove_all(len(files))


def refused(file) -> None:
    """Why a file was not scored, as a message to send the provider, in full and copyable."""
    st.markdown("This file was not scored. Send the provider this message (the copy "
                "button at its top right copies all of it), then load the corrected "
                "workbook when it comes back:")
    st.code(message_to_provider(file.name, file.report.errors, file.report.provider),
            language=None, wrap_lines=True)
    with st.expander("The same problems as a table (sheet, cell, expected, found)"):
        show_table(problems_table(file.report.errors))


def remove_all(count: int) -> None:
    """'Remove all files', asking first: the bids cannot be brought back but by loading them."""
    if not st.session_state.get(CONFIRM_REMOVE_ALL):
        st.button("Remove all files", icon=":material/delete_sweep:",
                  on_click=lambda: st.session_state.update({CONFIRM_REMOVE_ALL: True}))
        return
    with st.container(border=True):
        st.warning(f"Remove all {count} file{'s' if count != 1 else ''}? Their scores go "
                   "too; you would have to load the workbooks again.", icon=":material/help:")
        yes, no = st.columns(2)
        yes.button("Yes, remove all files", type="primary", icon=":material/delete_sweep:",
                   on_click=remove_everything)
        no.button("Keep them", on_click=lambda: st.session_state.pop(CONFIRM_REMOVE_ALL, None))


def remove_everything() -> None:
    state.clear()
    st.session_state.pop(CONFIRM_REMOVE_ALL, None)


st.title("Treatment bid scorer")
with st.container(border=True):
    st.markdown("**On a tender's panel?** Evaluators, service-user representatives, "
                "observers and leads: sign in with the code the lead gave you.")
    st.page_link("app_pages/panel/sign_in.py", label="Sign in to your evaluation",
                 icon=":material/login:")
how_to_use()
st.header("Bids in", anchor=False)
bring_in()
last_upload()
loaded_files()
