"""The JSON body of POST /api/v1/requests → IntakeData, or field problems.

Plain Python (no Flask): this checks only the JSON *shape* — known fields, types, required
fields. What the values mean (a known topic, a valid phone, consent given) is the intake
service's job, so the API and the form share one set of rules. Problems come back as codes;
the view turns them into messages in the caller's language.
"""
import hashlib
import json
from dataclasses import dataclass

from helpbutton import text_rules
from helpbutton.intake.operations import FORM_LANGUAGES as LANGUAGES
from helpbutton.intake.operations import MAX_CHILDREN, IntakeData
from helpbutton.routing import EXPECTING
from helpbutton.routing import MAX_CHILD_AGE as MAX_AGE

# field → JSON type; "strings" may also be null.
STRING_FIELDS = (
    "municipality_code", "postal_code", "topic_code", "description", "contact_method",
    "phone", "email", "contact_times", "contact_name", "service_language", "language",
    "if_someone_else_answers", "interpreter_language",
)
BOOLEAN_FIELDS = ("urgent", "expecting", "wants_email_confirmation", "consent",
                  "may_leave_message")
REQUIRED_FIELDS = ("topic_code", "contact_method", "service_language", "consent")
FIELDS = (*STRING_FIELDS, *BOOLEAN_FIELDS, "child_ages")


@dataclass
class Parsed:
    data: IntakeData | None
    # field → code: unknown, required, string, boolean, ages, language, characters
    problems: dict[str, str]

    @property
    def unreadable(self) -> dict[str, str]:
        """Text the database cannot store (text_rules): the body cannot be taken at all."""
        return {name: code for name, code in self.problems.items() if code == "characters"}


def _ages(value) -> list[int] | None:
    """Whole years 0..17; None when the value is not such a list (bools are not numbers)."""
    if not isinstance(value, list) or len(value) > MAX_CHILDREN:
        return None
    if not all(type(age) is int and 0 <= age <= MAX_AGE for age in value):
        return None
    return list(value)


def parse(body: dict, *, default_language: str, default_municipality: str | None) -> Parsed:
    """Check the shape of `body`; `default_municipality` (the partner's) applies only when the
    caller gives neither municipality nor postal code, as the button preselects it."""
    problems: dict[str, str] = {}
    for name in body:
        if name not in FIELDS:
            problems[name] = "unknown"
    for name in STRING_FIELDS:
        value = body.get(name)
        if value is not None and not isinstance(value, str):
            problems[name] = "string"
        elif text_rules.has_refused_characters(value):
            problems[name] = "characters"
    for name in BOOLEAN_FIELDS:
        value = body.get(name)
        if value is not None and not isinstance(value, bool):
            problems[name] = "boolean"
    ages = _ages(body.get("child_ages", []))
    if ages is None:
        problems["child_ages"] = "ages"
    for name in REQUIRED_FIELDS:
        value = body.get(name)
        blank = value is None or (isinstance(value, str) and not value.strip())
        if name not in problems and blank:
            problems[name] = "required"
    language = body.get("language") or default_language
    if "language" not in problems and language not in LANGUAGES:
        problems["language"] = "language"
    if problems:
        return Parsed(None, problems)

    def text(name: str) -> str | None:
        value = body.get(name)
        return value.strip() or None if isinstance(value, str) else None

    municipality, postal_code = text("municipality_code"), text("postal_code")
    if municipality is None and postal_code is None:
        municipality = default_municipality
    if body.get("expecting"):
        ages = [EXPECTING, *ages]
    return Parsed(
        IntakeData(
            municipality_code=municipality,
            postal_code=postal_code,
            topic_code=text("topic_code"),
            child_ages=ages,
            description=text("description"),
            urgent=bool(body.get("urgent")),
            contact_method=text("contact_method") or "",
            phone=text("phone"),
            email=text("email"),
            contact_times=text("contact_times"),
            contact_name=text("contact_name"),
            service_language=text("service_language") or "",
            interpreter_language=text("interpreter_language"),
            wants_email_confirmation=bool(body.get("wants_email_confirmation")),
            # Unanswered (absent or null) stays None: "may we leave a message?" has three answers.
            may_leave_message=body.get("may_leave_message"),
            if_someone_else_answers=text("if_someone_else_answers"),
            consent=body["consent"] is True,
            ui_language=language,
        ),
        {},
    )


def fingerprint(body: dict) -> str:
    """The SHA-256 of the body in canonical form (keys sorted, no spaces, ASCII escapes): the
    same JSON however it is spaced or ordered has the same fingerprint."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode()).hexdigest()
