"""Factories of the academy's selection and scale features (applications, calls)."""

from __future__ import annotations

import datetime as dt
import secrets

import factory
from django.utils import timezone

from sib.academy.models import Application, ApplicationCall, ApplicationStatus, ConsentText
from tests.factories import EditionFactory


class ApplicationCallFactory(factory.django.DjangoModelFactory):
    """An open call by default: opened a week ago, closes in a week."""

    class Meta:
        model = ApplicationCall

    edition = factory.SubFactory(EditionFactory)
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=7))
    closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))
    intro_pl = "Zapraszamy do udziału."
    intro_en = "Join us."
    published = True


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A submitted application with consent to the current text."""

    class Meta:
        model = Application

    edition = factory.SubFactory(EditionFactory)
    token = factory.LazyFunction(lambda: secrets.token_urlsafe(32))
    status = ApplicationStatus.SUBMITTED
    language = "en"
    email = factory.Sequence(lambda n: f"applicant{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Applicant {n:03d}")
    motivation = "I want to help my town."
    background = "Ten years in a local NGO."
    consent = factory.LazyFunction(
        lambda: ConsentText.objects.filter(key="academy.application").order_by("-version").first()
    )
    consent_given_at = factory.LazyFunction(timezone.now)
    submitted_at = factory.LazyFunction(timezone.now)
    email_confirmed_at = factory.LazyFunction(timezone.now)
