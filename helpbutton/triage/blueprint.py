"""Blueprint `triage` under /staff/; its routes live in the `*_views` modules."""
from flask import Blueprint

bp = Blueprint("triage", __name__, url_prefix="/staff")
