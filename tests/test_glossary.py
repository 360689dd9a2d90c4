"""The Glossary defines every piece of jargon the app shows, and its search forgives spelling."""

from __future__ import annotations

import re

import pytest

from scoring.glossary import GLOSSARY, _folded, search
from scoring.reader import read_bid
from scoring.rulebook import Area
from tests.test_app import SAMPLES, assert_no_exception, texts, with_samples

# Words a service-user representative or a new panel member may not know.
JARGON = (
    "OST", "maintenance", "dose reduction", "low-dose", "detox", "rehab", "abstinence",
    "drug-free exit", "successful completion", "re-presentation", "relapse", "overdose",
    "naloxone", "harm reduction", "psychosocial interventions", "keyworker",
    "recovery capital", "BARC-10", "mutual aid", "12-step", "LERO", "lived experience",
    "peer worker", "co-production", "co-produced", "PbR", "payment by results", "block",
    "at risk", "clawback", "case mix", "case-mix", "all-or-nothing", "stepped care",
    "stepped", "cohort", "opiate", "BBV", "blood-borne virus", "needle and syringe",
    "window", "engagement", "attachment", "retention", "payment line", "target", "KPI",
    "robust", "verdict", "assumption", "unconfirmed", "minimum requirement", "gate",
    "person-paced", "target-driven", "unplanned exit", "likely range", "person-years",
    "NDTMS", "drug-related death", "governance", "commissioner", "weights",
    "evaluation panel", "stress test", "red flag", "amber flag", "service user",
)


def defined(word: str) -> bool:
    """A term, or one of its other spellings, is the word (any case, hyphens, plurals)."""
    wanted = _folded(word)
    return any(wanted == _folded(spelling) or re.search(rf"\b{re.escape(wanted)}\b",
                                                          _folded(spelling))
               for term in GLOSSARY for spelling in term.spellings())


def shown(text: str, word: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(_folded(word))}(?![\w-])", _folded(text)) is not None


@pytest.fixture(scope="module")
def app_words() -> str:
    """Every word the app shows on every page, with the sample bids loaded."""
    app = with_samples()
    seen = [texts(app)]
    for page in ("compare", "stress_test", "weights", "download"):
        app.switch_page(f"app_pages/quick/{page}.py").run()
        assert_no_exception(app)
        seen.append(texts(app))
        seen += [e.label for e in app.expander]
    app.switch_page("app_pages/quick/why.py").run()
    for path in sorted(SAMPLES.glob("*.xlsx")):
        app.selectbox[0].set_value(read_bid(path).digest).run()
        for area in Area:
            app.radio[0].set_value(area.value).run()
            assert_no_exception(app)
            seen.append(texts(app))
            seen += [e.label for e in app.expander]
    return "\n".join(seen)


def test_every_piece_of_jargon_the_app_shows_is_in_the_glossary(app_words):
    used = [word for word in JARGON if shown(app_words, word)]
    assert len(used) > 40, used  # the collection really saw the pages
    assert [word for word in used if not defined(word)] == []


def test_the_words_named_in_the_issue_are_defined():
    for word in ("case mix", "stepped care", "cohort", "BBV", "window", "engagement",
                 "clawback", "robust", "gate", "minimum requirement"):
        assert defined(word), word


@pytest.mark.parametrize(("query", "term"), [
    ("case-mix", "Case mix"), ("CASE MIX", "Case mix"), ("case mixes", "Case mix"),
    ("Clawbacks", "Clawback"), ("cohorts", "Cohort"), ("blood borne viruses", "BBV"),
    ("co production", "Co-production"), ("minimum requirements", "Minimum requirement"),
    ("re presentations", "Re-presentation"), ("lero", "LERO"), ("gates", "Minimum requirement"),
])
def test_search_ignores_case_hyphens_and_plurals(query, term):
    assert term in [found.term for found in search(query)]


def test_an_empty_search_lists_every_term():
    assert search("  ") == GLOSSARY


def test_the_glossary_page_finds_a_word_however_it_is_written():
    app = with_samples().switch_page("app_pages/quick/glossary.py").run()
    app.text_input[0].set_value("Case-Mixes").run()
    assert_no_exception(app)
    assert any(m.value.startswith("**Case mix**") for m in app.markdown)


