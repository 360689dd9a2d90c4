"""Design a payment model: would it pay a provider to push people out, and what would fix it?"""

from pathlib import Path

import streamlit as st

from app_pages.design import state as design_state
from app_pages.design.state import remember, starting_value
from app_pages.design.views import (
    CATEGORIES,
    COHORTS,
    CONSEQUENCES,
    MEASURES,
    PAID_UNITS,
    SAFEGUARDS,
    TERMS,
    UNITS,
    blank_design,
    design_from_tables,
    flag_rows,
    payment_table,
    targets_table,
    terms_of,
    workbook_bytes,
)
from app_pages.shared.present import badge, plain, problems_table
from app_pages.shared.stress_views import holding_words, how_often, verdict_badge
from app_pages.shared.tables import show_table
from sample_tenders.designs.designs import SAMPLE_DESIGNS
from scoring.design import summary
from scoring.reader import read_design, read_design_bytes
from scoring.stress.summary import VERDICT_RULE

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SAMPLES = {sample.title: sample for sample in SAMPLE_DESIGNS}
SAMPLE_CHOICE = "design_sample"
DESIGNS_FOLDER = Path(__file__).resolve().parents[2] / "sample_tenders" / "designs"


def explain() -> None:
    st.title("Design a payment model", anchor=False)
    st.markdown(
        "Try a payment design before it goes out to tender. Set the contract, the payment "
        "lines and the targets; the incentive rules and the stress test run as you edit: "
        "would this design pay a provider to push people off OST, how much, and at what "
        "cost in lives? Below each design are changes that would help, each tried on the "
        "design and shown with what it does. Keep up to four variants side by side.")
    st.markdown(f"**How the verdict is decided.** {plain(VERDICT_RULE)} A change is said to "
                "make a design safe only if pushing would not pay at both ends of the range "
                "of every figure that is our own assumption.")
    st.caption("The command `python -m scoring design` adds the likely ranges. Estimates "
               "for comparing designs, not predictions.")


def starting_point() -> None:
    with st.expander("Start again from…", expanded=len(design_state.variants()) == 1):
        blank, sample, upload = st.columns(3)
        blank.button("A blank design", icon=":material/note_add:",
                     on_click=design_state.start_from, args=("Blank design", blank_design()))
        sample.selectbox("A sample design", list(SAMPLES), key=SAMPLE_CHOICE)
        sample.button("Start from this sample", icon=":material/folder_open:",
                      on_click=start_from_sample)
        uploaded = upload.file_uploader("A design or bid workbook (.xlsx)", type=["xlsx"],
                                        key="design_upload")
        if uploaded is not None and upload.button("Start from this workbook",
                                                  icon=":material/upload_file:"):
            read = read_design_bytes(uploaded.getvalue(), uploaded.name)
            if read.design is None:
                st.error(f"{plain(uploaded.name)} cannot be read as a design:",
                         icon=":material/error:")
                show_table(problems_table(read.errors))
            else:
                design_state.start_from(uploaded.name.removesuffix(".xlsx"), read.design)
                st.rerun()


def start_from_sample() -> None:
    """Button callback: start again from the sample design chosen in the list."""
    sample = SAMPLES[st.session_state[SAMPLE_CHOICE]]
    design_state.start_from(sample.title, read_design(DESIGNS_FOLDER / sample.file).design)


def variant(variant_id: int, name: str, start) -> None:
    """One variant: its contract, tables, verdict, flags, suggestions and downloads."""
    key = f"design_{variant_id}"
    st.subheader(plain(name), anchor=False)
    terms = terms_of(start)
    with st.expander("Contract and cohort", expanded=False):
        for field, label in TERMS.items():
            widget = f"{key}_{field}"
            terms[field] = remember(widget, st.number_input(
                label, min_value=0.0, value=float(starting_value(widget, terms[field])),
                key=widget))
        for field, label in SAFEGUARDS.items():
            widget = f"{key}_{field}"
            terms[field] = remember(widget, st.checkbox(
                label, value=starting_value(widget, terms[field]), key=widget))
    st.markdown("**Payment lines**")
    widget = f"{key}_payment"
    payment = remember(widget, st.data_editor(
        starting_value(widget, payment_table(start)), key=widget, num_rows="dynamic",
        hide_index=True, width="stretch",
        column_config={
            "Paid for": st.column_config.SelectboxColumn(options=list(CATEGORIES),
                                                         required=True),
            "Cohort": st.column_config.SelectboxColumn(options=list(COHORTS)),
            "Share %": st.column_config.NumberColumn(min_value=0, max_value=100),
            "Window months": st.column_config.NumberColumn(min_value=0),
            "Clawback": st.column_config.CheckboxColumn(),
            "Paid": st.column_config.SelectboxColumn(
                options=list(PAID_UNITS),
                help="The unit the line pays on; blank: once per person for entry and exit "
                "lines, per review for outcomes in treatment, per month for retention"),
            "Counts as failed": st.column_config.TextColumn(
                help="For exit payments with a window: what within it undoes the payment, "
                "e.g. 'Re-presentation, Death, Custody, Unplanned exit'"),
        }))
    st.markdown("**Targets**")
    widget = f"{key}_targets"
    targets = remember(widget, st.data_editor(
        starting_value(widget, targets_table(start)), key=widget, num_rows="dynamic",
        hide_index=True, width="stretch",
        column_config={
            "Measure": st.column_config.SelectboxColumn(options=list(MEASURES), required=True),
            "Unit": st.column_config.SelectboxColumn(options=list(UNITS), required=True),
            "Cohort": st.column_config.SelectboxColumn(options=list(COHORTS)),
            "Consequence": st.column_config.SelectboxColumn(options=list(CONSEQUENCES)),
        }))
    design, problems = design_from_tables(terms, payment, targets)
    if design is None:
        st.warning("Fix these to see the verdict:  \n" + "  \n".join(
            f"- {plain(problem)}" for problem in problems), icon=":material/edit:")
    else:
        results(key, name, design)
    if len(design_state.variants()) > 1:
        st.button("Remove this variant", key=f"{key}_remove", icon=":material/delete:",
                  on_click=design_state.remove_variant, args=(variant_id,))


def results(key: str, name: str, design) -> None:
    check, suggestions = design_state.review(design.model_dump_json(), design)
    stress = check.stress
    with st.container(border=True):
        st.markdown(verdict_badge(stress))
        st.markdown(plain(summary(check)))
        st.markdown(f"**Gain from pushing people out:** {stress.mean_gain_pct:+.2f}% of the "
                    f"contract value on average  \n"
                    f"**How often pushing pays:** {plain(how_often(stress))}  \n"
                    f"**Extra deaths if people are pushed out:** "
                    f"{stress.extra_deaths.central:.1f}")
        st.markdown(plain(holding_words(stress)))
    if check.flags:
        st.markdown("**Flags**")
        for severity, message in flag_rows(check):
            st.markdown(f"{badge(severity)} {plain(message)}")
    st.markdown("**What would help**")
    if not suggestions:
        st.caption("No change we try does better on these rules and this model.")
    full = len(design_state.variants()) >= design_state.MOST_VARIANTS
    for number, suggestion in enumerate(suggestions, start=1):
        with st.container(border=True):
            mark = ":green[:material/check_circle:] " if suggestion.fixes_push_reward else ""
            st.markdown(f"{mark}**{number}. {plain(suggestion.change)}.**")
            st.markdown(plain(suggestion.effect))
            st.button("Apply as a new variant", key=f"{key}_apply_{number}",
                      icon=":material/call_split:", disabled=full,
                      on_click=design_state.add_variant,
                      args=(f"{name}, changed ({number})", suggestion.design))
    if full:
        st.caption(f"Remove a variant to apply another: at most "
                   f"{design_state.MOST_VARIANTS} side by side.")
    st.download_button("Download as a design workbook", workbook_bytes(design),
                       file_name="payment-design.xlsx", mime=XLSX, key=f"{key}_design_xlsx",
                       icon=":material/download:", on_click="ignore")
    st.download_button("Download the bid workbook for bidders", workbook_bytes(design, True),
                       file_name="bid-workbook-v1.xlsx", mime=XLSX, key=f"{key}_bid_xlsx",
                       icon=":material/download:", on_click="ignore")
    st.markdown("The bid workbook is the blank one with the contract, Payment and Targets "
                "filled in from this design.")


explain()
if not design_state.variants():
    design_state.start_from("Blank design", blank_design())
starting_point()
variants = design_state.variants()
st.header("Your designs", anchor=False)
for column, (variant_id, entry) in zip(st.columns(len(variants), gap="medium"),
                                       variants.items(), strict=True):
    with column:
        variant(variant_id, entry.name, entry.design)
