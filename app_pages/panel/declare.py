"""Declare interests (a nil return counts) before seeing any bid."""

import streamlit as st

from app_pages.panel import state as panel_state
from evaluations import services, views
from evaluations.process import Action, Role

me = panel_state.member()
if Role(me["role"]) is Role.service_user:
    panel_state.large_type()
st.title("Declare your interests", anchor=False)
st.markdown("Before you see any bid, say whether you have a conflict of interest with any "
            "of the organisations that bid: for example you work or worked for them, or "
            "someone close to you does. If you have none, say so: that is a *nil return*, "
            "and it counts. You will not see, or score, a bid you declare a conflict for.")
bidders = panel_state.read(views.declaration_form, me["member_id"])
if me["declared"]:
    st.success("You have declared. You can change your declaration until moderation opens; "
               "every version is kept.", icon=":material/check_circle:")
with st.form("panel_declaration"):
    conflicts = [
        bidder["reference"] for bidder in bidders
        if st.checkbox("I have a conflict with " + panel_state.escape(
                f"{bidder['provider']} ({bidder['reference']})"),
                       key=f"panel_conflict_{bidder['reference']}")
    ]
    if not bidders:
        st.caption("No bids have been added yet.")
    sent = st.form_submit_button("Declare", type="primary")
if sent:
    version, error = panel_state.attempt(services.declare, me["member_id"], conflicts)
    if error:
        st.error(panel_state.escape(panel_state.sentence(error)))
    else:
        st.session_state["panel_declared"] = (
            "No conflicts: your nil return is recorded." if not conflicts else
            f"Recorded: {len(conflicts)} conflict{'s' if len(conflicts) > 1 else ''}.")
        st.rerun()
if message := st.session_state.pop("panel_declared", None):
    st.success(message, icon=":material/check:")
    if not panel_state.may(me, Action.see_bids):
        st.caption("You will see the bids once scoring opens.")
    elif Role(me["role"]) is Role.evaluator:
        st.page_link("app_pages/panel/score.py", label="Go on to score the bids",
                     icon=":material/arrow_forward:")
    elif Role(me["role"]) is Role.service_user:
        st.page_link("app_pages/panel/plain.py", label="Go on to the bids",
                     icon=":material/arrow_forward:")
