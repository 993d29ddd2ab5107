"""Synthetic survey answers for benchmarks (`sib seed --scale S|M|L`).

For every edition already seeded: an evaluation survey (8 items on two scales and an open
question) and a before/after self-assessment (C1–C10), answered by a share of the participants so
the total number of answers matches the scale. Rows are bulk-inserted: this is test data, not a
use case, so the services' per-response checks are skipped on purpose.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from sib.academy.models import Edition, Enrolment
from sib.core.scales import Scale as BenchScale
from sib.surveys.models import (
    Answer,
    Instrument,
    InstrumentKind,
    Invitation,
    Item,
    ItemKind,
    Phase,
    Response,
    Scale,
)
from sib.surveys.services import respondent_key

EVALUATION_ITEMS = [("S", f"S{i}") for i in range(1, 5)] + [("U", f"U{i}") for i in range(1, 5)]
COMPETENCES = [f"C{i}" for i in range(1, 11)]
TEXTS = ["Więcej warsztatów.", "More mentoring, please.", "Lepszy harmonogram.", ""]


def _instrument(
    edition: Edition, kind: str, code: str, phase: str = "", baseline=None
) -> Instrument:  # noqa: ANN001
    now = timezone.now()
    return Instrument.objects.create(
        kind=kind,
        code=code,
        title_pl=f"{edition.title_pl} — {code}",
        title_en=f"{edition.title_en or edition.title_pl} — {code}",
        edition=edition,
        phase=phase,
        baseline=baseline,
        anonymous=kind == InstrumentKind.EVALUATION,
        opens_at=now - timedelta(days=30),
        closes_at=now - timedelta(days=1),
        sent_at=now - timedelta(days=30),
    )


def _items(instrument: Instrument, specs: list[tuple[str, str]], kind: str) -> list[Item]:
    scales = {
        code: Scale.objects.create(instrument=instrument, code=code, title_pl=code, position=i)
        for i, code in enumerate(dict.fromkeys(scale for scale, _code in specs), 1)
    }
    return Item.objects.bulk_create(
        [
            Item(
                instrument=instrument,
                scale=scales[scale],
                code=code,
                kind=kind,
                text_pl=code,
                position=position,
            )
            for position, (scale, code) in enumerate(specs, 1)
        ]
    )


def _answer(
    instrument: Instrument,
    items: list[Item],
    people: list[Enrolment],
    rng: random.Random,
    value: Any,
    text_item: Item | None = None,
) -> int:
    now = timezone.now()
    Invitation.objects.bulk_create(
        [Invitation(instrument=instrument, user_id=e.user_id, responded=True) for e in people]
    )
    responses = Response.objects.bulk_create(
        [
            Response(
                instrument=instrument,
                respondent_id=None if instrument.anonymous else e.user_id,
                respondent_key=respondent_key(instrument=instrument, user=e.user),
                submitted_at=now,
                language_track=e.language_track,
                gender=e.user.gender,
                age_group=rng.choice(["<25", "25-34", "35-44", "45-54", "55+"]),
                voivodeship=e.user.voivodeship,
                sector=e.user.sector,
            )
            for e in people
        ]
    )
    answers = [
        Answer(response=response, item=item, number=value(rng, item))
        for response in responses
        for item in items
    ]
    if text_item is not None:
        answers += [
            Answer(response=response, item=text_item, text=text)
            for response in responses
            if (text := rng.choice(TEXTS))
        ]
    Answer.objects.bulk_create(answers, batch_size=5000)
    return len(answers)


@transaction.atomic
def seed(*, scale: BenchScale, rng: random.Random, stdout: Any) -> None:
    editions = list(Edition.objects.order_by("pk"))
    if not editions:
        stdout.write("surveys: no editions to survey (run the academy seeder first)")
        return
    # evaluation: 9 answers per respondent; self-assessment: 10 before + 10 after per respondent
    per_edition = scale.survey_answers / len(editions)
    share = min(1.0, per_edition / (max(scale.participants_per_edition, 1) * 29))
    total = 0
    for edition in editions:
        enrolments = list(Enrolment.objects.filter(edition=edition).select_related("user"))
        if not enrolments:
            continue
        respondents = rng.sample(enrolments, max(1, round(len(enrolments) * share)))
        evaluation = _instrument(
            edition, InstrumentKind.EVALUATION, f"bench-{edition.pk}-evaluation"
        )
        items = _items(evaluation, EVALUATION_ITEMS, ItemKind.AGREEMENT)
        question = Item.objects.create(
            instrument=evaluation,
            code="Q1",
            kind=ItemKind.TEXT,
            text_pl="Co zmienić?",
            position=9,
            required=False,
        )
        total += _answer(
            evaluation, items, respondents, rng, lambda r, _i: r.choice([3, 4, 4, 5, 5]), question
        )
        before = _instrument(
            edition, InstrumentKind.SELF_ASSESSMENT, f"bench-{edition.pk}-before", Phase.BEFORE
        )
        after = _instrument(
            edition,
            InstrumentKind.SELF_ASSESSMENT,
            f"bench-{edition.pk}-after",
            Phase.AFTER,
            before,
        )
        specs = [("C", code) for code in COMPETENCES]
        total += _answer(
            before,
            _items(before, specs, ItemKind.LEVEL),
            respondents,
            rng,
            lambda r, _i: r.choice([1, 2, 2, 3]),
        )
        total += _answer(
            after,
            _items(after, specs, ItemKind.LEVEL),
            respondents,
            rng,
            lambda r, _i: r.choice([3, 3, 4, 5]),
        )
    stdout.write(f"surveys: {total} answers in {len(editions)} editions")
