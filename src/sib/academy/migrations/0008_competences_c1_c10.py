"""The competence model C1–C10 on every install (PRODUCT.md), not only in the demo.

Idempotent: an install where the demo created them keeps its rows (texts refreshed)."""

from django.db import migrations

COMPETENCES = [
    ("C1", "Diagnozowanie wyzwań społecznych", "Diagnose social challenges"),
    ("C2", "Mapowanie i angażowanie interesariuszy", "Map and convene stakeholders"),
    (
        "C3",
        "Facylitacja współprojektowania (design thinking, service design)",
        "Facilitate co-design (design thinking, service design)",
    ),
    ("C4", "Korzystanie z narzędzi cyfrowych", "Use digital tools"),
    ("C5", "Pozyskiwanie zasobów i finansowania", "Broker resources and funding"),
    (
        "C6",
        "Zarządzanie procesem innowacji i wdrożeniem",
        "Manage the innovation process and implementation",
    ),
    ("C7", "Skalowanie i upowszechnianie", "Scale and disseminate"),
    ("C8", "Ewaluacja i pomiar wpływu", "Evaluate and measure impact"),
    (
        "C9",
        "Neutralne i etyczne prowadzenie dialogu społecznego",
        "Run social dialogue neutrally and ethically",
    ),
    ("C10", "Budowanie potencjału innych", "Build capacity in others"),
]


def create(apps, schema_editor):
    Competence = apps.get_model("academy", "Competence")
    for position, (code, name_pl, name_en) in enumerate(COMPETENCES, start=1):
        Competence.objects.update_or_create(
            code=code,
            defaults={"position": position, "name": name_pl, "name_pl": name_pl, "name_en": name_en},
        )


class Migration(migrations.Migration):
    dependencies = [("academy", "0007_application_email_confirmation")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
