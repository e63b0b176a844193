"""The address behind a service point's QR code, and the code itself as PNG and SVG."""

from __future__ import annotations

import base64
import io
import math
from typing import TYPE_CHECKING

import segno
from django.conf import settings
from django.urls import NoReverseMatch, reverse

if TYPE_CHECKING:
    from siang.servicepoints.models import ServicePoint

# "H" restores up to 30% of a damaged symbol: a poster that is torn, faded or written on still scans.
ERROR_LEVEL = "h"
SCREEN_PIXELS = 300
PRINT_PIXELS = 1200


def citizen_path(point: ServicePoint) -> str:
    try:
        return reverse("feedback_form", kwargs={"token": point.token})
    except NoReverseMatch:  # the citizen form is not wired yet
        return f"/f/{point.token}"


def citizen_url(point: ServicePoint) -> str:
    """The full address a citizen opens; the QR code holds exactly this."""
    return f"{site_url()}{citizen_path(point)}"


def site_url() -> str:
    return str(getattr(settings, "SITE_URL", "") or "http://127.0.0.1:8000").rstrip("/")


def short_url(point: ServicePoint) -> str:
    """The address as printed under the code, to type by hand: no scheme."""
    return citizen_url(point).split("://", 1)[-1]


def make_qr(point: ServicePoint) -> segno.QRCode:
    return segno.make(citizen_url(point), error=ERROR_LEVEL, boost_error=False)


def png(point: ServicePoint, *, pixels: int = SCREEN_PIXELS) -> bytes:
    """At least `pixels` wide, in whole pixels per module so every module stays sharp."""
    code = make_qr(point)
    width, _height = code.symbol_size(scale=1)
    out = io.BytesIO()
    code.save(out, kind="png", scale=math.ceil(pixels / width), border=4)
    return out.getvalue()


def svg(point: ServicePoint) -> bytes:
    out = io.BytesIO()
    make_qr(point).save(
        out, kind="svg", scale=10, border=4, xmldecl=True, svgns=True, title=citizen_url(point)
    )
    return out.getvalue()


def svg_data_uri(point: ServicePoint) -> str:
    out = io.BytesIO()
    make_qr(point).save(out, kind="svg", scale=10, border=4, xmldecl=False)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def png_data_uri(point: ServicePoint, *, pixels: int = 160) -> str:
    return "data:image/png;base64," + base64.b64encode(png(point, pixels=pixels)).decode("ascii")
