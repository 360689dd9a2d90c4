"""Differential fuzzing in the suite: mutated sample bids read exactly as openpyxl reads
them, or are refused; the classes of issue 19 read as Excel shows them, refused or warned
as each case says; every case kept in tests/corpus read as it must be; never a
traceback, never slow. `make fuzz` runs thousands."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fuzz import CORPUS, LEVELS, SECONDS_PER_CASE, case, mutated, replay, run_case
from tests.fuzz_classes import CLASSES

SEED = 8  # issue 8
CASES = 300
CLASS_SEED = 19  # issue 19
CLASS_CASES = 300


@pytest.fixture(scope="module")
def outcomes():
    return [run_case(SEED, index) for index in range(CASES)]


@pytest.fixture(scope="module")
def class_outcomes():
    return [run_case(CLASS_SEED, index, ("classes",)) for index in range(CLASS_CASES)]


def test_every_accepted_mutated_bid_reads_as_openpyxl_reads_it(outcomes):
    failures = [(o.index, mutated(SEED, o.index)[1], o.failure) for o in outcomes if o.failure]
    assert failures == []


def test_the_corpus_reaches_the_reader_at_every_level(outcomes):
    levels = {mutated(SEED, o.index)[1].split(" in ")[0] for o in outcomes}
    assert levels == set(LEVELS)
    accepted = sum(o.accepted for o in outcomes)
    assert 0.1 * CASES < accepted < 0.9 * CASES  # both sides of the guard are exercised


def test_every_case_is_answered_quickly(outcomes, class_outcomes):
    assert max(o.seconds for o in (*outcomes, *class_outcomes)) < SECONDS_PER_CASE


def test_every_class_of_issue_19_reads_as_excel_shows_it(class_outcomes):
    failures = [(o.index, case(CLASS_SEED, o.index, ("classes",))[1], o.failure)
                for o in class_outcomes if o.failure]
    assert failures == []


def test_every_class_is_reached_both_accepted_and_refused(class_outcomes):
    classes = {case(CLASS_SEED, o.index, ("classes",))[1].split(":")[0] for o in class_outcomes}
    assert classes == set(CLASSES)
    accepted = sum(o.accepted for o in class_outcomes)
    assert 0.1 * CLASS_CASES < accepted < 0.9 * CLASS_CASES


@pytest.mark.parametrize("kept", sorted(CORPUS.glob("*.xlsx")), ids=lambda path: path.stem)
def test_every_case_in_the_corpus_reads_as_it_must(kept: Path):
    assert replay(kept).failure is None


def test_the_corpus_is_the_same_every_run():
    assert mutated(SEED, 5) == mutated(SEED, 5)
    assert case(CLASS_SEED, 5, ("classes",)) == case(CLASS_SEED, 5, ("classes",))


def test_the_samples_read_the_same_with_their_text_in_a_shared_string_table():
    from scoring.reader import read_bid_bytes
    from tests.fuzz import samples, with_shared_strings

    for name, data in samples()[:6]:
        inline = read_bid_bytes(data, name)
        shared = read_bid_bytes(with_shared_strings(data), name)
        assert shared.errors == () and shared.bid == inline.bid
