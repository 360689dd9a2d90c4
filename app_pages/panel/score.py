"""Evaluator: one bid at a time, its scorecard beside a 0-4 score and comment per area.

Each area is a small form drawn from what the store holds every time the page is drawn:
the saved score selected (nothing selected when unscored) and the saved comment. Its
widgets' keys carry the stored version, so after any save, here or in another window, the
form shows the store again. *Save this score* saves against that version: if the store
moved on since, the save is refused with who changed it, and the form shows what is saved.
"""

import pandas as pd
import streamlit as st

from app_pages.panel import state as panel_state
from app_pages.shared.tables import show_table
from evaluations import services, views
from evaluations.process import Action, Refused, Stale
from evaluations.versions import NOTHING_SAVED
from scoring.engine import requirement
from scoring.words import area_name, listed_by_bid

BID = "panel_score_bid"
CONFIRM_SUBMIT = "panel_confirm_submit"


def form_key(bid: str, criterion: str, version: int) -> str:
    return f"panel_score|{bid}|{criterion}|v{version}"


def said_key(bid: str, criterion: str) -> str:
    return f"panel_score_said|{bid}|{criterion}"


def save(member_id: int, bid: str, criterion: str, version: int) -> None:
    """Form callback: save this score and comment against the version the form showed."""
    prefix = form_key(bid, criterion, version)
    score = st.session_state.get(f"{prefix}|score")
    comment = (st.session_state.get(f"{prefix}|comment") or "").strip()
    if score is None:
        said = ("todo", "Not saved: choose a score first.")
    elif not comment:
        said = ("todo", "Not saved: write a comment for this score first.")
    else:
        try:
            panel_state.change(services.save_score, member_id, bid, criterion, score,
                               comment, expected_version=version)
            said = ("saved", "Saved.")
        except Stale as stale:
            said = ("stale", panel_state.sentence(str(stale)) + ".")
        except Refused as refused:
            said = ("error", f"Not saved: {refused}.")
    st.session_state[said_key(bid, criterion)] = said


def scorecard(bid: dict, criteria: dict) -> None:
    st.metric("Rules' overall score (0-100)", f"{bid['overall']:.0f}"
              if bid["overall"] is not None else "not scored")
    if bid["gate_failures"]:
        st.error("Fails a minimum requirement, so it ranks below every bid that meets them "
                 "all:\n" + "\n".join(f"- {requirement(rule)}" for rule in bid["gate_failures"]),
                 icon=":material/block:")
    show_table(pd.DataFrame([{"Area": area_name(area), "Rules' score (0-100)":
                              None if score is None else round(score)}
                             for area, score in bid["areas"].items()]), decimals=0)
    if bid["flags"]:
        st.markdown("**Flags the rules raised**")
        st.markdown("\n".join(
            f"- {':red[**Red**]' if f['severity'] == 'red' else ':orange[**Amber**]'} "
            f"({area_name(f['area'])}): {panel_state.escape(f['message'])} "
            f"(workbook {panel_state.escape(', '.join(f['cells']) or 'as a whole')})"
            for f in bid["flags"]))
    else:
        st.success("The rules raised no flags.", icon=":material/check_circle:")
    panel_state.reader_notes(bid.get("warnings", []))


@st.cache_data(show_spinner=False, max_entries=200)
def narrative(sha256: str, filename: str, _content: bytes) -> list[tuple[str, str]]:
    """The bid's Narrative sheet (cached by the file's digest: the same for everyone)."""
    report = panel_state.read_and_score(_content, filename)
    bid = report.read.bid
    return [] if bid is None else [(str(s.section), str(s.text or "")) for s in bid.narrative]


def narrative_section(me: dict, bid: dict) -> None:
    filename, content = panel_state.read(views.bid_file, me["member_id"], bid["reference"])
    sections = narrative(bid["sha256"], filename, content)
    with st.expander("The bid's Narrative", expanded=False):
        if not sections:
            st.caption("This bid has no Narrative sheet.")
        for section, text in sections:
            st.markdown(f"**{panel_state.escape(section)}**")
            st.markdown(panel_state.escape(text) or "_(left blank)_")


def score_inputs(me: dict, page: dict, bid: dict, saved: dict, locked: bool) -> None:
    descriptors = {int(k): v for k, v in page["scheme"]["descriptors"].items()}
    for criterion in page["scheme"]["criteria"]:
        if not criterion["panel_share"] and criterion["kind"] == "scored":
            continue
        ref, cid = bid["reference"], criterion["id"]
        stored = saved.get((ref, cid))
        options = [0, 1] if criterion["kind"] == "pass_fail" else list(descriptors)
        words = ({0: "fail", 1: "pass"} if criterion["kind"] == "pass_fail" else descriptors)
        if locked:
            with st.container(border=True):
                st.subheader(panel_state.escape(criterion["title"]), anchor=False)
                if stored is None:
                    st.markdown("Not scored.")
                else:
                    st.markdown(f"Your score: **{stored['score']}: "
                                f"{panel_state.escape(words[stored['score']])}**  \n"
                                f"{panel_state.escape(stored['comment'])}")
                st.caption("Submitted: this score no longer changes." if page.get("submitted")
                           else "Scoring is closed.")
            continue
        version = stored["version"] if stored else NOTHING_SAVED
        prefix = form_key(ref, cid, version)
        with st.form(prefix, border=True):
            st.subheader(panel_state.escape(criterion["title"]), anchor=False)
            st.radio("Your score", options, key=f"{prefix}|score",
                     index=options.index(stored["score"]) if stored else None,
                     format_func=lambda n, words=words: panel_state.escape(f"{n}: {words[n]}"))
            st.text_area("Your comment (cite cells or Narrative sections)",
                         value=stored["comment"] if stored else "", key=f"{prefix}|comment",
                         height=100)
            st.form_submit_button("Save this score", on_click=save,
                                  args=(me["member_id"], ref, cid, version))
            said = st.session_state.pop(said_key(ref, cid), None)
            if said and said[0] == "stale":
                st.warning(panel_state.escape(said[1]), icon=":material/sync_problem:")
            elif said and said[0] in ("error", "todo"):
                st.error(panel_state.escape(said[1]), icon=":material/error:")
            elif stored:
                st.markdown(f":green[:material/check: Saved: {stored['score']}: "
                            f"{panel_state.escape(words[stored['score']])}.]")
            else:
                st.markdown(":orange[:material/pending: Not scored yet.]")


def submit_section(me: dict, page: dict, names: dict, titles: dict) -> None:
    st.header("Submit", anchor=False)
    if page.get("submitted"):
        st.success("You have submitted your scores. They no longer change.",
                   icon=":material/check_circle:")
        return
    missing = [item.split("/", 1) for item in page.get("missing", [])]
    if missing:
        st.markdown(f"Still to score: {len(missing)} in all.")
        st.markdown("\n".join(f"- {panel_state.escape(line)}"
                              for line in listed_by_bid(missing, names, titles)))
    if not st.session_state.get(CONFIRM_SUBMIT):
        st.caption("Submitting sends every score at once; after that none of them can "
                   "change, and you will see the other evaluators' submitted scores.")
        st.button("Submit my scores…", type="primary", disabled=bool(missing),
                  key="panel_submit", on_click=lambda: st.session_state.update(
                      {CONFIRM_SUBMIT: True}))
        return
    scored = len(page.get("my_scores", []))
    with st.container(border=True):
        st.warning(f"**Submit your scores?** All {scored} scores and comments you saved, on "
                   f"{len(names)} bid{'s' if len(names) != 1 else ''}, freeze as they are now: "
                   "none of them can change afterwards. You will then see the other "
                   "evaluators' submitted scores.", icon=":material/lock:")
        yes, no = st.columns(2)
        confirmed = yes.button("Yes, submit my scores", type="primary",
                               key="panel_submit_yes")
        no.button("Cancel", key="panel_submit_no",
                  on_click=lambda: st.session_state.pop(CONFIRM_SUBMIT, None))
    if confirmed:
        st.session_state.pop(CONFIRM_SUBMIT, None)
        _, error = panel_state.attempt(services.submit, me["member_id"])
        if error:
            st.error(panel_state.escape(panel_state.sentence(error)))
        else:
            st.rerun()


def others(page: dict, bid: dict, titles: dict) -> None:
    rows = [row for row in page.get("panel_scores", []) if row["bid"] == bid["reference"]]
    st.header("The panel's submitted scores for this bid", anchor=False)
    if not rows:
        st.caption("Nobody else has submitted yet.")
        return
    show_table(pd.DataFrame([{"Area": titles.get(r["criterion"], area_name(r["criterion"])),
                              "Evaluator": r["evaluator"], "Score (0-4)": r["score"],
                              "Comment": r["comment"]} for r in rows]))


me = panel_state.member()
st.title("Score the bids", anchor=False)
page = panel_state.read(views.show, me["member_id"])
if not page.get("declared"):
    st.info("Declare your interests first (a nil return counts).",
            icon=":material/assignment_ind:")
    st.page_link("app_pages/panel/declare.py", label="Declare your interests")
    st.stop()
bids = page["bids"]
if page.get("withheld"):
    count = len(page["withheld"])
    st.markdown(f"{count} {'bid is' if count == 1 else 'bids are'} withheld from you "
                "because of the conflict you declared.")
if not bids:
    st.info("There are no bids for you to score.")
    st.stop()
titles = {c["id"]: c["title"] for c in page["scheme"]["criteria"]}
names = {b["reference"]: b["provider"] for b in bids}
saved = {(s["bid"], s["criterion"]): s for s in page.get("my_scores", [])}
open_for_scores = panel_state.may(me, Action.score)
locked = bool(page.get("submitted")) or not open_for_scores
to_do = {b: sum(1 for item in page.get("missing", []) if item.startswith(f"{b}/"))
         for b in names}
chosen = st.selectbox("Bid", list(names), key=BID, format_func=lambda r: f"{names[r]} ({r})")
st.markdown("Still to score: " + "; ".join(f"{panel_state.escape(names[r])}, {n} "
                                           f"{'area' if n == 1 else 'areas'}"
                                           for r, n in to_do.items() if n)
            if any(to_do.values()) else "Every bid is scored on every area.")
bid = next(b for b in bids if b["reference"] == chosen)
card, scoring = st.columns([1, 1], gap="large")
with card:
    st.header(panel_state.escape(bid["provider"]), anchor=False)
    scorecard(bid, titles)
    narrative_section(me, bid)
with scoring:
    st.header("Your scores", anchor=False)
    score_inputs(me, page, bid, saved, locked)
if open_for_scores:
    submit_section(me, page, names, titles)
if page.get("submitted"):
    others(page, bid, titles)
