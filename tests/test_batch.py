"""Many files at once: a large batch is read on every core, and gives exactly what
reading the files one after another gives, in their order; nothing is lost."""

from __future__ import annotations

import os

from scoring import batch
from scoring.batch import FILES_PER_WORKER, read_files, score_files
from scoring.reader import read_bid
from tests import hostile
from tests.bidfiles import write_bid


def a_batch(tmp_path, count: int = 2 * FILES_PER_WORKER + 1):
    """`count` files: bids with different answers, and one refused file in the middle."""
    paths = [write_bid(tmp_path, f"bid_{n:02d}.xlsx",
                       answers={"ost.max_duration_months": 12 + n}) for n in range(count)]
    paths[count // 2] = hostile.stray_far_cell(tmp_path)
    return paths


def test_a_large_batch_read_by_workers_is_what_reading_one_by_one_gives(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    paths = a_batch(tmp_path)
    assert list(read_files(paths)) == [read_bid(path) for path in paths]
    reports = score_files(paths)
    assert [report.source for report in reports] == [str(path) for path in paths]
    assert [report.scorecard is None for report in reports].count(True) == 1


def test_a_worker_that_dies_loses_no_file(tmp_path, monkeypatch):
    """A worker killed part way (here it exits on one file) leaves the files it had not
    returned to be read here: every file still comes back, in order."""
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    paths = a_batch(tmp_path)
    DYING.update(parent=os.getpid(), on=paths[5])
    monkeypatch.setattr(batch, "read_bid", dies_in_a_worker)
    assert list(read_files(paths)) == [read_bid(path) for path in paths]


DYING: dict = {}  # the test's process, and the file a worker dies on


def dies_in_a_worker(path):
    """read_bid, but a worker (not the test's own process) exits on one file."""
    if os.getpid() != DYING["parent"] and path == DYING["on"]:
        os._exit(1)
    return read_bid(path)
