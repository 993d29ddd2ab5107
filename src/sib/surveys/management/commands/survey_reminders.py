"""`sib survey-reminders`: remind, once, everyone who has not answered an open survey.

Run it from cron (e.g. hourly). Idempotent: a second run sends no second reminder.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sib.surveys.services import reminders_send


class Command(BaseCommand):
    help = "Send the one reminder each invited person gets while a survey is open (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = reminders_send()
        self.stdout.write(f"{count} reminders sent.")
