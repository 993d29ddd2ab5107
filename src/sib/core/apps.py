from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "sib.core"
    label = "core"
    verbose_name = _("Platform")

    def ready(self) -> None:
        from django.core.signals import setting_changed
        from django.db.backends.signals import connection_created

        from sib.core import generations

        # Every statement is seen, so kept pages know which tables changed (decision 0907).
        connection_created.connect(generations.install, dispatch_uid="sib-generations")
        generations.install_on_open_connections()
        setting_changed.connect(_forget_kept_pages, dispatch_uid="sib-kept-pages")


def _forget_kept_pages(**_: Any) -> None:
    from sib.core import pagecache

    pagecache.clear()
