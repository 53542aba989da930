"""Routing inputs: frozen dataclasses the web side builds from the database."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

EXPECTING = -1  # an "age" meaning the family is expecting a baby
MAX_CHILD_AGE = 17
CHILD_AGES = range(EXPECTING, MAX_CHILD_AGE + 1)  # every age the form can send


def _freeze_sets(obj: object, *names: str) -> None:
    # Callers may pass lists or sets; store frozensets so the dataclasses stay immutable.
    for name in names:
        object.__setattr__(obj, name, frozenset(getattr(obj, name)))


@dataclass(frozen=True, slots=True)
class RequestFacts:
    """What routing may look at in a help request (no personal data)."""

    municipality: str  # official 3-digit code, e.g. "853"
    postal_code: str | None = None
    topic: str | None = None
    child_ages: tuple[int, ...] = ()  # 0..17, or EXPECTING
    service_language: str = "fi"
    urgent: bool = False
    channel: str | None = None  # "web", "library", "school", "daycare", "clinic", ...
    # The family's own language when it asked to be served with an interpreter ("ar").
    interpreter_language: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "child_ages", tuple(self.child_ages))

    @property
    def language(self) -> str:
        """The language a rule's language condition looks at: the family's own language when
        an interpreter is needed, else the service language."""
        return self.interpreter_language or self.service_language

    @property
    def needs_interpreter(self) -> bool:
        """What a rule's interpreter condition looks at."""
        return bool(self.interpreter_language)


@dataclass(frozen=True, slots=True)
class Rule:
    """A routing rule. Every empty (or None) condition matches everything."""

    id: int
    owner: str | None  # a municipality code, or None for a region-wide rule
    position: int  # order within the owner, ascending
    target_centre: int
    active: bool = True
    topics: frozenset[str] = frozenset()
    min_age: int | None = None  # inclusive; may be EXPECTING
    max_age: int | None = None  # inclusive
    languages: frozenset[str] = frozenset()
    postal_codes: frozenset[str] = frozenset()
    channels: frozenset[str] = frozenset()
    urgent: bool | None = None
    interpreter: bool | None = None  # True: only requests needing an interpreter; False: none
    valid_from: date | None = None  # inclusive
    valid_until: date | None = None  # inclusive
    name: str = ""

    def __post_init__(self) -> None:
        _freeze_sets(self, "topics", "languages", "postal_codes", "channels")

    @property
    def has_age_condition(self) -> bool:
        return self.min_age is not None or self.max_age is not None

    def accepts_age(self, age: int) -> bool:
        """Whether one age lies in the rule's range (open where an end is None)."""
        return (self.min_age is None or self.min_age <= age) and (
            self.max_age is None or age <= self.max_age
        )

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )


@dataclass(frozen=True, slots=True)
class Centre:
    id: int
    active: bool = True
    serves: frozenset[str] = frozenset()  # municipality codes
    name: str = ""

    def __post_init__(self) -> None:
        _freeze_sets(self, "serves")


@dataclass(frozen=True, slots=True)
class Municipality:
    code: str
    default_centre: int | None = None


@dataclass(frozen=True, slots=True)
class RoutingConfig:
    """Everything routing needs, as one snapshot of the configuration."""

    centres: Mapping[int, Centre]
    municipalities: Mapping[str, Municipality]
    rules: Sequence[Rule]
    fallback_centre: int  # the last resort, used even if inactive: no request is left unrouted
    version: str = ""

