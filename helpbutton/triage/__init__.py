"""Triage under /staff/: the landing page with what needs doing next, the queue, finding a
family, a request's page and its actions, and the leads' workload view.

`operations` holds the writes (they flush; the guarded path commits), `queries` the queue's
reads, `counts` the landing page's and the menu's counts, `find_family` the search by
reference, phone or email, `request_page` what the request page shows; `views` gathers the
blueprint's pages.
"""
