"""Where a unit's QR codes are posted: service points, each behind an unguessable token.

A citizen who scans a poster opens `/f/<token>`. A token can be retired (a misused or stolen
poster) and replaced by a new service point; the retired one keeps its row so old posters still
get a friendly page. Changes go through `services`.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core.files.storage import Storage
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Bounds of a photo's capture time; on upload the upper one is tomorrow (photos.read_metadata).
EARLIEST_CAPTURE = dt.datetime(1990, 1, 1, tzinfo=dt.UTC)
LATEST_STORED_CAPTURE = dt.datetime(2200, 1, 1, tzinfo=dt.UTC)

# 12 URL-safe characters of base64 = 72 bits of randomness: unguessable, short enough to type.
TOKEN_BYTES = 9
TOKEN_LENGTH = 12


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


class Placement(models.TextChoices):
    COUNTER = "counter", _("Service counter")
    PR_BOARD = "pr_board", _("PR board")
    WALKWAY = "walkway", _("Walkway")
    WEBSITE = "website", _("Unit website")


class ServicePoint(models.Model):
    """One place a QR code is posted: a department's counter, or a unit-wide board, walkway or website."""

    unit = models.ForeignKey("directory.Unit", on_delete=models.PROTECT, related_name="service_points")
    department = models.ForeignKey(
        "catalog.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_points",
        verbose_name=_("department"),
        help_text=_("Blank for a unit-wide point (PR board, walkway, website)."),
    )
    placement = models.CharField(_("placement"), max_length=20, choices=Placement.choices)
    label = models.CharField(_("where it is"), max_length=200, blank=True)
    token = models.CharField(_("code"), max_length=32, unique=True, default=new_token, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    replaced_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)
    retired_reason = models.CharField(_("why it was retired"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["unit_id", "-is_active", "department__sequence", "placement", "pk"]
        verbose_name = _("service point")
        verbose_name_plural = _("service points")
        constraints = [
            models.CheckConstraint(
                condition=Q(placement="counter", department__isnull=False) | ~Q(placement="counter"),
                name="servicepoint_counter_has_department",
            ),
            models.CheckConstraint(
                condition=Q(is_active=True, retired_at__isnull=True)
                | Q(is_active=False, retired_at__isnull=False),
                name="servicepoint_retired_when_inactive",
            ),
        ]

    def __str__(self) -> str:
        where = self.department.name_th if self.department_id and self.department else self.unit.name_th
        return f"{where} — {self.get_placement_display()}"


# --- installation reports -------------------------------------------------------------------------


class InstallationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for PACC")
    VERIFIED = "verified", _("Verified by PACC")
    REJECTED = "rejected", _("Rejected by PACC")


class InstallationReport(models.Model):
    """The Admin's report that a service point's QR code is posted, with 1–5 photos; PACC decides.

    A rejected report stays as it was; the unit reports again with a new report. At most one
    report of a point is waiting or verified at a time.
    """

    service_point = models.ForeignKey(
        ServicePoint, on_delete=models.PROTECT, related_name="installation_reports"
    )
    location = models.CharField(_("where it is posted"), max_length=300)
    installed_on = models.DateField(_("installed on"))
    note = models.TextField(_("note"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=InstallationStatus.choices, default=InstallationStatus.PENDING
    )
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("installation report")
        verbose_name_plural = _("installation reports")
        constraints = [
            models.UniqueConstraint(
                fields=["service_point"],
                condition=Q(status__in=["pending", "verified"]),
                name="installation_one_open_report_per_point",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(decision_reason=""),
                name="installation_rejected_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status="pending", reviewed_at__isnull=True)
                | (~Q(status="pending") & Q(reviewed_at__isnull=False, reviewer__isnull=False)),
                name="installation_decided_has_reviewer",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.service_point} — {self.location}"


def _photo_path(instance: InstallationPhoto, filename: str) -> str:
    return f"installations/{secrets.token_hex(16)}.jpg"


def _thumbnail_path(instance: InstallationPhoto, filename: str) -> str:
    return f"installations/thumbs/{secrets.token_hex(16)}.jpg"


def _private_storage() -> Storage:
    from siang.lib.storage import private_storage

    return private_storage()


class InstallationPhoto(models.Model):
    """One photo of an installation: re-encoded JPEG without EXIF; what EXIF said is kept here."""

    report = models.ForeignKey(InstallationReport, on_delete=models.CASCADE, related_name="photos")
    position = models.PositiveSmallIntegerField(default=1)
    image = models.FileField(storage=_private_storage, upload_to=_photo_path, max_length=200)
    thumbnail = models.FileField(storage=_private_storage, upload_to=_thumbnail_path, max_length=200)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    original_name = models.CharField(max_length=200, blank=True)
    original_format = models.CharField(max_length=10, blank=True)
    taken_at = models.DateTimeField(_("taken"), null=True, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    dhash = models.CharField(max_length=16, db_index=True, help_text="64-bit difference hash, hex")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report_id", "position", "pk"]
        verbose_name = _("installation photo")
        verbose_name_plural = _("installation photos")
        constraints = [
            models.UniqueConstraint(fields=["report", "position"], name="installation_photo_position_unique"),
            models.CheckConstraint(
                condition=Q(position__gte=1, position__lte=5), name="installation_photo_at_most_five"
            ),
            # what EXIF said is checked on upload (photos.read_metadata); the database refuses a
            # time it could not read back or a place off the globe
            models.CheckConstraint(
                condition=Q(taken_at__isnull=True)
                | Q(taken_at__gte=EARLIEST_CAPTURE, taken_at__lt=LATEST_STORED_CAPTURE),
                name="installation_photo_taken_at_plausible",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="installation_photo_position_on_earth",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_id}/{self.position}"


class PhotoMatch(models.Model):
    """A photo that looks like a photo of another service point (the same picture reused)."""

    photo = models.ForeignKey(InstallationPhoto, on_delete=models.CASCADE, related_name="matches")
    other = models.ForeignKey(InstallationPhoto, on_delete=models.CASCADE, related_name="matched_by")
    distance = models.PositiveSmallIntegerField(help_text="Hamming distance of the two difference hashes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["distance", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["photo", "other"], name="photo_match_once"),
            models.CheckConstraint(condition=~Q(photo=models.F("other")), name="photo_match_not_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.photo_id} ~ {self.other_id} ({self.distance})"
