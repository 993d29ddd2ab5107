"""The pilot's evaluation survey and before/after self-assessment, answered through the services.

DEMO-DATA.md gives the counts of 5/4/3/2/1 per item for the 25 respondents among the 33 who
finished; the respondents' answers are dealt out so each item has exactly those counts. The
means (4.36 overall, 4.25 structure, 4.47 usefulness) are then computed by the platform.
"""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.core.management.base import OutputWrapper

from sib.academy.completion import CompletionStatus
from sib.academy.demo import PILOT_CODE
from sib.academy.models import Competence, Edition
from sib.accounts.demo import demo_email
from sib.accounts.models import User
from sib.surveys.models import Instrument, InstrumentKind, ItemKind, Phase
from sib.surveys.services import (
    OptionSpec,
    edition_recipients,
    instrument_create,
    instrument_from_template,
    instrument_send,
    item_add,
    response_save,
    scale_add,
)

WARSAW = ZoneInfo("Europe/Warsaw")
EVALUATION_TEMPLATE = "course-evaluation"
SELF_ASSESSMENT_TEMPLATE = "competence-self-assessment"
FEEDBACK_TEMPLATE = "event-feedback"

# code, PL, EN, counts of 5/4/3/2/1
STRUCTURE = [
    (
        "S1",
        "Moduły były ułożone w logicznej kolejności.",
        "The modules followed a logical order.",
        (12, 11, 2, 0, 0),
    ),
    (
        "S2",
        "Proporcje wykładów, warsztatów i mentoringu były właściwe.",
        "The balance of lectures, workshops and mentoring was right.",
        (10, 10, 5, 0, 0),
    ),
    (
        "S3",
        "Obciążenie i harmonogram były do pogodzenia z pracą.",
        "The workload and schedule were manageable.",
        (8, 12, 4, 1, 0),
    ),
    (
        "S4",
        "Efekty uczenia się i kryteria certyfikacji były jasne.",
        "The learning outcomes and certification criteria were clear.",
        (11, 11, 3, 0, 0),
    ),
]
USEFULNESS = [
    (
        "U1",
        "Kurs jest przydatny w mojej pracy.",
        "The course is useful for my work.",
        (13, 11, 1, 0, 0),
    ),
    (
        "U2",
        "Narzędzia design thinking i service design są dla mnie wartościowe.",
        "The design-thinking and service-design tools are valuable to me.",
        (15, 9, 1, 0, 0),
    ),
    ("U3", "Mentoring był przydatny.", "The mentoring was useful.", (13, 10, 2, 0, 0)),
    (
        "U4",
        "Zastosuję to, czego się nauczyłem/am, w ciągu 6 miesięcy.",
        "I will apply what I learned within six months.",
        (12, 11, 2, 0, 0),
    ),
]
OPEN_ANSWERS = [
    ("pl", "Więcej czasu na warsztaty z service design, mniej wykładów teoretycznych."),
    ("pl", "Zajęcia w soboty były męczące — może część online w tygodniu?"),
    ("en", "More examples from other countries, e.g. the Norwegian partner's projects."),
    ("pl", "Wcześniej informować o kryteriach oceny projektu końcowego."),
    ("pl", "Spotkania mentorskie mogłyby zacząć się już w pierwszym miesiącu."),
    ("en", "Materials in English were sometimes late; please publish them with the Polish ones."),
    ("pl", "Dodać moduł o pozyskiwaniu funduszy z programów europejskich."),
]


def _at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), WARSAW)


def _templates(coordinator: User) -> tuple[Instrument, Instrument]:
    evaluation = instrument_create(
        actor=coordinator,
        kind=InstrumentKind.EVALUATION,
        code=EVALUATION_TEMPLATE,
        is_template=True,
        anonymous=True,
        title_pl="Ewaluacja kursu",
        title_en="Course evaluation",
        description_pl=(
            "Ankieta jest anonimowa. Oceń, w jakim stopniu zgadzasz się z każdym zdaniem "
            "(1 — zdecydowanie nie, 5 — zdecydowanie tak)."
        ),
        description_en=(
            "The survey is anonymous. Rate how far you agree with each statement "
            "(1 — definitely not, 5 — definitely yes)."
        ),
    )
    for code, title_pl, title_en, items in (
        ("S", "Struktura szkolenia", "Structure of the training", STRUCTURE),
        ("U", "Użyteczność szkolenia", "Usefulness of the training", USEFULNESS),
    ):
        scale = scale_add(
            actor=coordinator,
            instrument=evaluation,
            code=code,
            title_pl=title_pl,
            title_en=title_en,
        )
        for item_code, text_pl, text_en, _counts in items:
            item_add(
                actor=coordinator,
                instrument=evaluation,
                code=item_code,
                kind=ItemKind.AGREEMENT,
                text_pl=text_pl,
                text_en=text_en,
                scale=scale,
            )
    item_add(
        actor=coordinator,
        instrument=evaluation,
        code="Q1",
        kind=ItemKind.TEXT,
        text_pl="Co należy zmienić?",
        text_en="What should change?",
        required=False,
    )

    assessment = instrument_create(
        actor=coordinator,
        kind=InstrumentKind.SELF_ASSESSMENT,
        code=SELF_ASSESSMENT_TEMPLATE,
        is_template=True,
        anonymous=False,
        title_pl="Samoocena kompetencji brokera",
        title_en="Broker competence self-assessment",
        description_pl="Oceń swój obecny poziom każdej kompetencji (1 — bardzo niski, 5 — bardzo wysoki).",
        description_en="Rate your current level of each competence (1 — very low, 5 — very high).",
    )
    scale = scale_add(
        actor=coordinator,
        instrument=assessment,
        code="C",
        title_pl="Kompetencje C1–C10",
        title_en="Competences C1–C10",
    )
    for competence in Competence.objects.order_by("position"):
        item_add(
            actor=coordinator,
            instrument=assessment,
            code=competence.code,
            kind=ItemKind.LEVEL,
            text_pl=competence.name_pl or "",
            text_en=competence.name_en or "",
            scale=scale,
        )

    feedback = instrument_create(
        actor=coordinator,
        kind=InstrumentKind.OTHER,
        code=FEEDBACK_TEMPLATE,
        is_template=True,
        anonymous=True,
        title_pl="Opinia o wydarzeniu",
        title_en="Event feedback",
    )
    item_add(
        actor=coordinator,
        instrument=feedback,
        code="R1",
        kind=ItemKind.RECOMMEND,
        text_pl="Jak bardzo polecił(a)byś to wydarzenie znajomym?",
        text_en="How likely are you to recommend this event to a friend?",
    )
    item_add(
        actor=coordinator,
        instrument=feedback,
        code="F1",
        kind=ItemKind.MULTIPLE,
        text_pl="Co było dla Ciebie najcenniejsze?",
        text_en="What was most valuable to you?",
        required=False,
        options=[
            OptionSpec("talks", "Wykłady i panele", "Talks and panels"),
            OptionSpec("workshops", "Warsztaty", "Workshops"),
            OptionSpec("people", "Poznani ludzie", "The people I met"),
            OptionSpec("projects", "Prezentacje projektów", "Project presentations"),
        ],
    )
    item_add(
        actor=coordinator,
        instrument=feedback,
        code="F2",
        kind=ItemKind.SINGLE,
        text_pl="Jak dowiedziałeś/aś się o wydarzeniu?",
        text_en="How did you hear about the event?",
        required=False,
        options=[
            OptionSpec("course", "Z kursu", "From the course"),
            OptionSpec("partner", "Od partnera", "From a partner"),
            OptionSpec("media", "Z mediów", "From the media"),
        ],
    )
    item_add(
        actor=coordinator,
        instrument=feedback,
        code="F3",
        kind=ItemKind.TEXT,
        text_pl="Twoje uwagi",
        text_en="Your comments",
        required=False,
    )
    return evaluation, assessment


def load(*, stdout: OutputWrapper) -> None:
    if Instrument.objects.filter(code=EVALUATION_TEMPLATE).exists():
        return
    edition = Edition.objects.filter(code=PILOT_CODE).first()
    if edition is None:
        return
    rng = random.Random(4_36)  # noqa: S311 - reproducible invented data, not security
    coordinator = User.objects.get(email=demo_email("coordinator"))
    evaluation_template, assessment_template = _templates(coordinator)

    finished = edition_recipients(
        actor=coordinator,
        edition=edition,
        statuses={CompletionStatus.COMPLETED, CompletionStatus.ELIGIBLE},
    )
    everyone = edition_recipients(
        actor=coordinator, edition=edition, statuses=set(CompletionStatus)
    )

    # Before: sent to all 72 at the start; 64 answered.
    before = instrument_from_template(
        actor=coordinator,
        template=assessment_template,
        code=f"{PILOT_CODE}-self-assessment-before",
        edition=edition,
        phase=Phase.BEFORE,
        anonymous=False,
        title_pl="Samoocena kompetencji — przed kursem",
        title_en="Competence self-assessment — before the course",
        opens_at=_at(dt.date(2023, 9, 30), 9),
        closes_at=_at(dt.date(2023, 10, 14), 23),
    )
    instrument_send(
        actor=coordinator,
        instrument=before,
        users=everyone,
        source="edition",
        notify=False,
        now=_at(dt.date(2023, 9, 30), 9),
    )
    items = {item.code: item for item in before.items.all()}
    baseline: dict[int, dict[str, int]] = {}
    for person in rng.sample(everyone, 64):
        values = {code: rng.choice([1, 2, 2, 2, 3, 3]) for code in items}
        baseline[person.pk] = values
        response_save(
            actor=person,
            instrument=before,
            answers={items[code].pk: value for code, value in values.items()},
            submit=True,
            now=_at(dt.date(2023, 10, 2) + dt.timedelta(days=rng.randint(0, 10))),
        )

    evaluation = instrument_from_template(
        actor=coordinator,
        template=evaluation_template,
        code=f"{PILOT_CODE}-evaluation",
        edition=edition,
        title_pl="Ewaluacja kursu — Pilotaż 2023/24",
        title_en="Course evaluation — Pilot 2023/24",
        opens_at=_at(dt.date(2024, 6, 15), 9),
        closes_at=_at(dt.date(2024, 6, 30), 23),
    )
    after = instrument_from_template(
        actor=coordinator,
        template=assessment_template,
        code=f"{PILOT_CODE}-self-assessment-after",
        edition=edition,
        phase=Phase.AFTER,
        baseline=before,
        anonymous=False,
        title_pl="Samoocena kompetencji — po kursie",
        title_en="Competence self-assessment — after the course",
        opens_at=_at(dt.date(2024, 6, 15), 9),
        closes_at=_at(dt.date(2024, 6, 30), 23),
    )
    for instrument in (evaluation, after):
        instrument_send(
            actor=coordinator,
            instrument=instrument,
            users=finished,
            source="edition",
            notify=False,
            now=_at(dt.date(2024, 6, 15), 9),
        )

    # 25 of the 33 answer the evaluation; participant@ is one of them.
    me = next(person for person in finished if person.email == demo_email("participant"))
    respondents = [me] + rng.sample([p for p in finished if p.pk != me.pk], 24)
    items = {item.code: item for item in evaluation.items.all()}
    dealt: dict[str, list[int]] = {}
    for code, _pl, _en, counts in STRUCTURE + USEFULNESS:
        scores = [
            value
            for value, count in zip((5, 4, 3, 2, 1), counts, strict=True)
            for _ in range(count)
        ]
        rng.shuffle(scores)
        dealt[code] = scores
    texts = {
        "pl": [t for lang, t in OPEN_ANSWERS if lang == "pl"],
        "en": [t for lang, t in OPEN_ANSWERS if lang == "en"],
    }
    for index, person in enumerate(respondents):
        answers: dict[int, object] = {
            items[code].pk: values[index] for code, values in dealt.items()
        }
        language = person.preferred_language or "pl"
        if texts.get(language) and rng.random() < 0.45:
            answers[items["Q1"].pk] = texts[language].pop()
        response_save(
            actor=person,
            instrument=evaluation,
            answers=answers,
            submit=True,
            now=_at(dt.date(2024, 6, 16) + dt.timedelta(days=rng.randint(0, 12))),
        )

    # After: 28 of the 33 answer; growth from their own baseline where they gave one.
    items = {item.code: item for item in after.items.all()}
    for person in rng.sample(finished, 28):
        start = baseline.get(person.pk) or {code: rng.choice([2, 2, 3]) for code in items}
        values = {code: min(5, start[code] + rng.choice([0, 1, 1, 1, 2, 2])) for code in items}
        response_save(
            actor=person,
            instrument=after,
            answers={items[code].pk: value for code, value in values.items()},
            submit=True,
            now=_at(dt.date(2024, 6, 17) + dt.timedelta(days=rng.randint(0, 10))),
        )
    stdout.write(
        "Pilot surveys loaded: evaluation (25 responses) and before/after self-assessment."
    )
