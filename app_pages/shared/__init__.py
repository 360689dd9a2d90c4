"""What every journey's pages share: plain words, tables, charts, stress-test views, caches.

Imports `scoring` and third-party libraries; never a journey's pages.
"""
