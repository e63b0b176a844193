"""What a photo may cost: pixels per photo and per report, measured from headers before any decode;
nothing decoded for a report that would be refused anyway; truncated files refused whoever ran
before; bodies over the form's limit refused from their Content-Length."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageFile

from siang.lib import slots
from siang.servicepoints import photos
from siang.servicepoints.models import InstallationReport
from siang.servicepoints.photos import PhotoError, check_photo
from tests.servicepoints import helpers


def _png(width: int, height: int, name: str = "bomb.png") -> SimpleUploadedFile:
    """One colour: a few hundred KB that decode to width × height pixels."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def _jpeg(width: int, height: int, name: str = "phone.jpg") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (90, 120, 150)).save(out, "JPEG", quality=80)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


@pytest.fixture
def decodes(monkeypatch):
    """How many pictures were decoded (Pillow's load of pixel data), counted."""
    calls = []
    original = ImageFile.ImageFile.load

    def counting_load(self):
        calls.append(self.size)
        return original(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", counting_load)
    return calls


@pytest.fixture
def admin_client(client, personas):
    client.force_login(personas["admin_a"])
    return client


def _post(client, point, files, **data):
    values = {"location": "ผนังหน้าช่องบริการ", "installed_on": "2026-11-20", "note": ""} | data
    return client.post(
        reverse("servicepoint_installation", args=[point.unit_id, point.pk]), values | {"photos": files}
    )


def test_phone_photos_of_12_and_50_megapixels_pass():
    twelve, fifty = photos.check_photos([_jpeg(4000, 3000), _jpeg(8192, 6144)])  # a 50 MP sensor's full size
    assert max(twelve.width, twelve.height) == max(fifty.width, fifty.height) == photos.LARGE_SIDE


def test_a_60_megapixel_picture_is_refused_from_its_header_without_decoding(decodes):
    with pytest.raises(PhotoError, match=r"bomb\.png” has too many pixels \(at most 51 megapixels\)"):
        check_photo(_png(7745, 7745))  # 187 KB, 60.0 MP: passed the old 60 MP limit
    assert decodes == []


def test_photos_that_pass_alone_are_refused_together_before_any_is_decoded(admin_client, point, decodes):
    bomb = _png(7300, 5480).read()  # 40 MP each: three make 120, over the report's 110
    files = [SimpleUploadedFile(f"wall-{n}.png", bomb, content_type="image/png") for n in range(3)]
    response = _post(admin_client, point, files, note="ภาพสามมุม")
    page = response.content.decode()
    assert response.status_code == 200
    assert "These photos have 121 megapixels together; one report takes at most 110" in page
    assert "ภาพสามมุม" in page and decodes == [] and not InstallationReport.objects.exists()


def test_a_second_report_is_refused_before_its_photos_are_decoded_and_keeps_the_note(
    admin_client, personas, point, decodes
):
    helpers.report(point, personas["admin_a"], seeds=(1,))
    decodes.clear()
    response = _post(admin_client, point, [helpers.jpeg(2)], note="ย้ายป้ายไปติดเสาหน้าห้อง")
    page = response.content.decode()
    assert "A report of this service point is already waiting for PACC" in page
    assert "ย้ายป้ายไปติดเสาหน้าห้อง" in page
    assert decodes == [] and InstallationReport.objects.count() == 1


def _truncated(kind: str) -> SimpleUploadedFile:
    out = io.BytesIO()
    helpers.picture(4).save(out, kind)
    whole = out.getvalue()
    return SimpleUploadedFile(f"cut.{kind.lower()}", whole[: len(whole) * 2 // 3])


@pytest.mark.parametrize("kind", ["JPEG", "PNG"])
def test_a_truncated_photo_is_refused_after_a_poster_pdf_was_made(admin_client, point, kind):
    poster = admin_client.get(reverse("servicepoint_poster", args=[point.unit_id, point.pk]))
    assert poster.status_code == 200 and poster.content.startswith(b"%PDF")
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False  # Pillow's default is back after WeasyPrint
    response = _post(admin_client, point, [_truncated(kind)])
    assert f"“cut.{kind.lower()}” is not a photo we can read" in response.content.decode()
    assert not InstallationReport.objects.exists()


@pytest.mark.parametrize("kind", ["JPEG", "PNG"])
def test_a_truncated_photo_is_refused_even_with_pillows_switch_turned_on(monkeypatch, kind):
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    with pytest.raises(PhotoError, match="not a photo we can read"):
        check_photo(_truncated(kind))
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # left as whoever set it wanted


def test_a_body_over_the_forms_limit_is_refused_from_its_content_length(admin_client, point):
    url = reverse("servicepoint_installation", args=[point.unit_id, point.pk])
    declared = photos.MAX_REQUEST_BYTES + 1
    # the body is tiny: reading it as if it had the declared size would fail, so nothing was read
    response = admin_client.post(url, {"location": "x"}, CONTENT_LENGTH=str(declared))
    page = response.content.decode()
    assert response.status_code == 413
    assert "The photos together are larger than 50 MB, so nothing was received" in page
    assert "at most 5 photos of at most 10 MB each" in page and not InstallationReport.objects.exists()


def test_each_photo_gets_its_thumbnail_from_its_large_copy(
    admin_client, personas, point, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as after_commit:
        report = helpers.report(point, personas["admin_a"], seeds=(3,))
    photo = report.photos.get()
    url = reverse("installation_photo", args=[point.unit_id, photo.pk, "thumb"])
    # not made yet (a task makes it once the report is saved): the large copy stands in
    assert not photo.thumbnail
    assert Image.open(io.BytesIO(admin_client.get(url).content)).size == (800, 600)
    for callback in after_commit:
        callback()  # the task, run in the process as it is without a broker
    photo.refresh_from_db()
    thumb = Image.open(io.BytesIO(admin_client.get(url).content))
    assert thumb.size == (photos.THUMBNAIL_SIDE, 240)


def test_while_the_servers_photo_slots_are_taken_a_report_is_asked_to_come_back(
    admin_client, point, decodes, settings
):
    settings.PHOTO_CHECKS_AT_ONCE = 1
    with slots.slot("photo-checks", 1) as held:  # another worker decoding someone's photos
        assert held
        response = _post(admin_client, point, [helpers.jpeg(1)], note="ป้ายที่สอง")
    page = response.content.decode()
    assert "Other photos are being checked right now. Send the report again in a minute" in page
    assert "ป้ายที่สอง" in page and decodes == [] and not InstallationReport.objects.exists()
    response = _post(admin_client, point, [helpers.jpeg(1)], note="ป้ายที่สอง")
    assert response.status_code == 302 and InstallationReport.objects.count() == 1
