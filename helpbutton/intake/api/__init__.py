"""The JSON API under /api/v1/, for partners' own channels; documented in openapi.py."""
from flask import Flask, g

from helpbutton.intake.api import errors
from helpbutton.intake.api.views import bp


def _keep_public_caching(response):
    # The staff session marks everything under /api/ no-store; the public lists (topics,
    # municipalities, this API's document) say otherwise, and hold nothing personal.
    public = g.get("api_cache_control")
    if public:
        response.headers["Cache-Control"] = public
        response.headers.pop("Pragma", None)
    return response


def init_app(app: Flask) -> None:
    """Call after the other blueprints are registered."""
    errors.init_app(app)
    # After-request functions run last-registered first: at the front, this one runs last.
    app.after_request_funcs.setdefault(None, []).insert(0, _keep_public_caching)


__all__ = ["bp", "init_app"]
