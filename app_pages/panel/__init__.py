"""A panel's lasting evaluation: sign in, declare, score, views, moderate, decide, audit.

Imports `evaluations` (services to change, views to read, reports for documents),
`scoring` and `app_pages.shared`; never the quick look's or design's pages.
"""
