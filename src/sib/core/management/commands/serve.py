from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve the platform with gunicorn (static files through whitenoise)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("SIB_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("SIB_WORKERS", "2")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("SIB_THREADS", "4")))

    def handle(self, *args: Any, bind: str, workers: int, threads: int, **options: Any) -> None:
        from django.conf import settings

        gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
        # gunicorn's own lines in the platform's format; requests are logged by the platform
        # (with their request id), so gunicorn's access log stays off.
        os.environ["SIB_LOG_FORMAT"] = settings.SIB_LOG_FORMAT
        argv = [
            gunicorn,
            "sib.wsgi:application",
            "--config",
            "python:sib.core.gunicorn_config",
            "--bind",
            bind,
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--graceful-timeout",
            "10",
            # Several `sib serve` may run on one machine: no shared control socket in $HOME.
            "--no-control-socket",
        ]
        os.execv(gunicorn, argv)  # noqa: S606 - replace this process with gunicorn
