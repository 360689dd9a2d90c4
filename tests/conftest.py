import pytest

from tests.bidfiles import write_bid


@pytest.fixture
def bid_file(tmp_path):
    """Write a bid workbook into the test's temp dir: `bid_file(answers=..., tables=...)`."""

    def write(**changes):
        return write_bid(tmp_path, **changes)

    return write
