"""Write the sample bids into this folder: `python -m sample_tenders.generate`."""

from __future__ import annotations

from pathlib import Path

from sample_tenders.bids import SAMPLE_BIDS, SampleBid
from templates.bid_workbook import build_workbook

HERE = Path(__file__).parent


def write_sample(sample: SampleBid, folder: Path = HERE) -> Path:
    path = folder / sample.file
    build_workbook(sample.answers, sample.tables, sample.percent_format).save(path)
    return path


def main() -> None:
    for sample in SAMPLE_BIDS:
        print(write_sample(sample))


if __name__ == "__main__":
    main()
