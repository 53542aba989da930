"""Routing administration under /admin/: a municipality's centres, settings and rules, the
preview, coverage, import and export and history; the region's topics and settings.

`validation`, `shadowing` and `coverage` are plain Python (no Flask, no database); `store`,
`operations`, `transfer` and `history` work on a SQLAlchemy session and flush; `router` builds
the live router from the tables; `messages` turns problems into translated sentences; the
`*_views` modules are the blueprint's pages (`views` gathers them) and `cli` the commands.
"""
