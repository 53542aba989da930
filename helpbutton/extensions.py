"""Extensions, created once and bound to the app in `create_app`."""
from typing import TYPE_CHECKING

from flask_babel import Babel
from flask_limiter import Limiter
from flask_mail import Mail
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from helpbutton.dbtypes import Base
from helpbutton.ratelimit_keys import address_key

db = SQLAlchemy(model_class=Base)
# Type checkers cannot follow Flask-SQLAlchemy's generated `db.Model`: to them it is `Base`.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model
mail = Mail()
babel = Babel()
csrf = CSRFProtect()
# Storage from config RATELIMIT_STORAGE_URI (memory:// in development, redis:// in production).
# Behind a proxy, wrap the app in ProxyFix so that the remote address is the family's.
limiter = Limiter(key_func=address_key, default_limits=[])
