"""Export completeness: every model that holds personal data is declared by some app's
`SIB_PERSONAL_DATA` provider (covered by its export and erasure, or exempted with a reason).

A new app (brokerage, studio, ...) whose models point at a person, carry personal fields or
belong to a person's row fails here until it adds its provider.
"""

from __future__ import annotations

from django.apps import apps
from django.test import override_settings

from sib.core.privacy import declared_models, personal_models, providers


def test_every_model_holding_personal_data_is_declared() -> None:
    declared = declared_models()
    missing = {label: why for label, why in personal_models().items() if label not in declared}
    assert not missing, (
        "Models holding personal data that no SIB_PERSONAL_DATA provider covers or exempts "
        f"(add them to your app's privacy.PERSONAL_DATA): {missing}"
    )


def test_declarations_name_installed_models_and_exemptions_give_reasons() -> None:
    installed = {m._meta.label_lower for m in apps.get_models()}
    for provider in providers():
        for label in (*provider.covers, *provider.exempt):
            assert label in installed, f"{provider.app} declares unknown model {label}"
        for label, reason in provider.exempt.items():
            assert len(reason) > 20, f"{label}: say why it is exempt"


def test_an_app_without_its_provider_is_caught() -> None:
    """What a later app that forgets its provider sees: its models are reported missing."""
    from django.conf import settings

    without_events = [p for p in settings.SIB_PERSONAL_DATA if not p.startswith("sib.events.")]
    with override_settings(SIB_PERSONAL_DATA=without_events):
        declared = declared_models()
        missing = {label for label in personal_models() if label not in declared}
    assert {"events.registration", "events.speaker", "events.registrationgroup"} <= missing


def test_detection_covers_links_personal_fields_and_rows_that_belong_to_a_person() -> None:
    found = personal_models()
    assert found["accounts.user"] == "the person"
    assert found["academy.enrolment"] == "points at a person"  # a foreign key to the user
    assert "contact_email" in found["events.registrationgroup"]  # a personal field
    assert "surveys.answer" not in found or found["surveys.answer"]
    # Course content holds no personal data and needs no declaration.
    assert "academy.module" not in found
    assert "academy.programme" not in found
