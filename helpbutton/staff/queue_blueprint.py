"""Blueprint `queue` under /staff/: the triage queue, a request's page and its actions, and
the leads' workload view. Routes live in `queue_views` and `request_views`; `register`
imports them and adds the blueprint to the app."""
from flask import Blueprint, Flask

bp = Blueprint("queue", __name__, url_prefix="/staff")


def register(app: Flask) -> None:
    from helpbutton.staff import queue_views, request_views  # noqa: F401  (routes on bp)

    app.register_blueprint(bp)
