"""Survey factories: an evaluation instrument with two scales, and a helper that answers it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone

from sib.surveys.models import Instrument, InstrumentKind, Invitation, Item, ItemKind, Scale
from sib.surveys.services import response_save
from tests.factories import EditionFactory


class InstrumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instrument

    kind = InstrumentKind.EVALUATION
    code = factory.Sequence(lambda n: f"survey-{n}")
    title_pl = factory.Sequence(lambda n: f"Ankieta {n}")
    title_en = factory.Sequence(lambda n: f"Survey {n}")
    edition = factory.SubFactory(EditionFactory)
    anonymous = True
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))
    sent_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))


class ScaleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scale

    instrument = factory.SubFactory(InstrumentFactory)
    code = factory.Sequence(lambda n: f"S{n}")
    title_pl = factory.Sequence(lambda n: f"Skala {n}")
    title_en = factory.Sequence(lambda n: f"Scale {n}")


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item

    instrument = factory.SubFactory(InstrumentFactory)
    code = factory.Sequence(lambda n: f"I{n}")
    kind = ItemKind.AGREEMENT
    text_pl = factory.Sequence(lambda n: f"Pytanie {n}")
    text_en = factory.Sequence(lambda n: f"Question {n}")
    position = factory.Sequence(lambda n: n)


def evaluation(**kwargs: Any) -> tuple[Instrument, dict[str, Item]]:
    """S1, S2 on scale S; U1 on scale U; Q1 free text (optional)."""
    instrument = InstrumentFactory(**kwargs)
    structure = ScaleFactory(instrument=instrument, code="S", title_en="Structure", position=1)
    usefulness = ScaleFactory(instrument=instrument, code="U", title_en="Usefulness", position=2)
    items = {
        "S1": ItemFactory(instrument=instrument, code="S1", scale=structure),
        "S2": ItemFactory(instrument=instrument, code="S2", scale=structure),
        "U1": ItemFactory(instrument=instrument, code="U1", scale=usefulness),
        "Q1": ItemFactory(instrument=instrument, code="Q1", kind=ItemKind.TEXT, required=False),
    }
    return instrument, items


def invite(instrument: Instrument, user: Any) -> Invitation:
    return Invitation.objects.get_or_create(instrument=instrument, user=user)[0]


def answer(instrument: Instrument, user: Any, values: dict[Item, Any], submit: bool = True) -> Any:
    invite(instrument, user)
    return response_save(
        actor=user,
        instrument=instrument,
        answers={i.pk: v for i, v in values.items()},
        submit=submit,
    )
