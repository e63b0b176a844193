"""Installation photos: checked by their content, re-encoded without EXIF, hashed to spot reuse.

What a phone wrote in EXIF (when the photo was taken, where) is read before it is stripped and
kept as metadata for PACC; the served JPEG carries none of it. The difference hash (dHash) is a
64-bit fingerprint that survives re-encoding and resizing, so the same picture sent for two
service points is found even when it is not byte-identical.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

import pillow_heif
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

pillow_heif.register_heif_opener()

MAX_PHOTO_MB = 10
MAX_PHOTO_BYTES = MAX_PHOTO_MB * 1024 * 1024
MAX_PHOTOS = 5
MAX_PIXELS = 60_000_000  # 60 megapixels: more than any phone camera, far less than a decompression bomb
LARGE_SIDE = 2048
THUMBNAIL_SIDE = 320
ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG", "HEIF"}
BANGKOK = ZoneInfo("Asia/Bangkok")

# EXIF tags (TIFF/EXIF 2.3)
_EXIF_IFD = 0x8769
_GPS_IFD = 0x8825
_DATETIME_ORIGINAL = 36867
_OFFSET_TIME_ORIGINAL = 36881
_DATETIME = 306
_GPS_LAT_REF, _GPS_LAT, _GPS_LON_REF, _GPS_LON = 1, 2, 3, 4


class PhotoError(Exception):
    """A file that is not a photo we can take; the message is for the person (translated)."""


@dataclass(frozen=True)
class CheckedPhoto:
    large: bytes  # JPEG, EXIF stripped, upright
    thumbnail: bytes
    width: int
    height: int
    original_name: str
    original_format: str
    taken_at: dt.datetime | None
    latitude: Decimal | None
    longitude: Decimal | None
    dhash: str


def check_photo(upload: UploadedFile) -> CheckedPhoto:
    """Read, check and re-encode one uploaded photo, or raise PhotoError saying what is wrong."""
    name = upload.name or "photo"
    if upload.size is not None and upload.size > MAX_PHOTO_BYTES:
        raise _too_large(name)
    upload.seek(0)
    data = upload.read(MAX_PHOTO_BYTES + 1)
    if len(data) > MAX_PHOTO_BYTES:
        raise _too_large(name)
    image = _open(data, name)
    exif = image.getexif()
    taken_at = _taken_at(exif)
    latitude, longitude = _position(exif)
    original_format = image.format or ""
    upright = _rgb(ImageOps.exif_transpose(image))
    large = _fit(upright, LARGE_SIDE)
    return CheckedPhoto(
        large=_jpeg(large, quality=85),
        thumbnail=_jpeg(_fit(upright, THUMBNAIL_SIDE), quality=80),
        width=large.width,
        height=large.height,
        original_name=name[:200],
        original_format=original_format,
        taken_at=taken_at,
        latitude=latitude,
        longitude=longitude,
        dhash=dhash(upright),
    )


def _too_large(name: str) -> PhotoError:
    return PhotoError(
        _("“%(name)s” is larger than %(limit)d MB. Send a smaller photo (a phone's usual setting is fine).")
        % {"name": name, "limit": MAX_PHOTO_MB}
    )


def _open(data: bytes, name: str) -> Image.Image:
    not_a_photo = PhotoError(
        _("“%(name)s” is not a photo we can read. Send a JPEG, PNG or HEIC photo.") % {"name": name}
    )
    try:
        probe = Image.open(io.BytesIO(data))
        if probe.format not in ACCEPTED_FORMATS:
            raise not_a_photo
        if probe.width * probe.height > MAX_PIXELS:
            raise PhotoError(
                _("“%(name)s” has too many pixels (at most %(limit)d megapixels).")
                % {"name": name, "limit": MAX_PIXELS // 1_000_000}
            )
        probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except PhotoError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise not_a_photo from None
    return image


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
    size = _scaled(image, side)
    return image if size == image.size else image.resize(size, Image.Resampling.LANCZOS)


def _jpeg(image: Image.Image, *, quality: int) -> bytes:
    out = io.BytesIO()
    # a fresh image: no EXIF, ICC profile or comments travel with the served file
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    clean.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()


# --- what EXIF said ------------------------------------------------------------------------------


def _taken_at(exif: Image.Exif) -> dt.datetime | None:
    details = exif.get_ifd(_EXIF_IFD)
    raw = details.get(_DATETIME_ORIGINAL) or exif.get(_DATETIME)
    if not isinstance(raw, str):
        return None
    try:
        naive = dt.datetime.strptime(raw.strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    offset = details.get(_OFFSET_TIME_ORIGINAL)
    if isinstance(offset, str):
        try:
            return dt.datetime.strptime(f"{naive:%Y-%m-%d %H:%M:%S}{offset.strip()}", "%Y-%m-%d %H:%M:%S%z")
        except ValueError:
            pass
    # a phone without the offset tag writes local time; these photos are taken in Thailand
    return naive.replace(tzinfo=BANGKOK)


def _position(exif: Image.Exif) -> tuple[Decimal | None, Decimal | None]:
    gps = exif.get_ifd(_GPS_IFD)
    try:
        latitude = _degrees(gps[_GPS_LAT], gps.get(_GPS_LAT_REF, "N"), limit=90)
        longitude = _degrees(gps[_GPS_LON], gps.get(_GPS_LON_REF, "E"), limit=180)
    except (KeyError, TypeError, ValueError, ZeroDivisionError, IndexError):
        return None, None
    if latitude is None or longitude is None:
        return None, None
    return latitude, longitude


def _degrees(value: object, ref: object, *, limit: int) -> Decimal | None:
    degrees, minutes, seconds = (float(part) for part in value)  # type: ignore[attr-defined]
    decimal = degrees + minutes / 60 + seconds / 3600
    if str(ref).strip("\x00 ").upper() in {"S", "W"}:
        decimal = -decimal
    if not -limit <= decimal <= limit:
        return None
    return Decimal(str(decimal)).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)


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
