"""The pilot's 12 social challenges, its brokers, a consultation and a finished match run
(DEMO-DATA.md), written through the brokerage services.

The 10 challenges the pilot's project teams took are published, matched to a certified member of
the team (an accepted introduction) and moved on with the pilot's dates; the two open ones
(Łódź, Hajnówka) keep their full demand: the finished match run's assignments are not proposed.
Nothing here touches academy, credentials or surveys rows, so the pilot figures stay as they are.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.management.base import OutputWrapper
from django.utils import timezone

from sib.academy.models import Competence, Edition, Enrolment, Group
from sib.accounts.choices import OrganisationKind
from sib.accounts.demo import demo_email
from sib.accounts.models import User
from sib.accounts.services import organisation_get_or_create
from sib.brokerage import matching, selectors, services
from sib.brokerage.models import (
    BrokerProfile,
    Challenge,
    ChallengeStatus,
    Comment,
    Resource,
    ResourceKind,
)
from sib.core.models import SdgGoal, Theme
from sib.credentials.models import Credential, CredentialState

WARSAW = ZoneInfo("Europe/Warsaw")
MARKER = "Nawyki żywieniowe dzieci w Tarnowie"

ORGANISATIONS = [
    ("Urząd Miasta Tarnowa", OrganisationKind.MUNICIPALITY, "malopolskie"),
    ("Urząd Miasta Nowy Targ", OrganisationKind.MUNICIPALITY, "malopolskie"),
    ("Starostwo Powiatowe w Tarnowie", OrganisationKind.REGIONAL_GOVERNMENT, "malopolskie"),
    (
        "Miejski Ośrodek Pomocy Społecznej w Rzeszowie",
        OrganisationKind.SOCIAL_WELFARE,
        "podkarpackie",
    ),
    ("Stowarzyszenie Razem dla Regionu", OrganisationKind.NGO, "slaskie"),
    ("Powiatowy Urząd Pracy w Radomiu", OrganisationKind.PUBLIC_AGENCY, "mazowieckie"),
    ("Fundacja Kobiety i Technologie Kielce", OrganisationKind.FOUNDATION, "swietokrzyskie"),
    ("Centrum Niezależnego Życia Lublin", OrganisationKind.NGO, "lubelskie"),
    ("Starostwo Powiatowe w Kłodzku", OrganisationKind.REGIONAL_GOVERNMENT, "dolnoslaskie"),
    ("Gmina Opatówek", OrganisationKind.MUNICIPALITY, "wielkopolskie"),
    ("Urząd Miasta Łodzi", OrganisationKind.MUNICIPALITY, "lodzkie"),
    ("Urząd Miasta Hajnówka", OrganisationKind.MUNICIPALITY, "podlaskie"),
    ("Fundusz Inicjatyw Lokalnych Małopolski", OrganisationKind.FUNDER, "malopolskie"),
    ("Uniwersytet Społeczny w Krakowie", OrganisationKind.UNIVERSITY, "malopolskie"),
]

# (PL title, EN title, organisation, voivodeship, powiat, gmina, level, themes, SDGs,
#  competences, stakeholder groups, final status)
CHALLENGES = [
    (
        MARKER,
        "Children's eating habits in Tarnów",
        "Urząd Miasta Tarnowa",
        "malopolskie",
        "Tarnów",
        "Tarnów",
        "local",
        ["food", "health", "youth"],
        [2, 3],
        ["C1", "C3"],
        ["residents", "education", "public"],
        ChallengeStatus.SOLVED,
    ),
    (
        "Smog i ubóstwo energetyczne w Nowym Targu",
        "Smog and energy poverty in Nowy Targ",
        "Urząd Miasta Nowy Targ",
        "malopolskie",
        "nowotarski",
        "Nowy Targ",
        "local",
        ["environment", "energy"],
        [7, 11, 13],
        ["C1", "C5"],
        ["residents", "public", "funders"],
        ChallengeStatus.IN_PROGRESS,
    ),
    (
        "Seniorzy na wsi odcięci przez brak transportu",
        "Rural seniors cut off by lack of transport",
        "Starostwo Powiatowe w Tarnowie",
        "malopolskie",
        "tarnowski",
        "",
        "regional",
        ["ageing", "mobility"],
        [10, 11],
        ["C2", "C3"],
        ["beneficiaries", "public", "civil_society"],
        ChallengeStatus.IN_PROGRESS,
    ),
    (
        "Integracja dzieci z Ukrainy w szkołach",
        "Integrating Ukrainian children in schools",
        "Miejski Ośrodek Pomocy Społecznej w Rzeszowie",
        "podkarpackie",
        "Rzeszów",
        "Rzeszów",
        "local",
        ["migration", "education"],
        [4, 10],
        ["C2", "C9"],
        ["beneficiaries", "education", "civil_society"],
        ChallengeStatus.SOLVED,
    ),
    (
        "Wsparcie zdrowia psychicznego młodzieży",
        "Mental-health support for young people",
        "Stowarzyszenie Razem dla Regionu",
        "slaskie",
        "Katowice",
        "Katowice",
        "local",
        ["health", "youth"],
        [3],
        ["C1", "C3", "C8"],
        ["beneficiaries", "education", "experts"],
        ChallengeStatus.IN_PROGRESS,
    ),
    (
        "Długotrwałe bezrobocie w Radomiu",
        "Long-term unemployment in Radom",
        "Powiatowy Urząd Pracy w Radomiu",
        "mazowieckie",
        "Radom",
        "Radom",
        "local",
        ["employment"],
        [8],
        ["C5", "C6"],
        ["beneficiaries", "public", "private"],
        ChallengeStatus.MATCHED,
    ),
    (
        "Kobiety wracające do pracy – kompetencje cyfrowe",
        "Women returning to work: digital skills",
        "Fundacja Kobiety i Technologie Kielce",
        "swietokrzyskie",
        "Kielce",
        "Kielce",
        "local",
        ["employment", "digital", "gender"],
        [5, 8],
        ["C4", "C10"],
        ["beneficiaries", "private", "education"],
        ChallengeStatus.SOLVED,
    ),
    (
        "Niezależne życie osób z niepełnosprawnościami",
        "Independent living for people with disabilities",
        "Centrum Niezależnego Życia Lublin",
        "lubelskie",
        "Lublin",
        "Lublin",
        "local",
        ["disability", "housing"],
        [10, 11],
        ["C2", "C6"],
        ["beneficiaries", "public", "civil_society"],
        ChallengeStatus.IN_PROGRESS,
    ),
    (
        "Seniorzy wykluczeni z e-usług publicznych",
        "Seniors shut out of online public services",
        "Starostwo Powiatowe w Kłodzku",
        "dolnoslaskie",
        "kłodzki",
        "",
        "regional",
        ["ageing", "digital"],
        [10, 16],
        ["C4", "C10"],
        ["beneficiaries", "public"],
        ChallengeStatus.IN_PROGRESS,
    ),
    (
        "Wspólnotowa retencja wody",
        "Community water retention",
        "Gmina Opatówek",
        "wielkopolskie",
        "kaliski",
        "Opatówek",
        "regional",
        ["environment", "community"],
        [6, 13, 15],
        ["C1", "C7"],
        ["residents", "public", "experts"],
        ChallengeStatus.MATCHED,
    ),
    (
        "Samotność osób starszych w Łodzi",
        "Loneliness of older people in Łódź",
        "Urząd Miasta Łodzi",
        "lodzkie",
        "Łódź",
        "Łódź",
        "local",
        ["ageing", "community"],
        [3, 10],
        ["C1", "C2", "C9"],
        ["beneficiaries", "residents", "civil_society", "public"],
        ChallengeStatus.OPEN,
    ),
    (
        "Młodzi wyjeżdżający z małych miast",
        "Young people leaving small towns",
        "Urząd Miasta Hajnówka",
        "podlaskie",
        "hajnowski",
        "Hajnówka",
        "local",
        ["youth", "employment"],
        [8, 11],
        ["C1", "C5", "C7"],
        ["residents", "education", "private"],
        ChallengeStatus.OPEN,
    ),
]

SUMMARY = {
    "pl": "Wyzwanie zgłoszone przez {org} w pilotażu programu Brokerzy Innowacji Społecznych.",
    "en": "A challenge that {org} brought to the pilot of the Social Innovation Brokers programme.",
}


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10, 0), WARSAW)


def _profiles(certified: list[User], regions_by_user: dict[int, set[str]]) -> None:
    """A profile for each certified broker: their voivodeship and their team's challenge's,
    every third works remotely too (so the Łódź and Hajnówka challenges have brokers)."""
    competences = {c.code: c for c in Competence.objects.all()}
    themes = list(Theme.objects.all())
    for index, person in enumerate(certified):
        english = person.preferred_language == "en"
        regions = sorted({person.voivodeship, *regions_by_user.get(person.pk, set())} - {""})
        services.broker_profile_save(
            actor=person,
            user=person,
            data={
                "regions": regions,
                "remote": index % 3 == 0,
                "languages": ["pl", "en"] if english or index % 4 == 0 else ["pl"],
                "capacity": 2,
                "stages": [1, 2, 3] if index % 2 else [2, 3, 4],
                "experience_years": 2 + index % 9,
                "name_public": index % 2 == 0,
            },
            declared_competences=[competences["C9"]] if index % 5 == 0 else [],
            themes=[themes[index % len(themes)], themes[(index * 7 + 3) % len(themes)]],
        )
        BrokerProfile.objects.filter(user=person).update(consent_at=_at(dt.date(2024, 6, 28)))


def load(*, stdout: OutputWrapper) -> None:
    if Challenge.objects.filter(title_pl=MARKER).exists():
        return
    edition = Edition.objects.filter(code="pilot-2023-24").first()
    coordinator = User.objects.filter(email=demo_email("coordinator")).first()
    if edition is None or coordinator is None:
        return
    partner = User.objects.filter(email=demo_email("partner")).first()
    organisations = {
        name: organisation_get_or_create(name=name, kind=kind, region=region, country="PL")
        for name, kind, region in ORGANISATIONS
    }
    holder_ids = set(
        Credential.objects.filter(
            state=CredentialState.VALID, enrolment__edition=edition
        ).values_list("holder_id", flat=True)
    )
    certified = list(User.objects.filter(pk__in=holder_ids).order_by("pk"))
    teams = list(Group.objects.filter(edition=edition).order_by("name"))
    team_members: list[list[User]] = []
    for team in teams:
        ids = Enrolment.objects.filter(group=team, user_id__in=holder_ids).values_list(
            "user_id", flat=True
        )
        team_members.append([u for u in certified if u.pk in set(ids)])
    regions_by_user: dict[int, set[str]] = {}
    for index, spec in enumerate(CHALLENGES[:10]):
        for person in team_members[index] if index < len(team_members) else []:
            regions_by_user.setdefault(person.pk, set()).add(spec[3])
    _profiles(certified, regions_by_user)

    themes = {t.key: t for t in Theme.objects.all()}
    sdgs = {g.number: g for g in SdgGoal.objects.all()}
    competences = {c.code: c for c in Competence.objects.all()}
    challenges = []
    for index, spec in enumerate(CHALLENGES):
        (
            title_pl,
            title_en,
            org_name,
            region,
            powiat,
            gmina,
            level,
            theme_keys,
            goals,
            codes,
            groups,
            final,
        ) = spec
        organisation = organisations[org_name]
        author = partner if partner and partner.partner_for_id == organisation.pk else coordinator
        challenge = services.challenge_create(
            actor=author,
            organisation=organisation,
            data={
                "title_pl": title_pl,
                "title_en": title_en,
                "summary_pl": SUMMARY["pl"].format(org=org_name),
                "summary_en": SUMMARY["en"].format(org=org_name),
                "affected_pl": "Mieszkańcy i mieszkanki: " + title_pl.lower() + ".",
                "affected_en": "Residents affected: " + title_en.lower() + ".",
                "voivodeship": region,
                "powiat": powiat,
                "gmina": gmina,
                "level": level,
                "stakeholder_groups": groups,
                "languages": ["pl"],
                "stage": 1 if final == ChallengeStatus.OPEN else 3,
                "brokers_needed": 1 if final != ChallengeStatus.OPEN else 2,
            },
            themes=[themes[k] for k in theme_keys],
            sdgs=[sdgs[n] for n in goals],
            competences=[competences[c] for c in codes],
        )
        published = dt.date(2023, 11, 6) if index < 10 else dt.date(2024, 9, 2)
        challenge = services.challenge_publish(
            actor=coordinator, challenge=challenge, when=_at(published)
        )
        challenges.append((challenge, final))

    # The 10 taken challenges: a certified member of the team accepts the introduction.
    for index, (challenge, final) in enumerate(challenges[:10]):
        table = selectors.broker_table()
        row = selectors.challenge_rows([challenge], table)[0]
        feasible = matching.feasible(row, table)
        candidates = list(team_members[index] if index < len(team_members) else [])
        candidates += certified
        for person in candidates:
            profile = BrokerProfile.objects.get(user=person)
            if feasible[table.row(profile.pk)]:
                break
        else:
            continue
        introduction = services.introduction_propose(
            actor=coordinator, challenge=challenge, broker=profile
        )
        services.introduction_accept(
            actor=person, introduction=introduction, when=_at(dt.date(2024, 1, 15))
        )
        challenge.refresh_from_db()
        if final in (ChallengeStatus.IN_PROGRESS, ChallengeStatus.SOLVED):
            services.challenge_set_status(
                actor=coordinator,
                challenge=challenge,
                status=ChallengeStatus.IN_PROGRESS,
                when=_at(dt.date(2024, 2, 1)),
            )
        if final == ChallengeStatus.SOLVED:
            services.challenge_set_status(
                actor=coordinator,
                challenge=challenge,
                status=ChallengeStatus.SOLVED,
                note="Rozwiązanie wdrożone w pilotażu.",
                when=_at(dt.date(2024, 6, 20)),
            )
            services.introduction_outcome(
                actor=coordinator, introduction=introduction, outcome="project"
            )

    # Offers that the engine suggests for challenges.
    funder = organisations["Fundusz Inicjatyw Lokalnych Małopolski"]
    university = organisations["Uniwersytet Społeczny w Krakowie"]
    for org, kind, title_pl, title_en, regions, theme_keys in (
        (
            funder,
            ResourceKind.FUNDING,
            "Mikrogranty na inicjatywy sąsiedzkie",
            "Micro-grants for neighbourhood initiatives",
            [],
            ["community", "ageing"],
        ),
        (
            university,
            ResourceKind.EXPERTISE,
            "Konsultacje badawcze studentów socjologii",
            "Research support from sociology students",
            ["malopolskie", "lodzkie"],
            ["youth"],
        ),
        (
            funder,
            ResourceKind.VOLUNTEERS,
            "Wolontariat pracowniczy",
            "Employee volunteering",
            [],
            ["ageing", "digital"],
        ),
    ):
        services.resource_save(
            actor=coordinator,
            organisation=org,
            data={
                "kind": kind,
                "title_pl": title_pl,
                "title_en": title_en,
                "regions": regions,
                "deadline": timezone.localdate() + dt.timedelta(days=90),
                "eligibility_pl": "Organizacje pozarządowe i grupy nieformalne.",
                "eligibility_en": "NGOs and informal groups.",
            },
            themes=[themes[k] for k in theme_keys],
        )

    # A consultation on loneliness in Łódź: phases, comments and a reply, a meeting with minutes.
    lodz = challenges[10][0]
    now = timezone.now()
    consultation = services.consultation_create(
        actor=coordinator,
        challenge=lodz,
        data={
            "title_pl": "Jak przeciwdziałać samotności seniorów w Łodzi?",
            "title_en": "How to counter the loneliness of older people in Łódź?",
            "description_pl": "Zbieramy doświadczenia mieszkańców, organizacji i instytucji.",
            "description_en": "We gather the experience of residents, organisations and institutions.",
            "opens_at": now - dt.timedelta(days=14),
            "closes_at": now + dt.timedelta(days=30),
            "published": True,
        },
        phases=[
            (
                "Zbieranie opinii / Gathering views",
                (now - dt.timedelta(days=14)).date(),
                (now + dt.timedelta(days=16)).date(),
            ),
            (
                "Synteza i odpowiedź / Synthesis and answer",
                (now + dt.timedelta(days=17)).date(),
                (now + dt.timedelta(days=30)).date(),
            ),
        ],
    )
    voices = [
        (
            certified[0],
            "civil_society",
            "Kluby seniora działają, ale brakuje dowozu dla osób z niepełnosprawnościami.",
        ),
        (certified[1], "residents", "Sąsiedzkie wizyty raz w tygodniu zmieniły życie mojej mamy."),
        (certified[2], "public", "Ośrodek pomocy społecznej może udostępnić salę w każdy piątek."),
    ]
    first = None
    for author, group, body in voices:
        comment = services.comment_add(
            actor=author, consultation=consultation, body=body, stakeholder_group=group
        )
        first = first or comment
    services.comment_add(
        actor=certified[3],
        consultation=consultation,
        body="Zgadzam się – transport to klucz.",
        parent=first,
        stakeholder_group="residents",
    )
    services.meeting_save(
        actor=coordinator,
        consultation=consultation,
        starts_at=now - dt.timedelta(days=7),
        place="Łódź, Dom Kultury Widzew",
        agenda="1. Powitanie\n2. Doświadczenia mieszkańców\n3. Pomysły na pilotaż",
        minutes=(
            "Udział wzięło 18 osób. Ustalono, że pilotaż obejmie wizyty sąsiedzkie i dowóz "
            "na zajęcia klubów seniora."
        ),
    )
    services.synthesis_write(
        actor=coordinator,
        consultation=consultation,
        text="Najczęstsze potrzeby: transport, regularny kontakt, miejsce spotkań.",
    )
    Comment.objects.filter(consultation=consultation).update(created_at=now - dt.timedelta(days=9))

    # A finished match run over the open challenges; its assignments are not proposed, so both
    # open challenges keep their full demand.
    services.match_run_start(actor=coordinator)
    stdout.write(
        f"Brokerage: {len(challenges)} challenges, {len(certified)} broker profiles, "
        f"{Resource.objects.count()} offers, 1 consultation, 1 match run."
    )
