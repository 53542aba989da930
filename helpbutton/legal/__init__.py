"""Each county's privacy notice and accessibility statement: what they say (`queries`), the
county administrator's edits (`operations`, `forms`). The pages are intake's (public) and
routing_admin's `legal_views` (the administrator's)."""
