"""Background tasks of service points: an installation photo's thumbnail, and a sweep for the
thumbnails whose task was lost (the broker or a worker restarted before it ran)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from siang.servicepoints import services
from siang.servicepoints.models import InstallationPhoto

LOST_AFTER = dt.timedelta(minutes=5)


@shared_task(name="siang.servicepoints.tasks.photo_thumbnail")
def photo_thumbnail(photo_id: int) -> None:
    photo = InstallationPhoto.objects.filter(pk=photo_id).first()
    if photo is not None and not photo.thumbnail:  # delivered twice: made once
        services.installation_photo_make_thumbnail(photo=photo)


@shared_task(name="siang.servicepoints.tasks.thumbnails_requeue")
def thumbnails_requeue() -> int:
    """Send again the photos still without a thumbnail minutes after they were saved."""
    waiting = InstallationPhoto.objects.filter(thumbnail="", created_at__lt=timezone.now() - LOST_AFTER)
    photo_ids = list(waiting.values_list("pk", flat=True)[:500])
    for photo_id in photo_ids:
        photo_thumbnail.delay(photo_id)
    return len(photo_ids)
