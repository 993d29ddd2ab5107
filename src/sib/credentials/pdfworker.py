"""Entry points of the certificate worker processes a batch starts (see `services._pdf_pool`).

Importable before Django is set up: spawned processes unpickle these functions first, then the
initializer sets Django up, and only then are models imported.
"""

from __future__ import annotations

import os


def init() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sib.settings")
    django.setup()


def render(credential_id: int) -> None:
    from sib.credentials.services import credential_render_pdf

    credential_render_pdf(credential_id=credential_id)
