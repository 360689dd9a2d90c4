"""The limits a workbook must keep to before any of it is parsed: one place, sane defaults.

A real bid is a few dozen kilobytes with a few hundred cells and about 2,000 XML
elements. These limits leave room for a hundred times that and more, and refuse
anything built to exhaust memory or time.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 20 * 1024 * 1024
    max_members: int = 500
    max_inflated_bytes: int = 50 * 1024 * 1024
    # Spreadsheet XML compresses well (10-30x is usual); a bomb compresses thousands-fold.
    max_compression_ratio: float = 200.0
    ratio_applies_above_bytes: int = 1024 * 1024
    # Parsing time grows with the number of elements, memory with the length of a tag
    # (a tag with millions of attributes); Excel's longest tags are a few hundred bytes.
    max_xml_elements: int = 1_000_000
    max_tag_bytes: int = 64 * 1024
    max_rows: int = 5_000
    max_columns: int = 60
    max_cells: int = 50_000  # in the whole workbook: a real bid has a few hundred
    # Number formats, fonts, fills and cell formats together: a bid has a few dozen.
    max_formats: int = 20_000


DEFAULT_LIMITS = Limits()

# How many rows a table may have. A real contract has tens of payment lines and targets,
# never thousands; each line is priced by the stress test, so more only costs time.
MAX_PAYMENT_LINES = 50
MAX_TARGETS = 50
