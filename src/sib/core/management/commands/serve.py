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
        gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
        argv = [
            gunicorn,
            "sib.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--access-logfile",
            "-",
            "--graceful-timeout",
            "10",
        ]
        os.execv(gunicorn, argv)  # noqa: S606 - replace this process with gunicorn
