"""Installation photos: checked by their content, re-encoded without EXIF, hashed to spot reuse.

What a phone wrote in EXIF (when the photo was taken, where) is read before it is stripped and
kept as metadata for PACC; the served JPEG carries none of it. EXIF is whatever the sender put
there: each field is checked, and one out of range or malformed is treated as absent ("no
capture time", "no GPS position"), never stored. The difference hash (dHash) is a 64-bit
fingerprint that survives re-encoding and resizing, so the same picture sent for two service
points is found even when it is not byte-identical.

Decoding is the expensive part (a 50-megapixel PNG of one colour is 190 KB and takes about a
second to decode), so every photo of a request is measured from its header first, and the
request is refused before anything is decoded when one photo, or all of them together, would
cost more than a phone's photos do. Only PHOTO_CHECKS_AT_ONCE requests of a server decode at
a time (the others are asked to send again), so photos never hold every worker.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import numbers
import re
import threading
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import pillow_heif
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageFile, UnidentifiedImageError

from siang.lib import slots
from siang.servicepoints.models import EARLIEST_CAPTURE

pillow_heif.register_heif_opener()

MAX_PHOTO_MB = 10
MAX_PHOTO_BYTES = MAX_PHOTO_MB * 1024 * 1024
MAX_PHOTOS = 5
# The largest photo a phone writes: a 50 MP sensor at full resolution is 8192 × 6144 = 50.3 MP
# (a 48 MP one 8000 × 6000); the usual setting is 12 MP. Larger sensors (64, 108, 200 MP) bin to
# 12 MP unless their full-resolution mode is chosen, whose files pass 10 MB anyway.
MAX_PIXELS = 51_000_000
# One report: five photos at the usual 12 MP, or two at a full 50 MP. Decoding costs about
# 5 ms (JPEG) to 16 ms (PNG) per megapixel on one core; this bounds a request to about 2 s.
MAX_REQUEST_PIXELS = 110_000_000
# The whole form as it arrives: the photos at their limit, and room for the text fields.
MAX_REQUEST_BYTES = MAX_PHOTOS * MAX_PHOTO_BYTES + 256 * 1024
LARGE_SIDE = 2048
THUMBNAIL_SIDE = 320
ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG", "HEIF"}
BANGKOK = ZoneInfo("Asia/Bangkok")
# A capture time before EARLIEST_CAPTURE (1990) is a phone's reset clock or made up: EXIF dates from 1995.
CLOCK_SKEW = dt.timedelta(days=1)  # a phone's clock a little ahead of ours is still believed

# EXIF tags (TIFF/EXIF 2.3)
_EXIF_IFD = 0x8769
_GPS_IFD = 0x8825
_ORIENTATION = 0x0112
_DATETIME_ORIGINAL = 36867
_OFFSET_TIME_ORIGINAL = 36881
_DATETIME = 306
_GPS_LAT_REF, _GPS_LAT, _GPS_LON_REF, _GPS_LON = 1, 2, 3, 4
_EXIF_TIME = re.compile(r"\d{4}:\d{2}:\d{2} \d{2}:\d{2}:\d{2}")
_EXIF_OFFSET = re.compile(r"([+-])(\d{2}):(\d{2})")
# EXIF orientation → the turn that makes the picture upright (as PIL.ImageOps.exif_transpose)
_UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}

T = TypeVar("T")


class PhotoError(Exception):
    """A file that is not a photo we can take; the message is for the person (translated)."""


@dataclass(frozen=True)
class Metadata:
    """What EXIF said, each field checked: None when absent, out of range or malformed."""

    taken_at: dt.datetime | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    orientation: int = 1


@dataclass(frozen=True)
class CheckedPhoto:
    large: bytes  # JPEG, EXIF stripped, upright
    width: int
    height: int
    original_name: str
    original_format: str
    taken_at: dt.datetime | None
    latitude: Decimal | None
    longitude: Decimal | None
    dhash: str


@dataclass(frozen=True)
class _Probe:
    """One upload as its header describes it: nothing decoded yet."""

    name: str
    data: bytes
    format: str
    width: int
    height: int

    @property
    def pixels(self) -> int:
        return self.width * self.height


def check_photos(uploads: Sequence[UploadedFile]) -> list[CheckedPhoto]:
    """Check every photo of one request, or raise PhotoError naming the first thing wrong.

    All headers are read first; nothing is decoded unless every photo, and all of them together,
    are within the pixel budgets.
    """
    probes = [_probe(upload) for upload in uploads]
    total = sum(probe.pixels for probe in probes)
    if total > MAX_REQUEST_PIXELS:
        raise PhotoError(
            _(
                "These photos have %(total)d megapixels together; one report takes at most %(limit)d. "
                "Send fewer photos, or take them at the phone's usual setting (12 megapixels)."
            )
            % {"total": math.ceil(total / 1_000_000), "limit": MAX_REQUEST_PIXELS // 1_000_000}
        )
    with slots.slot("photo-checks", settings.PHOTO_CHECKS_AT_ONCE) as free:
        if not free:
            raise PhotoError(
                _(
                    "Other photos are being checked right now. "
                    "Send the report again in a minute (choose the photos again)."
                )
            )
        return [_decode(probe) for probe in probes]


def check_photo(upload: UploadedFile) -> CheckedPhoto:
    """Read, check and re-encode one uploaded photo, or raise PhotoError saying what is wrong."""
    return check_photos([upload])[0]


def _probe(upload: UploadedFile) -> _Probe:
    name = upload.name or "photo"
    if upload.size is not None and upload.size > MAX_PHOTO_BYTES:
        raise _too_large(name)
    upload.seek(0)
    data = upload.read(MAX_PHOTO_BYTES + 1)
    if len(data) > MAX_PHOTO_BYTES:
        raise _too_large(name)
    too_many_pixels = PhotoError(
        _("“%(name)s” has too many pixels (at most %(limit)d megapixels).")
        % {"name": name, "limit": MAX_PIXELS // 1_000_000}
    )
    try:
        with _strict_decoding(), warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own limit is lower
            header = Image.open(io.BytesIO(data))  # lazy: reads the header, decodes nothing
            image_format, (width, height) = header.format or "", header.size
    except Image.DecompressionBombError:
        raise too_many_pixels from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise _not_a_photo(name) from None
    if image_format not in ACCEPTED_FORMATS:
        raise _not_a_photo(name)
    if width * height > MAX_PIXELS:
        raise too_many_pixels
    return _Probe(name=name, data=data, format=image_format, width=width, height=height)


def _decode(probe: _Probe) -> CheckedPhoto:
    image = _load(probe)
    metadata = read_metadata(image)
    large = _fit(_rgb(image), LARGE_SIDE)
    if metadata.orientation in _UPRIGHT:
        large = large.transpose(_UPRIGHT[metadata.orientation])
    return CheckedPhoto(
        large=_jpeg(large, quality=85),
        width=large.width,
        height=large.height,
        original_name=probe.name[:200],
        original_format=probe.format,
        taken_at=metadata.taken_at,
        latitude=metadata.latitude,
        longitude=metadata.longitude,
        dhash=dhash(large),
    )


def _load(probe: _Probe) -> Image.Image:
    """The decoded picture; a JPEG only at the scale the large copy needs (libjpeg decodes 1/2,
    1/4 or 1/8 of the pixels directly, which is also cheaper)."""
    try:
        with _strict_decoding():
            Image.open(io.BytesIO(probe.data)).verify()
            image = Image.open(io.BytesIO(probe.data))
            if probe.format in {"JPEG", "MPO"}:
                image.draft("RGB", _scaled(image, LARGE_SIDE))
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise _not_a_photo(probe.name) from None
    return image


_truncation_switch = threading.Lock()


@contextmanager
def _strict_decoding() -> Iterator[None]:
    """A truncated file is refused whatever `ImageFile.LOAD_TRUNCATED_IMAGES` says.

    That switch is global to the process, and WeasyPrint turns it on when it is imported
    (`siang.lib.pdf` turns it off again); checking uploads must not depend on who ran before.
    """
    with _truncation_switch:
        before = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = before


def make_thumbnail(large: bytes) -> bytes:
    """The small copy shown in lists, made from the large JPEG (a separate step, so it can move to
    a background task; services.installation_photo_make_thumbnail is its one caller)."""
    with _strict_decoding():
        image = Image.open(io.BytesIO(large))
        image.draft("RGB", _scaled(image, THUMBNAIL_SIDE))
        image.load()
    return _jpeg(_fit(_rgb(image), THUMBNAIL_SIDE), quality=80)


def _too_large(name: str) -> PhotoError:
    return PhotoError(
        _("“%(name)s” is larger than %(limit)d MB. Send a smaller photo (a phone's usual setting is fine).")
        % {"name": name, "limit": MAX_PHOTO_MB}
    )


def _not_a_photo(name: str) -> PhotoError:
    return PhotoError(
        _("“%(name)s” is not a photo we can read. Send a JPEG, PNG or HEIC photo.") % {"name": name}
    )


def _rgb(image: Image.Image) -> Image.Image:
    """Flatten transparency onto white and drop palettes: JPEG holds RGB only."""
    if image.mode in {"RGBA", "LA"} or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image if image.mode == "RGB" else image.convert("RGB")


def _scaled(image: Image.Image, side: int) -> tuple[int, int]:
    ratio = min(1.0, side / max(image.width, image.height))
    return max(1, round(image.width * ratio)), max(1, round(image.height * ratio))


def _fit(image: Image.Image, side: int) -> Image.Image:
    """Scaled down to `side`. A picture over 1.5 times that is first halved (or more) by averaging
    blocks of pixels, which costs a fraction of Lanczos on all of them and looks the same."""
    size = _scaled(image, side)
    if size == image.size:
        return image
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=1.5)


def _jpeg(image: Image.Image, *, quality: int) -> bytes:
    out = io.BytesIO()
    # a fresh image: no EXIF, ICC profile or comments travel with the served file
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    clean.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()


# --- what EXIF said ------------------------------------------------------------------------------


def read_metadata(image: Image.Image, *, now: dt.datetime | None = None) -> Metadata:
    """Every EXIF field the app keeps, each checked on its own: a bad one is absent, never an error."""
    exif = _untrusted(image.getexif)
    if exif is None:
        return Metadata()
    latitude, longitude = _untrusted(lambda: _position(exif)) or (None, None)
    return Metadata(
        taken_at=_untrusted(lambda: _taken_at(exif, now=now or timezone.now())),
        latitude=latitude,
        longitude=longitude,
        orientation=_untrusted(lambda: _orientation(exif)) or 1,
    )


def _untrusted(read: Callable[[], T]) -> T | None:
    """Whatever a field's parser trips on in a hostile file, the field is simply absent."""
    try:
        return read()
    except Exception:  # any failure to read sender-written EXIF means "absent"
        return None


def _text(value: object) -> str | None:
    return value.strip("\x00 ") if isinstance(value, str) else None


def _taken_at(exif: Image.Exif, *, now: dt.datetime) -> dt.datetime | None:
    details = exif.get_ifd(_EXIF_IFD)
    text = _text(details.get(_DATETIME_ORIGINAL)) or _text(exif.get(_DATETIME))
    if not text or not _EXIF_TIME.fullmatch(text):
        return None
    try:
        naive = dt.datetime.strptime(text, "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    offset = details.get(_OFFSET_TIME_ORIGINAL)
    # a phone without the offset tag writes local time; these photos are taken in Thailand
    zone = BANGKOK if offset is None else _zone(offset)
    if zone is None:
        return None
    taken = naive.replace(tzinfo=zone)
    if not EARLIEST_CAPTURE <= taken <= now + CLOCK_SKEW:
        return None
    return taken.astimezone(dt.UTC)


def _zone(offset: object) -> dt.tzinfo | None:
    """An EXIF offset such as "+07:00", within the world's −12:00 to +14:00."""
    match = _EXIF_OFFSET.fullmatch(_text(offset) or "")
    if not match:
        return None
    sign, hours, minutes = match.groups()
    delta = dt.timedelta(hours=int(hours), minutes=int(minutes))
    if int(minutes) >= 60 or delta > dt.timedelta(hours=14 if sign == "+" else 12):
        return None
    return dt.timezone(-delta if sign == "-" else delta)


def _position(exif: Image.Exif) -> tuple[Decimal | None, Decimal | None]:
    gps = exif.get_ifd(_GPS_IFD)
    latitude = _coordinate(gps.get(_GPS_LAT), gps.get(_GPS_LAT_REF), hemispheres=("N", "S"), limit=90)
    longitude = _coordinate(gps.get(_GPS_LON), gps.get(_GPS_LON_REF), hemispheres=("E", "W"), limit=180)
    if latitude is None or longitude is None:
        return None, None
    return latitude, longitude


def _coordinate(value: object, ref: object, *, hemispheres: tuple[str, str], limit: int) -> Decimal | None:
    """Degrees, minutes and seconds with their hemisphere, as signed decimal degrees, or None."""
    hemisphere = (_text(ref) or "").upper()
    if hemisphere not in hemispheres or not isinstance(value, tuple) or len(value) != 3:
        return None
    parts = [_number(part) for part in value]
    if any(part is None for part in parts):
        return None
    degrees, minutes, seconds = (float(part) for part in parts if part is not None)
    if not (0 <= degrees <= limit and 0 <= minutes < 60 and 0 <= seconds < 60):
        return None
    decimal = degrees + minutes / 60 + seconds / 3600
    if decimal > limit:
        return None
    if hemisphere == hemispheres[1]:
        decimal = -decimal
    return Decimal(str(decimal)).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)


def _number(value: Any) -> float | None:
    """A finite number (a rational with a zero denominator is NaN), or None."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _orientation(exif: Image.Exif) -> int:
    value = exif.get(_ORIENTATION)
    return value if isinstance(value, int) and value in _UPRIGHT else 1


# --- the same picture twice ----------------------------------------------------------------------


SIMILAR_DISTANCE = 6  # of 64 bits: re-encoded or resized copies of one photo differ by a few bits


def dhash(image: Image.Image) -> str:
    """64-bit difference hash: is each pixel of a 9×8 grey thumbnail brighter than its right neighbour."""
    grey = image.convert("L").resize((9, 8), Image.Resampling.LANCZOS)
    pixels = grey.tobytes()
    bits = 0
    for row in range(8):
        for column in range(8):
            left = pixels[row * 9 + column]
            right = pixels[row * 9 + column + 1]
            bits = (bits << 1) | (1 if left > right else 0)
    return f"{bits:016x}"


def hamming(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()
