from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from sib.core.navigation import navigation_for

# Each language is named in itself on the switcher, so a reader finds their own.
LANGUAGE_SELF_NAMES = {"pl": "Polski", "en": "English"}


def platform(request: HttpRequest) -> dict[str, Any]:
    def build() -> dict[str, Any]:
        navigation = navigation_for(request)
        current = max(
            (item.url for item in navigation if item.is_current(request.path)), key=len, default=""
        )
        demo_notice = ""
        if settings.DEBUG and not settings.SIB_STAFF_MFA and request.path.startswith("/accounts/"):
            demo_notice = _(
                "Demo mode: two-factor authentication for staff is switched off "
                "(SIB_STAFF_MFA=0). Production settings refuse this."
            )
        return {
            "navigation": navigation,
            "current_nav": current,
            "languages": [(code, LANGUAGE_SELF_NAMES[code]) for code, _name in settings.LANGUAGES],
            "demo_notice": demo_notice,
        }

    return {"platform": SimpleLazyObject(build)}
