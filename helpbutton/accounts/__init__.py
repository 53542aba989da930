"""Accounts and sign-in: staff sign-in with two-factor, passwords and language under /staff/,
and account administration under /admin/users/ within the administrator's own scope.

`session` is the session machinery every staff, admin and API view uses (`current_user`,
`current_principal`, `login_required`, `require`); `views` gathers the blueprint's pages.
"""
