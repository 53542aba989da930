"""Staff-area tests: the sign-in fixtures are in the root conftest (tests/signin.py holds
the helpers, imported from here too by older tests)."""
from tests.signin import (  # noqa: F401  (helpers other test modules import from here)
    ROLE_EMAILS,
    ROLES,
    csrf_from,
    fresh_code,
    post_form,
    signed_in_client,
    user_by_email,
)
