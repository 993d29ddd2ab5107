from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.factories import CoordinatorFactory

DATA = Path(__file__).parent / "data"


@pytest.fixture
def coordinator(db):  # noqa: ANN001, ANN201
    return CoordinatorFactory()


@pytest.fixture
def issuer(coordinator):  # noqa: ANN001, ANN201
    from tests.credentials.factories import make_issuer

    return make_issuer(coordinator)


@pytest.fixture
def edition(issuer, coordinator):  # noqa: ANN001, ANN201
    from tests.credentials.factories import make_edition

    return make_edition(coordinator)


@pytest.fixture(scope="session")
def ob_schema_validator():  # noqa: ANN201
    from jsonschema import Draft201909Validator

    schema = json.loads((DATA / "ob_v3p0_achievementcredential_schema.json").read_text())
    return Draft201909Validator(schema, format_checker=Draft201909Validator.FORMAT_CHECKER)


@pytest.fixture(scope="session")
def known_answer():  # noqa: ANN201
    return json.loads((DATA / "known-answer.json").read_text())


@pytest.fixture(autouse=True)
def _every_issued_credential_matches_the_strict_schema(request, ob_schema_validator):  # noqa: ANN001, ANN202
    """After each test that touched the database, every credential it issued must pass the
    strict 1EdTech JSON Schema (Draft 2019-09 with format checks)."""
    yield
    uses_db = request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(
        request.fixturenames
    )
    if not uses_db:
        return
    from django.db import connection

    if not connection.is_usable():
        return
    from sib.credentials.models import Credential

    for text in Credential.objects.values_list("document", flat=True):
        errors = [error.message for error in ob_schema_validator.iter_errors(json.loads(text))]
        assert errors == [], errors
