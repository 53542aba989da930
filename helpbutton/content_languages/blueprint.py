"""Blueprint `content_languages` under /admin/texts/; its routes are in `views`."""
from flask import Blueprint

bp = Blueprint("content_languages", __name__, url_prefix="/admin/texts")
