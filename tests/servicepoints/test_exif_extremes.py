"""Probe: photos whose EXIF says impossible things are taken, and every page that shows them opens.

Each case is uploaded through the Admin's page for a service point of its own; then PACC's queue,
each report's page and each point's page must answer 200. EXIF is untrusted input: a value out
of range or malformed becomes "no capture time" / "no GPS position", never an error. Prints how
many were tried, taken and shown.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from siang.servicepoints.models import InstallationPhoto, InstallationReport
from tests.servicepoints import helpers
from tests.servicepoints.helpers import ASCII, LONG, RATIONAL, SHORT, raw_exif

GOOD_LAT = [(18, 1), (8, 1), (30, 1)]
GOOD_LON = [(100, 1), (8, 1), (15, 1)]


def _taken(text, offset=None):
    entries = [(36867, ASCII, text)]
    return raw_exif(exif=entries + ([(36881, ASCII, offset)] if offset is not None else []))


def _gps(lat=GOOD_LAT, lon=GOOD_LON, lat_ref="N", lon_ref="E", *, lat_kind=RATIONAL, lon_kind=RATIONAL):
    entries = [(2, lat_kind, lat), (4, lon_kind, lon)]
    entries += [(1, ASCII, lat_ref)] if lat_ref is not None else []
    entries += [(3, ASCII, lon_ref)] if lon_ref is not None else []
    return raw_exif(gps=entries)


# (name, EXIF block, expected capture time in UTC or None, expected (lat, lon) or None)
CASES = [
    # controls: a good phone's values are kept, so a probe that drops everything would fail
    (
        "good time and place",
        raw_exif(
            exif=[(36867, ASCII, "2026:11:20 09:15:00")],
            gps=[(1, ASCII, "N"), (2, RATIONAL, GOOD_LAT), (3, ASCII, "E"), (4, RATIONAL, GOOD_LON)],
        ),
        dt.datetime(2026, 11, 20, 2, 15, tzinfo=dt.UTC),
        (Decimal("18.141667"), Decimal("100.137500")),
    ),
    (
        "good time with its offset",
        _taken("2026:11:20 09:15:00", "+09:00"),
        dt.datetime(2026, 11, 20, 0, 15, tzinfo=dt.UTC),
        None,
    ),
    # capture times
    ("year 0001", _taken("0001:01:01 00:00:00"), None, None),
    ("year 0001 at +14:00", _taken("0001:01:01 00:00:00", "+14:00"), None, None),
    ("year 9999 at -12:00", _taken("9999:12:31 23:59:59", "-12:00"), None, None),
    ("year 9999 without offset", _taken("9999:12:31 23:59:59"), None, None),
    ("next year", _taken(f"{dt.date.today().year + 1}:01:01 10:00:00"), None, None),
    ("a reset clock, 1970", _taken("1970:01:01 00:00:00"), None, None),
    ("all zeros", _taken("0000:00:00 00:00:00"), None, None),
    ("unknown, written as blanks", _taken("    :  :     :  :  "), None, None),
    ("30 February", _taken("2026:02:30 10:00:00"), None, None),
    ("hour 25", _taken("2026:11:20 25:61:00"), None, None),
    ("not a date", _taken("yesterday"), None, None),
    ("trailing garbage", _taken("2026:11:20 09:15:00 and more"), None, None),
    ("empty", _taken(""), None, None),
    ("offset +99:99", _taken("2026:11:20 09:15:00", "+99:99"), None, None),
    ("offset +23:59", _taken("2026:11:20 09:15:00", "+23:59"), None, None),
    ("offset garbage", _taken("2026:11:20 09:15:00", "Asia/Bangkok"), None, None),
    ("time as a number", raw_exif(exif=[(36867, LONG, (20261120,))]), None, None),
    # GPS
    ("latitude 200°", _gps(lat=[(200, 1), (0, 1), (0, 1)]), None, None),
    ("longitude 181°", _gps(lon=[(181, 1), (0, 1), (0, 1)]), None, None),
    ("zero denominator", _gps(lat=[(18, 0), (8, 1), (30, 1)]), None, None),
    ("all zero denominators", _gps(lat=[(0, 0), (0, 0), (0, 0)], lon=[(0, 0), (0, 0), (0, 0)]), None, None),
    ("75 minutes", _gps(lon=[(100, 1), (75, 1), (15, 1)]), None, None),
    ("61 seconds", _gps(lat=[(18, 1), (8, 1), (61, 1)]), None, None),
    ("huge rationals", _gps(lat=[(4294967295, 1)] * 3, lon=[(4294967295, 1)] * 3), None, None),
    (
        "tiny denominators, huge values",
        _gps(lat=[(4294967295, 4294967295), (4294967295, 1), (0, 1)]),
        None,
        None,
    ),
    ("two parts instead of three", _gps(lat=[(18, 1), (8, 1)]), None, None),
    ("four parts", _gps(lat=[(18, 1), (8, 1), (30, 1), (1, 1)]), None, None),
    ("latitude as text", _gps(lat="185", lat_kind=ASCII), None, None),
    (
        "latitude as integers",
        _gps(lat=(18, 8, 30), lat_kind=SHORT),
        None,
        (Decimal("18.141667"), Decimal("100.137500")),
    ),
    ("hemisphere X", _gps(lat_ref="X"), None, None),
    ("no hemisphere", _gps(lat_ref=None), None, None),
    ("latitude only", raw_exif(gps=[(1, ASCII, "N"), (2, RATIONAL, GOOD_LAT)]), None, None),
    # the rest of the file's EXIF
    ("orientation 9", raw_exif(ifd0=[(0x0112, SHORT, (9,))]), None, None),
    ("orientation 65535", raw_exif(ifd0=[(0x0112, SHORT, (65535,))]), None, None),
    ("orientation as text", raw_exif(ifd0=[(0x0112, ASCII, "up")]), None, None),
    ("EXIF pointer past the end", raw_exif(ifd0=[(0x8769, LONG, (999_999,))]), None, None),
    ("GPS pointer into itself", raw_exif(ifd0=[(0x8825, LONG, (8,))]), None, None),
    ("a truncated EXIF block", raw_exif(exif=[(36867, ASCII, "2026:11:20 09:15:00")])[:30], None, None),
    ("not EXIF at all", b"Exif\x00\x00" + b"\xff" * 64, None, None),
]


@pytest.fixture
def admin_client(client, personas):
    client.force_login(personas["admin_a"])
    client.raise_request_exception = False  # count answers, as a browser would see them
    return client


@pytest.mark.filterwarnings("ignore:Corrupt EXIF data")
def test_photos_with_extreme_exif_are_taken_and_every_page_still_opens(
    admin_client, client, personas, unit_a, capsys
):
    admin = personas["admin_a"]
    tried = taken = 0
    points = {}
    for number, (name, exif, _time, _place) in enumerate(CASES, start=1):
        point = helpers.board(unit_a, admin, label=f"probe {number}: {name}")
        points[name] = point
        response = admin_client.post(
            reverse("servicepoint_installation", args=[unit_a.pk, point.pk]),
            {
                "location": f"probe {number}",
                "installed_on": "2026-11-20",
                "note": name,
                "photos": [helpers.jpeg_with_raw_exif(number, exif, name=f"exif-{number}.jpg")],
            },
        )
        tried += 1
        taken += response.status_code == 302
    pages_ok, pages = 0, []
    pages.append(reverse("servicepoints_list", args=[unit_a.pk]))
    pages += [reverse("servicepoint_detail", args=[unit_a.pk, point.pk]) for point in points.values()]
    pages_ok += sum(admin_client.get(page).status_code == 200 for page in pages)
    client.force_login(personas["pacc"])
    pacc_pages = [reverse("pacc_installations")]
    pacc_pages += [reverse("pacc_installation", args=[r.pk]) for r in InstallationReport.objects.all()]
    pacc_ok = sum(client.get(page).status_code == 200 for page in pacc_pages)
    with capsys.disabled():
        print(  # noqa: T201 (the probe prints its counts)
            f"\nEXIF extremes: {tried} photos tried, {taken} taken; "
            f"unit pages 200: {pages_ok}/{len(pages)}; PACC pages 200: {pacc_ok}/{len(pacc_pages)}"
        )
    assert (taken, pages_ok, pacc_ok) == (len(CASES), len(pages), len(pacc_pages))
    wrong = []
    for name, _exif, expected_time, expected_place in CASES:
        photo = InstallationPhoto.objects.get(report__service_point=points[name])
        place = (photo.latitude, photo.longitude) if photo.latitude is not None else None
        if (photo.taken_at, place) != (expected_time, expected_place):
            wrong.append(f"{name}: {photo.taken_at}, {place}")
    assert not wrong, "kept or lost the wrong metadata: " + "; ".join(wrong)
