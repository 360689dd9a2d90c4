"""Text a Word document can hold: XML 1.0 forbids most control characters.

One stray character (a vertical tab pasted from another program, say) in a comment, a
name or a reason would make python-docx refuse the whole document, for good once the text
is frozen in the store. So the store refuses such text when it is entered
(`unsafe_text_problem`), and every snapshot drops any that got in before (`xml_safe`),
so no stored text can ever block a document.
"""

from __future__ import annotations

import re
import unicodedata

# What XML 1.0 cannot hold: C0 controls except tab, newline and carriage return;
# surrogates; U+FFFE and U+FFFF.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """The text without the characters a document cannot hold."""
    return XML_ILLEGAL.sub("", text)


def unsafe_text_problem(text: str, what: str) -> str | None:
    """A plain-words refusal naming the first character a document cannot hold, or None."""
    found = XML_ILLEGAL.search(text)
    if found is None:
        return None
    character = found.group()
    name = unicodedata.name(character, "a control character")
    return (f"The {what} contains a character documents cannot hold ({name.lower()}, "
            f"U+{ord(character):04X}, at character {found.start() + 1}). It usually comes from "
            "copying text out of another program: remove it (retype that part) and save again.")
