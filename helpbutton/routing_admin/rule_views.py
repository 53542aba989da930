"""A municipality's routing rules: list, reorder, create and edit (check, then save),
deactivate; and the preview of where an imagined request would go."""
from datetime import date

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from helpbutton import policy
from helpbutton import routing as engine
from helpbutton.accounts.session import require
from helpbutton.accounts.sign_in_forms import EmptyForm
from helpbutton.extensions import db
from helpbutton.models import Municipality, Region
from helpbutton.routing_admin import access, impact, operations, shadowing, store
from helpbutton.routing_admin import router as routing_service
from helpbutton.routing_admin.blueprint import bp
from helpbutton.routing_admin.common import (
    Lookups,
    asks_reason,
    override_reason,
    show_problems,
    today,
)
from helpbutton.routing_admin.forms import PreviewForm, RuleForm
from helpbutton.routing_admin.trace_text import explain
from helpbutton.routing_admin.validation import validate_rule
from helpbutton.web.guarded import discard, done, guarded


def _region_of(m: Municipality) -> Region:
    return db.session.get(Region, m.region_id)


@bp.get("/m/<code>/rules")
@require(policy.is_admin)
def rules(code: str):
    m = access.municipality(code)
    region = _region_of(m)
    config = store.current_config(db.session, region)
    return render_template(
        "routing_admin/routing_rules.html", municipality=m, lookups=Lookups(region),
        rules=store.municipality_rules(db.session, region, code),
        region_rules=store.municipality_rules(db.session, region, None),
        shadowed=shadowing.shadowed_rules(config, code), button_form=EmptyForm())


def _rule_form(m: Municipality, region: Region, lookups: Lookups) -> RuleForm:
    form = RuleForm()
    lang = lookups.lang
    form.topics.choices = [SelectChoice(t.code, t.label(lang)) for t in sorted(
        lookups.topics.values(), key=lambda t: (t.position, t.code))]
    serving = [c for c in lookups.centres.values()
               if c.serves(m.code) or c.id == region.fallback_centre_id]
    form.target_centre.choices = [SelectChoice("", _("Choose a centre"))] + [
        SelectChoice(str(c.id), c.name(lang) + ("" if c.active else " – " + _("not in use")))
        for c in sorted(serving, key=lambda c: c.name(lang))]
    return form


def _edit(m: Municipality, rule=None):
    region = _region_of(m)
    lookups = Lookups(region)
    form = _rule_form(m, region, lookups)
    if request.method == "GET" and rule is not None:
        form.fill(store.draft_of(rule))
    result, status, problems = None, 200, []
    if request.method == "POST" and form.validate_on_submit():
        draft = form.draft()
        problems = validate_rule(draft, store.scope_for(db.session, region, m.code))
        rule_id = rule.id if rule is not None else None
        if problems:
            show_problems(form, problems)
            status = 400
        else:
            checked = impact.fingerprint(region, draft, rule_id)
            if form.action.data == "save" and form.checked.data == checked:
                actor = access.actor_for(region)
                try:
                    if rule is None:
                        operations.create_rule(db.session, actor, m.code, draft,
                                               override_reason=override_reason())
                        saved = _("The rule was added. New requests follow it from now on.")
                    else:
                        operations.update_rule(db.session, actor, rule, draft,
                                               override_reason=override_reason())
                        saved = _("The rule was saved. New requests follow it from now on.")
                except operations.Invalid as invalid:
                    problems = invalid.problems
                    show_problems(form, problems)
                    status = 400
                else:
                    return done(url_for("routing_admin.rules", code=m.code), saved)
            result = impact.of_draft(db.session, region, m.code, draft, rule_id, today())
            form.checked.data = checked
    elif request.method == "POST":
        status = 400
    ask = asks_reason(access.is_region_admin_of(region.id), problems, result)
    return render_template("routing_admin/routing_rule_form.html", municipality=m, form=form,
                           rule=rule, result=result, lookups=lookups,
                           ask_reason=ask), status


@bp.route("/m/<code>/rules/new", methods=["GET", "POST"])
@require(policy.is_admin)
@guarded(access.may_admin_municipality, load=access.find_municipality)
def rule_new(m: Municipality):
    return _edit(m)


@bp.route("/m/<code>/rules/<int:rule_id>", methods=["GET", "POST"])
@require(policy.is_admin)
@guarded(access.may_admin_rule, load=access.find_rule)
def rule_edit(found: access.MunicipalityRule):
    return _edit(found.municipality, found.rule)


def _posted_rule(found: access.MunicipalityRule):
    if not EmptyForm().validate_on_submit():
        abort(400)
    return found.municipality, found.rule


def _confirm(m: Municipality, rule, action: str, result, hidden: dict, problems=()):
    """A change to the order or to use is shown with its impact first; saved on confirm
    (shown again, with the reasons, when the change is refused)."""
    region = _region_of(m)
    show_problems(None, list(problems))
    return render_template(
        "routing_admin/routing_rule_confirm.html", municipality=m, rule=rule, action=action,
        result=result, hidden=hidden, lookups=Lookups(region), button_form=EmptyForm(),
        confirm=impact.action_fingerprint(region, rule.id, action),
        ask_reason=asks_reason(access.is_region_admin_of(region.id), problems, result)), \
        400 if problems else 200


def _confirmed(m: Municipality, rule, action: str) -> bool:
    region = _region_of(m)
    return request.form.get("confirm") == impact.action_fingerprint(region, rule.id, action)


@bp.post("/m/<code>/rules/<int:rule_id>/move")
@require(policy.is_admin)
@guarded(access.may_admin_rule, load=access.find_rule)
def rule_move(found: access.MunicipalityRule):
    m, rule = _posted_rule(found)
    direction = "up" if request.form.get("direction") == "up" else "down"
    step = -1 if direction == "up" else 1
    region = _region_of(m)
    return _confirmed_change(
        m, rule, direction, {"direction": direction},
        preview=lambda: impact.of_move(db.session, region, m.code, rule.id, step, today()),
        change=lambda: operations.move_rule(db.session, access.actor_for(region), rule, step,
                                            override_reason=override_reason()),
        message=lambda moved: _("The order was changed.") if moved else None)


@bp.post("/m/<code>/rules/<int:rule_id>/active")
@require(policy.is_admin)
@guarded(access.may_admin_rule, load=access.find_rule)
def rule_active(found: access.MunicipalityRule):
    m, rule = _posted_rule(found)
    active = request.form.get("active") == "1"
    action = "activate" if active else "deactivate"
    region = _region_of(m)
    return _confirmed_change(
        m, rule, action, {"active": "1" if active else "0"},
        preview=lambda: impact.of_activation(db.session, region, m.code, rule.id, active,
                                             today()),
        change=lambda: operations.set_rule_active(db.session, access.actor_for(region), rule,
                                                  active, override_reason=override_reason()),
        message=lambda _changed: _("The rule is in use again.") if active
        else _("The rule is no longer in use."))


def _confirmed_change(m: Municipality, rule, action: str, hidden: dict, *, preview, change,
                      message):
    """A change to a rule's order or use: its impact shown first (a move past either end
    changes nothing and goes back); on confirmation made, or shown again with the reasons it
    was refused."""
    back = url_for("routing_admin.rules", code=m.code) + f"#rule-{rule.id}"
    if not _confirmed(m, rule, action):
        result = preview()
        if result is None:
            return redirect(back)
        return _confirm(m, rule, action, result, hidden)
    try:
        changed = change()
    except operations.Invalid as invalid:
        refusal = invalid.problems
        return discard(lambda: _confirm(m, rule, action, preview(), hidden, refusal))
    return done(back, message(changed))


@bp.get("/m/<code>/preview")
@require(policy.is_admin)
def preview(code: str):
    m = access.municipality(code)
    region = _region_of(m)
    lookups = Lookups(region)
    form = PreviewForm(request.args)
    form.topic.choices = [SelectChoice(t.code, t.label(lookups.lang)) for t in sorted(
        lookups.topics.values(), key=lambda t: (t.position, t.code)) if t.active]
    decision, steps = None, []
    if request.args and form.validate():
        day: date = form.day.data or today()
        postal = (form.postal_code.data or "").strip() or None
        ages = tuple(sorted(int(a) for a in form.ages.data or [] if a.lstrip("-").isdigit()))
        facts = engine.RequestFacts(
            municipality=m.code, postal_code=postal, topic=form.topic.data, child_ages=ages,
            service_language=form.language.data, urgent=bool(form.urgent.data),
            channel=form.channel.data, interpreter_language=form.interpreter())
        decision = routing_service.route_request(db.session, region, facts, day)
        steps = explain(routing_service.trace_as_json(decision), lookups.names())
    return render_template("routing_admin/routing_preview.html", municipality=m, form=form,
                           decision=decision, steps=steps, lookups=lookups), \
        400 if request.args and form.errors else 200

