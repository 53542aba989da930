"""The public side, under /fi/, /sv/ and /en/."""
import sqlalchemy as sa
from flask import Blueprint, abort, current_app, g, render_template

from helpbutton.extensions import db
from helpbutton.models import Region

bp = Blueprint("public", __name__, url_prefix="/<lang>")


@bp.url_value_preprocessor
def pull_language(endpoint, values):
    lang = (values or {}).pop("lang", None)
    if lang not in current_app.config["LANGUAGES"]:
        abort(404)
    g.lang = lang


@bp.url_defaults
def add_language(endpoint, values):
    if "lang" not in values and g.get("lang"):
        values["lang"] = g.lang


@bp.get("/")
def index():
    region = db.session.scalar(
        sa.select(Region).where(Region.name_fi == current_app.config["DEFAULT_REGION"])
    )
    return render_template("public/index.html", region=region)
