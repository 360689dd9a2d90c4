"""The documents a decision needs, made from a frozen snapshot of an evaluation."""
