"""The quick look: one commissioner's bids in this browser tab, scored, compared, explained.

Imports `scoring`, `templates`, `app_pages.shared`; never the panel or design pages.
"""
