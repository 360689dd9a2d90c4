"""Sample payment designs as data, kept apart from the bids, and their writer.

Imports only from `scoring`, `templates` and the sample bids' helpers.
"""
