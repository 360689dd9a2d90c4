"""The decision: the ranking with its gates, each agreed score's reason, who decided and when.

Read-only for everyone once decided; the lead sees the ranking so far during moderation
and decides on *Progress and stages*.
"""

import pandas as pd
import streamlit as st

from app_pages import panel_state
from evaluations import views

me = panel_state.member()
outcome = panel_state.read(views.decision, me["member_id"])
st.title("Decision", anchor=False)
if outcome["decided"]:
    when = outcome["decided_at"]
    st.success(f"Decided by **{panel_state.escape(outcome['decided_by'] or 'the lead')}** on "
               f"{when:%d %B %Y at %H:%M} UTC. The ranking and the reasons are final; "
               "nothing in this evaluation changes any more.", icon=":material/gavel:")
else:
    st.info("Not decided yet: this is the ranking so far. Decide on *Progress and stages* "
            "once every bid and area has an agreed score and reason.",
            icon=":material/pending:")

st.header("Ranking", anchor=False)
st.caption("Bids that fail a minimum requirement (a gate) rank below every bid that meets "
           "them all, whatever their score. Overall scores run from 0 to 100.")
rows = []
for entry in outcome["ranking"]:
    if "provider" not in entry:  # withheld for this member's declared conflict
        rows.append({"Rank": entry["rank"], "Bid": entry["bid"]})
        continue
    rows.append({"Rank": entry["rank"], "Bid": f"{entry['provider']} ({entry['bid']})",
                 "Overall": entry["overall"],
                 "Minimum requirements": "met" if entry["passes"] else
                 "fails " + ", ".join(entry["failures"])}
                | {outcome["criteria"].get(c, c): v for c, v in entry["criteria"].items()})
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
if outcome["gates"]:
    st.caption("Gates in this scheme: " + ", ".join(outcome["gates"]))

st.header("The panel's reasons", anchor=False)
by_bid: dict[str, list[dict]] = {}
for reason in outcome["reasons"]:
    by_bid.setdefault(f"{reason['provider']} ({reason['bid']})", []).append(reason)
if not by_bid:
    st.caption("No agreed scores yet.")
for bid, reasons in by_bid.items():
    with st.expander(bid, expanded=len(by_bid) <= 2):
        for reason in reasons:
            st.markdown(f"**{reason['criterion']}: {reason['score']}**  \n"
                        f"{panel_state.escape(reason['reason'])}")

# The decision documents (evaluations/reports.py, the report verb) are wired into this
# page after merge, under a "Decision documents" heading here.
