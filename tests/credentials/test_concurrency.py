"""Concurrent issuance: serial numbers and status-list indices stay unique, no one gets two.

Real threads with their own database connections on PostgreSQL (SQLite serialises writers, so
the test is meaningful there only).
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from sib.credentials import services
from sib.credentials.models import Credential
from tests.credentials.factories import enrol, make_edition, make_issuer
from tests.factories import CoordinatorFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL=postgres:///...)"
)
def test_concurrent_batches_and_single_issues_stay_unique() -> None:
    coordinator = CoordinatorFactory()
    make_issuer(coordinator)
    edition = make_edition(coordinator)
    people = [enrol(edition) for _ in range(12)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(6)

    def batch() -> None:
        try:
            barrier.wait()
            services.edition_issue_all(actor=coordinator, edition=edition, with_pdf=False)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    def single(index: int) -> None:
        try:
            barrier.wait()
            services.credential_issue(actor=coordinator, enrolment=people[index])
        except services.AlreadyIssued:
            pass
        except BaseException as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=batch) for _ in range(3)]
    threads += [threading.Thread(target=single, args=(index,)) for index in (0, 1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    rows = list(
        Credential.objects.values_list("enrolment_id", "serial", "status_list_id", "status_index")
    )
    assert len(rows) == 12
    assert len({row[0] for row in rows}) == 12
    assert len({row[1] for row in rows}) == 12
    assert len({(row[2], row[3]) for row in rows}) == 12
