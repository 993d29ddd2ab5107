"""The pilot's conferences and showcases, rebuilt through the events services (DEMO-DATA.md).

Only registrations, cancellations, check-ins and agenda items are written; the statistics then
count 284 participants (150 + 134 check-ins), 52 speakers (27 + 25, distinct per event), 40
lectures and panels (21 + 19) and 5 workshops (2 + 3). No total is stored.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from zoneinfo import ZoneInfo

from django.core.management.base import OutputWrapper
from django.utils import timezone

from sib.academy.models import DeliveryMode, Edition, EditionLanguage, Group
from sib.accounts.choices import Gender, Voivodeship
from sib.accounts.demo import demo_email
from sib.accounts.models import Organisation, User
from sib.accounts.services import organisation_get_or_create
from sib.events import services
from sib.events.models import (
    AgendaItem,
    Event,
    EventKind,
    EventStatus,
    ItemKind,
    QuestionKind,
    Speaker,
)
from sib.events.services import Attendee

WARSAW = ZoneInfo("Europe/Warsaw")
OSLO = ZoneInfo("Europe/Oslo")
MARKER = "Makroregionalna Konferencja Brokerów Innowacji Społecznych"

FIRST_F = [
    "Anna",
    "Maria",
    "Katarzyna",
    "Małgorzata",
    "Agnieszka",
    "Barbara",
    "Ewa",
    "Magdalena",
    "Joanna",
    "Aleksandra",
    "Monika",
    "Dorota",
    "Beata",
    "Justyna",
    "Natalia",
    "Zofia",
    "Karolina",
    "Marta",
    "Paulina",
    "Weronika",
    "Agata",
    "Iwona",
    "Hanna",
    "Olga",
]
FIRST_M = [
    "Piotr",
    "Krzysztof",
    "Tomasz",
    "Paweł",
    "Michał",
    "Marcin",
    "Jakub",
    "Adam",
    "Łukasz",
    "Grzegorz",
    "Mateusz",
    "Wojciech",
    "Jan",
    "Marek",
    "Rafał",
    "Bartosz",
    "Kamil",
    "Szymon",
    "Dariusz",
    "Stanisław",
]
LAST = [
    "Nowak",
    "Kowalczyk",
    "Wójcik",
    "Kamińsk",
    "Lewandowsk",
    "Zielińsk",
    "Szymańsk",
    "Woźniak",
    "Dąbrowsk",
    "Kozłowsk",
    "Jankowsk",
    "Mazur",
    "Kwiatkowsk",
    "Krawczyk",
    "Piotrowsk",
    "Grabowsk",
    "Nowakowsk",
    "Pawłowsk",
    "Michalsk",
    "Adamczyk",
    "Dudek",
    "Zając",
    "Wieczorek",
    "Jabłońsk",
    "Król",
    "Majewsk",
    "Olszewsk",
    "Jaworsk",
    "Wróbel",
    "Malinowsk",
    "Pietrzak",
    "Stępień",
    "Górsk",
    "Rutkowsk",
    "Sikora",
    "Baran",
    "Duda",
    "Szewczyk",
    "Tomaszewsk",
    "Pietrzyk",
]
ORGANISATIONS = [
    "MOPS Tarnów",
    "Stowarzyszenie Sąsiedzi",
    "Urząd Gminy Wierzchosławice",
    "Fundacja Dobrych Inicjatyw",
    "Szkoła Podstawowa nr 7",
    "Spółdzielnia Socjalna Razem",
    "Centrum Kultury",
    "Uniwersytet Rolniczy",
    "Powiatowy Urząd Pracy",
    "LGD Dolina Dunajca",
    "Fundacja Kobiety w IT",
    "Regionalny Ośrodek Polityki Społecznej",
    "",
]

LECTURES = [
    ("Czym jest innowacja społeczna?", "What is social innovation?"),
    ("Broker innowacji: rola i kompetencje", "The innovation broker: role and competences"),
    ("Diagnoza wyzwań lokalnych na danych", "Diagnosing local challenges with data"),
    ("Design thinking w usługach publicznych", "Design thinking in public services"),
    ("Projektowanie usług społecznych", "Designing social services"),
    ("Mapa interesariuszy w praktyce", "The stakeholder map in practice"),
    ("Finansowanie innowacji społecznych", "Financing social innovation"),
    ("Skalowanie: od pilotażu do standardu", "Scaling: from pilot to standard"),
    ("Teoria zmiany i pomiar wpływu", "Theory of change and impact measurement"),
    ("Dialog społeczny na poziomie gminy", "Social dialogue in the municipality"),
    ("Narzędzia cyfrowe dla organizacji", "Digital tools for organisations"),
    ("Ekonomia społeczna w regionie", "The social economy in the region"),
    ("Kobiety w technologii: doświadczenia z Norwegii", "Women in technology: lessons from Norway"),
    ("Innowacje w pomocy społecznej", "Innovation in social welfare"),
    ("Seniorzy i usługi online", "Older people and online services"),
    ("Młodzież jako współprojektanci", "Young people as co-designers"),
    ("Partnerstwa międzysektorowe", "Cross-sector partnerships"),
    ("Ewaluacja programów społecznych", "Evaluating social programmes"),
    ("Prototypowanie usług w gminie", "Prototyping services in a municipality"),
    ("Zamówienia publiczne a innowacje", "Public procurement and innovation"),
    ("Zielone innowacje lokalne", "Green local innovation"),
    ("Otwarte dane dla samorządów", "Open data for local government"),
]
PANELS = [
    ("Jak samorząd może wspierać innowatorów?", "How can local government support innovators?"),
    ("Broker między NGO a biznesem", "The broker between NGOs and business"),
    ("Co dalej po pilotażu?", "What comes after the pilot?"),
    ("Innowacje w małych miejscowościach", "Innovation in small towns"),
    ("Finansowanie: granty, inwestycje, zamówienia", "Funding: grants, investment, procurement"),
    ("Współpraca polsko-norweska", "Polish-Norwegian cooperation"),
    ("Edukacja dla innowacji", "Education for innovation"),
    ("Głos mieszkańców w projektowaniu usług", "Residents' voice in service design"),
]
WORKSHOPS = [
    ("Warsztat: mapa podróży użytkownika", "Workshop: the user journey map"),
    ("Warsztat: kanwa modelu biznesu społecznego", "Workshop: the social business model canvas"),
    ("Warsztat: mapa interesariuszy", "Workshop: the stakeholder map"),
    ("Warsztat: prototyp usługi w 90 minut", "Workshop: a service prototype in 90 minutes"),
    ("Warsztat: pitch projektu społecznego", "Workshop: pitching a social project"),
]
SPEAKER_ORGS = [
    "Uniwersytet Ekonomiczny w Krakowie",
    "ECWT Oslo",
    "Urząd Miasta Tarnowa",
    "Fundacja Brokerów Innowacji Społecznych",
    "Ośrodek Pomocy Społecznej",
    "Akademia Tarnowska",
    "Innovation Norway",
    "Fundacja Stocznia",
    "Urząd Marszałkowski Województwa Małopolskiego",
    "Politechnika Krakowska",
]


def _ascii(text: str) -> str:
    return (
        unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
        .encode("ascii", "ignore")
        .decode()
        .lower()
    )


def _surname(stem: str, woman: bool) -> str:
    if stem.endswith("sk"):
        return stem + ("a" if woman else "i")
    return stem


def _person(rng: random.Random) -> tuple[str, str]:
    woman = rng.random() < 0.6
    first = rng.choice(FIRST_F if woman else FIRST_M)
    return f"{first} {_surname(rng.choice(LAST), woman)}", Gender.WOMAN if woman else Gender.MAN


def _speakers(rng: random.Random, count: int) -> list[Speaker]:
    coordinator = User.objects.get(email=demo_email("coordinator"))
    result = []
    for index in range(count):
        name, gender = _person(rng)
        norwegian = index % 9 == 4
        if norwegian:
            name = rng.choice(
                [
                    "Ingrid Solberg",
                    "Kari Nordmann",
                    "Astrid Lunde",
                    "Nora Haugen",
                    "Sigrid Berg",
                    "Lars Eriksen",
                    "Ola Johansen",
                ]
            )
            gender = Gender.MAN if name.split()[0] in {"Lars", "Ola"} else Gender.WOMAN
        organisation = "ECWT Oslo" if norwegian else rng.choice(SPEAKER_ORGS)
        result.append(
            services.speaker_save(
                actor=coordinator,
                full_name=name,
                affiliation=organisation,
                position_pl=rng.choice(
                    [
                        "ekspertka" if gender == Gender.WOMAN else "ekspert",
                        "dyrektorka" if gender == Gender.WOMAN else "dyrektor",
                        "badaczka" if gender == Gender.WOMAN else "badacz",
                        "koordynatorka projektu"
                        if gender == Gender.WOMAN
                        else "koordynator projektu",
                    ]
                ),
                position_en=rng.choice(["expert", "director", "researcher", "project coordinator"]),
                bio_pl=f"{name} zajmuje się innowacjami społecznymi od ponad {rng.randint(5, 20)} lat; "
                f"współpracuje z samorządami i organizacjami pozarządowymi.",
                bio_en=f"{name} has worked on social innovation for over {rng.randint(5, 20)} years, "
                "with local governments and NGOs.",
                gender=gender,
                region="" if norwegian else Voivodeship.MALOPOLSKIE,
                country="NO" if norwegian else "PL",
            )
        )
    return result


def _agenda(
    event: Event,
    *,
    actor: User,
    days: list[dt.date],
    lectures: list[tuple[str, str]],
    panels: list[tuple[str, str]],
    workshops: list[tuple[str, str]],
    speakers: list[Speaker],
    workshop_capacity: int,
    tz: ZoneInfo,
) -> list[AgendaItem]:
    """Lay the items out over the days in two rooms; speakers are handed out in turn so every
    one of them speaks at least once."""
    hall = services.room_save(actor=actor, event=event, name_pl="Sala główna", name_en="Main hall")
    small = services.room_save(actor=actor, event=event, name_pl="Sala B", name_en="Room B")
    studio = services.room_save(
        actor=actor, event=event, name_pl="Sala warsztatowa", name_en="Workshop room"
    )
    queue = list(speakers)
    cursor = 0

    def take(n: int) -> list[Speaker]:
        nonlocal cursor
        chosen = []
        for _ in range(n):
            chosen.append(queue[cursor % len(queue)])
            cursor += 1
        return chosen

    plan: list[tuple[str, tuple[str, str], int]] = []
    plan += [(ItemKind.LECTURE, title, 1) for title in lectures]
    plan += [(ItemKind.PANEL, title, 3) for title in panels]
    # Interleave: every third slot is a panel, workshops run in their own room.
    talks = [p for p in plan if p[0] == ItemKind.LECTURE]
    debates = [p for p in plan if p[0] == ItemKind.PANEL]
    ordered: list[tuple[str, tuple[str, str], int]] = []
    while talks or debates:
        ordered.extend(talks[:2])
        talks = talks[2:]
        if debates:
            ordered.append(debates.pop(0))
    per_day = -(-len(ordered) // len(days))
    items = []
    for day_index, day in enumerate(days):
        start = dt.datetime.combine(day, dt.time(9, 0), tzinfo=tz)
        services.agenda_item_save(
            actor=actor,
            event=event,
            kind=ItemKind.OTHER,
            title_pl="Rejestracja i powitanie" if day_index == 0 else "Powitanie drugiego dnia",
            title_en="Registration and welcome" if day_index == 0 else "Welcome to day two",
            starts_at=start,
            ends_at=start + dt.timedelta(minutes=30),
            room=hall,
        )
        slot = start + dt.timedelta(minutes=30)
        for index, (kind, (pl, en), n) in enumerate(
            ordered[day_index * per_day : (day_index + 1) * per_day]
        ):
            room = hall if index % 2 == 0 else small
            if index % 2 == 1:
                begins = slot - dt.timedelta(minutes=45)
            else:
                begins = slot
                slot += dt.timedelta(minutes=45)
            items.append(
                services.agenda_item_save(
                    actor=actor,
                    event=event,
                    kind=kind,
                    title_pl=pl,
                    title_en=en,
                    starts_at=begins,
                    ends_at=begins + dt.timedelta(minutes=40),
                    room=room,
                    speakers=take(n),
                )
            )
    for index, (pl, en) in enumerate(workshops):
        day = days[index % len(days)]
        begins = dt.datetime.combine(day, dt.time(14 + 2 * (index // len(days)), 0), tzinfo=tz)
        items.append(
            services.agenda_item_save(
                actor=actor,
                event=event,
                kind=ItemKind.WORKSHOP,
                title_pl=pl,
                title_en=en,
                starts_at=begins,
                ends_at=begins + dt.timedelta(minutes=90),
                room=studio,
                capacity=workshop_capacity,
                speakers=take(1),
            )
        )
    return items


def _registrations(
    event: Event,
    *,
    actor: User,
    rng: random.Random,
    attempts: int,
    cancellations: int,
    check_ins: int,
    regions: list[tuple[str, int]],
    opens: dt.datetime | None,
    closes: dt.datetime | None,
    workshop_items: list[AgendaItem],
    workshop_attendance: list[int],
) -> None:
    """Register `attempts` people (one school group among them), cancel some (the waiting list
    is promoted by the service), then check people in at the door and at the workshops."""
    assert opens is not None and closes is not None  # the demo's events have a window
    domain = f"uczestnik{event.pk}.example"
    weights = [w for _r, w in regions]
    names = [r for r, _w in regions]
    span = (closes - opens).total_seconds()
    used: set[str] = set()
    made = 0
    group_done = False
    while made < attempts:
        at = opens + dt.timedelta(seconds=span * made / attempts)
        if not group_done and made > attempts // 2:
            members = []
            for _ in range(5):
                name, _gender = _person(rng)
                members.append(Attendee(full_name=name))
            group_result = services.registration_create(
                actor=actor,
                event=event,
                attendees=members,
                language="pl",
                consent_given=True,
                consent_version=services.consent_text_current().version,
                contact_name="Elżbieta Kurek",
                contact_email=f"szkola@{domain}",
                organisation_name="Zespół Szkół Ekonomicznych",
                answers=_answers(event, rng),
                at=at,
                notify=False,
            )
            if group_result.pending:  # the teacher confirms from the e-mailed link
                assert group_result.group is not None  # a pending result names its group
                services.group_confirm(
                    group=group_result.group, token=group_result.group.token, at=at, notify=False
                )
            made += len(members)
            group_done = True
            continue
        name, gender = _person(rng)
        email = f"{_ascii(name).replace(' ', '.')}@{domain}"
        while email in used:
            email = email.replace("@", f"{rng.randint(1, 9)}@")
        used.add(email)
        result = services.registration_create(
            actor=actor,
            event=event,
            attendees=[
                Attendee(
                    full_name=name,
                    email=email,
                    gender=gender if rng.random() > 0.06 else "",
                    region=rng.choices(names, weights)[0],
                    organisation_name=rng.choice(ORGANISATIONS),
                )
            ],
            language="en" if rng.random() < 0.07 else "pl",
            consent_given=True,
            consent_version=services.consent_text_current().version,
            answers=_answers(event, rng),
            at=at,
            notify=False,
        )
        for registration in result.registrations if result.pending else []:
            # Each person confirmed from the e-mailed link within the hold.
            services.registration_confirm(
                registration=registration, token=registration.token, at=at, notify=False
            )
        made += 1
    registrations = list(event.registrations.order_by("created_at", "pk"))
    confirmed = [r for r in registrations if r.is_confirmed]
    for registration in rng.sample(confirmed, cancellations):
        services.registration_cancel(
            actor=actor, registration=registration, at=closes, notify=False
        )
    confirmed = list(event.registrations.filter(status="confirmed").order_by("full_name", "pk"))
    door = event.starts_at
    arrived = rng.sample(confirmed, check_ins)
    for index, registration in enumerate(arrived):
        services.registration_check_in(
            actor=actor, registration=registration, at=door + dt.timedelta(seconds=20 * index)
        )
    for item, present in zip(workshop_items, workshop_attendance, strict=True):
        pool = [
            r for r in arrived if not r.bookings.filter(item__starts_at=item.starts_at).exists()
        ]
        booked = pool[: item.capacity]
        for registration in booked:
            services.workshop_book(actor=actor, registration=registration, item=item, at=closes)
        for registration in booked[:present]:
            services.session_check_in(
                actor=actor, item=item, registration=registration, at=item.starts_at
            )


def _answers(event: Event, rng: random.Random) -> dict[str, object]:
    answers: dict[str, object] = {}
    for question in event.questions.all():
        if question.kind == QuestionKind.CHOICE:
            answers[str(question.pk)] = rng.choices([0, 1, 2], [8, 1, 1])[0]
        elif question.kind == QuestionKind.YES_NO:
            answers[str(question.pk)] = rng.random() < 0.4
    return answers


def _questions(event: Event, actor: User) -> None:
    services.question_save(
        actor=actor,
        event=event,
        kind=QuestionKind.CHOICE,
        label_pl="Dieta",
        label_en="Diet",
        choices_pl="Bez ograniczeń\nWegetariańska\nWegańska",
        choices_en="No restrictions\nVegetarian\nVegan",
        required=True,
    )
    services.question_save(
        actor=actor,
        event=event,
        kind=QuestionKind.YES_NO,
        label_pl="Czy weźmiesz udział w kolacji networkingowej?",
        label_en="Will you join the networking dinner?",
    )


def load(*, stdout: OutputWrapper) -> None:
    if Event.objects.filter(title_pl=MARKER).exists():
        return
    rng = random.Random(2404)  # noqa: S311 - reproducible invented data, not security
    coordinator = User.objects.get(email=demo_email("coordinator"))
    trainer = User.objects.get(email=demo_email("trainer"))
    edition = Edition.objects.filter(code="pilot-2023-24").first()
    tarnow = Organisation.objects.filter(name="Urząd Miasta Tarnowa").first()
    operator = Organisation.objects.filter(name="Fundacja Brokerów Innowacji Społecznych").first()
    ecwt = organisation_get_or_create(
        name="European Center for Women and Technology", kind="ngo", country="NO"
    )

    pool = _speakers(rng, 46)
    # 27 speakers at Tarnów, 25 in Kraków; six of them spoke at both (counted once per event).
    tarnow_speakers, krakow_speakers = pool[:27], pool[21:46]

    conference = services.event_create(
        actor=coordinator,
        organisers=[coordinator],
        checkin_staff=[trainer],
        kind=EventKind.CONFERENCE,
        status=EventStatus.PUBLISHED,
        title_pl=MARKER,
        title_en="Macro-regional Conference of Social Innovation Brokers",
        summary_pl="Dwa dni wykładów, paneli i warsztatów o brokerowaniu innowacji społecznych.",
        summary_en="Two days of lectures, panels and workshops on brokering social innovation.",
        description_pl=(
            "Konferencja otwierająca pilotaż programu Brokerzy Innowacji Społecznych: samorządy, "
            "organizacje pozarządowe, ośrodki pomocy społecznej, szkoły i biznes z Małopolski "
            "i regionów sąsiednich."
        ),
        description_en=(
            "The conference that opened the pilot of the Social Innovation Brokers programme: "
            "local governments, NGOs, social-welfare centres, schools and business from "
            "Lesser Poland and neighbouring regions."
        ),
        starts_at=dt.datetime(2024, 4, 11, 9, 0, tzinfo=WARSAW),
        ends_at=dt.datetime(2024, 4, 12, 17, 0, tzinfo=WARSAW),
        delivery_mode=DeliveryMode.IN_PERSON,
        venue="Centrum Sztuki Mościce",
        address="ul. Traugutta 1",
        city="Tarnów",
        region=Voivodeship.MALOPOLSKIE,
        languages=EditionLanguage.BOTH,
        capacity=180,
        registration_opens_at=dt.datetime(2024, 2, 15, 9, 0, tzinfo=WARSAW),
        registration_closes_at=dt.datetime(2024, 4, 9, 23, 59, tzinfo=WARSAW),
        host=tarnow,
        edition=edition,
    )
    _questions(conference, coordinator)
    items = _agenda(
        conference,
        actor=coordinator,
        days=[dt.date(2024, 4, 11), dt.date(2024, 4, 12)],
        lectures=LECTURES[:14],
        panels=PANELS[:7],
        workshops=WORKSHOPS[:2],
        speakers=tarnow_speakers,
        workshop_capacity=30,
        tz=WARSAW,
    )
    _registrations(
        conference,
        actor=coordinator,
        rng=rng,
        attempts=188,
        cancellations=12,
        check_ins=150,
        regions=[
            (Voivodeship.MALOPOLSKIE, 62),
            (Voivodeship.PODKARPACKIE, 14),
            (Voivodeship.SLASKIE, 10),
            (Voivodeship.SWIETOKRZYSKIE, 6),
            (Voivodeship.MAZOWIECKIE, 4),
            (Voivodeship.LUBELSKIE, 4),
        ],
        opens=conference.registration_opens_at,
        closes=conference.registration_closes_at,
        workshop_items=[i for i in items if i.kind == ItemKind.WORKSHOP],
        workshop_attendance=[27, 22],
    )

    closing = services.event_create(
        actor=coordinator,
        organisers=[coordinator],
        checkin_staff=[trainer],
        kind=EventKind.CONFERENCE,
        status=EventStatus.PUBLISHED,
        title_pl="Konferencja podsumowująca pilotaż Brokerów Innowacji Społecznych",
        title_en="Closing Conference of the Social Innovation Brokers pilot",
        summary_pl="Wyniki pilotażu, projekty zespołów i plany kolejnych edycji.",
        summary_en="The pilot's results, the teams' projects and plans for further editions.",
        description_pl="Podsumowanie pilotażu z udziałem partnera norweskiego (ECWT, Oslo).",
        description_en="The pilot's closing event with the Norwegian partner (ECWT, Oslo).",
        starts_at=dt.datetime(2024, 6, 13, 9, 0, tzinfo=WARSAW),
        ends_at=dt.datetime(2024, 6, 14, 16, 30, tzinfo=WARSAW),
        delivery_mode=DeliveryMode.HYBRID,
        venue="Małopolskie Centrum Nauki Cogiteon",
        address="ul. Galicyjska 9",
        city="Kraków",
        region=Voivodeship.MALOPOLSKIE,
        online_url="https://stream.example.org/sib-2024",
        languages=EditionLanguage.BOTH,
        capacity=150,
        registration_opens_at=dt.datetime(2024, 5, 6, 9, 0, tzinfo=WARSAW),
        registration_closes_at=dt.datetime(2024, 6, 11, 23, 59, tzinfo=WARSAW),
        host=operator,
        edition=edition,
    )
    _questions(closing, coordinator)
    items = _agenda(
        closing,
        actor=coordinator,
        days=[dt.date(2024, 6, 13), dt.date(2024, 6, 14)],
        lectures=LECTURES[10:22],
        panels=PANELS[1:8],
        workshops=WORKSHOPS[2:5],
        speakers=krakow_speakers,
        workshop_capacity=25,
        tz=WARSAW,
    )
    _registrations(
        closing,
        actor=coordinator,
        rng=rng,
        attempts=160,
        cancellations=9,
        check_ins=134,
        regions=[
            (Voivodeship.MALOPOLSKIE, 48),
            (Voivodeship.PODKARPACKIE, 12),
            (Voivodeship.SLASKIE, 12),
            (Voivodeship.SWIETOKRZYSKIE, 8),
            (Voivodeship.MAZOWIECKIE, 6),
            (Voivodeship.LUBELSKIE, 5),
            (Voivodeship.DOLNOSLASKIE, 3),
            (Voivodeship.WIELKOPOLSKIE, 3),
            (Voivodeship.POMORSKIE, 3),
        ],
        opens=closing.registration_opens_at,
        closes=closing.registration_closes_at,
        workshop_items=[i for i in items if i.kind == ItemKind.WORKSHOP],
        workshop_attendance=[21, 24, 19],
    )

    # Each pitch is a team's own project, named as the studio names it (decision 0704): the team
    # is found by its name, so a pitch can never be credited to another team's project.
    teams = (
        {
            (group.name.split(" ", 1)[1] if group.name[:2].isdigit() else group.name): group
            for group in Group.objects.filter(edition=edition)
        }
        if edition
        else {}
    )
    showcases = [
        (
            "Oslo Innovation Week",
            "Oslo Innovation Week",
            dt.datetime(2024, 9, 24, 10, 0, tzinfo=OSLO),
            dt.datetime(2024, 9, 26, 17, 0, tzinfo=OSLO),
            [
                ("Zdrowe Talerze", "Healthy Plates", "Tarnów"),
                ("Czyste Powietrze", "Clean Air", "Nowy Targ"),
                ("Głowa do Góry", "Chin Up", "Rzeszów"),
            ],
        ),
        (
            "Diversify Nordics Summit",
            "Diversify Nordics Summit",
            dt.datetime(2024, 11, 7, 9, 0, tzinfo=OSLO),
            dt.datetime(2024, 11, 7, 18, 0, tzinfo=OSLO),
            [
                ("Cyfrowe Mamy", "Digital Mums", "Kielce"),
                ("Zatrzymaj Wodę", "Hold the Water", "Kłodzko"),
            ],
        ),
    ]
    venues = {"Oslo Innovation Week": "Oslo Science Park", "Diversify Nordics Summit": "Sentralen"}
    for title_pl, title_en, starts, ends, projects in showcases:
        showcase = services.event_create(
            actor=coordinator,
            organisers=[coordinator],
            kind=EventKind.INTERNATIONAL_SHOWCASE,
            status=EventStatus.PUBLISHED,
            title_pl=title_pl,
            title_en=title_en,
            summary_pl="Zespoły pilotażu prezentują swoje projekty innowacji społecznych.",
            summary_en="Teams of the pilot present their social-innovation projects.",
            starts_at=starts,
            ends_at=ends,
            delivery_mode=DeliveryMode.IN_PERSON,
            venue=venues[title_en],
            city="Oslo",
            country="NO",
            region=Voivodeship.ABROAD,
            languages=EditionLanguage.EN,
            registration_enabled=False,
            host=ecwt,
            edition=edition,
        )
        pitch_start = starts + dt.timedelta(hours=3)
        for index, (pl, en, place) in enumerate(projects):
            item = services.agenda_item_save(
                actor=coordinator,
                event=showcase,
                kind=ItemKind.PITCH,
                title_pl=pl,
                title_en=en,
                starts_at=pitch_start + dt.timedelta(minutes=20 * index),
                ends_at=pitch_start + dt.timedelta(minutes=20 * index + 15),
            )
            team = teams.get(pl)
            services.presentation_save(
                actor=coordinator,
                event=showcase,
                project_title_pl=pl,
                project_title_en=en,
                summary_pl=f"Projekt zespołu pilotażu ({place}).",
                summary_en=f"A project of a pilot team ({place}).",
                presenters=team.name if team else "",
                team=team,
                item=item,
            )

    _upcoming(coordinator, trainer, pool[:4], operator)
    stdout.write("Events: two conferences, two international showcases and an upcoming workshop.")


def _upcoming(
    actor: User, trainer: User, speakers: list[Speaker], host: Organisation | None
) -> None:
    """An event open for registration, dated from the day the demo is loaded."""
    day = (timezone.localtime() + dt.timedelta(days=60)).date()
    starts = dt.datetime.combine(day, dt.time(10, 0), tzinfo=WARSAW)
    event = services.event_create(
        actor=actor,
        organisers=[actor],
        checkin_staff=[trainer],
        kind=EventKind.WORKSHOP,
        status=EventStatus.PUBLISHED,
        title_pl="Warsztaty brokerskie: od wyzwania do prototypu",
        title_en="Broker workshop: from challenge to prototype",
        summary_pl="Dzień pracy warsztatowej dla brokerów i partnerów samorządowych.",
        summary_en="A day of hands-on work for brokers and local-government partners.",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=6),
        delivery_mode=DeliveryMode.IN_PERSON,
        venue="Fundacja Brokerów Innowacji Społecznych",
        address="ul. Wałowa 10",
        city="Tarnów",
        region=Voivodeship.MALOPOLSKIE,
        languages=EditionLanguage.PL,
        capacity=40,
        registration_opens_at=timezone.now() - dt.timedelta(days=1),
        registration_closes_at=starts - dt.timedelta(days=1),
        host=host,
    )
    _questions(event, actor)
    room = services.room_save(actor=actor, event=event, name_pl="Sala 1", name_en="Room 1")
    plan = [
        (ItemKind.LECTURE, LECTURES[5], 0, 45, 1),
        (ItemKind.WORKSHOP, WORKSHOPS[2], 60, 120, 1),
        (ItemKind.WORKSHOP, WORKSHOPS[3], 210, 120, 1),
        (ItemKind.PANEL, PANELS[0], 330, 30, 2),
    ]
    cursor = 0
    for kind, (pl, en), offset, minutes, n in plan:
        services.agenda_item_save(
            actor=actor,
            event=event,
            kind=kind,
            title_pl=pl,
            title_en=en,
            starts_at=starts + dt.timedelta(minutes=offset),
            ends_at=starts + dt.timedelta(minutes=offset + minutes),
            room=room,
            capacity=20 if kind == ItemKind.WORKSHOP else None,
            speakers=speakers[cursor : cursor + n],
        )
        cursor += n
