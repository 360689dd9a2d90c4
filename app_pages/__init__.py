"""The web app's pages, one folder a journey, thin over the library.

`quick/` the quick look (one commissioner, nothing saved), `panel/` a panel's lasting
evaluation (signed in, saved), `design/` a payment design before tender, `shared/` the
widgets, words and caches they all use. Pages may import anything below them (`scoring`,
`documents`, `evaluations`, `templates`, `sample_tenders`) and `app_pages.shared`, but
never another journey's folder.
"""
