"""Places that show the "Pyydä apua" button, so requests record where families found help."""
import enum
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy import orm as so

from helpbutton.dbtypes import enum_column, intpk, utcnow
from helpbutton.extensions import Model
from helpbutton.models.region import Municipality


class Channel(enum.Enum):
    """Where a request came from."""

    WEB = "web"  # the region's own site
    LIBRARY = "library"
    SCHOOL = "school"
    DAYCARE = "daycare"
    CLINIC = "clinic"
    MUNICIPALITY = "municipality"
    WEBSITE = "website"  # another partner website
    API = "api"
    # Recorded by a worker for a family who phoned, came in or met them at an event.
    PHONE = "phone"
    WALK_IN = "walk-in"
    OUTREACH = "outreach"


# The channels a worker records a request through (never a partner's or the public form's).
STAFF_CHANNELS = (Channel.PHONE, Channel.WALK_IN, Channel.OUTREACH)

# The one wording of each channel, by stored value: forms, the request page and statistics.
CHANNEL_LABELS = {
    "web": _l("The region's website"),
    "library": _l("Library"),
    "school": _l("School"),
    "daycare": _l("Daycare"),
    "clinic": _l("Clinic"),
    "municipality": _l("Municipality's website"),
    "website": _l("Other website"),
    "api": _l("Partner system (API)"),
    "phone": _l("Phone call to the centre"),
    "walk-in": _l("Walk-in visit"),
    "outreach": _l("Outreach event"),
}


class Partner(Model):
    __tablename__ = "partner"

    id: so.Mapped[intpk]
    region_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("region.id"), index=True)
    # Public, unguessable-enough code used in the button's link (?p=<slug>); not a secret.
    slug: so.Mapped[str] = so.mapped_column(sa.String(40), unique=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(160))
    channel: so.Mapped[Channel] = so.mapped_column(enum_column(Channel))
    municipality_code: so.Mapped[str | None] = so.mapped_column(
        sa.ForeignKey("municipality.code")
    )
    # Hash of the partner's API key (shown once when created); None: no API access.
    api_key_hash: so.Mapped[str | None] = so.mapped_column(sa.String(128), unique=True)
    # The partner's own connections (CIDR ranges, one a line), where many families share an
    # address (a library's public computers): the public form allows them form_limit_per_hour
    # requests an hour per address instead of the usual limit. Set by the region's administrator.
    networks: so.Mapped[str | None] = so.mapped_column(sa.Text)
    form_limit_per_hour: so.Mapped[int | None]
    active: so.Mapped[bool] = so.mapped_column(default=True)
    is_example: so.Mapped[bool] = so.mapped_column(default=False)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    municipality: so.Mapped[Municipality | None] = so.relationship()
