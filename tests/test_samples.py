"""The committed sample bids and designs are what the generators write, each explained."""

from __future__ import annotations

from pathlib import Path

import pytest

from sample_tenders.bids import SAMPLE_BIDS
from sample_tenders.designs.designs import SAMPLE_DESIGNS
from sample_tenders.designs.generate import write_design
from sample_tenders.generate import write_sample
from scoring.reader import read_bid, read_design

FOLDER = Path(__file__).resolve().parent.parent / "sample_tenders"


@pytest.mark.parametrize("sample", SAMPLE_BIDS, ids=lambda sample: sample.file)
def test_committed_sample_matches_the_generator(tmp_path, sample):
    committed = read_bid(FOLDER / sample.file)
    fresh = read_bid(write_sample(sample, tmp_path))
    assert committed.errors == () and committed.warnings == ()
    assert committed.bid == fresh.bid


@pytest.mark.parametrize("sample", SAMPLE_BIDS, ids=lambda sample: sample.file)
def test_every_sample_is_explained_in_the_readme(sample):
    assert sample.file in (FOLDER / "README.md").read_text()


@pytest.mark.parametrize("sample", SAMPLE_DESIGNS, ids=lambda sample: sample.file)
def test_committed_design_matches_the_generator(tmp_path, sample):
    committed = read_design(FOLDER / "designs" / sample.file)
    fresh = read_design(write_design(sample, tmp_path))
    assert committed.errors == () and committed.warnings == ()
    assert committed.design == fresh.design


@pytest.mark.parametrize("sample", SAMPLE_DESIGNS, ids=lambda sample: sample.file)
def test_every_design_is_explained_in_its_readme(sample):
    assert sample.file in (FOLDER / "designs" / "README.md").read_text()
