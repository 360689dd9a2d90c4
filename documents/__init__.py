"""The documents a decision needs, made from a frozen snapshot of an evaluation.

Imports `scoring` only; never `evaluations` (the store builds the snapshot and calls in)
or `app_pages`. `documents/__main__.py` writes the sample evaluation's documents.
"""
