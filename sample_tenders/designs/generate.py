"""Write the sample payment designs into this folder: `python -m sample_tenders.designs.generate`.

They live apart from the sample bids (`sample_tenders/*.xlsx`), which the app loads as bids.
"""

from __future__ import annotations

from pathlib import Path

from sample_tenders.designs.designs import SAMPLE_DESIGNS, SampleDesign
from templates.bid_workbook import build_design_workbook

HERE = Path(__file__).parent


def write_design(sample: SampleDesign, folder: Path = HERE) -> Path:
    path = folder / sample.file
    build_design_workbook(sample.answers, sample.tables).save(path)
    return path


def main() -> None:
    for sample in SAMPLE_DESIGNS:
        print(write_design(sample))


if __name__ == "__main__":
    main()
