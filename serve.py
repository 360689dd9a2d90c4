"""The web app as served: the Streamlit pages, plus the route that sets the sign-in cookie.

`make run` and the browser tests start this file (`streamlit run serve.py`); Streamlit
finds the `st.App` below and serves `streamlit_app.py` through it. After a code is
accepted the page posts a one-time ticket here, and the answer sets the session's token
as an HttpOnly, SameSite=Strict cookie: page scripts cannot read it, other sites cannot
send it, and it never appears in a URL (see `evaluations.sessions`).
"""

from urllib.parse import urlsplit

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from evaluations import sessions
from evaluations.store import open_store

COOKIE_DAYS = 1  # the store ends a session after 12 hours without a click anyway


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    return bool(origin) and urlsplit(origin).netloc == request.headers.get("host")


async def begin_session(request: Request) -> Response:
    """Swap a one-time ticket for the session's cookie."""
    if not _same_origin(request):
        return Response(status_code=403)
    ticket = (await request.body())[:200].decode(errors="ignore").strip()
    token = await run_in_threadpool(sessions.exchange, open_store(), ticket)
    if token is None:
        return Response(status_code=400)
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    secure = (request.url.scheme == "https"
              or request.headers.get("x-forwarded-proto") == "https")
    response.set_cookie(sessions.COOKIE, token, max_age=COOKIE_DAYS * 86400, path="/",
                        httponly=True, samesite="strict", secure=secure)
    return response


async def end_session(request: Request) -> Response:
    """Forget the cookie (the store has already ended the session it named)."""
    if not _same_origin(request):
        return Response(status_code=403)
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    response.delete_cookie(sessions.COOKIE, path="/", httponly=True, samesite="strict")
    return response


app = st.App("streamlit_app.py", routes=[
    Route("/api/session", begin_session, methods=["POST"]),
    Route("/api/session/end", end_session, methods=["POST"]),
])
