"""The bilingual PDF certificate (WeasyPrint via `sib.core.pdf`), with a QR code to the public page.

A batch renders a thousand of these, so the certificate is built to be cheap (decision 0210): the
stylesheet and its small subset fonts are parsed and loaded once per process, the layout avoids
tables and shrink-to-fit boxes, and the QR code is a tiny PNG rather than an SVG path to parse.
"""

from __future__ import annotations

import base64

from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString

from sib.core.pdf import render_pdf
from sib.core.qr import qr_png
from sib.credentials.models import Credential

STYLESHEET = "credentials/certificate.css"


def qr_image(url: str) -> SafeString:
    """The verification link as a QR code: 2 px a module, scaled up crisply by the stylesheet."""
    data = base64.b64encode(qr_png(url, scale=2)).decode()
    return format_html('<img src="data:image/png;base64,{}" alt="{}">', data, url)


def certificate_context(credential: Credential) -> dict[str, object]:
    substance = credential.substance
    return {
        "credential": credential,
        "substance": substance,
        "issuer": credential.issuer,
        "qr": qr_image(credential.public_url),
        "languages": ("pl", "en"),
    }


def certificate_pdf(credential: Credential) -> bytes:
    """Both languages on one page each side; labels are fixed per language, not the reader's."""
    with translation.override("en"):
        return render_pdf(
            "credentials/certificate.html",
            certificate_context(credential),
            stylesheet=STYLESHEET,
        )
