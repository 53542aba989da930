"""Configuring routing: validation, shadowed rules, coverage, import/export and history.

`validation`, `shadowing` and `coverage` are plain Python (no Flask, no database); `store`,
`operations`, `transfer` and `history` work on a SQLAlchemy session and flush; `messages`
turns problems into translated sentences for the pages and the command line.
"""
