"""Why a file is refused, and how cells are named in the messages."""

from __future__ import annotations

import functools

SAVE_AS = "Open it in Excel and save it as an Excel Workbook (.xlsx)."
RESEND = "Save it again from Excel and resend it."
RESAVE = "Ask the provider to open the file in Excel, save it again and resend it."


class RefusedWorkbook(Exception):
    """The file is not a plain, safe .xlsx; `cell` names where, when one applies."""

    def __init__(self, message: str, cell: str | None = None):
        super().__init__(message)
        self.message = message
        self.cell = cell


def column_number(letters: str) -> int:
    """'A' -> 1, 'AA' -> 27."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


@functools.cache  # at most 16,384 columns; every cell reference asks
def column_letters(number: int) -> str:
    """1 -> 'A', 27 -> 'AA'."""
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
