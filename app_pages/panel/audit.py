"""Lead: the audit log, filterable, and whether its hash chain verifies."""

import json

import pandas as pd
import streamlit as st

from app_pages.panel import state as panel_state
from evaluations import views

me = panel_state.member()
st.title("Audit log", anchor=False)
log = panel_state.read(views.audit_log, me["member_id"])
check = log["verification"]
if check["verified"]:
    st.success(f"The chain verifies: all {check['events']} events are as they were written. "
               f"Chain head `{check['head']}`.", icon=":material/verified:")
else:
    st.error(f"The chain does NOT verify: event {check['first_bad_event']} of "
             f"{check['events']} was changed, removed or reordered.", icon=":material/error:")
events = log["events"]
actions = sorted({e["action"] for e in events})
actors = sorted({e["actor"] for e in events})
what, who, text = st.columns(3)
chosen_actions = what.multiselect("What", actions, placeholder="Every kind of event")
chosen_actors = who.multiselect("Who", actors, placeholder="Everyone")
search = text.text_input("Containing", placeholder="a bid, a criterion, a word")


def shown(event: dict) -> bool:
    data = json.dumps(event["data"], ensure_ascii=False)
    return ((not chosen_actions or event["action"] in chosen_actions)
            and (not chosen_actors or event["actor"] in chosen_actors)
            and (not search or search.lower() in f"{event['action']} {data}".lower()))


rows = [{"#": e["seq"], "When (UTC)": e["at"][:19].replace("T", " "), "Who": e["actor"],
         "What": e["action"].replace("_", " "),
         "Details": json.dumps(e["data"], ensure_ascii=False)[:400]}
        for e in events if shown(e)]
st.caption(f"{len(rows)} of {len(events)} events")
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
