"""Demo data for trying the app: invented centres, rules and accounts, all marked as examples.

Contacts use the reserved `.invalid` mail domain. Requires the region's reference data.
"""
from dataclasses import dataclass
from functools import cache

import sqlalchemy as sa

from helpbutton.accounts.passwords import hash_password
from helpbutton.dbtypes import DbSession
from helpbutton.models import (
    Centre,
    Channel,
    MessageTemplate,
    Partner,
    Region,
    Role,
    RoleAssignment,
    RoutingRule,
    User,
)

DEMO_PASSWORD = "demo-perhe-2026"
EXAMPLE = {"fi": " (esimerkki)", "sv": " (exempel)", "en": " (example)"}


@dataclass(frozen=True)
class DemoCentre:
    key: str
    names: tuple[str, str, str]  # fi, sv, en
    host: str
    serves: tuple[str, ...]
    languages: tuple[str, ...] = ("fi",)


# Varsinais-Suomi: big municipalities have their own centre, small neighbours share one.
VS_CENTRES = [
    DemoCentre("turku", ("Turun perhekeskus", "Åbo familjecenter", "Turku Family Centre"),
               "853", ("853",), ("fi", "sv")),
    DemoCentre("abo-sv", ("Turun ruotsinkielinen perhekeskus", "Svenska familjecentret i Åbo",
                          "Swedish-language Family Centre, Turku"), "853", ("853",), ("sv",)),
    DemoCentre("turku-youth", ("Turun nuorten palveluohjaus",
                               "Ungdomarnas servicehandledning i Åbo", "Turku Youth Guidance"),
               "853", ("853",)),
    DemoCentre("kaarina", ("Kaarinan perhekeskus", "S:t Karins familjecenter",
                           "Kaarina Family Centre"), "202", ("202",)),
    DemoCentre("paimio-sauvo", ("Paimion ja Sauvon perhekeskus", "Pemar och Sagu familjecenter",
                                "Paimio and Sauvo Family Centre"), "577", ("577", "738")),
    DemoCentre("raisio-rusko", ("Raision ja Ruskon perhekeskus", "Reso och Rusko familjecenter",
                                "Raisio and Rusko Family Centre"), "680", ("680", "704")),
    DemoCentre("naantali", ("Naantalin perhekeskus", "Nådendals familjecenter",
                            "Naantali Family Centre"), "529", ("529",)),
    DemoCentre("masku-area", ("Maskun, Nousiaisten ja Mynämäen perhekeskus",
                              "Masku, Nousis och Virmo familjecenter",
                              "Masku, Nousiainen and Mynämäki Family Centre"),
               "481", ("481", "538", "503")),
    DemoCentre("loimaa-area", ("Loimaan seudun perhekeskus", "Familjecentret i Loimaaregionen",
                               "Loimaa Area Family Centre"), "430",
               ("430", "561", "423", "480", "284", "019", "636")),
    DemoCentre("vakka", ("Vakka-Suomen perhekeskus", "Vakka-Finlands familjecenter",
                         "Vakka-Suomi Family Centre"), "895",
               ("895", "400", "631", "918", "304", "833")),
    DemoCentre("salo", ("Salon perhekeskus", "Salo familjecenter", "Salo Family Centre"),
               "734", ("734",)),
    DemoCentre("somero", ("Someron perhekeskus", "Somero familjecenter", "Somero Family Centre"),
               "761", ("761",)),
    DemoCentre("parainen", ("Paraisten perhekeskus", "Pargas familjecenter",
                            "Parainen Family Centre"), "445", ("445",), ("sv", "fi")),
    DemoCentre("kemionsaari", ("Kemiönsaaren perhekeskus", "Kimitoöns familjecenter",
                               "Kemiönsaari Family Centre"), "322", ("322",), ("sv", "fi")),
]
VS_FALLBACK = DemoCentre(
    "region", ("Varsinais-Suomen perhekeskusten palveluohjaus",
               "Servicehandledningen för familjecentren i Egentliga Finland",
               "Family Centre Service Guidance, Southwest Finland"), "853", (), ("fi", "sv", "en"))
VS_VIOLENCE = DemoCentre(
    "safety", ("Lähisuhdeväkivaltatyön tiimi", "Teamet för arbete mot våld i nära relationer",
               "Domestic Violence Team"), "853", (), ("fi", "sv"))


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    role: Role
    centre: str | None = None
    municipality: str | None = None
    language: str = "fi"


VS_ACCOUNTS = [
    DemoAccount("region.admin@example.invalid", "Alue Ylläpitäjä", Role.REGION_ADMIN),
    DemoAccount("turku.admin@example.invalid", "Turku Ylläpitäjä", Role.MUNICIPALITY_ADMIN,
                municipality="853"),
    DemoAccount("loimaa.admin@example.invalid", "Loimaa Ylläpitäjä", Role.MUNICIPALITY_ADMIN,
                municipality="430"),
    DemoAccount("turku.lead@example.invalid", "Tiina Tiiminvetäjä", Role.LEAD, centre="turku"),
    DemoAccount("turku.staff@example.invalid", "Tero Työntekijä", Role.STAFF, centre="turku"),
    DemoAccount("abo.personal@example.invalid", "Sara Personal", Role.STAFF, centre="abo-sv",
                language="sv"),
    DemoAccount("loimaa.staff@example.invalid", "Leena Loimaa", Role.STAFF, centre="loimaa-area"),
    DemoAccount("region.staff@example.invalid", "Pekka Palveluohjaaja", Role.STAFF,
                centre="region"),
    DemoAccount("turku.youth@example.invalid", "Nelli Nuorisotyö", Role.STAFF,
                centre="turku-youth"),
    DemoAccount("safety.staff@example.invalid", "Ville Väkivaltatyö", Role.STAFF,
                centre="safety"),
]
# Every centre that requests are sent to has someone working there (else a request, even an
# urgent violence one, would wait where nobody looks): one worker for each of the others.
VS_ACCOUNTS += [
    DemoAccount(f"{spec.key}.staff@example.invalid", f"Työntekijä {spec.names[0]}",
                Role.STAFF, centre=spec.key)
    for spec in VS_CENTRES if spec.key not in {a.centre for a in VS_ACCOUNTS}]


@cache
@dataclass(frozen=True)
class DemoTemplate:
    municipality: str | None  # None: region-wide
    names: tuple[str, str, str]  # fi, sv, en
    bodies: tuple[str, str, str]


# Texts staff start a message from; no family's details in them.
VS_TEMPLATES = [
    DemoTemplate(None, ("Yritimme soittaa sinulle", "Vi försökte ringa dig",
                        "We tried to call you"), (
        "Hei! Yritimme soittaa sinulle yhteydenottopyyntösi vuoksi, mutta emme tavoittaneet "
        "sinua. Soitamme uudelleen, tai voit vastata tähän viestiin.",
        "Hej! Vi försökte ringa dig om din begäran, men nådde dig inte. Vi ringer igen, "
        "eller så kan du svara på det här meddelandet.",
        "Hello! We tried to call you about your request for help but could not reach you. "
        "We will call again, or you can reply to this message.")),
    DemoTemplate(None, ("Milloin sinulle sopisi?", "När skulle det passa dig?",
                        "When would suit you?"), (
        "Hei! Milloin sinulle sopisi, että soitamme? Kerro päivä ja kellonaika, niin "
        "soitamme silloin.",
        "Hej! När skulle det passa dig att vi ringer? Berätta dag och tid, så ringer vi då.",
        "Hello! When would it suit you that we call? Tell us a day and a time, and we will "
        "call you then.")),
    DemoTemplate("853", ("Tapaaminen perhekeskuksessa", "Möte på familjecentret",
                         "A meeting at the family centre"), (
        "Hei! Voisimme tavata perhekeskuksessa. Ehdota sinulle sopivaa aikaa, niin "
        "vahvistamme sen.",
        "Hej! Vi kunde träffas på familjecentret. Föreslå en tid som passar dig, så "
        "bekräftar vi den.",
        "Hello! We could meet at the family centre. Suggest a time that suits you, and we "
        "will confirm it.")),
]


def _demo_password_hash() -> str:
    # Hashing is deliberately slow; the demo accounts share one hash, made once per process.
    return hash_password(DEMO_PASSWORD)


def _centre(session: DbSession, region: Region, spec: DemoCentre, all_codes: list[str],
            existing: dict[str, Centre]) -> Centre:
    email = f"perhekeskus.{spec.key}@example.invalid"
    centre = existing.get(email)
    if centre is None:
        centre = Centre(
            region_id=region.id,
            host_municipality_code=spec.host,
            name_fi=spec.names[0] + EXAMPLE["fi"],
            name_sv=spec.names[1] + EXAMPLE["sv"],
            name_en=spec.names[2] + EXAMPLE["en"],
            languages=list(spec.languages),
            notification_email=email,
            phone="+358 2 000 0000",
            hours_fi="ma–pe 9–15 (esimerkki)",
            hours_sv="mån–fre 9–15 (exempel)",
            hours_en="Mon–Fri 9–15 (example)",
            is_example=True,
        )
        serves = spec.serves or tuple(all_codes)
        centre.municipalities = [m for m in region.municipalities if m.code in serves]
        session.add(centre)
    return centre


# The number every demo municipality once showed, unmarked: removed wherever it is found.
OLD_PLACEHOLDER = "+358 2 000 0001"
# The demo's county-wide social emergency number: Finnish subscriber numbers never start with
# 1 (short numbers such as 112 do), so it reaches nobody; it is stored as an example, every
# page says so and none links it for calling.
EXAMPLE_SOCIAL_EMERGENCY = "+358 2 100 0000"


def _example_social_emergency(region: Region) -> None:
    """The county-wide number, marked as an example; a number the county entered stays."""
    if region.social_emergency_phone and not region.social_emergency_example:
        return
    region.social_emergency_phone = EXAMPLE_SOCIAL_EMERGENCY
    region.social_emergency_example = True
    region.social_emergency_name_fi = "Varsinais-Suomen sosiaali- ja kriisipäivystys (esimerkki)"
    region.social_emergency_name_sv = "Egentliga Finlands social- och krisjour (exempel)"
    region.social_emergency_name_en = "Southwest Finland social and crisis emergency (example)"


def load_demo(session: DbSession, region_code: str = "05") -> list[DemoAccount]:
    """Create the demo configuration once; a second run changes nothing."""
    region = session.scalar(sa.select(Region).where(Region.code == region_code))
    if region is None:
        raise LookupError("load the region's reference data first (flask refdata load)")
    if region_code != "05":
        raise NotImplementedError("demo data exists for Varsinais-Suomi only")
    region.in_service = True
    codes = [m.code for m in region.municipalities]
    existing = {c.notification_email: c for c in session.scalars(
        sa.select(Centre).where(Centre.region_id == region.id))}
    with session.no_autoflush:
        centres = {spec.key: _centre(session, region, spec, codes, existing)
                   for spec in [*VS_CENTRES, VS_FALLBACK, VS_VIOLENCE]}
    session.flush()
    region.fallback_centre_id = centres["region"].id
    by_code = {m.code: m for m in region.municipalities}

    for spec in VS_CENTRES:
        if spec.key in ("abo-sv", "turku-youth"):
            continue
        for code in spec.serves:
            municipality = by_code[code]
            if municipality.default_centre_id is None:
                municipality.default_centre_id = centres[spec.key].id
            if municipality.social_emergency_phone == OLD_PLACEHOLDER:
                municipality.social_emergency_phone = None
    _example_social_emergency(region)

    if not session.scalar(sa.select(sa.func.count(RoutingRule.id)).where(
            RoutingRule.region_id == region.id)):
        session.add_all([
            RoutingRule(region_id=region.id, municipality_code="853", position=10,
                        name="Ruotsinkielinen palvelu / Service på svenska", languages=["sv"],
                        target_centre_id=centres["abo-sv"].id),
            RoutingRule(region_id=region.id, municipality_code="853", position=20,
                        name="Nuoret 13–17 / Unga 13–17", topics=["youth"], min_age=13,
                        max_age=17, target_centre_id=centres["turku-youth"].id),
            RoutingRule(region_id=region.id, municipality_code=None, position=10,
                        name="Väkivalta ja turvallisuus / Våld och trygghet",
                        topics=["violence_safety"], target_centre_id=centres["safety"].id),
        ])

    if session.scalar(sa.select(sa.func.count(Partner.id)).where(
            Partner.region_id == region.id)) == 0:
        session.add_all([
            Partner(region_id=region.id, slug="turku-main-library", is_example=True,
                    name="Turun pääkirjasto (esimerkki)", channel=Channel.LIBRARY,
                    municipality_code="853"),
            Partner(region_id=region.id, slug="loimaa-school", is_example=True,
                    name="Loimaan koulu (esimerkki)", channel=Channel.SCHOOL,
                    municipality_code="430"),
        ])

    if session.scalar(sa.select(sa.func.count(MessageTemplate.id)).where(
            MessageTemplate.region_id == region.id)) == 0:
        session.add_all(MessageTemplate(
            region_id=region.id, municipality_code=spec.municipality, is_example=True,
            **{f"name_{lang}": name + EXAMPLE[lang] for lang, name in zip(
                ("fi", "sv", "en"), spec.names, strict=True)},
            **dict(zip(("body_fi", "body_sv", "body_en"), spec.bodies, strict=True)))
            for spec in VS_TEMPLATES)

    known = set(session.scalars(
        sa.select(User.email).where(User.email.in_([a.email for a in VS_ACCOUNTS]))))
    for account in VS_ACCOUNTS:
        if account.email in known:
            continue
        user = User(email=account.email, display_name=account.name, language=account.language,
                    password_hash=_demo_password_hash(), is_example=True)
        user.roles.append(RoleAssignment(
            role=account.role,
            centre_id=centres[account.centre].id if account.centre else None,
            municipality_code=account.municipality,
            region_id=region.id if account.role is Role.REGION_ADMIN else None,
        ))
        session.add(user)
    session.flush()
    return VS_ACCOUNTS
