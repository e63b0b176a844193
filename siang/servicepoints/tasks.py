"""Background task of service points: an installation photo's thumbnail."""

from __future__ import annotations

from celery import shared_task

from siang.servicepoints import services
from siang.servicepoints.models import InstallationPhoto


@shared_task(name="siang.servicepoints.tasks.photo_thumbnail")
def photo_thumbnail(photo_id: int) -> None:
    photo = InstallationPhoto.objects.filter(pk=photo_id).first()
    if photo is not None and not photo.thumbnail:  # delivered twice: made once
        services.installation_photo_make_thumbnail(photo=photo)
