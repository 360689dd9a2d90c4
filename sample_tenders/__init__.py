"""Six contrasting fictional bids as data, and the script that writes them as workbooks.

Imports only from `scoring` and `templates`.
"""
