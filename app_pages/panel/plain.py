"""Service-user representative: each bid in plain words, their view per part, and,
once decided, the outcome and the panel's answer to each of their views.

Large type and strong contrast; one column, so it reads on a phone. The words are
written for them (`scoring.plain_words`): no money, no codes, no evaluator's scores.
Their own words reach a public document only when they tick yes for that view.
"""

import streamlit as st

from app_pages.panel import state as panel_state
from app_pages.shared.robustness_views import show_reading
from evaluations import services, views
from evaluations.process import Action, Refused, Stale
from evaluations.robustness import robustness_reading
from evaluations.versions import NOTHING_SAVED

VIEW_WORDS = {
    "agree": "I agree with what the tool found",
    "concern": "I have a concern",
    "serious_concern": "I have a serious concern",
}
YOU_SAID = {"agree": "You agreed with what the tool found.",
            "concern": "You had a concern.",
            "serious_concern": "You had a serious concern."}
CONSENT = "Yes, my words may be shared in public papers about this decision."
CONSENT_GUIDE = ("If you leave this box empty, only the panel will see your words. "
                 "You can change this later.")
BID = "panel_plain_bid"


def tool_view(score: float) -> str:
    """The rules' 0-100 score in a word (never a number)."""
    return "strong" if score >= 75 else "mixed" if score >= 50 else "weak"


def finding_line(finding: dict) -> str:
    mark = (":red[**Serious:**]" if finding["severity"] == "serious"
            else ":orange[**Worth asking about:**]")
    return f"- {mark} {panel_state.escape(finding['finding'])}"


def my_view(me: dict, bid: dict, criterion: dict, open_for_views: bool) -> None:
    """The representative's view, drawn from what the store holds (the form's key carries
    its version) and saved against it: a change made elsewhere since is never overwritten."""
    current = criterion.get("my_view") or {}
    version = current.get("version", NOTHING_SAVED)
    said_key = f"panel_view_said|{bid['reference']}|{criterion['id']}"
    with st.form(f"panel_view|{bid['reference']}|{criterion['id']}|v{version}", border=False):
        view = st.radio("What do you think?", list(VIEW_WORDS), format_func=VIEW_WORDS.get,
                        index=list(VIEW_WORDS).index(current["view"]) if current else None,
                        disabled=not open_for_views)
        comment = st.text_area("In your own words (you can leave this empty)",
                               value=current.get("comment", ""), disabled=not open_for_views)
        st.markdown(CONSENT_GUIDE)
        consent = st.checkbox(CONSENT, value=bool(current.get("consent_to_quote")),
                              disabled=not open_for_views)
        sent = st.form_submit_button("Save my view", type="primary",
                                     disabled=not open_for_views)
    if sent:
        if view is None:
            st.error("Choose one of the three answers first.")
            return
        try:
            panel_state.change(services.save_view, me["member_id"], bid["reference"],
                               criterion["id"], view, comment, expected_version=version,
                               consent_to_quote=consent)
        except Stale as stale:
            st.session_state[said_key] = panel_state.sentence(str(stale)) + "."
        except Refused as refused:
            st.error(panel_state.escape(panel_state.sentence(str(refused))))
            return
        else:
            st.session_state[said_key] = "saved-consent" if consent else "saved"
        st.rerun()
    said = st.session_state.pop(said_key, None)
    if said in ("saved", "saved-consent"):
        st.success("Your view is saved. The panel will see it."
                   + (" You said yes to sharing your words." if said == "saved-consent" else ""),
                   icon=":material/check:")
    elif said:
        st.warning(panel_state.escape(said), icon=":material/sync_problem:")
    if current and said not in ("saved", "saved-consent"):
        st.markdown(f":material/check: Saved: {VIEW_WORDS[current['view']]}.")
    elif not current and open_for_views:
        st.caption("Not saved yet: your view is kept only when you press *Save my view*.")


def outcome(me: dict) -> None:
    """After the decision: who was chosen, and the panel's answer to each of my views."""
    told = panel_state.read(views.service_user_outcome, me["member_id"])
    st.header("The decision", anchor=False)
    if told["chosen"]:
        st.markdown(f"The panel has made its choice. It chose "
                    f"**{panel_state.escape(told['chosen'])}** to run the service.")
    else:
        st.markdown("The panel has made its decision. No bid met every must-have, so none "
                    "was chosen.")
    if panel_state.may(me, Action.see_robustness_reading):
        st.markdown("**How safe is this decision?**")
        show_reading(panel_state.read(robustness_reading, me["member_id"]))
    st.header("What the panel said about your views", anchor=False)
    if not told["views"]:
        st.markdown("You did not save any views.")
    for number, item in enumerate(told["views"]):
        with st.container(border=True):
            st.subheader(f"{panel_state.escape(item['provider'])}: "
                         f"{panel_state.escape(item['part'])}", anchor=False)
            st.markdown(YOU_SAID[item["view"]])
            if item["comment"]:
                st.markdown(f"Your words: “{panel_state.escape(item['comment'])}”")
            st.markdown("**The panel's answer:** " + (
                panel_state.escape(item["panel_answer"]) if item["panel_answer"] else
                "The panel read your view when it agreed the scores. It did not write a "
                "separate answer to it."))
            if item["comment"]:
                st.markdown(CONSENT_GUIDE)
                agreed = st.checkbox(CONSENT, value=item["consent_to_quote"],
                                     key=f"panel_consent_{number}")
                if agreed != item["consent_to_quote"]:
                    _, error = panel_state.attempt(
                        services.set_quote_consent, me["member_id"], item["bid"],
                        item["criterion"], agreed)
                    if error:
                        st.error(panel_state.escape(panel_state.sentence(error)))
                    else:
                        st.success("Saved: your words may be shared." if agreed else
                                   "Saved: only the panel will see your words.",
                                   icon=":material/check:")


me = panel_state.member()
panel_state.large_type()
st.title("The bids in plain words", anchor=False)
page = panel_state.read(views.show, me["member_id"])
if not page.get("declared"):
    st.info("First, tell us if you have any link to a bidder. If you have none, say so: "
            "that is called a nil return.")
    st.page_link("app_pages/panel/declare.py", label="Tell us about any links")
    st.stop()
if me["stage"] == "decided":
    outcome(me)
open_for_views = panel_state.may(me, Action.record_view)
st.header("The bids", anchor=False)
st.markdown("Each bid is a plan from a group that wants to run the local service. For "
            "each part of the plan, read what our checking tool found. Then say if you "
            "agree, and why, in your own words."
            + ("" if open_for_views else " Views can no longer be changed."))
bids = page["bids"]
if not bids:
    st.info("There are no bids for you to look at.")
    st.stop()
names = {b["reference"]: b["provider"] for b in bids}
chosen = st.selectbox("Which bid do you want to read?", list(names), format_func=names.get,
                      key=BID)
bid = next(b for b in bids if b["reference"] == chosen)
st.subheader(panel_state.escape(bid["provider"]), anchor=False)
if bid["reader_notes"]:
    st.warning("Some answers in this plan are hidden in the file the group sent (for "
               "example in a hidden row, or in white writing on white). Our checking tool "
               "still read them, and the panel has been told which ones. If something "
               "below surprises you, ask the panel about it.",
               icon=":material/visibility_off:")
    with st.expander("Where in the file"):
        st.markdown(panel_state.reader_notes_list(bid["reader_notes"]))
offer = panel_state.read(views.plain_narrative, me["member_id"], chosen)
if offer:
    with st.container(border=True):
        st.markdown("**What they offer, in their own words**")
        for part in offer:
            st.markdown(f"**{panel_state.escape(part['section'])}**: "
                        f"{panel_state.escape(part['text'])}")
for criterion in bid["criteria"]:
    with st.container(border=True):
        st.markdown(f"#### {panel_state.escape(criterion['plain_title'])}")
        if criterion["plain_title"] != criterion["title"]:
            st.markdown(f"The panel calls this part: "
                        f"*{panel_state.escape(criterion['title'])}*.")
        found = criterion["what_the_tool_found"]
        if not criterion["checked_by_tool"]:
            st.markdown("Our checking tool does not look at this part. Read what they "
                        "offer, and give your own view.")
        else:
            if criterion["rules_score"] is not None:
                st.markdown(f"Our checking tool's view of this part: "
                            f"**{tool_view(criterion['rules_score'])}**.")
            if found:
                st.markdown("\n".join(finding_line(f) for f in found))
            else:
                st.markdown(":green[**Nothing worrying found** in this part of the plan.]")
        my_view(me, bid, criterion, open_for_views)
