"""Demo accounts and organisations: one login per role, all with the password `sib demo` prints."""

from __future__ import annotations

from typing import Any

from django.core.management.base import OutputWrapper

from sib.accounts.choices import OrganisationKind, Voivodeship
from sib.accounts.models import Organisation, User
from sib.accounts.services import organisation_get_or_create, user_create

DEMO_PASSWORD = "broker-demo-2024"  # noqa: S105 - printed on purpose: a demo for a first look
DEMO_DOMAIN = "demo.sib.example"

OPERATOR = "Fundacja Brokerów Innowacji Społecznych"
ORGANISATIONS = [
    (OPERATOR, OrganisationKind.NGO, Voivodeship.MALOPOLSKIE, "PL", "https://brokers.example.org"),
    (
        "European Center for Women and Technology",
        OrganisationKind.NGO,
        "",
        "NO",
        "https://ecwt.example.no",
    ),
    ("Urząd Miasta Tarnowa", OrganisationKind.MUNICIPALITY, Voivodeship.MALOPOLSKIE, "PL", ""),
    (
        "Miejski Ośrodek Pomocy Społecznej w Rzeszowie",
        OrganisationKind.SOCIAL_WELFARE,
        Voivodeship.PODKARPACKIE,
        "PL",
        "",
    ),
    ("Stowarzyszenie Razem dla Regionu", OrganisationKind.NGO, Voivodeship.SLASKIE, "PL", ""),
]

ROLE_ACCOUNTS: list[tuple[str, str, dict[str, Any]]] = [
    ("coordinator", "Katarzyna Wiśniewska", {"is_staff": True}),
    ("trainer", "Tomasz Zieliński", {}),
    ("mentor", "Ingrid Halvorsen", {"preferred_language": "en"}),
    ("partner", "Paweł Mazur", {}),
]


def demo_email(role: str) -> str:
    return f"{role}@{DEMO_DOMAIN}"


def load(*, stdout: OutputWrapper) -> None:
    if User.objects.filter(email=demo_email("coordinator")).exists():
        return
    for name, kind, region, country, url in ORGANISATIONS:
        organisation_get_or_create(name=name, kind=kind, region=region, country=country, url=url)
    operator = Organisation.objects.get(name=OPERATOR)
    tarnow = Organisation.objects.get(name="Urząd Miasta Tarnowa")
    for role, full_name, extra in ROLE_ACCOUNTS:
        fields = dict(extra)
        if role == "partner":
            fields.update(partner_for=tarnow, organisation=tarnow)
        elif role != "mentor":
            fields["organisation"] = operator
        user_create(
            email=demo_email(role),
            full_name=full_name,
            password=DEMO_PASSWORD,
            email_verified=True,
            **fields,
        )
    stdout.write("Demo accounts and organisations created.")
