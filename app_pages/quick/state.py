"""One user's bids, weights and assumptions, kept in st.session_state; work cached by content.

The caches hold pure functions only: `read_and_score` of a file's bytes and name (in
app_pages.shared.cached), and `stress_result` of a bid's content digest and the
assumptions. They are safe to share between users. Which bids a user loaded, the
weights they chose and the assumptions they changed live in their own session and
nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from pydantic import ValidationError

from app_pages.shared.cached import read_and_score
from scoring.batch import BidReport
from scoring.models import Bid
from scoring.ranking import RankedBid, ranking
from scoring.rulebook import Area
from scoring.scheme import DEFAULT_AREA_WEIGHTS, DEFAULT_SCHEME, EvaluationScheme
from scoring.stress import DEFAULT_ASSUMPTIONS, Assumptions, StressResult, stress_test, with_values

SAMPLES = Path(__file__).resolve().parents[2] / "sample_tenders"
BIDS = "bids"  # digest -> LoadedFile, in the order they were added
NOTES = "upload_notes"  # what happened to each file of the last upload
UPLOADER = "uploader_generation"  # bumped to empty the uploader after each upload
WEIGHTS = "area_weights"  # area value -> weight
FOCUS_BID = "focus_bid"  # digest of the bid the Why page shows
FOCUS_AREA = "focus_area"
STRESS_VALUES = "stress_values"  # assumption name -> the central value the user chose
# Scores always use the published assumptions; the Stress test page's edits are a
# what-if for that page alone. Every page that shows scores says so.
ASSUMPTIONS_NOTE = ("Scores use the stress test's published assumptions; figures changed on "
                    "the Stress test page apply to that page only.")


@dataclass(frozen=True)
class LoadedFile:
    """A file the user gave us, with its outcome (a scorecard, or why it was refused)."""

    name: str
    report: BidReport

    @property
    def digest(self) -> str:
        return self.report.read.digest

    @property
    def accepted(self) -> bool:
        return self.report.scorecard is not None


@dataclass(frozen=True)
class UploadNote:
    """What became of one file in the last upload: added, refused or a duplicate."""

    name: str
    outcome: str  # "accepted", "refused" or "duplicate"
    detail: str


@st.cache_data(show_spinner=False, max_entries=2000)
def stress_result(
    digest: str, assumptions: tuple[tuple[str, float], ...], _bid: Bid
) -> StressResult:
    """Stress-test one bid; cached by the bid's content digest and the assumptions only."""
    return stress_test(_bid, with_values(DEFAULT_ASSUMPTIONS, dict(assumptions)))


def stress_assumptions() -> Assumptions:
    """The published assumptions with this user's changed values."""
    return with_values(DEFAULT_ASSUMPTIONS, st.session_state.get(STRESS_VALUES, {}))


def start() -> None:
    """Give a new session its empty bid list and the published weights."""
    st.session_state.setdefault(BIDS, {})
    st.session_state.setdefault(NOTES, [])
    st.session_state.setdefault(UPLOADER, 0)
    published = {area.value: weight for area, weight in DEFAULT_AREA_WEIGHTS.items()}
    st.session_state.setdefault(WEIGHTS, published)


def loaded() -> list[LoadedFile]:
    return list(st.session_state[BIDS].values())


def add_files(files: Iterable[tuple[str, bytes]]) -> list[UploadNote]:
    """Read, score and keep each file; the same file (by content) is kept once."""
    store: dict[str, LoadedFile] = st.session_state[BIDS]
    notes = []
    for name, data in files:
        report = read_and_score(data, name)
        earlier = store.get(report.read.digest)
        if earlier is not None:
            notes.append(UploadNote(name, "duplicate", f"the same file as {earlier.name}, "
                                                       "so it was not added again"))
            continue
        store[report.read.digest] = LoadedFile(name, report)
        if report.scorecard is not None:
            notes.append(UploadNote(name, "accepted", f"scored as {report.provider}"))
        else:
            count = len(report.errors)
            notes.append(UploadNote(name, "refused", f"{count} problem"
                                                     f"{'' if count == 1 else 's'} to fix, "
                                                     "listed below"))
    st.session_state[NOTES] = notes
    return notes


def uploader_key() -> str:
    return f"uploader_{st.session_state[UPLOADER]}"


def take_upload() -> None:
    """Uploader callback: keep the files just chosen, then empty the uploader."""
    files = st.session_state.get(uploader_key()) or []
    add_files((file.name, file.getvalue()) for file in files)
    st.session_state[UPLOADER] += 1


def load_samples() -> None:
    """Button callback: load the six sample bids as if they had been uploaded."""
    add_files((path.name, path.read_bytes()) for path in sorted(SAMPLES.glob("*.xlsx")))


def remove(digest: str) -> None:
    st.session_state[BIDS].pop(digest, None)
    st.session_state[NOTES] = []


def clear() -> None:
    st.session_state[BIDS] = {}
    st.session_state[NOTES] = []


def reports() -> list[BidReport]:
    return [file.report for file in loaded()]


def weights() -> dict[Area, float]:
    return {Area(area): float(weight) for area, weight in st.session_state[WEIGHTS].items()}


def set_weights(new_weights: dict[Area, float]) -> str | None:
    """Keep new area weights if they make a valid scheme; otherwise say why not."""
    try:
        DEFAULT_SCHEME.with_area_weights(new_weights)
    except ValidationError as invalid:
        return "; ".join(error["msg"].removeprefix("Value error, ") for error in invalid.errors())
    st.session_state[WEIGHTS] = {area.value: weight for area, weight in new_weights.items()}
    return None


def weights_changed() -> bool:
    return weights() != DEFAULT_AREA_WEIGHTS


def scheme() -> EvaluationScheme:
    """The evaluation scheme with this user's area weights."""
    if not weights_changed():
        return DEFAULT_SCHEME
    return DEFAULT_SCHEME.with_area_weights(weights())


def ranked() -> list[RankedBid]:
    """The accepted bids under this user's weights, best first."""
    return ranking(reports(), scheme())


def focus(digest: str, area: Area | None = None) -> None:
    """Remember which bid (and area) the Why page should open on."""
    st.session_state[FOCUS_BID] = digest
    if area is not None:
        st.session_state[FOCUS_AREA] = area.value


def stop_for_want_of_bids(message: str) -> None:
    """A page's empty state: say what to do, point to Bids in, and stop the page."""
    st.info(message, icon=":material/inbox:")
    st.page_link("app_pages/quick/bids.py", label="Go to Bids in", icon=":material/upload_file:")
    st.stop()
