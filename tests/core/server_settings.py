"""Settings for the web processes the operations tests start: the platform's own, with plain
static files (the manifest needs `collectstatic`, a minute of compression these tests skip)."""

from sib.settings import *  # noqa: F403
from sib.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
