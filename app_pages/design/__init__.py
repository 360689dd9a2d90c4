"""Design a payment model before tender: would it pay to push people out, and what would fix it?

Imports `scoring`, `templates`, `sample_tenders` and `app_pages.shared`; never the other
journeys' pages.
"""
