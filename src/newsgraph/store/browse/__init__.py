"""Read queries for browsing the corpus (web pages and API), one module per kind of page.

`articles`, `entities`, `events`, `quotes`, `places` and `stories` serve their lists and pages;
`aggregates` the counts of the dashboard and the events explorer; `paging` the keyset pages they share.
Written once for both backends through `Store.read()` and `Tx` (`?` placeholders). Event counts are of
events, not reports: reports merged into one canonical event count once.
"""
