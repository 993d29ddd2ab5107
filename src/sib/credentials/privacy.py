"""The credentials' part of a person's data: the credentials they hold and the jobs they ran."""

from __future__ import annotations

from typing import Any

from sib.accounts.models import User
from sib.core.privacy import PersonalData, plain
from sib.credentials.models import Credential, IssuanceJob


def export(*, person: User) -> dict[str, Any]:
    return {
        "credentials": [
            {
                "uuid": str(c.uuid),
                "serial": c.serial,
                "achievement": c.achievement.name,
                "holder_name": c.holder_name,
                "state": c.state,
                "issued_at": plain(c.issued_at),
                "public_url": c.public_url,
                "verification_page_hidden": c.hidden,
                "signed_document": c.document,
            }
            for c in Credential.objects.filter(holder=person).select_related("achievement")
        ],
        "issuance_jobs_requested": list(
            IssuanceJob.objects.filter(requested_by=person).values_list("id", flat=True)
        ),
    }


def erase(*, person: User) -> None:
    """The signed document is kept unchanged, so the credential still verifies with any verifier
    (it names the holder only by salted hashes); what the platform shows about the holder — the
    name on the verification page, lists and the certificate PDF — is blanked. The stored PDF is
    deleted; a certificate drawn later says the name is withheld."""
    for credential in Credential.objects.filter(holder=person):
        if credential.pdf:
            credential.pdf.delete(save=False)
        credential.holder_name = ""
        credential.reason = ""
        credential.reason_public = False
        credential.save(update_fields=["holder_name", "reason", "reason_public", "pdf"])


PERSONAL_DATA = PersonalData(
    app="credentials",
    covers=("credentials.credential", "credentials.issuancejob"),
    export=export,
    erase=erase,
    exempt={
        "credentials.issuer": "the issuing organisation's public contact address, not a person's",
    },
)
