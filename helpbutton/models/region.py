"""Region, its municipalities and the postal codes that locate a family."""
import enum
from datetime import datetime
from typing import TYPE_CHECKING, Optional

import sqlalchemy as sa
from sqlalchemy import orm as so
from sqlalchemy.ext.hybrid import hybrid_property

from helpbutton.content_languages.rules import HasTexts
from helpbutton.dbtypes import enum_column, intpk, utcnow
from helpbutton.extensions import Model

if TYPE_CHECKING:
    from helpbutton.models.centre import Centre


class LanguageStatus(enum.Enum):
    """Official language status of a municipality (Statistics Finland)."""

    UNILINGUAL_FI = "unilingual_fi"
    BILINGUAL_FI_MAJORITY = "bilingual_fi_majority"
    BILINGUAL_SV_MAJORITY = "bilingual_sv_majority"
    UNILINGUAL_SV = "unilingual_sv"

    @property
    def languages(self) -> tuple[str, ...]:
        """Official languages, majority first."""
        return {
            "unilingual_fi": ("fi",),
            "bilingual_fi_majority": ("fi", "sv"),
            "bilingual_sv_majority": ("sv", "fi"),
            "unilingual_sv": ("sv",),
        }[self.value]


# Åland has no wellbeing services county: loaded so that its families can be told where to
# turn, never in service.
ALAND_CODE = "91"


class Region(HasTexts, Model):
    """An organiser of family centres: a wellbeing services county, the City of Helsinki, or
    Åland (which has none, and is never in service: data/counties.csv)."""

    __tablename__ = "region"

    id: so.Mapped[intpk]
    # Statistics Finland's wellbeing services county code: "05" Varsinais-Suomi, "90" Helsinki.
    code: so.Mapped[str] = so.mapped_column(sa.String(8), unique=True)
    # The county's own public entry, /fi/<slug>/ ("varsinais-suomi").
    slug: so.Mapped[str] = so.mapped_column(sa.String(40), unique=True)
    name_fi: so.Mapped[str] = so.mapped_column(sa.String(120))
    name_sv: so.Mapped[str] = so.mapped_column(sa.String(120))
    name_en: so.Mapped[str] = so.mapped_column(sa.String(120))
    # "Varsinais-Suomen hyvinvointialue": the controller named in the privacy notice.
    official_name_fi: so.Mapped[str] = so.mapped_column(sa.String(160), default="")
    official_name_sv: so.Mapped[str] = so.mapped_column(sa.String(160), default="")
    official_name_en: so.Mapped[str] = so.mapped_column(sa.String(160), default="")
    # The county uses the service: its families' requests are stored and routed. Otherwise
    # the public entry shows where to turn instead and stores nothing.
    in_service: so.Mapped[bool] = so.mapped_column(default=False,
                                                   server_default=sa.false())
    # Where a family of a county not in service turns instead (entered by the operator or the
    # county; never invented: empty, the page gives the national guidance).
    where_to_turn_fi: so.Mapped[str | None] = so.mapped_column(sa.Text)
    where_to_turn_sv: so.Mapped[str | None] = so.mapped_column(sa.Text)
    where_to_turn_en: so.Mapped[str | None] = so.mapped_column(sa.Text)
    where_to_turn_phone: so.Mapped[str | None] = so.mapped_column(sa.String(40))
    # The county's social emergency service (sosiaalipäivystys): the number that applies in
    # every municipality without its own (Municipality.social_emergency_phone), and the name
    # the county gives the service. Entered by the county's administrator, never invented:
    # empty, families are given the national guidance (112, and the county's service by name).
    social_emergency_phone: so.Mapped[str | None] = so.mapped_column(sa.String(40))
    social_emergency_name_fi: so.Mapped[str | None] = so.mapped_column(sa.String(160))
    social_emergency_name_sv: so.Mapped[str | None] = so.mapped_column(sa.String(160))
    social_emergency_name_en: so.Mapped[str | None] = so.mapped_column(sa.String(160))
    # The number is an example (the demo's): every page that shows it says so.
    social_emergency_example: so.Mapped[bool] = so.mapped_column(default=False,
                                                                 server_default=sa.false())
    # The other public languages: {field: {language: text}} (helpbutton/content_languages).
    texts: so.Mapped[dict | None] = so.mapped_column(sa.JSON)
    fallback_centre_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("centre.id", use_alter=True, ondelete="SET NULL")
    )
    promise_working_days: so.Mapped[int] = so.mapped_column(default=3)
    # An urgent request's shorter promise (0 = the same working day if it arrives before the
    # end of the day, 1 = by the end of the next working day); never longer than the normal one.
    urgent_promise_working_days: so.Mapped[int] = so.mapped_column(default=1,
                                                                   server_default=sa.text("1"))
    # A request still open this many working days after its due time escalates to the
    # administrators of its municipality (helpbutton/mail/notifications.py).
    escalate_after_working_days: so.Mapped[int] = so.mapped_column(default=2,
                                                                   server_default=sa.text("2"))
    retention_days: so.Mapped[int] = so.mapped_column(default=365)
    require_totp_for_staff: so.Mapped[bool] = so.mapped_column(default=False)
    # Bumped on every routing configuration change so cached routers know to rebuild.
    routing_version: so.Mapped[int] = so.mapped_column(default=1)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    municipalities: so.Mapped[list["Municipality"]] = so.relationship(
        back_populates="region", order_by="Municipality.name_fi"
    )
    fallback_centre: so.Mapped[Optional["Centre"]] = so.relationship(
        foreign_keys=[fallback_centre_id], post_update=True
    )

    def name(self, lang: str) -> str:
        return getattr(self, f"name_{lang}", None) or self.name_fi

    @property
    def may_serve(self) -> bool:
        """Åland never uses the service, whatever is set."""
        return self.code != ALAND_CODE

    @hybrid_property
    def serves(self) -> bool:
        """The county uses the service: its families' requests are stored and routed."""
        return bool(self.in_service) and self.may_serve

    @serves.inplace.expression
    @classmethod
    def _serves_expression(cls) -> sa.ColumnElement[bool]:
        return sa.and_(cls.in_service.is_(True), cls.code != ALAND_CODE)

    def official_name(self, lang: str) -> str:
        return getattr(self, f"official_name_{lang}", None) or self.official_name_fi \
            or self.name(lang)

    # The county's texts a family reads (its names are proper names: fi/sv/en only).
    TEXT_FIELDS = ("where_to_turn", "social_emergency_name")

    def where_to_turn(self, lang: str, sv_first: bool = False) -> str | None:
        return self.text("where_to_turn", lang, sv_first).text

    def social_emergency_name(self, lang: str, sv_first: bool = False) -> str | None:
        return self.text("social_emergency_name", lang, sv_first).text

    def promise_for(self, urgent: bool) -> int:
        """The working days promised to a request: the urgent promise for an urgent one."""
        return self.urgent_promise_working_days if urgent else self.promise_working_days


class Municipality(Model):
    __tablename__ = "municipality"

    code: so.Mapped[str] = so.mapped_column(sa.String(3), primary_key=True)  # kuntanumero
    region_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("region.id"), index=True)
    name_fi: so.Mapped[str] = so.mapped_column(sa.String(80))
    name_sv: so.Mapped[str] = so.mapped_column(sa.String(80))
    language_status: so.Mapped[LanguageStatus] = so.mapped_column(enum_column(LanguageStatus))
    default_centre_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("centre.id", use_alter=True, ondelete="SET NULL")
    )
    social_emergency_phone: so.Mapped[str | None] = so.mapped_column(sa.String(40))
    active: so.Mapped[bool] = so.mapped_column(default=True)

    region: so.Mapped[Region] = so.relationship(back_populates="municipalities")
    default_centre: so.Mapped[Optional["Centre"]] = so.relationship(
        foreign_keys=[default_centre_id], post_update=True
    )

    @property
    def languages(self) -> tuple[str, ...]:
        return self.language_status.languages

    def name(self, lang: str) -> str:
        # Swedish speakers get the Swedish name; English uses the Finnish (official) name.
        return self.name_sv if lang == "sv" else self.name_fi


class PostalCode(Model):
    """A Finnish postal code and its primary municipality (Posti PCF)."""

    __tablename__ = "postal_code"

    code: so.Mapped[str] = so.mapped_column(sa.String(5), primary_key=True)
    municipality_code: so.Mapped[str] = so.mapped_column(
        sa.ForeignKey("municipality.code"), index=True
    )
    name_fi: so.Mapped[str] = so.mapped_column(sa.String(80))
    name_sv: so.Mapped[str] = so.mapped_column(sa.String(80))

    municipality: so.Mapped[Municipality] = so.relationship()
