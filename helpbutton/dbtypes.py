"""The declarative base and column types shared by all models."""
from datetime import UTC, datetime
from typing import Annotated, Any, TypeAlias

import sqlalchemy as sa
from sqlalchemy import orm as so

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# What operations take: a plain Session, or Flask-SQLAlchemy's scoped `db.session` proxying one.
DbSession: TypeAlias = so.Session | so.scoped_session[Any]


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(sa.types.TypeDecorator):
    """Timezone-aware UTC datetimes on every backend (SQLite stores them naive)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


intpk = Annotated[int, so.mapped_column(primary_key=True)]


class Base(so.DeclarativeBase):
    registry = so.registry(
        metadata=sa.MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime()},
    )


def enum_column(enum_cls, **kw):
    """Enums stored by value (readable in SQL, stable across renames of members)."""
    return sa.Enum(
        enum_cls,
        values_callable=lambda e: [m.value for m in e],
        native_enum=False,
        validate_strings=True,
        length=32,
        **kw,
    )
