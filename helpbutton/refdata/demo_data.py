"""Demo data for trying the app: invented centres, rules and accounts, all marked as examples.

Three counties, those of the source texts' family-centre programmes: Varsinais-Suomi (the one
the tests use), Keski-Suomi and Päijät-Häme. Their centres follow the counties' real shape (a
centre for the big town, one per sub-region for its neighbours, the county's service guidance
as the fallback), but every name is marked as an example, every mail address is in the
reserved `.invalid` domain and every phone number is a visibly invented one (a subscriber
number of zeros). Only Varsinais-Suomi's demo has placeholder social emergency numbers; the
other counties get none (a number a family may call in a crisis is never invented).
Requires the counties' reference data (flask refdata load).
"""
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import sqlalchemy as sa

from helpbutton.accounts.passwords import hash_password
from helpbutton.dbtypes import DbSession
from helpbutton.models import (
    Centre,
    Channel,
    LegalTexts,
    MessageTemplate,
    Partner,
    Region,
    Role,
    RoleAssignment,
    RoutingRule,
    User,
)
from helpbutton.refdata import reference_data

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


KS_CENTRES = [
    DemoCentre("jyvaskyla", ("Jyväskylän perhekeskus", "Jyväskylä familjecenter",
                             "Jyväskylä Family Centre"), "179", ("179",)),
    DemoCentre("jyvaskyla-youth", ("Jyväskylän nuorten palveluohjaus",
                                   "Ungdomarnas servicehandledning i Jyväskylä",
                                   "Jyväskylä Youth Guidance"), "179", ("179",)),
    DemoCentre("jyvaskyla-area", ("Jyväskylän seudun perhekeskus",
                                  "Familjecentret i Jyväskyläregionen",
                                  "Jyväskylä Area Family Centre"), "410",
               ("410", "500", "892", "850", "592", "077")),
    DemoCentre("aanekoski-area", ("Äänekosken seudun perhekeskus",
                                  "Familjecentret i Äänekoskiregionen",
                                  "Äänekoski Area Family Centre"), "992", ("992", "275")),
    DemoCentre("saarijarvi-viitasaari", ("Saarijärven–Viitasaaren seudun perhekeskus",
                                         "Familjecentret i Saarijärvi–Viitasaariregionen",
                                         "Saarijärvi–Viitasaari Area Family Centre"), "729",
               ("729", "931", "216", "226", "256", "265", "312", "601")),
    DemoCentre("jamsa", ("Jämsän perhekeskus", "Jämsä familjecenter", "Jämsä Family Centre"),
               "182", ("182",)),
    DemoCentre("keuruu-multia", ("Keuruun ja Multian perhekeskus",
                                 "Keuru och Multia familjecenter",
                                 "Keuruu and Multia Family Centre"), "249", ("249", "495")),
    DemoCentre("joutsa-luhanka", ("Joutsan ja Luhangan perhekeskus",
                                  "Joutsa och Luhanka familjecenter",
                                  "Joutsa and Luhanka Family Centre"), "172", ("172", "435")),
]
KS_FALLBACK = DemoCentre(
    "keski-suomi", ("Keski-Suomen perhekeskusten palveluohjaus",
                    "Servicehandledningen för familjecentren i Mellersta Finland",
                    "Family Centre Service Guidance, Central Finland"), "179", (),
    ("fi", "en"))

PH_CENTRES = [
    DemoCentre("lahti", ("Lahden perhekeskus", "Lahtis familjecenter", "Lahti Family Centre"),
               "398", ("398",)),
    DemoCentre("hollola-karkola", ("Hollolan ja Kärkölän perhekeskus",
                                   "Hollola och Kärkölä familjecenter",
                                   "Hollola and Kärkölä Family Centre"), "098", ("098", "316")),
    DemoCentre("heinola-area", ("Heinolan, Hartolan ja Sysmän perhekeskus",
                                "Heinola, Gustav Adolfs och Sysmä familjecenter",
                                "Heinola, Hartola and Sysmä Family Centre"), "111",
               ("111", "081", "781")),
    DemoCentre("orimattila", ("Orimattilan perhekeskus", "Orimattila familjecenter",
                              "Orimattila Family Centre"), "560", ("560",)),
    DemoCentre("asikkala-padasjoki", ("Asikkalan ja Padasjoen perhekeskus",
                                      "Asikkala och Padasjoki familjecenter",
                                      "Asikkala and Padasjoki Family Centre"), "016",
               ("016", "576")),
    DemoCentre("iitti", ("Iitin perhekeskus", "Itis familjecenter", "Iitti Family Centre"),
               "142", ("142",)),
]
PH_FALLBACK = DemoCentre(
    "paijat-hame", ("Päijät-Hämeen perhekeskusten palveluohjaus",
                    "Servicehandledningen för familjecentren i Päijänne-Tavastland",
                    "Family Centre Service Guidance, Päijät-Häme"), "398", (), ("fi", "en"))
PH_VIOLENCE = DemoCentre(
    "paijat-hame-safety", ("Päijät-Hämeen lähisuhdeväkivaltatyön tiimi",
                           "Teamet för arbete mot våld i nära relationer i Päijänne-Tavastland",
                           "Domestic Violence Team, Päijät-Häme"), "398", ())


def _one_per_other_centre(centres: list[DemoCentre],
                          accounts: list[DemoAccount]) -> list[DemoAccount]:
    """Every centre that requests are sent to has someone working there: one worker for each
    centre the named accounts leave without one."""
    staffed = {a.centre for a in accounts}
    return [DemoAccount(f"{spec.key}.staff@example.invalid", f"Työntekijä {spec.names[0]}",
                        Role.STAFF, centre=spec.key)
            for spec in centres if spec.key not in staffed]


KS_ACCOUNTS = [
    DemoAccount("keski-suomi.admin@example.invalid", "Kaisa Keskisuomalainen",
                Role.REGION_ADMIN),
    DemoAccount("jyvaskyla.admin@example.invalid", "Jyväskylä Ylläpitäjä",
                Role.MUNICIPALITY_ADMIN, municipality="179"),
    DemoAccount("jyvaskyla.lead@example.invalid", "Jaana Tiiminvetäjä", Role.LEAD,
                centre="jyvaskyla"),
    DemoAccount("jyvaskyla.staff@example.invalid", "Jussi Työntekijä", Role.STAFF,
                centre="jyvaskyla"),
    DemoAccount("keski-suomi.staff@example.invalid", "Paula Palveluohjaaja", Role.STAFF,
                centre="keski-suomi"),
]
KS_ACCOUNTS += _one_per_other_centre(KS_CENTRES, KS_ACCOUNTS)

PH_ACCOUNTS = [
    DemoAccount("paijat-hame.admin@example.invalid", "Päivi Päijäthämäläinen",
                Role.REGION_ADMIN),
    DemoAccount("lahti.admin@example.invalid", "Lahti Ylläpitäjä", Role.MUNICIPALITY_ADMIN,
                municipality="398"),
    DemoAccount("lahti.lead@example.invalid", "Laura Tiiminvetäjä", Role.LEAD, centre="lahti"),
    DemoAccount("lahti.staff@example.invalid", "Lauri Työntekijä", Role.STAFF, centre="lahti"),
    DemoAccount("paijat-hame.staff@example.invalid", "Paavo Palveluohjaaja", Role.STAFF,
                centre="paijat-hame"),
    DemoAccount("paijat-hame-safety.staff@example.invalid", "Veera Väkivaltatyö", Role.STAFF,
                centre="paijat-hame-safety"),
]
PH_ACCOUNTS += _one_per_other_centre(PH_CENTRES, PH_ACCOUNTS)


@dataclass(frozen=True)
class DemoRule:
    municipality: str | None  # None: county-wide
    position: int
    name: str
    target: str  # a centre's key
    languages: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    min_age: int | None = None
    max_age: int | None = None


@dataclass(frozen=True)
class DemoPartner:
    slug: str
    name: str
    channel: Channel
    municipality: str


@dataclass(frozen=True)
class DemoCounty:
    """One county's demo: its centres, rules, partners, templates and accounts."""

    code: str  # data/counties.csv: "05" Varsinais-Suomi
    centres: list[DemoCentre]  # each the default centre of what it serves, except `not_default`
    fallback: DemoCentre  # the county's fallback centre, serving all its municipalities
    others: list[DemoCentre]  # centres reached by rules only, serving the whole county
    accounts: list[DemoAccount]
    rules: list[DemoRule]
    partners: list[DemoPartner]
    templates: list[DemoTemplate]
    phone: str  # the centres' phone: visibly invented (zeros)
    not_default: frozenset[str] = frozenset()
    # Placeholder social emergency number (Varsinais-Suomi's demo only; see the module's text).

    @property
    def all_centres(self) -> list[DemoCentre]:
        return [*self.centres, self.fallback, *self.others]


COUNTIES = [
    DemoCounty(
        "05", VS_CENTRES, VS_FALLBACK, [VS_VIOLENCE], VS_ACCOUNTS,
        rules=[
            DemoRule("853", 10, "Ruotsinkielinen palvelu / Service på svenska", "abo-sv",
                     languages=("sv",)),
            DemoRule("853", 20, "Nuoret 13–17 / Unga 13–17", "turku-youth", topics=("youth",),
                     min_age=13, max_age=17),
            DemoRule(None, 10, "Väkivalta ja turvallisuus / Våld och trygghet", "safety",
                     topics=("violence_safety",)),
        ],
        partners=[
            DemoPartner("turku-main-library", "Turun pääkirjasto (esimerkki)", Channel.LIBRARY,
                        "853"),
            DemoPartner("loimaa-school", "Loimaan koulu (esimerkki)", Channel.SCHOOL, "430"),
        ],
        templates=VS_TEMPLATES, phone="+358 2 000 0000",
        not_default=frozenset({"abo-sv", "turku-youth"})),
    DemoCounty(
        "15", KS_CENTRES, KS_FALLBACK, [], KS_ACCOUNTS,
        rules=[DemoRule("179", 10, "Nuoret 13–17 / Unga 13–17", "jyvaskyla-youth",
                        topics=("youth",), min_age=13, max_age=17)],
        partners=[DemoPartner("jyvaskyla-main-library", "Jyväskylän pääkirjasto (esimerkki)",
                              Channel.LIBRARY, "179")],
        templates=[t for t in VS_TEMPLATES if t.municipality is None], phone="+358 14 000 0000",
        not_default=frozenset({"jyvaskyla-youth"})),
    DemoCounty(
        "09", PH_CENTRES, PH_FALLBACK, [PH_VIOLENCE], PH_ACCOUNTS,
        rules=[DemoRule(None, 10, "Väkivalta ja turvallisuus / Våld och trygghet",
                        "paijat-hame-safety", topics=("violence_safety",))],
        partners=[DemoPartner("lahti-main-library", "Lahden pääkirjasto (esimerkki)",
                              Channel.LIBRARY, "398")],
        templates=[t for t in VS_TEMPLATES if t.municipality is None], phone="+358 3 000 0000"),
]
BY_CODE = {county.code: county for county in COUNTIES}


class _PasswordHash:
    # Hashing is deliberately slow; the demo accounts share one hash, made once per load.
    def __init__(self) -> None:
        self._hash: str | None = None

    def __call__(self) -> str:
        if self._hash is None:
            self._hash = hash_password(DEMO_PASSWORD)
        return self._hash


def _centre(session: DbSession, region: Region, spec: DemoCentre, phone: str,
            all_codes: list[str], existing: dict[str, Centre]) -> Centre:
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
            phone=phone,
            hours_fi="ma–pe 9–15 (esimerkki)",
            hours_sv="mån–fre 9–15 (exempel)",
            hours_en="Mon–Fri 9–15 (example)",
            texts={"hours": dict(EXAMPLE_HOURS)},
            is_example=True,
        )
        serves = spec.serves or tuple(all_codes)
        centre.municipalities = [m for m in region.municipalities if m.code in serves]
        session.add(centre)
    return centre


# The demo's texts in the other public languages: MACHINE-PRODUCED, not checked by a
# translator (helpbutton/content_languages). The topics' are in data/topics_languages.yaml.
EXAMPLE_HOURS = {
    "selko": "ma–pe 9–15 (esimerkki)", "ru": "пн–пт 9–15 (пример)",
    "uk": "пн–пт 9–15 (приклад)", "et": "E–R 9–15 (näide)", "ar": "الاثنين–الجمعة 9–15 (مثال)",
    "so": "Isniin–Jimce 9–15 (tusaale)", "fa": "دوشنبه تا جمعه ۹–۱۵ (نمونه)",
}
EXAMPLE_SOCIAL_EMERGENCY_NAMES = {
    "selko": "Varsinais-Suomen sosiaalipäivystys (esimerkki)",
    "ru": "Социальная и кризисная дежурная служба Юго-Западной Финляндии (пример)",
    "uk": "Соціальна та кризова чергова служба Південно-Західної Фінляндії (приклад)",
    "et": "Edela-Soome sotsiaal- ja kriisivalve (näide)",
    "ar": "خدمة الطوارئ الاجتماعية والأزمات في جنوب غرب فنلندا (مثال)",
    "so": "Adeegga gurmadka bulshada iyo xiisadaha ee Koonfur-galbeed Finland (tusaale)",
    "fa": "خدمات اضطراری اجتماعی و بحران جنوب غربی فنلاند (نمونه)",
}

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
    region.texts = {**(region.texts or {}),
                    "social_emergency_name": dict(EXAMPLE_SOCIAL_EMERGENCY_NAMES)}


def load_demo(session: DbSession, region_code: str = "05") -> list[DemoAccount]:
    """Create one county's demo configuration once (Varsinais-Suomi unless told) and start the
    county; a second run changes nothing."""
    return _load_county(session, region_code, _PasswordHash())


def load_demo_all(session: DbSession) -> dict[Region, list[DemoAccount]]:
    """The demo of every county that has one and whose reference data is loaded
    (Varsinais-Suomi, Keski-Suomi, Päijät-Häme), its accounts by county; a second run
    changes nothing."""
    password_hash = _PasswordHash()
    regions = {r.code: r for r in session.scalars(
        sa.select(Region).where(Region.code.in_([c.code for c in COUNTIES])))}
    return {regions[county.code]: _load_county(session, county.code, password_hash)
            for county in COUNTIES if county.code in regions}


def _load_county(session: DbSession, region_code: str,
                 password_hash: Callable[[], str]) -> list[DemoAccount]:
    region = session.scalar(sa.select(Region).where(Region.code == region_code))
    if region is None:
        raise LookupError("load the region's reference data first (flask refdata load)")
    county = BY_CODE.get(region_code)
    if county is None:
        raise NotImplementedError(
            "demo data exists for Varsinais-Suomi, Keski-Suomi and Päijät-Häme only")
    region.in_service = True
    codes = [m.code for m in region.municipalities]
    existing = {c.notification_email: c for c in session.scalars(
        sa.select(Centre).where(Centre.region_id == region.id))}
    with session.no_autoflush:
        centres = {spec.key: _centre(session, region, spec, county.phone, codes, existing)
                   for spec in county.all_centres}
    session.flush()
    region.fallback_centre_id = centres[county.fallback.key].id
    by_code = {m.code: m for m in region.municipalities}

    for spec in county.centres:
        if spec.key in county.not_default:
            continue
        for code in spec.serves:
            municipality = by_code[code]
            if municipality.default_centre_id is None:
                municipality.default_centre_id = centres[spec.key].id
            if municipality.social_emergency_phone == OLD_PLACEHOLDER:
                municipality.social_emergency_phone = None
    if region_code == "05":  # the only county with an example number (its names say so)
        _example_social_emergency(region)
    # The default topics in every public language (machine-produced: data/topics_languages.yaml),
    # so that a family on /ar/ reads them in Arabic.
    reference_data.add_topic_languages(session, region.id)

    if not session.scalar(sa.select(sa.func.count(RoutingRule.id)).where(
            RoutingRule.region_id == region.id)):
        session.add_all([
            RoutingRule(region_id=region.id, municipality_code=rule.municipality,
                        position=rule.position, name=rule.name,
                        target_centre_id=centres[rule.target].id, languages=list(rule.languages),
                        topics=list(rule.topics), min_age=rule.min_age, max_age=rule.max_age)
            for rule in county.rules])

    if session.scalar(sa.select(sa.func.count(Partner.id)).where(
            Partner.region_id == region.id)) == 0:
        session.add_all([
            Partner(region_id=region.id, slug=partner.slug, is_example=True,
                    name=partner.name, channel=partner.channel,
                    municipality_code=partner.municipality)
            for partner in county.partners])

    if session.scalar(sa.select(sa.func.count(MessageTemplate.id)).where(
            MessageTemplate.region_id == region.id)) == 0:
        session.add_all(MessageTemplate(
            region_id=region.id, municipality_code=spec.municipality, is_example=True,
            **{f"name_{lang}": name + EXAMPLE[lang] for lang, name in zip(
                ("fi", "sv", "en"), spec.names, strict=True)},
            **dict(zip(("body_fi", "body_sv", "body_en"), spec.bodies, strict=True)))
            for spec in county.templates)

    if session.scalar(sa.select(LegalTexts.id).where(LegalTexts.region_id == region.id)) is None:
        # The legal texts' contacts are examples too: the county's administrator enters its own.
        session.add(LegalTexts(
            region_id=region.id, is_example=True,
            **{f"dpo_name_{lang}": name + EXAMPLE[lang] for lang, name in zip(
                ("fi", "sv", "en"),
                ("Tietosuojavastaava", "Dataskyddsombud", "Data protection officer"),
                strict=True)},
            dpo_email="tietosuoja@example.invalid", dpo_phone="+358 2 000 0002",
            dpo_address="Esimerkkikatu 1, 20100 Turku (esimerkki)",
            feedback_email="saavutettavuus@example.invalid", feedback_phone="+358 2 000 0003",
            feedback_url="https://example.invalid/saavutettavuuspalaute"))

    known = set(session.scalars(
        sa.select(User.email).where(User.email.in_([a.email for a in county.accounts]))))
    for account in county.accounts:
        if account.email in known:
            continue
        user = User(email=account.email, display_name=account.name, language=account.language,
                    password_hash=password_hash(), is_example=True)
        user.roles.append(RoleAssignment(
            role=account.role,
            centre_id=centres[account.centre].id if account.centre else None,
            municipality_code=account.municipality,
            region_id=region.id if account.role is Role.REGION_ADMIN else None,
        ))
        session.add(user)
    session.flush()
    return county.accounts
