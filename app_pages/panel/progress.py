"""Lead: who has declared, scored and submitted; moving the evaluation to its next stage."""

import pandas as pd
import streamlit as st

from app_pages.panel import state as panel_state
from app_pages.shared.tables import show_table
from evaluations import services, views
from evaluations.process import Stage

# What each move freezes, in the lead's words (the rules themselves are in the process).
MOVES = {
    Stage.setup: ("Open scoring",
                  "The scheme (criteria, weights, gates, panel share) freezes, and bids can "
                  "no longer be added or withdrawn. Evaluators can then declare and score."),
    Stage.scoring: ("Open moderation",
                    "Every evaluator's scores freeze as they are; service-user views can no "
                    "longer change. You then agree one score and a reason per bid and area."),
    Stage.moderation: ("Decide",
                       "The ranking and every agreed score and reason become final and the "
                       "evaluation becomes read-only for everyone. Observers can then see it."),
}
CONFIRMING = "panel_confirm_move"


def members_table(progress: dict) -> pd.DataFrame:
    rows = []
    for row in progress["members"]:
        scored = (f"{row['scored']} of {row['to_score']}" if "scored" in row else "")
        rows.append({
            "Member": row["member"] + (" (removed)" if row["removed"] else ""),
            "Role": panel_state.ROLE_WORDS[row["role"]],
            "Declared": "not needed" if row["role"] == "observer" else
            "yes" if row["declared"] else "not yet",
            "Conflicts": ", ".join(row["conflicts"]) or ("none" if row["declared"] else ""),
            "Scored": scored,
            "Submitted": ("yes" if row.get("submitted") else "not yet") if "scored" in row
            else "",
        })
    return pd.DataFrame(rows)


def move_on(me: dict) -> None:
    stage = Stage(me["stage"])
    if stage not in MOVES:
        st.success("The evaluation is decided. Nothing changes any more.",
                   icon=":material/gavel:")
        return
    label, freezes = MOVES[stage]
    st.header("Move on", anchor=False)
    if not st.session_state.get(CONFIRMING):
        st.button(f"{label}…", type="primary", on_click=lambda: st.session_state.update(
            {CONFIRMING: True}), key="panel_move")
        return
    with st.container(border=True):
        st.warning(f"**{label}?** {freezes} This cannot be undone.", icon=":material/lock:")
        yes, no = st.columns(2)
        confirmed = yes.button(f"Yes, {label.lower()}", type="primary", key="panel_move_yes")
        no.button("Cancel", key="panel_move_no",
                  on_click=lambda: st.session_state.pop(CONFIRMING, None))
    if confirmed:
        st.session_state.pop(CONFIRMING, None)
        moved, error = panel_state.attempt(services.advance, me["member_id"])
        if error:
            st.session_state["panel_move_error"] = error
        else:
            st.session_state["panel_move_done"] = panel_state.STAGE_WORDS[moved]
        st.rerun()


me = panel_state.member()
st.title("Progress and stages", anchor=False)
st.markdown(f"**{panel_state.escape(me['name'])}** is at the "
            f"**{panel_state.stage_words(me)}** stage.")
if done := st.session_state.pop("panel_move_done", None):
    st.success(f"Moved on: the evaluation is now at the {done} stage.", icon=":material/check:")
if error := st.session_state.pop("panel_move_error", None):
    st.error(f"Not moved: {panel_state.escape(error)}.", icon=":material/block:")
progress = panel_state.read(views.progress, me["member_id"])
show_table(members_table(progress))
if progress["consensus_needed"]:
    st.progress(min(1.0, progress["consensus"] / progress["consensus_needed"]),
                text=f"Agreed scores: {progress['consensus']} of "
                     f"{progress['consensus_needed']}")
move_on(me)
