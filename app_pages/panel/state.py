"""The signed-in panel member for this session, and the store the panel pages share.

A session holds only *which* member signed in (put there by a valid code or the
identity provider's verified e-mail, never by a widget or the URL). Their name, role
and stage are read from the store on every run, so a removed member or a moved stage
takes effect at once. A code sign-in is a session in the store (`evaluations.sessions`):
the browser keeps its token in an HttpOnly cookie, so a refresh finds it again, and every
run asks the store whether it still stands (signed out, revoked, removed or 12 hours idle
end it at the next click). Every change goes through `evaluations.services` and every read
through `evaluations.views`, with this member's id; a refusal comes back as words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import streamlit as st

from app_pages.shared.cached import read_and_score  # noqa: F401  (cached by content, shared)
from evaluations import services, sessions, views
from evaluations.process import Action, Refused, Role, Stage, allowed
from evaluations.store import open_store, unit_of_work

NEW_CODES = "panel_new_codes"  # codes just issued, shown until the reader has copied them
SIGNED_IN = "panel_signed_in"  # a SignedIn: the only thing that says who this session is
TICKET = "panel_session_ticket"  # handed to /api/session once, for the cookie
FORGET_COOKIE = "forget_session_cookie"  # survives signing out, to clear the cookie
THIS_RUN = "panel_this_run"  # who is signed in, as read at the top of this run
ROLE_WORDS = {
    Role.lead: "commissioning lead",
    Role.evaluator: "evaluator",
    Role.service_user: "service-user representative",
    Role.observer: "observer",
}
STAGE_WORDS = {
    Stage.setup: "being set up",
    Stage.scoring: "scoring",
    Stage.moderation: "moderation",
    Stage.decided: "decided",
}
T = TypeVar("T")


@dataclass(frozen=True)
class SignedIn:
    """Made only by `sign_in_with_code` or `sign_in_with_email`."""

    member_id: int
    how: str  # "code" or "identity provider"
    session_id: int | None = None  # the store's session, for a code sign-in


@st.cache_resource(show_spinner=False)
def engine():
    """The store: DATABASE_URL or the local SQLite file the CLI uses, migrated once."""
    return open_store()


def read(view: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """A view, in a reading unit of work."""
    with unit_of_work(engine(), write=False) as uow:
        return view(uow, *args, **kwargs)


def change(service: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """A service, in a writing unit of work (committed, or rolled back on refusal)."""
    with unit_of_work(engine()) as uow:
        return service(uow, *args, **kwargs)


def engine_call(work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Library work that opens its own units of work on the store (reports)."""
    return work(engine(), *args, **kwargs)


def attempt(service: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[T | None, str | None]:
    """`change`, with a refusal turned into its reason."""
    try:
        return change(service, *args, **kwargs), None
    except Refused as refused:
        return None, str(refused)


# Signing in and out -------------------------------------------------------------------


def identity_provider_configured() -> bool:
    """Whether `.streamlit/secrets.toml` configures Streamlit's OIDC sign-in."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def sign_in_with_code(code: str) -> str | None:
    """Sign this session in with a personal code; the refusal's words if it is wrong."""
    try:
        owner = sessions.check_code(engine(), None, code, source=_source())
    except Refused as refused:
        return str(refused)
    session_id, ticket = sessions.start(engine(), owner)
    forget_everything()  # nothing of an earlier sign-in in this tab outlives it
    st.session_state[SIGNED_IN] = SignedIn(owner.member_id, "code", session_id)
    st.session_state[TICKET] = ticket
    return None


def _source() -> str | None:
    """Where this browser connects from (None on this machine), to slow wrong codes by."""
    address = st.context.ip_address
    return address if isinstance(address, str) else None


def hand_over_session() -> None:
    """After a sign-in, swap its one-time ticket for the HttpOnly cookie; after a sign-out,
    forget the cookie. Runs a line of script in the page (the ticket is ours, not input)."""
    ticket = st.session_state.pop(TICKET, None)
    if ticket:
        st.html(f'<script>fetch("/api/session", {{method: "POST", body: "{ticket}", '
                'credentials: "same-origin"});</script>', unsafe_allow_javascript=True)
    if st.session_state.pop(FORGET_COOKIE, False):
        st.html('<script>fetch("/api/session/end", {method: "POST", '
                'credentials: "same-origin"});</script>', unsafe_allow_javascript=True)


def forget_everything() -> None:
    """Drop every panel key of this browser session (documents made, forms, choices)."""
    for key in [key for key in st.session_state if str(key).startswith("panel_")]:
        del st.session_state[key]


def verified_email() -> str | None:
    """The e-mail the identity provider verified for this browser, if it signed in."""
    if not identity_provider_configured():
        return None
    user = st.user
    return user.get("email") if user.get("is_logged_in") else None


def sign_in_with_email(evaluation_id: int) -> str | None:
    email = verified_email()
    if not email:
        return "sign in with your organisation's account first"
    try:
        member_id = read(services.member_by_email, evaluation_id, email)
    except Refused as refused:
        return str(refused)
    st.session_state[SIGNED_IN] = SignedIn(member_id, "identity provider")
    return None


def sign_out() -> None:
    signed_in = st.session_state.get(SIGNED_IN)
    if isinstance(signed_in, SignedIn) and signed_in.session_id is not None:
        sessions.end(engine(), signed_in.session_id)
    forget_everything()
    st.session_state[FORGET_COOKIE] = True
    if isinstance(signed_in, SignedIn) and signed_in.how == "identity provider":
        st.logout()


def begin_run() -> dict[str, Any] | None:
    """Read who is signed in once at the top of each run (`streamlit_app.py`); `current`
    then answers from it for the rest of the run."""
    st.session_state.pop(THIS_RUN, None)
    me = current()
    st.session_state[THIS_RUN] = me
    return me


def current() -> dict[str, Any] | None:
    """The signed-in member as the store holds them now, or None.

    Anything in the session under SIGNED_IN that a sign-in did not put there is ignored.
    A session the store has ended (signed out elsewhere, code revoked, member removed,
    12 hours idle) signs this browser out, with everything it held.
    """
    if THIS_RUN in st.session_state:
        return st.session_state[THIS_RUN]
    signed_in = st.session_state.get(SIGNED_IN)
    if not isinstance(signed_in, SignedIn):
        signed_in = _from_cookie() or _from_identity_provider()
    if signed_in is None:
        return None
    if signed_in.session_id is not None and sessions.live_member(
            engine(), signed_in.session_id) != signed_in.member_id:
        forget_everything()
        return None
    try:
        return read(views.who, signed_in.member_id)
    except Refused:
        forget_everything()
        return None


def _from_cookie() -> SignedIn | None:
    """The session a refreshed page's cookie names, if it still stands."""
    session_id = sessions.resume(engine(), st.context.cookies.get(sessions.COOKIE))
    if session_id is None:
        return None
    member_id = sessions.live_member(engine(), session_id)
    if member_id is None:
        return None
    st.session_state[SIGNED_IN] = SignedIn(member_id, "code", session_id)
    return st.session_state[SIGNED_IN]


def _from_identity_provider() -> SignedIn | None:
    """An identity provider's verified e-mail that belongs to exactly one evaluation signs in.

    With more than one, the sign-in page asks which evaluation to open.
    """
    email = verified_email()
    if not email:
        return None
    found = read(views.memberships, email)
    if len(found) != 1:
        return None
    error = sign_in_with_email(found[0]["evaluation"])
    return None if error else st.session_state[SIGNED_IN]


def member() -> dict[str, Any]:
    """The signed-in member for a page; a page opened without one stops here."""
    me = current()
    if me is None:
        st.info("Sign in to the evaluation first.", icon=":material/login:")
        st.stop()
    return me


def may(me: dict[str, Any], action: Action) -> bool:
    """Whether the process lets this member do `action` at the evaluation's stage."""
    return allowed(Role(me["role"]), Stage(me["stage"]), action)


def role_words(me: dict[str, Any]) -> str:
    return ROLE_WORDS[Role(me["role"])]


def stage_words(me: dict[str, Any]) -> str:
    return STAGE_WORDS[Stage(me["stage"])]


def escape(text: str) -> str:
    """Text from a member or a bid, safe inside Markdown (no links, no HTML)."""
    from app_pages.shared.present import plain

    return plain(text)


def reader_notes(warnings: list[dict[str, Any]]) -> None:
    """What the reader noted in a bid's workbook (an answer Excel hides), cell by cell."""
    if warnings:
        st.warning("Notes on how the workbook was read (for example an answer Excel hides):\n"
                   + reader_notes_list(warnings), icon=":material/visibility_off:")


def reader_notes_list(warnings: list[dict[str, Any]]) -> str:
    """The reader's notes as a Markdown list, each with its cell."""
    return "\n".join(f"- {escape(w['cell'] or 'the file')}: {escape(w['message'])}"
                     for w in warnings)


def sentence(text: str) -> str:
    """A message as a sentence: its first letter capital, the rest as written (names too)."""
    return text[:1].upper() + text[1:]


def large_type() -> None:
    """Larger type and strong contrast for the service-user pages (phones included)."""
    st.html("""<style>
      .stMainBlockContainer p, .stMainBlockContainer li, .stMainBlockContainer label,
      .stMainBlockContainer textarea, .stMainBlockContainer summary {
        font-size: 1.2rem !important; line-height: 1.6 !important; color: #111 !important; }
      .stMainBlockContainer h1 { font-size: 2rem !important; }
      .stMainBlockContainer h2, .stMainBlockContainer h3 { font-size: 1.5rem !important; }
      .stMainBlockContainer button p { font-size: 1.15rem !important; }
      .stMainBlockContainer button[kind^="primary"] p { color: #fff !important; }
      .stMainBlockContainer [data-testid="stSelectbox"] input,
      .stMainBlockContainer [data-testid="stTextArea"] textarea {
        font-size: 1.2rem !important; color: #111 !important; }
      .stMainBlockContainer [data-testid="stCaptionContainer"] * { color: #333 !important; }
      .stMainBlockContainer textarea:disabled {
        color: #222 !important; -webkit-text-fill-color: #222 !important; }
    </style>""")


def show_new_codes() -> None:
    """Codes just issued, each once, with a copy button (st.code has one)."""
    issued = st.session_state.get(NEW_CODES)
    if not issued:
        return
    with st.container(border=True):
        st.subheader("Sign-in codes: copy them now", anchor=False)
        st.warning("Each code is shown only this once and is stored only as a hash. Copy "
                   "it with the button at the right of the box and give it to its member "
                   "privately.", icon=":material/key:")
        for entry in issued:
            st.markdown(f"**{escape(entry['member'])}** "
                        f"({ROLE_WORDS[entry['role']]})")
            st.code(entry["code"], language=None)
        st.button("I have copied the codes", key="panel_codes_copied",
                  on_click=lambda: st.session_state.pop(NEW_CODES, None))
