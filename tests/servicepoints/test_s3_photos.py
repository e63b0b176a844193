"""Installation photos in an S3 bucket (a real S3-protocol server), and an upload while the
endpoint is down: a clear message, the form kept, nothing half-saved."""

from __future__ import annotations

import io

from django.urls import reverse
from PIL import Image

from siang.servicepoints.models import InstallationReport
from tests.servicepoints import helpers


def _post(client, point, files, **data):
    values = {"location": "ผนังหน้าช่องบริการ", "installed_on": "2026-11-20", "note": ""} | data
    return client.post(
        reverse("servicepoint_installation", args=[point.unit_id, point.pk]), values | {"photos": files}
    )


def test_photos_go_to_the_bucket_and_come_back_through_the_page(
    client, personas, point, s3, django_capture_on_commit_callbacks
):
    client.force_login(personas["admin_a"])
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, point, [helpers.jpeg(2)])
    assert response.status_code == 302
    photo = InstallationReport.objects.get().photos.get()
    url = reverse("installation_photo", args=[point.unit_id, photo.pk, "thumb"])
    assert Image.open(io.BytesIO(client.get(url).content)).size == (320, 240)  # made by the task, in S3


def test_an_upload_while_the_storage_is_down_keeps_the_form(client, personas, point, s3, settings):
    settings.S3_OPTIONS = {**settings.S3_OPTIONS, "endpoint_url": "http://127.0.0.1:1"}
    client.force_login(personas["admin_a"])
    response = _post(client, point, [helpers.jpeg(2)], location="ผนังด้านซ้ายของประตู", note="ป้ายใหม่")
    page = response.content.decode()
    assert response.status_code == 200
    assert "The file store cannot be reached right now, so nothing was saved." in page
    assert "ผนังด้านซ้ายของประตู" in page and "ป้ายใหม่" in page
    assert not InstallationReport.objects.exists()
