"""The blank bid and design workbooks, generated from the models.

Imports only from `scoring`.
"""
