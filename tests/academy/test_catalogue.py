"""Coordinators edit the catalogue (programmes with their completion rule, modules, learning
outcomes, competences) in the platform's pages; nobody else may; every write is audited."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sib.academy import services
from sib.academy.models import Competence, LearningOutcome, Module, Programme, StaffRole
from sib.core.models import AuditEntry
from tests.factories import (
    CoordinatorFactory,
    EditionStaffFactory,
    ModuleFactory,
    ProgrammeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PROGRAMME_POST = {
    "code": "new-course",
    "kind": "full",
    "title_pl": "Nowy kurs",
    "title_en": "New course",
    "summary_pl": "Opis",
    "summary_en": "Summary",
    "audience_pl": "",
    "audience_en": "",
    "min_total_hours": "60",
    "min_lecture_hours": "10",
    "min_workshop_hours": "0",
    "min_mentoring_hours": "12.5",
    "final_project_required": "on",
    "pass_mark_percent": "70",
}


class TestPermissions:
    def test_only_coordinators_open_the_catalogue_pages(self, client) -> None:  # noqa: ANN001
        module = ModuleFactory()
        outcome = LearningOutcome.objects.create(module=module, position=1, text_pl="Umie")
        competence = Competence.objects.create(code="C99", name_pl="Kompetencja")
        urls = [
            reverse("academy:catalogue"),
            reverse("academy:programme-create"),
            reverse("academy:programme-edit", args=[module.programme_id]),
            reverse("academy:module-create", args=[module.programme_id]),
            reverse("academy:module-edit", args=[module.pk]),
            reverse("academy:outcome-create", args=[module.pk]),
            reverse("academy:outcome-edit", args=[outcome.pk]),
            reverse("academy:competence-list"),
            reverse("academy:competence-create"),
            reverse("academy:competence-edit", args=[competence.pk]),
        ]
        for url in urls:
            response = client.get(url)
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        trainer = EditionStaffFactory(role=StaffRole.TRAINER).user
        client.force_login(trainer)
        for url in urls:
            assert client.get(url).status_code == 403, url
        assert client.post(urls[1], PROGRAMME_POST).status_code == 403
        assert not Programme.objects.filter(code="new-course").exists()
        client.force_login(CoordinatorFactory())
        for url in urls:
            assert client.get(url).status_code == 200, url

    def test_missing_objects_answer_404(self, client) -> None:  # noqa: ANN001
        client.force_login(CoordinatorFactory())
        assert client.get(reverse("academy:programme-edit", args=[999])).status_code == 404
        assert client.get(reverse("academy:module-edit", args=[999])).status_code == 404
        assert client.get(reverse("academy:outcome-edit", args=[999])).status_code == 404

    def test_services_refuse_others(self) -> None:
        with pytest.raises(PermissionDenied):
            services.programme_save(actor=UserFactory(), code="x", kind="full", title_pl="X")


class TestPages:
    def test_coordinator_creates_a_programme_with_its_rule_in_hours(self, client) -> None:  # noqa: ANN001
        coordinator = CoordinatorFactory()
        client.force_login(coordinator)
        response = client.post(reverse("academy:programme-create"), PROGRAMME_POST)
        programme = Programme.objects.get(code="new-course")
        assert response.status_code == 302
        assert response["Location"] == reverse("academy:programme-edit", args=[programme.pk])
        assert programme.title_en == "New course"
        assert programme.min_total_minutes == 3600
        assert programme.min_lecture_minutes == 600
        assert programme.min_mentoring_minutes == 750
        assert programme.pass_mark_percent == Decimal(70)
        assert AuditEntry.objects.filter(action="programme.create", actor=coordinator).exists()
        page = client.get(response["Location"]).content.decode()
        assert f"?programme={programme.pk}" in page  # open an edition of it
        assert 'value="12.5"' in page

    def test_rule_and_fields_are_checked_with_clear_messages(self, client) -> None:  # noqa: ANN001
        ProgrammeFactory(code="taken")
        client.force_login(CoordinatorFactory())
        data = {
            **PROGRAMME_POST,
            "code": "taken",
            "title_pl": "",
            "min_total_hours": "5",
            "pass_mark_percent": "140",
            "min_mentoring_hours": "-1",
        }
        response = client.post(reverse("academy:programme-create"), data)
        assert response.status_code == 200
        form = response.context["form"]
        assert set(form.errors) >= {"code", "title_pl", "pass_mark_percent", "min_mentoring_hours"}
        data["min_mentoring_hours"] = "2"
        form = client.post(reverse("academy:programme-create"), data).context["form"]
        assert "cannot be fewer than the hours by format" in str(form.errors["min_total_hours"])

    def test_modules_outcomes_and_competences(self, client) -> None:  # noqa: ANN001
        programme = ProgrammeFactory()
        competence = Competence.objects.create(code="C98", position=98, name_pl="Słuchanie")
        client.force_login(CoordinatorFactory())
        module_data = {
            "code": "M1",
            "position": "",
            "title_pl": "Diagnoza",
            "title_en": "Diagnosis",
            "description_pl": "",
            "description_en": "",
            "lecture_hours": "4",
            "workshop_hours": "6",
            "mentoring_hours": "2",
            "competences": [competence.pk],
        }
        url = reverse("academy:module-create", args=[programme.pk])
        assert client.post(url, module_data).status_code == 302
        module = Module.objects.get(programme=programme, code="M1")
        assert module.position == 1 and module.total_minutes == 12 * 60
        assert list(module.competences.all()) == [competence]
        # The same code again: a message, not a database error.
        response = client.post(url, {**module_data, "position": "1"})
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert "Another module of this programme has this code." in errors["code"]
        assert "Another module of this programme has this position." in errors["position"]
        # An outcome.
        response = client.post(
            reverse("academy:outcome-create", args=[module.pk]),
            {"position": "", "text_pl": "Rozpoznaje potrzeby", "text_en": "", "competences": []},
        )
        assert response.status_code == 302
        assert module.outcomes.get().text_pl == "Rozpoznaje potrzeby"
        # Shown on the public programme page.
        page = client.get(reverse("academy:programme-detail", args=[programme.pk])).content.decode()
        assert "Diagnosis" in page
        # A competence.
        response = client.post(
            reverse("academy:competence-create"),
            {"code": "C97", "position": "97", "name_pl": "Facylitacja", "name_en": "Facilitation"},
        )
        assert response.status_code == 302
        response = client.post(
            reverse("academy:competence-create"),
            {"code": "C97", "position": "1", "name_pl": "Inna", "name_en": ""},
        )
        assert response.status_code == 200 and "code" in response.context["form"].errors

    def test_open_an_edition_starts_with_the_programme_chosen(self, client) -> None:  # noqa: ANN001
        programme = ProgrammeFactory()
        client.force_login(CoordinatorFactory())
        response = client.get(reverse("academy:edition-create"), {"programme": programme.pk})
        assert response.context["form"]["programme"].value() == programme.pk

    def test_catalogue_is_in_the_coordinators_navigation_only(self, client) -> None:  # noqa: ANN001
        client.force_login(UserFactory())
        assert reverse("academy:catalogue") not in client.get("/").content.decode()
        client.force_login(CoordinatorFactory())
        home = client.get("/").content.decode()
        assert reverse("academy:catalogue") in home
        assert reverse("admin:index") not in home  # the admin is the operators' tool
        catalogue = client.get(reverse("academy:catalogue")).content.decode()
        assert reverse("surveys:instrument-list") + "#templates" in catalogue
        assert reverse("academy:competence-list") in catalogue
        client.force_login(CoordinatorFactory(is_superuser=True))
        assert reverse("admin:index") in client.get("/").content.decode()


def test_module_service_checks_its_programme() -> None:
    coordinator = CoordinatorFactory()
    module = ModuleFactory()
    with pytest.raises(ValueError):
        services.module_save(actor=coordinator, programme=ProgrammeFactory(), module=module)
    with pytest.raises(ValidationError):
        services.module_save(actor=coordinator, programme=module.programme, code="", title_pl="X")


def test_rule_hours_are_shown_as_plain_numbers(client) -> None:  # noqa: ANN001
    programme = ProgrammeFactory(min_total_minutes=80 * 60, min_lecture_minutes=750)
    client.force_login(CoordinatorFactory())
    page = client.get(reverse("academy:programme-edit", args=[programme.pk])).content.decode()
    assert 'name="min_total_hours" value="80"' in page
    assert 'name="min_lecture_hours" value="12.5"' in page


def test_catalogue_lists_keep_their_query_count(client) -> None:  # noqa: ANN001
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(CoordinatorFactory())

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    programme = ModuleFactory().programme
    Competence.objects.create(code="C90", name_pl="A")
    urls = [
        reverse("academy:catalogue"),
        reverse("academy:competence-list"),
        reverse("academy:programme-edit", args=[programme.pk]),
    ]
    few = [queries(url) for url in urls]
    for n in range(5):
        ModuleFactory()
        ModuleFactory(programme=programme)
        Competence.objects.create(code=f"C8{n}", name_pl=f"B{n}")
    assert [queries(url) for url in urls] == few
