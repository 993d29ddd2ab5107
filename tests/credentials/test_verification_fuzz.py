"""The public verifier answers any JSON with a report, never an exception (hypothesis)."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sib.credentials import verification

pytestmark = pytest.mark.django_db

scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=30)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
credential_like = st.fixed_dictionaries(
    {
        "@context": st.sampled_from(
            [
                ["https://www.w3.org/ns/credentials/v2"],
                [
                    "https://www.w3.org/ns/credentials/v2",
                    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
                ],
                ["https://evil.example/context"],
                "not a list",
            ]
        ),
        "type": st.sampled_from(
            [["VerifiableCredential", "OpenBadgeCredential"], "VerifiableCredential", 7]
        ),
        "issuer": json_values | st.just({"id": "did:web:elsewhere.example"}),
        "validFrom": st.sampled_from(["2024-01-01T00:00:00Z", "yesterday", 3]),
        "credentialSubject": json_values,
        "credentialStatus": json_values,
        "proof": json_values
        | st.just(
            [
                {
                    "type": "DataIntegrityProof",
                    "cryptosuite": "eddsa-rdfc-2022",
                    "verificationMethod": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
                    "proofValue": "z3FXQ",
                    "proofPurpose": "assertionMethod",
                }
            ]
        ),
    }
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(document=json_values | credential_like)
def test_any_json_gets_a_report(document) -> None:  # noqa: ANN001
    report = verification.verify_document(document)
    assert report.verified is False
    json.dumps(report.as_dict())
