"""Which evaluation pages this session sees: by the signed-in member's role and stage.

The role and stage come from the store (`panel_state.current`), and which page needs
what is the process table's `allowed`; a page missing from the navigation cannot be
opened by its URL. Each page still reads through `evaluations.views`, which refuses
what the role may not see, so the navigation is a convenience, not the guard.
"""

from __future__ import annotations

import streamlit as st

from app_pages.panel import state as panel_state
from evaluations.process import Action, Role

QUICK_LOOK_NOTE = ("Quick look: nothing you do here is saved. Your bids stay in this "
                   "browser tab until you close it; nobody else sees them.")


def _page(name: str, title: str, icon: str) -> st.Page:
    return st.Page(f"app_pages/panel/{name}.py", title=title, icon=f":material/{icon}:",
                   url_path=f"panel_{name}")


def begin_run() -> None:
    """Who is signed in, read from the store once for this run."""
    panel_state.begin_run()


def pages() -> list[st.Page]:
    me = panel_state.current()
    if me is None:
        return [_page("sign_in", "Sign in", "login")]
    role = Role(me["role"])
    shown = []
    if role is Role.lead:
        shown.append(_page("setup", "Set up", "settings"))
    if panel_state.may(me, Action.see_progress):
        shown.append(_page("progress", "Progress and stages", "timeline"))
    if panel_state.may(me, Action.declare):
        shown.append(_page("declare", "Declare interests", "assignment_ind"))
    if role is Role.evaluator and panel_state.may(me, Action.see_bids):
        shown.append(_page("score", "Score the bids", "edit_note"))
    if role is Role.service_user and panel_state.may(me, Action.see_bids):
        shown.append(_page("plain", "The bids in plain words", "record_voice_over"))
    if (role is Role.lead and panel_state.may(me, Action.moderate)) or (
            me["moderates"] and me["stage"] == "moderation"):
        shown.append(_page("moderate", "Moderation", "groups"))
    if panel_state.may(me, Action.see_outcome) and role is not Role.service_user:
        # the representative reads the outcome in plain words on their own page
        shown.append(_page("decision", "Decision", "gavel"))
    if panel_state.may(me, Action.see_audit):
        shown.append(_page("audit", "Audit log", "history"))
    shown.append(_page("sign_in", "Signed in", "account_circle"))
    return shown


def is_panel_page(page: st.Page) -> bool:
    return str(page.url_path).startswith("panel_")


def sidebar(page: st.Page) -> None:
    """Who is signed in and as what (with sign-out), or the Quick look's note."""
    me = panel_state.current()
    panel_state.hand_over_session()
    with st.sidebar:
        if me is not None:
            with st.container(border=True):
                st.markdown(f"**{panel_state.escape(me['member'])}**  \n"
                            f"{panel_state.sentence(panel_state.role_words(me))}  \n"
                            f"{panel_state.escape(me['name'])} ({panel_state.stage_words(me)})")
                st.button("Sign out", on_click=panel_state.sign_out, icon=":material/logout:",
                          key="panel_sign_out_sidebar")
    if not is_panel_page(page):
        st.caption(QUICK_LOOK_NOTE)
