"""Forget the capture times and GPS positions that photos' EXIF made up (issue 12, S1).

A photo whose EXIF said `0001:01:01 00:00:00`, or `9999:12:31 23:59:59` at `-12:00`, was stored
with a time PostgreSQL holds but Python cannot read back ("timestamp too small"), and every page
listing the photo failed. Such values become "no capture time" (and impossible positions "no
GPS position"), as photos.read_metadata now does on upload; the rows are updated in SQL, never
loaded. Migration 0004 then makes the database refuse them (a migration of its own:
PostgreSQL does not alter a table with pending updates in the same transaction).
"""

import datetime

from django.db import migrations
from django.db.models import Q
from django.utils import timezone

EARLIEST_CAPTURE = datetime.datetime(1990, 1, 1, tzinfo=datetime.timezone.utc)


def forget_unreadable_exif(apps, schema_editor):
    Photo = apps.get_model("servicepoints", "InstallationPhoto")
    latest = timezone.now() + datetime.timedelta(days=1)
    Photo.objects.filter(Q(taken_at__lt=EARLIEST_CAPTURE) | Q(taken_at__gt=latest)).update(taken_at=None)
    off_the_globe = (
        Q(latitude__isnull=True, longitude__isnull=False)
        | Q(latitude__isnull=False, longitude__isnull=True)
        | Q(latitude__lt=-90)
        | Q(latitude__gt=90)
        | Q(longitude__lt=-180)
        | Q(longitude__gt=180)
    )
    Photo.objects.filter(off_the_globe).update(latitude=None, longitude=None)


class Migration(migrations.Migration):

    dependencies = [
        ('servicepoints', '0002_installation_reports'),
    ]

    operations = [
        migrations.RunPython(forget_unreadable_exif, migrations.RunPython.noop, elidable=True),
    ]
