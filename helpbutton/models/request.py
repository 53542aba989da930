"""A family's request for help and its timeline."""
import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any, Optional

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy import orm as so
from sqlalchemy.ext.hybrid import hybrid_property

from helpbutton.contact_details import normalize_phone
from helpbutton.dbtypes import enum_column, intpk, utcnow
from helpbutton.extensions import Model
from helpbutton.models.centre import Centre
from helpbutton.models.partner import Channel, Partner
from helpbutton.models.region import Municipality
from helpbutton.models.topic import Topic

if TYPE_CHECKING:
    from helpbutton.models.user import User


class RequestStatus(enum.Enum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    WAITING = "waiting"
    CLOSED = "closed"


# Every status but closed: listed, so that an index on the status can serve `status IN (...)`.
OPEN_STATUSES = tuple(s for s in RequestStatus if s is not RequestStatus.CLOSED)

STATUS_LABELS = {
    "new": _l("New"),
    "in_progress": _l("In progress"),
    "waiting": _l("Waiting"),
    "closed": _l("Closed"),
}


class Outcome(enum.Enum):
    SUPPORT_STARTED = "support_started"
    GUIDED_ELSEWHERE = "guided_elsewhere"
    NO_NEED = "no_need"
    NOT_REACHED = "not_reached"
    WITHDRAWN = "withdrawn"


OUTCOME_LABELS = {
    "support_started": _l("Support started"),
    "guided_elsewhere": _l("Guided to another service"),
    "no_need": _l("No need for support"),
    "not_reached": _l("Family not reached"),
    "withdrawn": _l("Withdrawn by the family"),
}


class ContactMethod(enum.Enum):
    PHONE = "phone"
    EMAIL = "email"
    EITHER = "either"


CONTACT_METHOD_LABELS = {"phone": _l("Phone"), "email": _l("Email"), "either": _l("Phone or email")}


class EventKind(enum.Enum):
    CREATED = "created"
    ROUTED = "routed"
    VIEWED = "viewed"
    CLAIMED = "claimed"
    RELEASED = "released"
    ASSIGNED = "assigned"
    STATUS_CHANGED = "status_changed"
    NOTE = "note"
    CONTACT_ATTEMPT = "contact_attempt"
    FORWARDED = "forwarded"
    NOTIFIED = "notified"
    # Still overdue a set number of working days after the due time: the municipality's
    # administrators were told (once per request).
    ESCALATED = "escalated"
    WITHDRAWN = "withdrawn"
    EXPORTED = "exported"
    ERASED = "erased"
    # The conversation (models/message.py): the event says who wrote, never what.
    FAMILY_MESSAGE = "family_message"
    STAFF_MESSAGE = "staff_message"
    # A new private link was made and sent (data: by "family" or "staff", the channels; never
    # the address); the private link was closed (data: whether a new contact was named).
    LINK_SENT = "link_sent"
    LINK_CLOSED = "link_closed"


EVENT_KIND_LABELS = {
    # Sent through the form or the API, or recorded by a worker (one event, two ways in).
    "created": _l("New request (sent or recorded)"),
    "routed": _l("Routed"),
    "viewed": _l("Opened"),
    "claimed": _l("Claimed"),
    "released": _l("Released"),
    "assigned": _l("Assigned"),
    "status_changed": _l("Status changed"),
    "note": _l("Note"),
    "contact_attempt": _l("Contact attempt"),
    "forwarded": _l("Forwarded"),
    "notified": _l("Notification"),
    "escalated": _l("Escalated"),
    "withdrawn": _l("Withdrawn"),
    "exported": _l("Exported"),
    "erased": _l("Personal data erased"),
    "family_message": _l("Message from the family"),
    "staff_message": _l("Message to the family"),
    "link_sent": _l("New private link"),
    "link_closed": _l("Private link closed"),
}
# One "created" event's own name: the family sent it, or a worker recorded it for the family.
CREATED_LABELS = {"sent": _l("Sent by the family"), "recorded": _l("Recorded by a worker")}


class HelpRequest(Model):
    __tablename__ = "help_request"
    __table_args__ = (
        # The queue: a centre's requests by status, newest first (keyset on created_at, id).
        sa.Index("ix_help_request_queue", "centre_id", "status", "created_at", "id"),
        sa.Index("ix_help_request_centre_due", "centre_id", "due_at"),
        # The default queue view (all open requests, newest first) without scanning closed ones.
        sa.Index(
            "ix_help_request_open_queue", "centre_id", "created_at", "id",
            postgresql_where=sa.text("status <> 'closed'"),
            sqlite_where=sa.text("status <> 'closed'"),
        ),
        # Statistics by municipality and week; retention by closing time.
        sa.Index("ix_help_request_stats", "municipality_code", "created_at"),
        sa.Index("ix_help_request_created", "created_at"),
        sa.Index("ix_help_request_retention", "status", "closed_at"),
        # The statistics' fast path (helpbutton.statistics.rollup): counts come from
        # statistics_day; what needs exact instants or now is read from these narrow indexes
        # (index-only on PostgreSQL): times to first contact, the promise missed, open now.
        sa.Index("ix_help_request_contacted", "region_id", "created_at",
                 postgresql_include=["municipality_code", "first_contact_at"],
                 postgresql_where=sa.text("first_contact_at IS NOT NULL"),
                 sqlite_where=sa.text("first_contact_at IS NOT NULL")),
        sa.Index("ix_help_request_uncontacted", "region_id", "created_at",
                 postgresql_include=["municipality_code", "due_at", "closed_at"],
                 postgresql_where=sa.text("first_contact_at IS NULL"),
                 sqlite_where=sa.text("first_contact_at IS NULL")),
        sa.Index("ix_help_request_open_stats", "region_id", "municipality_code",
                 postgresql_include=["first_contact_at", "due_at"],
                 postgresql_where=sa.text("status <> 'closed'"),
                 sqlite_where=sa.text("status <> 'closed'")),
    )

    id: so.Mapped[intpk]
    # Public reference shown to the family; random, not derived from the id.
    reference: so.Mapped[str] = so.mapped_column(sa.String(16), unique=True)
    # Idempotency: the form's one-time submission key, so a double click makes one request.
    submission_key: so.Mapped[str | None] = so.mapped_column(sa.String(64), unique=True)
    # The SHA-256 of the API body that came with the key: the same key with another body is
    # refused, not answered with this request (IETF Idempotency-Key draft).
    submission_fingerprint: so.Mapped[str | None] = so.mapped_column(sa.String(64))
    follow_up_token_hash: so.Mapped[str | None] = so.mapped_column(sa.String(128), unique=True)
    # The SHA-256 of the random handle the family's session holds until the confirmation page
    # shows the follow-up link: the cookie carries neither the link nor this row's id.
    confirmation_handle_hash: so.Mapped[str | None] = so.mapped_column(sa.String(64),
                                                                          unique=True)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    region_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("region.id"))
    municipality_code: so.Mapped[str] = so.mapped_column(sa.ForeignKey("municipality.code"))
    postal_code: so.Mapped[str | None] = so.mapped_column(sa.String(5))
    topic_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("topic.id"), index=True)
    # Ages in years; -1 stands for "expecting". Age band of the youngest, for statistics.
    child_ages: so.Mapped[list[int]] = so.mapped_column(sa.JSON, default=list)
    age_band: so.Mapped[str | None] = so.mapped_column(sa.String(16))
    description: so.Mapped[str | None] = so.mapped_column(sa.Text)
    urgent: so.Mapped[bool] = so.mapped_column(default=False)
    service_language: so.Mapped[str] = so.mapped_column(sa.String(2))
    ui_language: so.Mapped[str] = so.mapped_column(sa.String(8), default="fi")
    # The family's own language (ISO 639) when it asked to be served with an interpreter; the
    # service language is then the one the worker speaks through the interpreter.
    interpreter_language: so.Mapped[str | None] = so.mapped_column(sa.String(12))

    contact_method: so.Mapped[ContactMethod] = so.mapped_column(enum_column(ContactMethod))
    contact_name: so.Mapped[str | None] = so.mapped_column(sa.String(120))
    phone: so.Mapped[str | None] = so.mapped_column(sa.String(40))
    email: so.Mapped[str | None] = so.mapped_column(sa.String(254))
    contact_times: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    wants_email_confirmation: so.Mapped[bool] = so.mapped_column(default=False)
    # "Is it safe to contact you?": may a message be left (True / False / None: not
    # answered), and what to say if someone else answers the phone (free text, erased with
    # the rest). False means no notice of a new message goes out, by SMS or email.
    may_leave_message: so.Mapped[bool | None]
    if_someone_else_answers: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    consent_at: so.Mapped[datetime]

    channel: so.Mapped[Channel] = so.mapped_column(enum_column(Channel), default=Channel.WEB)
    partner_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("partner.id", ondelete="SET NULL"), index=True
    )

    status: so.Mapped[RequestStatus] = so.mapped_column(
        enum_column(RequestStatus), default=RequestStatus.NEW
    )
    centre_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("centre.id"))
    assignee_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    routing_rule_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("routing_rule.id", ondelete="SET NULL")
    )
    routing_via: so.Mapped[str | None] = so.mapped_column(sa.String(32))
    routing_trace: so.Mapped[list[dict[str, Any]]] = so.mapped_column(sa.JSON, default=list)
    due_at: so.Mapped[datetime]
    first_contact_at: so.Mapped[datetime | None]
    outcome: so.Mapped[Outcome | None] = so.mapped_column(enum_column(Outcome))
    closed_at: so.Mapped[datetime | None]
    erased_at: so.Mapped[datetime | None]

    municipality: so.Mapped[Municipality] = so.relationship()
    topic: so.Mapped[Topic] = so.relationship()
    partner: so.Mapped[Partner | None] = so.relationship()
    centre: so.Mapped[Centre] = so.relationship()
    assignee: so.Mapped[Optional["User"]] = so.relationship()
    events: so.Mapped[list["RequestEvent"]] = so.relationship(
        back_populates="request", order_by="RequestEvent.id", cascade="all, delete-orphan"
    )

    @so.validates("phone")
    def _phone_in_e164(self, _key: str, value: str | None) -> str | None:
        # A family is found by its number (triage.find_family) however it was typed: stored in
        # E.164 by every write path, not only by those that remember to normalise it.
        return (normalize_phone(value) or value) if value else value

    @hybrid_property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @is_open.inplace.expression
    @classmethod
    def _is_open_expression(cls) -> sa.ColumnElement[bool]:
        # "Not closed" is the same set as OPEN_STATUSES, in the form the partial index
        # ix_help_request_open_queue is written in.
        return cls.status != RequestStatus.CLOSED


class RequestEvent(Model):
    """The timeline and the audit trail: who did what to a request, and when."""

    __tablename__ = "request_event"
    __table_args__ = (
        sa.Index("ix_request_event_request", "request_id", "id"),
        sa.Index("ix_request_event_actor", "actor_id", "created_at"),
        sa.Index("ix_request_event_kind_created", "kind", "created_at"),
    )

    id: so.Mapped[intpk]
    request_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("help_request.id", ondelete="CASCADE")
    )
    kind: so.Mapped[EventKind] = so.mapped_column(enum_column(EventKind))
    actor_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    # Structured facts (statuses, centres, reasons' codes); free text lives in `text` so that
    # retention can erase it without touching the facts.
    data: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON, default=dict)
    text: so.Mapped[str | None] = so.mapped_column(sa.Text)

    request: so.Mapped[HelpRequest] = so.relationship(back_populates="events")
    actor: so.Mapped[Optional["User"]] = so.relationship()
