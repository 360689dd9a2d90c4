"""The decision: the ranking with its gates, each agreed score's reason, who decided and when,
and, for the lead, the decision documents with the checks that stand in their way.

Read-only for everyone once decided; the lead sees the ranking so far during moderation
and decides on *Progress and stages*. Documents made here are offered only while the
evaluation, its stage and its audit chain's head are what they were when they were made:
never another evaluation's, never drafts once decided, never from before a change.
"""

import io
import tempfile
import zipfile
from pathlib import Path

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from app_pages.panel import state as panel_state
from app_pages.panel.award_form import Known, award_details_form, error_words
from app_pages.shared.robustness_views import show_reading, show_robustness
from app_pages.shared.tables import show_table
from evaluations import records, reports, services, snapshots, views
from evaluations.details import AwardDetails
from evaluations.process import Action, Refused, Stale
from evaluations.robustness import robustness, robustness_reading
from scoring.engine import requirement

DOCUMENT_WORDS = {
    "moderation_record": "Moderation record (internal)",
    "decision_record": "Decision record (internal)",
    "award_notice": "Notice: of intention to award (PSR Schedule 10), or the contract award "
                    "notice (Procurement Act)",
    "fts_helper": "What to paste where on Find a Tender (one page)",
    "assessment_summary": "Letter to a bidder (PSR) or assessment summary (Procurement Act)",
    "consultation_summary": "Plain-language summary for service users and the public",
}
ZIP = "application/zip"
SHOWN_OPEN = 8  # more problems than this and their list starts closed
DOCUMENTS = "panel_documents"  # the documents made, with the moment they belong to
DETAILS_SAID = "panel_details_said"


def documents_section(me: dict) -> None:
    """The lead's documents: what blocks the finals, the award details, and the downloads."""
    st.header("Decision documents", anchor=False)
    final = me["stage"] == "decided"
    st.markdown("Word documents for the council to check, edit and sign: the moderation "
                "record, the decision record, the notice, a one-page sheet of what to paste "
                "into Find a Tender, a letter to each bidder and a plain-language summary. "
                + ("They are final now the evaluation is decided." if final else
                   "Until the evaluation is decided they are drafts, marked DRAFT on every "
                   "page."))
    blocking, to_check = panel_state.engine_call(reports.report_checks, me["member_id"])
    if blocking:
        count = f"{len(blocking)} thing{'s' if len(blocking) != 1 else ''}"
        st.warning(f"Before the final documents can be made: {count} to settle.",
                   icon=":material/rule:")
        with st.expander(f"The {count} to settle", expanded=len(blocking) <= SHOWN_OPEN):
            st.markdown("\n".join(f"- {panel_state.escape(problem)}" for problem in blocking))
    else:
        st.success("Nothing stands in the way of the final documents.",
                   icon=":material/check_circle:")
    if to_check:
        with st.expander(f"{len(to_check)} point{'s' if len(to_check) != 1 else ''} to look "
                         "at before signing"):
            st.markdown("\n".join(f"- {panel_state.escape(point)}" for point in to_check))
    award_details_section(me, blocking)
    kind = "final" if final else "draft"
    if st.button(f"Make the {kind} documents", type="primary", icon=":material/description:",
                 disabled=final and bool(blocking)):
        made, refusal = make_documents(me)
        if refusal:
            st.error(panel_state.escape(refusal), icon=":material/error:")
        else:
            names, data = made
            st.session_state[DOCUMENTS] = {"moment": moment(me), "kind": kind,
                                           "names": names, "data": data}
    offer_documents(me)


def moment(me: dict) -> dict:
    return panel_state.read(views.documents_moment, me["member_id"])


def offer_documents(me: dict) -> None:
    """The download, only for documents of this evaluation, stage and moment."""
    made = st.session_state.get(DOCUMENTS)
    if not made:
        return
    if made["moment"] != moment(me):
        st.session_state.pop(DOCUMENTS, None)
        st.info("The documents made earlier are no longer offered: the evaluation has "
                "changed or moved on since. Make them again to download what holds now.",
                icon=":material/update:")
        return
    st.download_button(f"Download the {made['kind']} documents (.zip)", made["data"],
                       file_name=f"evaluation-{me['evaluation']}-{made['kind']}-documents.zip",
                       mime=ZIP, icon=":material/download:", on_click="ignore")
    st.caption("In the file: " + "; ".join(made["names"]) + ". Each names the bid files' "
               "digests and the audit chain head it was made from.")


def known_for_details(me: dict) -> Known:
    progress = panel_state.read(views.progress, me["member_id"])
    page = panel_state.read(views.show, me["member_id"])
    return Known(
        name=me["name"],
        criteria={c["id"]: c["title"] for c in me["scheme"]["criteria"]},
        members={m["member"]: panel_state.ROLE_WORDS[m["role"]]
                 for m in progress["members"] if not m["removed"]},
        conflicted={m["member"]: "conflict with " + ", ".join(m["conflicts"])
                    for m in progress["members"] if m["conflicts"] and not m["removed"]},
        bids={b["reference"]: b["provider"] for b in page.get("bids", [])},
        concerns=panel_state.read(views.serious_concerns, me["member_id"]))


def award_details_section(me: dict, blocking: list[str]) -> None:
    """The facts the store cannot know, as a form drawn from the award details' own fields."""
    details, version = panel_state.read(records.award_details_version, me["evaluation"])
    drafted = ""
    if not details.selection_reasons:
        snapshot = panel_state.read(snapshots.snapshot_of, me["member_id"])
        drafted = snapshot.decision.reasons
    said = st.session_state.pop(DETAILS_SAID, None)
    with st.expander("Award details (contract, who decides, providers' offices, responses)",
                     expanded=bool(said) or any("award detail" in b or "missing" in b
                                                for b in blocking[:1])):
        st.caption("What the documents state that no score holds. Filled in from the store "
                   "where it knows (the contract's title, the criteria, members and bids); "
                   "each save is logged. What is still missing is listed above.")
        if said:
            (st.success if said[0] == "saved" else st.warning if said[0] == "stale"
             else st.error)(said[1])
        typed = award_details_form(details, version, known_for_details(me), drafted,
                                   me["evaluation"])
        if typed is None:
            return
        try:
            update = AwardDetails.model_validate(typed)
        except ValidationError as invalid:
            st.session_state[DETAILS_SAID] = ("error", "Not saved: " + " ".join(
                error_words(invalid)))
            st.rerun()
        try:
            panel_state.change(services.set_award_details, me["member_id"], update,
                               expected_version=version)
        except Stale as stale:
            st.session_state[DETAILS_SAID] = ("stale", str(stale)[0].upper() + str(stale)[1:]
                                              + ".")
        except Refused as refused:
            st.session_state[DETAILS_SAID] = ("error", f"Not saved: {refused}.")
        else:
            st.session_state[DETAILS_SAID] = ("saved", "Award details saved.")
        st.rerun()


def make_documents(me: dict) -> tuple[tuple[list[str], bytes] | None, str | None]:
    """Write the documents (logged in the audit), and zip them for the download."""
    with tempfile.TemporaryDirectory() as folder:
        try:
            entries = panel_state.engine_call(reports.write_reports, me["member_id"],
                                              Path(folder))
        except reports.NotReady as not_ready:
            return None, "The final documents cannot be made yet: " + "; ".join(
                not_ready.problems)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for entry in entries:
                archive.write(entry["path"], Path(entry["path"]).name)
    names = [DOCUMENT_WORDS[entry["kind"]]
             + (f" ({panel_state.escape(entry['bid'])})" if entry["bid"] else "")
             for entry in entries]
    return (names, buffer.getvalue()), None

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
st.markdown("Bids that fail a minimum requirement rank below every bid that meets them "
            "all, whatever their score. Overall scores run from 0 to 100.")
parts = list(outcome["criteria"].values())
rows = []
for entry in outcome["ranking"]:
    if "provider" not in entry:  # withheld for this member's declared conflict
        rows.append({"Rank": entry["rank"], "Bid": "Withheld: you declared a conflict with "
                     "this bid", "Overall": "", "Minimum requirements": ""}
                    | dict.fromkeys(parts, ""))
        continue
    rows.append({"Rank": entry["rank"], "Bid": f"{entry['provider']} ({entry['bid']})",
                 "Overall": entry["overall"],
                 "Minimum requirements": "all met" if entry["passes"] else
                 "fails: " + "; ".join(entry["fails"])}
                | {outcome["criteria"].get(c, c): v for c, v in entry["criteria"].items()})
show_table(pd.DataFrame(rows))
if outcome["gates"]:
    st.markdown("The minimum requirements in this scheme: "
                + "; ".join(requirement(rule) for rule in outcome["gates"]) + ".")

st.header("The panel's reasons", anchor=False)
by_bid: dict[str, list[dict]] = {}
for reason in outcome["reasons"]:
    by_bid.setdefault(f"{reason['provider']} ({reason['bid']})", []).append(reason)
if not by_bid:
    st.caption("No agreed scores yet.")
for bid, reasons in by_bid.items():
    with st.expander(panel_state.escape(bid), expanded=len(by_bid) <= 2):
        for reason in reasons:
            st.markdown(f"**{panel_state.escape(reason['criterion'])}: {reason['score']}**  \n"
                        f"{panel_state.escape(reason['reason'])}")

if panel_state.may(me, Action.see_robustness):
    show_robustness(panel_state.read(robustness, me["member_id"]))
elif panel_state.may(me, Action.see_robustness_reading):
    st.header("How safe is this decision?", anchor=False)
    show_reading(panel_state.read(robustness_reading, me["member_id"]))

if panel_state.may(me, Action.report):
    documents_section(me)
