"""The national operator's pages under /admin/counties/: the counties with their status
(numbers only), starting a county's service with its where-to-turn text, and inviting its first
administrator. No request, family, staff list (beyond the administrators the operator invited)
or statistics below a county's totals: the policy gives the operator no county grant."""
