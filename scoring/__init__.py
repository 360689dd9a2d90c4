"""The library everything stands on: read and validate bid workbooks, run the rules, score,
rank, stress-test payments and check payment designs.

The ground floor. It imports only itself and third-party libraries: never `rules`
(the engine discovers them by name at run time), `documents`, `templates`,
`sample_tenders`, `evaluations` or `app_pages`. `scoring/__main__.py`, the program's entry
point, is the one exception: it stands at the top and dispatches to the floors above.
"""
