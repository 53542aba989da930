"""Staff-area tests: the sign-in fixtures are in the root conftest and the helpers in
tests/signin.py; both are also importable from here, for tests that import them so."""


from tests.conftest import (  # noqa: F401  (for tests that still import them from here)
    demo_users,
    enrol_totp,
    fast_sign_in,
    sign_in,
    sign_in_as,
)
from tests.signin import (  # noqa: F401  (helpers other test modules import from here)
    ROLE_EMAILS,
    ROLES,
    csrf_from,
    fresh_code,
    post_form,
    signed_in_client,
    user_by_email,
)
