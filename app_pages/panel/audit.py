"""Lead: the audit log as sentences, filterable, and whether its hash chain verifies."""

import streamlit as st

from app_pages.panel import state as panel_state
from evaluations import views
from scoring.words import event_sentence, label

me = panel_state.member()
st.title("Audit log", anchor=False)
log = panel_state.read(views.audit_log, me["member_id"])
check = log["verification"]
if check["verified"]:
    st.success(f"The chain verifies: all {check['events']} events are as they were written, "
               "and replaying them gives every score, view, reason and detail stored. "
               f"Chain head `{check['head']}`.", icon=":material/verified:")
else:
    st.error("The chain does NOT verify: "
             + panel_state.escape(check["first_difference"] or "it was changed"),
             icon=":material/error:")
events = [{**event, "sentence": event_sentence(event, log["bids"], log["parts"]),
           "kind": label(event["action"])} for event in log["events"]]
kinds = sorted({e["kind"] for e in events})
actors = sorted({e["actor"] or "The tool" for e in events})
st.markdown("Choose what to show. Leave a box empty to show everything.")
what, who, text = st.columns(3)
chosen_kinds = what.multiselect("Kind of event", kinds, placeholder="Every kind of event")
chosen_actors = who.multiselect("Who did it", actors, placeholder="Everyone")
search = text.text_input("Containing these words", placeholder="a bid, a criterion, a word")


def shown(event: dict) -> bool:
    return ((not chosen_kinds or event["kind"] in chosen_kinds)
            and (not chosen_actors or (event["actor"] or "The tool") in chosen_actors)
            and (not search or search.lower() in event["sentence"].lower()))


rows = [{"Number": e["seq"], "When (UTC)": e["at"][:16].replace("T", " "),
         "What happened": panel_state.escape(e["sentence"])}
        for e in events if shown(e)]
st.markdown(f"Showing {len(rows)} of {len(events)} events, oldest first.")
if rows:
    st.table(rows)
