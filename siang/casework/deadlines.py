"""Working days for triage deadlines: Monday to Friday, less the public holidays PACC entered."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from siang.casework.models import PublicHoliday

LOOKAHEAD_DAYS = 60


def triage_days() -> int:
    return int(getattr(settings, "CASEWORK_TRIAGE_WORKING_DAYS", 3))


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start` (start itself does not count)."""
    holidays = set(
        PublicHoliday.objects.filter(
            date__gt=start, date__lte=start + dt.timedelta(days=LOOKAHEAD_DAYS)
        ).values_list("date", flat=True)
    )
    day, left = start, days
    while left > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            left -= 1
    return day


def triage_deadline(opened: dt.datetime | None = None) -> dt.date:
    """A case opened today (Bangkok time) must be triaged within three working days."""
    local = timezone.localtime(opened or timezone.now()).date()
    return add_working_days(local, triage_days())


def today() -> dt.date:
    return timezone.localdate()
