"""Triage under /staff/: the landing page with the worker's centres, the queue, a request's
page and its actions, and the leads' workload view.

`operations` holds the writes (they flush; the guarded path commits), `queries` the queue's
reads, `request_page` what the request page shows; `views` gathers the blueprint's pages.
"""
