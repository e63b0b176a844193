from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from siang.casework.services import attach_new_signals


class Command(BaseCommand):
    help = "Attach every corruption signal that has no case yet to its open case (or a new one)."

    def handle(self, *args: Any, **options: Any) -> None:
        attached = attach_new_signals()
        self.stdout.write(f"{attached} signal(s) attached to cases.")
