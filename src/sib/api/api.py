"""The API at /api/v1/: each app's router mounted here, one auth, one error format."""

from __future__ import annotations

from ninja import NinjaAPI

from sib.api.auth import SessionAuth, TokenAuth
from sib.api.errors import install
from sib.api.parser import BoundedParser

api = NinjaAPI(
    title="SIB Platform API",
    version="1",
    description=(
        "Authenticate with a personal token (`Authorization: Bearer <token>`, created with "
        "`sib api-token EMAIL` or on the API tokens page) or a browser session. Lists answer "
        '`{"items": [...], "count": n}` with `limit` (default 100, max 1000) and `offset`. '
        "Errors are `application/problem+json` (RFC 9457) with `errors: [{field, message}]`."
    ),
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
    docs_url="/docs",
    parser=BoundedParser(),
)
install(api)

from sib.academy.api import router as academy_router  # noqa: E402
from sib.accounts.api import router as accounts_router  # noqa: E402
from sib.brokerage.api import router as brokerage_router  # noqa: E402
from sib.credentials.api import router as credentials_router  # noqa: E402
from sib.events.api import router as events_router  # noqa: E402
from sib.knowledge.api import router as knowledge_router  # noqa: E402
from sib.reports.api import router as reports_router  # noqa: E402
from sib.studio.api import router as studio_router  # noqa: E402

api.add_router("/", accounts_router)
api.add_router("/", academy_router)
api.add_router("/", credentials_router)
api.add_router("/", knowledge_router)
api.add_router("/", brokerage_router)
api.add_router("/", studio_router)
api.add_router("/", events_router)
api.add_router("/", reports_router)
