"""Per-day counts for the statistics dashboard, kept with every change of a request
(`helpbutton.statistics.rollup`). Facts only — a municipality, a local day, a dimension and one
of its values — never anything about a family."""
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy import orm as so

from helpbutton.dbtypes import Base


class StatisticsDay(Base):
    """How many requests of one municipality, created on one Helsinki local day, have one value
    of one dimension ("topic" = "12", "outcome" = "no_need", "" = not given). The dimension
    "municipality" gives the day's total; "first_contact" counts the contacted ("contacted")
    and those contacted by the promised time ("in_time")."""

    __tablename__ = "statistics_day"

    region_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("region.id"), primary_key=True)
    dimension: so.Mapped[str] = so.mapped_column(sa.String(32), primary_key=True)
    day: so.Mapped[date] = so.mapped_column(sa.Date, primary_key=True)
    municipality_code: so.Mapped[str] = so.mapped_column(sa.String(8), primary_key=True)
    value: so.Mapped[str] = so.mapped_column(sa.String(64), primary_key=True)
    requests: so.Mapped[int] = so.mapped_column(default=0)


class StatisticsRollup(Base):
    """One row: which dimensions (and which local time zone) `statistics_day` was built for.
    When the code's list differs, the dashboard counts from the requests directly until
    `flask statistics rebuild` has run."""

    __tablename__ = "statistics_rollup"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    signature: so.Mapped[str] = so.mapped_column(sa.String(400))
    built_at: so.Mapped[datetime]
