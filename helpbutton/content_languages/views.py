"""The administrators' pages: "Texts in other languages" of one object and the overview
"Texts by language" of everything in their scope."""
from __future__ import annotations

from flask import abort, current_app, render_template, request, url_for
from flask_babel import gettext as _
from wtforms import StringField, TextAreaField
from wtforms.validators import Length

from helpbutton import policy
from helpbutton.accounts.session import current_principal, current_user, require
from helpbutton.checked_form import CheckedForm
from helpbutton.content_languages import rules, store
from helpbutton.content_languages.blueprint import bp
from helpbutton.content_languages.kinds import KINDS, language_name
from helpbutton.extensions import db
from helpbutton.i18n import current_language
from helpbutton.public_languages import BY_CODE
from helpbutton.web.guarded import discard, done, guarded

TOO_LONG = "At most %(max)d characters."


def _languages() -> tuple[str, ...]:
    """The public languages in use (config LANGUAGES), in the list's order."""
    return tuple(current_app.config["LANGUAGES"])


def find_target(kind: str, object_id: int) -> store.Target:
    """The object, if it is in this administrator's scope; otherwise not found (404), so that
    another county's objects do not even show they exist."""
    found = store.find(db.session, kind, object_id) if kind in KINDS else None
    if found is None or not store.may_read(current_principal(), found):
        abort(404)
    return found


def _name(target: store.Target) -> str:
    lang = current_language()
    obj = target.obj
    if target.kind == "topic":
        return obj.label(lang)
    if target.kind in ("centre", "region"):
        return obj.name(lang)
    if target.kind == "template":
        return obj.name(lang)
    region = db.session.get(store.Region, target.region_id)
    return _("Legal texts of %(region)s", region=region.name(lang))


def _own_form_url(target: store.Target) -> str:
    obj = target.obj
    if target.kind == "topic":
        return url_for("routing_admin.topic_edit", topic_id=obj.id)
    if target.kind == "centre":
        return url_for("routing_admin.centre_edit", code=obj.host_municipality_code,
                       centre_id=obj.id)
    if target.kind == "region":
        return url_for("routing_admin.region_settings")
    if target.kind == "template":
        return url_for("message_templates.show", template_id=obj.id)
    return url_for("routing_admin.legal_texts")


def _input_name(field: str, lang: str) -> str:
    return f"{field}__{lang}"


def _form_class(kind: str):
    fields = {}
    for f in KINDS[kind].fields:
        for lang in rules.JSON_LANGUAGES:
            validators = [Length(max=f.max_length, message=_(TOO_LONG, max=f.max_length))] \
                if f.max_length else []
            label = f"{f.label} – {language_name(lang)}"
            fields[_input_name(f.name, lang)] = (TextAreaField if f.long else StringField)(
                label, validators=validators)
    return type("TextsForm", (CheckedForm,), fields)


@bp.route("/<kind>/<int:object_id>", methods=["GET", "POST"])
@require(policy.is_admin)
@guarded(store.may_edit, load=find_target)
def edit(target: store.Target):
    form_class = _form_class(target.kind)
    if request.method == "GET":
        form = form_class(data={_input_name(f.name, lang): texts.get(lang, "")
                                for f in KINDS[target.kind].fields
                                for texts in [rules.texts_of(target.obj, f.name)]
                                for lang in rules.JSON_LANGUAGES})
    else:
        form = form_class()
    if form.validate_on_submit():
        entered = {f.name: {lang: form[_input_name(f.name, lang)].data or ""
                            for lang in rules.JSON_LANGUAGES}
                   for f in KINDS[target.kind].fields}
        changed = store.save(db.session, target, current_user().id, entered)
        return done(url_for("content_languages.edit", kind=target.kind,
                            object_id=target.key[1]),
                    _("Changes saved.") if changed else _("Nothing was changed."))
    if request.method == "POST":
        return discard(lambda: (_edit_page(target, form), 400))
    return _edit_page(target, form)


def _edit_page(target: store.Target, form):
    swedish = store.swedish_places(db.session, target)
    fields = []
    for f in KINDS[target.kind].fields:
        texts = rules.texts_of(target.obj, f.name)
        fields.append({
            "field": f, "relevant": rules.relevant(texts),
            "columns": [(lang, texts.get(lang)) for lang in rules.COLUMN_LANGUAGES],
            "languages": [(rules.status(texts, lang, swedish), form[_input_name(f.name, lang)])
                          for lang in rules.JSON_LANGUAGES if lang in _languages()],
        })
    return render_template("content_languages/edit.html", target=target, name=_name(target),
                           kind=KINDS[target.kind], fields=fields, form=form,
                           own_form_url=_own_form_url(target), public=BY_CODE,
                           language_name=language_name)


def overview_counts(principal) -> tuple[list, dict[str, int]]:
    """The overview's rows and counts (also the home page's "needs your attention")."""
    targets = store.in_scope(db.session, principal)
    by_key = {t.key: t for t in targets}
    rows, counts = rules.missing_texts(((t.key, t.texts()) for t in targets), _languages())
    return [(by_key[row.key], row) for row in rows], counts


@bp.get("/")
@require(policy.is_admin)
def overview():
    rows, counts = overview_counts(current_principal())
    grouped: dict = {}
    for target, row in rows:
        grouped.setdefault(target.key, (target, []))[1].append(row)
    return render_template(
        "content_languages/overview.html",
        objects=[(target, _name(target), KINDS[target.kind], found)
                 for target, found in grouped.values()],
        counts=counts, language_name=language_name,
        language_names=lambda codes: ", ".join(language_name(c) for c in codes),
        field_labels={(k, f.name): f.label for k, kind in KINDS.items() for f in kind.fields})
