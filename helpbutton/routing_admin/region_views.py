"""The admin front page, and the region administrator's topics and region settings."""
import sqlalchemy as sa
from flask import render_template, request, url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from helpbutton import policy
from helpbutton.accounts.session import current_principal, require
from helpbutton.content_languages.views import overview_counts
from helpbutton.extensions import db
from helpbutton.i18n import current_language
from helpbutton.legal import queries as legal_queries
from helpbutton.models import Municipality, Region, Topic
from helpbutton.routing_admin import access, history, operations, store
from helpbutton.routing_admin.blueprint import bp
from helpbutton.routing_admin.common import Lookups, show_problems
from helpbutton.routing_admin.forms import RegionForm, TopicForm
from helpbutton.web import confirm
from helpbutton.web.guarded import discard, done, guarded


@bp.get("/")
@require(policy.is_admin)
def index():
    principal = current_principal()
    region_ids = policy.administered_region_ids(principal)
    codes = policy.administered_municipality_codes(principal)
    query = sa.select(Municipality).order_by(Municipality.name_fi)
    municipalities = list(db.session.scalars(query.where(sa.or_(
        Municipality.region_id.in_(region_ids), Municipality.code.in_(codes)))))
    regions = [db.session.get(Region, i) for i in region_ids]
    # Centres that receive requests although nobody works there, per region in scope.
    unstaffed = []
    for region in {m.region_id: m.region for m in municipalities}.values():
        scope = None if region.id in region_ids else frozenset(
            m.code for m in municipalities if m.region_id == region.id)
        unstaffed += store.unstaffed_targets(db.session, region, scope)
    # What the county's privacy notice and accessibility statement still lack.
    legal_missing = [(region, found) for region in regions
                     if (found := legal_queries.missing(db.session, region))]
    # Texts families read that lack a language of their own (helpbutton/content_languages).
    texts_missing = len(overview_counts(principal)[0])
    return render_template("routing_admin/index.html", municipalities=municipalities,
                           regions=regions, unstaffed=unstaffed, legal_missing=legal_missing,
                           texts_missing=texts_missing)


def _topic_draft(form: TopicForm, code: str) -> operations.TopicDraft:
    def text(field) -> str:
        return (field.data or "").strip()

    return operations.TopicDraft(
        code=code, label_fi=text(form.label_fi), label_sv=text(form.label_sv),
        label_en=text(form.label_en), position=form.position.data or 0,
        active=bool(form.active.data), help_fi=text(form.help_fi), help_sv=text(form.help_sv),
        help_en=text(form.help_en), notice_fi=text(form.notice_fi) or None,
        notice_sv=text(form.notice_sv) or None, notice_en=text(form.notice_en) or None)


@bp.get("/region/topics")
@require(policy.is_region_admin)
def topics():
    region = access.region()
    return render_template("routing_admin/topic_list.html", topics=list(db.session.scalars(
        sa.select(Topic).where(Topic.region_id == region.id)
        .order_by(Topic.position, Topic.code))))


def _topic_page(topic: Topic | None):
    region = access.region()
    form = TopicForm(obj=topic) if request.method == "GET" else TopicForm()
    status = 200
    if form.validate_on_submit():
        parts = ("routing_admin.topic_deactivate", topic.id if topic else None)
        if topic is not None and topic.active and not form.active.data \
                and not confirm.confirmed(*parts):
            label = topic.label(current_language())
            return confirm.ask(
                title=_("Take the topic %(topic)s out of use?", topic=label), consequences=[
                    _("Families can no longer choose %(topic)s on the form, and rules about "
                      "it no longer match new requests.", topic=label),
                    _("Requests about it that are already in the queues stay as they are.")],
                button=_("Take the topic out of use"),
                cancel=url_for("routing_admin.topic_edit", topic_id=topic.id), parts=parts)
        code = topic.code if topic is not None else (form.code.data or "").strip()
        try:
            saved = operations.save_topic(db.session, access.actor_for(region),
                                          _topic_draft(form, code), topic)
        except operations.Invalid as invalid:
            show_problems(form, invalid.problems)
            return discard(lambda: _topic_form_page(form, topic, 400))
        return done(url_for("routing_admin.topic_edit", topic_id=saved.id),
                    _("The topic was saved."))
    elif request.method == "POST":
        status = 400
    return _topic_form_page(form, topic, status)


def _topic_form_page(form, topic: Topic | None, status: int):
    return render_template("routing_admin/topic_form.html", form=form, topic=topic), status


@bp.route("/region/topics/new", methods=["GET", "POST"])
@require(policy.is_region_admin)
@guarded(policy.is_region_admin)
def topic_new():
    return _topic_page(None)


@bp.route("/region/topics/<int:topic_id>", methods=["GET", "POST"])
@require(policy.is_region_admin)
@guarded(access.may_admin_topic, load=access.find_topic)
def topic_edit(topic: Topic):
    return _topic_page(topic)


@bp.route("/region/settings", methods=["GET", "POST"])
@require(policy.is_region_admin)
@guarded(policy.is_region_admin)
def region_settings():
    region = access.region()
    lookups = Lookups(region)
    form = RegionForm(obj=region) if request.method == "GET" else RegionForm()
    if request.method == "GET":
        form.fallback_centre.data = str(region.fallback_centre_id or "")
    form.fallback_centre.choices = [SelectChoice("", _("Choose a centre"))] + [
        SelectChoice(str(c.id), c.name(lookups.lang))
        for c in sorted(lookups.centres.values(), key=lambda c: c.name(lookups.lang))]
    status = 200
    if form.validate_on_submit():
        chosen = form.fallback_centre.data
        try:
            changes = operations.save_region(
                db.session, access.actor_for(region),
                fallback_centre_id=int(chosen) if chosen and chosen.isdigit() else None,
                promise_working_days=form.promise_working_days.data,
                urgent_promise_working_days=form.urgent_promise_working_days.data,
                escalate_after_working_days=form.escalate_after_working_days.data,
                social_emergency=_social_emergency_draft(form))
        except operations.Invalid as invalid:
            show_problems(form, invalid.problems, {"fallback_centre_id": "fallback_centre"})
            return discard(lambda: _region_page(form, region, 400))
        return done(url_for("routing_admin.region_settings"),
                    _("Changes saved.") if changes else _("Nothing was changed."))
    elif request.method == "POST":
        status = 400
    return _region_page(form, region, status)


def _social_emergency_draft(form: RegionForm) -> operations.SocialEmergencyDraft | None:
    """What the form says of the county's social emergency service; None (kept as it is)
    when the page that was sent had no such fields."""
    if "social_emergency_phone" not in request.form:
        return None
    return operations.SocialEmergencyDraft(
        (form.social_emergency_phone.data or "").strip() or None,
        {lang: getattr(form, f"social_emergency_name_{lang}").data
         for lang in ("fi", "sv", "en")})


def _region_page(form, region: Region, status: int):
    return render_template("routing_admin/region_settings.html", form=form, region=region), status


@bp.get("/region/history")
@require(policy.is_region_admin)
def region_history():
    region = access.region()
    return render_template("routing_admin/routing_history.html", municipality=None,
                           changes=history.changes_for(db.session, region.id, None),
                           lookups=Lookups(region))
