"""Flask's signed-cookie session, with its signing serializer made once per key set.

Flask builds a new `URLSafeTimedSerializer` (its signer, its key list) twice in every request:
to read the cookie and to write it. The serializer holds nothing of a request, so one per
(SECRET_KEY, SECRET_KEY_FALLBACKS) serves them all; a changed key makes a new one.
"""
from flask.sessions import SecureCookieSessionInterface


class SigningOnceSessionInterface(SecureCookieSessionInterface):
    def __init__(self) -> None:
        self._made: tuple[tuple, object] | None = None

    def get_signing_serializer(self, app):
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        made = self._made
        if made is None or made[0] != keys:
            made = self._made = (keys, super().get_signing_serializer(app))
        return made[1]
