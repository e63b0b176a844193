"""Installation photos: checked by content, size-limited, re-encoded without EXIF, reuse flagged."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pillow_heif
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from siang.servicepoints import photos, services
from siang.servicepoints.models import InstallationReport, PhotoMatch
from siang.servicepoints.photos import PhotoError, check_photo, dhash, hamming
from siang.servicepoints.services import ServicePointError
from tests.servicepoints import helpers

pillow_heif.register_heif_opener()


def test_a_text_file_named_jpg_is_refused_by_its_content():
    fake = SimpleUploadedFile("installation.jpg", b"this is not a photo\n" * 50, content_type="image/jpeg")
    with pytest.raises(PhotoError, match=r"installation\.jpg.*not a photo"):
        check_photo(fake)


def test_a_gif_is_refused_even_though_it_is_an_image():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "GIF")
    with pytest.raises(PhotoError, match="JPEG, PNG or HEIC"):
        check_photo(SimpleUploadedFile("a.gif", out.getvalue()))


def test_an_oversized_photo_is_refused_and_the_message_names_the_limit(settings):
    big = SimpleUploadedFile("huge.jpg", b"\xff\xd8" + b"0" * (photos.MAX_PHOTO_BYTES + 10))
    with pytest.raises(PhotoError, match="larger than 10 MB"):
        check_photo(big)


def test_a_jpeg_keeps_its_exif_time_and_gps_as_metadata_but_serves_none_of_it():
    upload = helpers.jpeg(3, exif=helpers.gps_exif(orientation=6))
    checked = check_photo(upload)
    assert checked.latitude == Decimal("18.141667") and checked.longitude == Decimal("100.137500")
    assert checked.taken_at == dt.datetime(2026, 11, 20, 2, 15, tzinfo=dt.UTC)
    served = Image.open(io.BytesIO(checked.large))
    assert served.format == "JPEG" and not served.getexif() and "exif" not in served.info
    # orientation 6 (the phone held upright): the served photo is turned the right way
    assert (served.width, served.height) == (600, 800)
    thumb = Image.open(io.BytesIO(photos.make_thumbnail(checked.large)))
    assert max(thumb.size) == photos.THUMBNAIL_SIDE and (thumb.width, thumb.height) == (240, 320)


def test_a_heic_photo_from_an_iphone_is_accepted_and_re_encoded_as_jpeg():
    out = io.BytesIO()
    helpers.picture(5).save(out, "HEIF", exif=helpers.gps_exif().tobytes())
    checked = check_photo(SimpleUploadedFile("IMG_0001.HEIC", out.getvalue(), content_type="image/heic"))
    assert checked.original_format == "HEIF"
    assert Image.open(io.BytesIO(checked.large)).format == "JPEG"
    assert checked.latitude == Decimal("18.141667")


def test_a_transparent_png_is_flattened_onto_white():
    out = io.BytesIO()
    Image.new("RGBA", (50, 40), (0, 0, 0, 0)).save(out, "PNG")
    checked = check_photo(SimpleUploadedFile("screen.png", out.getvalue()))
    served = Image.open(io.BytesIO(checked.large)).convert("RGB")
    assert served.getpixel((10, 10))[0] > 240 and checked.latitude is None and checked.taken_at is None


def test_the_difference_hash_survives_re_encoding_and_tells_pictures_apart():
    picture = helpers.picture(7)
    again = io.BytesIO()
    picture.resize((640, 480)).save(again, "JPEG", quality=40)
    assert hamming(dhash(picture), dhash(Image.open(again))) <= photos.SIMILAR_DISTANCE
    assert hamming(dhash(picture), dhash(helpers.picture(8))) > photos.SIMILAR_DISTANCE


def test_the_served_photo_file_has_no_gps(point, personas, client):
    upload = helpers.jpeg(3, exif=helpers.gps_exif())
    report = services.installation_report_submit(
        point=point,
        actor=personas["admin_a"],
        location="หน้าช่องบริการ",
        installed_on=dt.date(2026, 11, 20),
        uploads=[upload],
    )
    photo = report.photos.get()
    assert photo.latitude == Decimal("18.141667") and photo.longitude == Decimal("100.137500")
    client.force_login(personas["admin_a"])
    response = client.get(f"/unit/{point.unit_id}/service-points/photos/{photo.pk}/large.jpg")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    served = Image.open(io.BytesIO(response.content))
    assert not served.getexif().get_ifd(0x8825) and b"Exif" not in response.content[:2000]


def test_the_same_photo_for_another_service_point_is_flagged_in_any_unit(point, unit_a, phrae, personas):
    first = helpers.report(point, personas["admin_a"], seeds=(11, 12))
    other_unit_point = helpers.board(phrae["units"]["b"], personas["admin_b"])
    # the same picture re-saved smaller at another quality
    out = io.BytesIO()
    helpers.picture(11).resize((700, 525)).save(out, "JPEG", quality=55)
    second = services.installation_report_submit(
        point=other_unit_point,
        actor=personas["admin_b"],
        location="บอร์ด",
        installed_on=dt.date(2026, 11, 21),
        uploads=[SimpleUploadedFile("copy.jpg", out.getvalue()), helpers.jpeg(13)],
    )
    match = PhotoMatch.objects.get()
    assert match.photo.report == second and match.other.report == first and match.distance <= 6


def test_photos_of_the_same_point_and_different_photos_are_not_flagged(point, unit_a, personas):
    admin = personas["admin_a"]
    report = helpers.report(point, admin, seeds=(21, 22))
    board = helpers.board(unit_a, admin)
    helpers.report(board, admin, seeds=(23,))
    assert not PhotoMatch.objects.exists() and report.photos.count() == 2


def test_one_to_five_photos_and_nothing_half_written(point, personas):
    admin = personas["admin_a"]
    with pytest.raises(ServicePointError, match="at most 5 photos"):
        helpers.report(point, admin, seeds=range(1, 7))
    with pytest.raises(ServicePointError, match="at least one photo"):
        helpers.report(point, admin, seeds=())
    fake = SimpleUploadedFile("b.jpg", b"nope")
    with pytest.raises(ServicePointError, match="not a photo"):
        services.installation_report_submit(
            point=point,
            actor=admin,
            location="x",
            installed_on=dt.date(2026, 11, 20),
            uploads=[helpers.jpeg(1), fake],
        )
    assert not InstallationReport.objects.exists()


def test_a_report_waits_for_pacc_before_another_and_a_rejected_one_is_reported_again(point, personas):
    admin, pacc = personas["admin_a"], personas["pacc"]
    first = helpers.report(point, admin, seeds=(31,))
    with pytest.raises(ServicePointError, match="already waiting"):
        helpers.report(point, admin, seeds=(32,))
    services.installation_reject(report=first, actor=pacc, reason="ไม่เห็นคิวอาร์โค้ดในภาพ")
    second = helpers.report(point, admin, seeds=(32,))
    assert second.pk != first.pk and second.status == "pending"
    services.installation_verify(report=second, actor=pacc)
    with pytest.raises(ServicePointError, match="already verified"):
        helpers.report(point, admin, seeds=(33,))
    first.refresh_from_db()
    assert first.status == "rejected" and first.decision_reason == "ไม่เห็นคิวอาร์โค้ดในภาพ"


def test_a_future_installation_date_is_refused(point, personas):
    with pytest.raises(ServicePointError, match="future"):
        helpers.report(point, personas["admin_a"], installed_on=dt.date.today() + dt.timedelta(days=3))
