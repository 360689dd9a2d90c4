"""Sign in to an evaluation (identity provider or personal code), start one, or try the demo."""

import streamlit as st

from app_pages.panel import state as panel_state
from evaluations import services, views
from evaluations.criteria import REGIME_TITLES
from evaluations.demo import load_demo
from evaluations.store import allow_create

SIGN_IN_ERROR = "panel_sign_in_error"
DEMO_CODES = "demo_codes"  # kept when a demo member signs out, to try the next role
NEXT_STEP = {  # where each role starts, as a link on this page
    "lead": ("app_pages/panel/setup.py", "Set up the evaluation"),
    "evaluator": ("app_pages/panel/score.py", "Start scoring the bids"),
    "service_user": ("app_pages/panel/plain.py", "Read the bids in plain words"),
    "observer": ("app_pages/panel/decision.py", "Read the decision"),
}
SAVING = {
    "lead": "Each change is saved when you press its button.",
    "evaluator": "Each score is saved when you press *Save this score*; switching bid or "
                 "page before that keeps what was saved, not what you had typed.",
    "service_user": "Each view is saved when you press *Save my view*; switching bid "
                    "before that keeps what was saved, not what you had typed.",
}


def signed_in(me: dict) -> None:
    st.title("Signed in", anchor=False)
    st.markdown(f"You are signed in as **{panel_state.escape(me['member'])}**, "
                f"{panel_state.role_words(me)}, on the evaluation "
                f"**{panel_state.escape(me['name'])}**, which is at the "
                f"**{panel_state.stage_words(me)}** stage.")
    if me["role"] == "observer":
        st.markdown("You can read the outcome under **Decision** once the evaluation is "
                    "decided." if me["stage"] != "decided" else
                    "The evaluation is decided: read the outcome under **Decision**.")
    else:
        st.markdown(SAVING[me["role"]])
    if not me["declared"] and me["role"] != "observer" and me["stage"] in ("setup", "scoring"):
        st.page_link("app_pages/panel/declare.py", label="Start here: declare your interests",
                     icon=":material/arrow_forward:")
    elif me["role"] != "observer" or me["stage"] == "decided":
        target, label = NEXT_STEP[me["role"]]
        if me["moderates"] and me["stage"] == "moderation":
            target, label = "app_pages/panel/moderate.py", "Moderate the bid you stand in for"
        if me["role"] != "evaluator" or me["stage"] != "setup":
            st.page_link(target, label=label, icon=":material/arrow_forward:")
    st.caption("Your pages are listed under *Evaluation* in the menu. You stay signed in on "
               "this browser, even after a refresh, until you sign out or 12 hours pass "
               "without a click.")
    panel_state.show_new_codes()
    st.button("Sign out", on_click=panel_state.sign_out, icon=":material/logout:",
              key="panel_sign_out_page")


def with_code() -> None:
    def submit() -> None:
        code = st.session_state.get("panel_code_input", "")
        st.session_state["panel_code_input"] = ""
        st.session_state[SIGN_IN_ERROR] = panel_state.sign_in_with_code(code)

    with st.form("panel_code_form", clear_on_submit=False, border=True):
        st.markdown("The lead gave you this code; it is only yours. Capitals, spaces and "
                    "dashes do not matter, and O is read as 0.")
        st.text_input("Your sign-in code", key="panel_code_input", autocomplete="off",
                      placeholder="For example K7QMD-2XWHB-…")
        st.form_submit_button("Sign in", type="primary", on_click=submit,
                              icon=":material/login:")
    error = st.session_state.pop(SIGN_IN_ERROR, None)
    if error:
        st.error(panel_state.escape(panel_state.sentence(error)), icon=":material/block:")


def with_identity_provider() -> None:
    email = panel_state.verified_email()
    if not email:
        st.button("Sign in with your organisation's account", type="primary",
                  on_click=st.login, icon=":material/login:")
        return
    found = panel_state.read(views.memberships, email)
    if not found:
        st.warning(f"{panel_state.escape(email)} is not a member of any evaluation. Ask the "
                   "lead to add you with this e-mail, or sign in with a code below.")
        return
    choice = st.selectbox("Evaluation", found, format_func=lambda m: (
        f"{m['name']} (as {panel_state.ROLE_WORDS[m['role']]})"))
    if st.button("Open this evaluation", type="primary"):
        error = panel_state.sign_in_with_email(choice["evaluation"])
        if error:
            st.error(panel_state.escape(panel_state.sentence(error)))
        else:
            st.rerun()


def start_new() -> None:
    with st.expander("Start a new evaluation (you will be its lead)"):
        with st.form("panel_new_evaluation"):
            name = st.text_input("Tender name", placeholder="Anyshire treatment 2027")
            service = st.text_input("Service", placeholder="Adult drug and alcohol treatment")
            lead = st.text_input("Your name")
            email = st.text_input("Your e-mail (optional, for your organisation's sign-in)")
            regime = st.radio(
                "The law the award follows", list(REGIME_TITLES),
                format_func=lambda choice: REGIME_TITLES[choice],
                help="Council drug and alcohol treatment is arranged under the Provider "
                "Selection Regime. Choose the Procurement Act only for services outside it. "
                "This cannot be changed later.")
            created = st.form_submit_button("Create the evaluation", type="primary")
        if created:
            title = f"{name.strip()}: {service.strip()}" if service.strip() else name
            result, error = panel_state.attempt(
                services.create_evaluation, title, lead,
                lead_email=email.strip() or panel_state.verified_email() or None,
                regime=regime)
            if error:
                st.error(panel_state.escape(panel_state.sentence(error)))
                return
            _, _, code = result
            panel_state.sign_in_with_code(code)
            st.session_state[panel_state.NEW_CODES] = [{"member": lead.strip(), "role": "lead",
                                            "code": code}]
            st.rerun()


def demo() -> None:
    with st.expander("Try the demo evaluation"):
        st.markdown("Six sample bids, a lead, three evaluators, a service-user "
                    "representative and an observer; scoring is done and moderation has "
                    "begun. Loading it gives you every member's code, to look at the "
                    "evaluation as each of them.")
        if st.button("Load the demo evaluation", icon=":material/play_circle:"):
            loaded = load_demo(panel_state.engine())
            st.session_state[DEMO_CODES] = loaded["members"]
        for entry in st.session_state.get(DEMO_CODES, []):
            left, right = st.columns([3, 2], vertical_alignment="center")
            left.markdown(f"**{panel_state.escape(entry['member'])}**  \n"
                          f"{panel_state.ROLE_WORDS[entry['role']]}")
            right.button("Sign in as this member", key=f"panel_demo_{entry['member']}",
                         on_click=panel_state.sign_in_with_code, args=(entry["code"],))


me = panel_state.current()
if me is not None:
    signed_in(me)
else:
    st.title("Sign in to an evaluation", anchor=False)
    st.markdown("An evaluation keeps a panel's work on one tender: scores, views, the "
                "agreed scores and the decision, saved as you go. What you see depends on "
                "your role on the panel.")
    if panel_state.identity_provider_configured():
        with_identity_provider()
        st.markdown("Or use a personal code:")
    with_code()
    if allow_create():
        start_new()
        demo()
    else:
        st.caption("New evaluations are started by a commissioning lead from the command "
                   "line on this shared store, or where the app allows it.")
