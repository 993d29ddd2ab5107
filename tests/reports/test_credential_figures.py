"""Every figure that counts credentials follows the credential's state (issue 12, item 3).

"Certified" means holding a credential in state `valid` now (ARCHITECTURE.md); eligible people
without one are "awaiting credential". The figures are read from the indicators API, the report
sections, the dashboard, the home panel and the credentials page: never hard-coded.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory
from django.urls import reverse

from sib.academy import selectors as academy_selectors
from sib.credentials import selectors as credential_selectors
from sib.credentials import services
from sib.credentials.home import panels
from sib.credentials.models import Credential
from sib.reports import selectors as report_selectors
from tests.credentials.factories import enrol, make_edition, make_issuer
from tests.factories import CoordinatorFactory

pytestmark = pytest.mark.django_db


def _figures(client: Any, coordinator: Any, edition: Any) -> dict[str, Any]:
    """Each figure that counts credentials, wherever the platform shows one."""
    result: dict[str, Any] = {}
    everything = client.get("/api/v1/reports/indicators").json()
    one = client.get(f"/api/v1/reports/indicators?edition={edition.pk}").json()
    for prefix, values in (("all", everything), ("edition", one)):
        result[f"{prefix}.certified"] = values["participants_certified"]
        result[f"{prefix}.awaiting"] = values["participants_awaiting_credential"]
        result[f"{prefix}.rate"] = values["certification_rate"]
    scope = report_selectors.scope_edition(actor=coordinator, edition_id=edition.pk)
    for section in report_selectors.sections(actor=coordinator, scope=scope):
        for table in section.tables:
            for row in table.rows:
                if row and str(row[0]) in {"Certified (valid credential)", "Awaiting credential"}:
                    result[f"targets.{row[0]}"] = row[1]
            if table.header[-1:] == ["Certified"]:  # the breakdowns by group
                result[f"breakdown.{table.caption}"] = sum(row[-1] for row in table.rows)
    page = client.get(reverse("reports:edition-dashboard", args=[edition.pk]))
    assert page.status_code == 200
    shown_figures = page.context["report"].indicators
    result["dashboard"] = shown_figures["participants_certified"].value
    result["dashboard.awaiting"] = shown_figures["participants_awaiting_credential"].value
    request = RequestFactory().get("/")
    request.user = coordinator
    (panel,) = [p for p in panels(request) if p.template.endswith("home_editions.html")]
    (shown,) = [e for e in panel.context["editions"] if e.pk == edition.pk]
    result["home"] = shown.valid
    data = credential_selectors.edition_credentials(actor=coordinator, edition=edition)
    result["credentials.valid"] = data.counts["valid"]
    result["credentials.awaiting"] = data.waiting
    return result


def _expect(figures: dict[str, Any], *, certified: int, awaiting: int, enrolled: int) -> None:
    for key, value in figures.items():
        if key.endswith("rate"):
            assert value == pytest.approx(certified / enrolled), key
        elif "awaiting" in key or key.endswith("Awaiting credential"):
            assert value == awaiting, key
        else:
            assert value == certified, key


def test_revoke_suspend_reinstate_and_reissue_move_every_figure(client) -> None:  # noqa: ANN001
    coordinator = CoordinatorFactory()
    make_issuer(coordinator)
    edition = make_edition(coordinator)
    people = [enrol(edition) for _ in range(3)]
    enrol(edition, eligible=False)
    client.force_login(coordinator)

    figures = _figures(client, coordinator, edition)
    assert len(figures) >= 14  # every place that counts credentials was found
    _expect(figures, certified=0, awaiting=3, enrolled=4)

    services.edition_issue_all(actor=coordinator, edition=edition, with_pdf=False)
    _expect(_figures(client, coordinator, edition), certified=3, awaiting=0, enrolled=4)

    first, second, _third = (
        Credential.objects.get(enrolment=enrolment, state="valid") for enrolment in people
    )
    services.credential_revoke(actor=coordinator, credential=first, reason="Fraud")
    _expect(_figures(client, coordinator, edition), certified=2, awaiting=1, enrolled=4)

    services.credential_suspend(actor=coordinator, credential=second, reason="Checking")
    _expect(_figures(client, coordinator, edition), certified=1, awaiting=1, enrolled=4)

    services.credential_reinstate(actor=coordinator, credential=second, reason="Checked")
    _expect(_figures(client, coordinator, edition), certified=2, awaiting=1, enrolled=4)

    services.credential_reissue(actor=coordinator, credential=second, reason="Name corrected")
    _expect(_figures(client, coordinator, edition), certified=2, awaiting=1, enrolled=4)

    # The revoked person is issued a new credential: certified again, no one awaiting.
    services.edition_issue_all(actor=coordinator, edition=edition, with_pdf=False)
    _expect(_figures(client, coordinator, edition), certified=3, awaiting=0, enrolled=4)


def test_the_state_rule_prefers_the_live_credential_over_revoked_ones() -> None:
    coordinator = CoordinatorFactory()
    make_issuer(coordinator)
    edition = make_edition(coordinator)
    enrolment = enrol(edition)
    other = enrol(edition)
    credential = services.credential_issue(actor=coordinator, enrolment=enrolment)
    new = services.credential_reissue(actor=coordinator, credential=credential, reason="Name")
    states = credential_selectors.credential_states(edition_ids=[edition.pk])
    assert states == {enrolment.pk: "valid"}
    services.credential_revoke(actor=coordinator, credential=new, reason="Fraud")
    assert credential_selectors.credential_states(enrolment_ids=[enrolment.pk, other.pk]) == {
        enrolment.pk: "revoked"
    }
    rows = academy_selectors.with_credential_states(
        academy_selectors.edition_progress(actor=coordinator, edition=edition)
    )
    assert {row.enrolment.pk: row.credential_state for row in rows} == {
        enrolment.pk: "revoked",
        other.pk: "none",
    }
