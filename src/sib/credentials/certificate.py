"""The bilingual PDF certificate (WeasyPrint via `sib.core.pdf`), with a QR code to the public page."""

from __future__ import annotations

from django.utils import translation

from sib.core.pdf import render_pdf
from sib.core.qr import qr_svg
from sib.credentials.models import Credential


def certificate_context(credential: Credential) -> dict[str, object]:
    substance = credential.substance
    return {
        "credential": credential,
        "substance": substance,
        "issuer": credential.issuer,
        "qr": qr_svg(credential.public_url, scale=3, title=credential.public_url),
        "languages": ("pl", "en"),
    }


def certificate_pdf(credential: Credential) -> bytes:
    """Both languages on one page each side; labels are fixed per language, not the reader's."""
    with translation.override("en"):
        return render_pdf("credentials/certificate.html", certificate_context(credential))
