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
