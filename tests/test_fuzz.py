"""Differential fuzzing in the suite: mutated sample bids read exactly as openpyxl reads
them, or are refused; never a traceback, never slow. `make fuzz` runs thousands."""

from __future__ import annotations

import pytest

from tests.fuzz import SECONDS_PER_CASE, mutated, run_case

SEED = 8  # issue 8
CASES = 300


@pytest.fixture(scope="module")
def outcomes():
    return [run_case(SEED, index) for index in range(CASES)]


def test_every_accepted_mutated_bid_reads_as_openpyxl_reads_it(outcomes):
    failures = [(o.index, mutated(SEED, o.index)[1], o.failure) for o in outcomes if o.failure]
    assert failures == []


def test_the_corpus_reaches_the_reader_at_every_level(outcomes):
    levels = {mutated(SEED, o.index)[1].split(" in ")[0] for o in outcomes}
    assert levels == {"zip bytes", "members", "part bytes", "sheet xml"}
    accepted = sum(o.accepted for o in outcomes)
    assert 0.1 * CASES < accepted < 0.9 * CASES  # both sides of the guard are exercised


def test_every_case_is_answered_quickly(outcomes):
    assert max(o.seconds for o in outcomes) < SECONDS_PER_CASE


def test_the_corpus_is_the_same_every_run():
    assert mutated(SEED, 5) == mutated(SEED, 5)


def test_the_samples_read_the_same_with_their_text_in_a_shared_string_table():
    from scoring.reader import read_bid_bytes
    from tests.fuzz import samples, with_shared_strings

    for name, data in samples()[:6]:
        inline = read_bid_bytes(data, name)
        shared = read_bid_bytes(with_shared_strings(data), name)
        assert shared.errors == () and shared.bid == inline.bid
