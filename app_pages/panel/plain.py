"""Service-user representative: each bid in plain words, and their view per area.

Large type and strong contrast; one column, so it reads on a phone. No money amounts and
no evaluator's scores (`views.service_user_bid`); the rule names and evidence behind a
finding are there on demand, in an expander.
"""

import streamlit as st

from app_pages.panel import state as panel_state
from evaluations import services, views
from evaluations.process import Action

VIEW_WORDS = {
    "agree": "I agree with what the tool found",
    "concern": "I have a concern",
    "serious_concern": "I have a serious concern",
}
BID = "panel_plain_bid"


def tool_view(score: float) -> str:
    """The rules' 0-100 score in a word (never a number that looks like money)."""
    return "strong" if score >= 75 else "mixed" if score >= 50 else "weak"


def finding_line(finding: dict) -> str:
    mark = (":red[**Serious:**]" if finding["severity"] == "serious"
            else ":orange[**Worth asking about:**]")
    return f"- {mark} {panel_state.escape(finding['finding'])}"


def my_view(me: dict, bid: dict, criterion: dict, open_for_views: bool) -> None:
    current = criterion.get("my_view") or {}
    with st.form(f"panel_view_{bid['reference']}_{criterion['id']}", border=False):
        view = st.radio("What do you think?", list(VIEW_WORDS), format_func=VIEW_WORDS.get,
                        index=list(VIEW_WORDS).index(current["view"]) if current else None,
                        disabled=not open_for_views)
        comment = st.text_area("In your own words (optional)", value=current.get("comment", ""),
                               disabled=not open_for_views)
        sent = st.form_submit_button("Save my view", type="primary",
                                     disabled=not open_for_views)
    if sent:
        if view is None:
            st.error("Choose one of the three answers first.")
            return
        _, error = panel_state.attempt(services.save_view, me["member_id"], bid["reference"],
                                       criterion["id"], view, comment)
        if error:
            st.error(error.capitalize())
        else:
            st.success("Your view is saved. The panel will see it.", icon=":material/check:")
    elif current:
        st.markdown(f":material/check: Saved: {VIEW_WORDS[current['view']]}.")


def details(me: dict, reference: str) -> None:
    with st.expander("The details behind these findings (rule names and evidence)"):
        st.caption("For anyone who wants to look up where a finding comes from.")
        for item in panel_state.read(views.plain_details, me["member_id"], reference):
            st.markdown(f"- **{item['rule']}** ({item['severity']}): "
                        f"{panel_state.escape(item['finding'])}  \n"
                        f"  Evidence: {', '.join(item['evidence']) or 'none listed'}; "
                        f"cells {', '.join(item['cells']) or 'none'}")


me = panel_state.member()
panel_state.large_type()
st.title("The bids in plain words", anchor=False)
page = panel_state.read(views.show, me["member_id"])
if not page.get("declared"):
    st.info("First, tell us about any conflict of interest (a 'nil return' if you have none).")
    st.page_link("app_pages/panel/declare.py", label="Declare your interests")
    st.stop()
open_for_views = panel_state.may(me, Action.record_view)
st.markdown("Each bid is a plan from an organisation that wants to run the local treatment "
            "service. For each part of the plan you can read what our checking tool found, "
            "then say whether you agree, and why, in your own words."
            + ("" if open_for_views else " Views can no longer be changed."))
bids = page["bids"]
if not bids:
    st.info("There are no bids for you to look at.")
    st.stop()
names = {b["reference"]: b["provider"] for b in bids}
chosen = st.selectbox("Which bid?", list(names), format_func=names.get, key=BID)
bid = next(b for b in bids if b["reference"] == chosen)
st.header(bid["provider"], anchor=False)
offer = panel_state.read(views.plain_narrative, me["member_id"], chosen)
if offer:
    with st.container(border=True):
        st.subheader("What they offer, in their own words", anchor=False)
        for part in offer:
            st.markdown(f"**{panel_state.escape(part['section'])}**: "
                        f"{panel_state.escape(part['text'])}")
for criterion in bid["criteria"]:
    with st.container(border=True):
        st.subheader(criterion["title"], anchor=False)
        found = criterion["what_the_tool_found"]
        if criterion["rules_score"] is not None:
            st.markdown(f"Our checking tool's view of this part: "
                        f"**{tool_view(criterion['rules_score'])}**.")
        if found:
            st.markdown("\n".join(finding_line(f) for f in found))
        else:
            st.markdown(":green[**Nothing worrying found** in this part of the plan.]")
        my_view(me, bid, criterion, open_for_views)
details(me, bid["reference"])
