from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.files.storage import Storage
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from siang.lib.storage import private_storage


class User(AbstractUser):
    """A staff member. Staff sign in only with ThaiD; citizens have no account."""

    thaid_sub = models.CharField(
        _("ThaiD subject"), max_length=64, null=True, blank=True, unique=True, editable=False
    )
    name_th = models.CharField(_("name (Thai)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    citizen_id_digest = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    citizen_id_sealed = models.TextField(blank=True, editable=False)
    citizen_id_masked = models.CharField(_("citizen ID"), max_length=20, blank=True, editable=False)
    profile_completed_at = models.DateTimeField(null=True, blank=True, editable=False)

    @property
    def display_name(self) -> str:
        return self.name_th or self.name_en or self.get_username()


class Role(models.TextChoices):
    PACC_OFFICER = "pacc_officer", _("PACC officer")
    OVERSEER = "overseer", _("Overseer")
    UNIT_ADMIN = "unit_admin", _("Unit Admin")
    UNIT_USER = "unit_user", _("Unit User")


UNIT_ROLES = (Role.UNIT_ADMIN, Role.UNIT_USER)


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    REVOKED = "revoked", _("Revoked")


OPEN_STATUSES = (MembershipStatus.PENDING, MembershipStatus.APPROVED)


class Membership(models.Model):
    """A person's role at a unit (Admin, User) or over an area (overseer), or as PACC officer."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=MembershipStatus.choices, default=MembershipStatus.PENDING
    )
    unit = models.ForeignKey(
        "directory.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )
    province = models.ForeignKey(
        "directory.Province", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    district = models.ForeignKey(
        "directory.District", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                name="membership_scope_fits_role",
                condition=(
                    Q(role__in=UNIT_ROLES, unit__isnull=False, province__isnull=True, district__isnull=True)
                    | Q(role=Role.OVERSEER, unit__isnull=True, province__isnull=False)
                    | Q(
                        role=Role.PACC_OFFICER,
                        unit__isnull=True,
                        province__isnull=True,
                        district__isnull=True,
                    )
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "unit"],
                condition=Q(status__in=OPEN_STATUSES, unit__isnull=False),
                name="membership_one_open_request_per_unit_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.scope_name}"

    @property
    def scope_name(self) -> str:
        """The unit or area the role covers, as people call it."""
        scope = self.unit or self.district or self.province
        return scope.display_name if scope else str(_("PACC"))


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting PACC review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


def _private_storage() -> Storage:
    return private_storage()


class AdminApplication(models.Model):
    """A request to be a unit's Admin, with the unit's signed appointment order as one PDF.

    PACC approves it after checking the names in the order against the applicant's ThaiD name.
    """

    membership = models.OneToOneField(Membership, on_delete=models.CASCADE, related_name="application")
    unit = models.ForeignKey("directory.Unit", on_delete=models.PROTECT, related_name="admin_applications")
    document = models.FileField(_("appointment order (PDF)"), storage=_private_storage, upload_to="orders/")
    document_name = models.CharField(_("file name"), max_length=255)
    document_pages = models.PositiveSmallIntegerField()
    document_sha256 = models.CharField(max_length=64)
    listed_names = models.JSONField(_("names in the order"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.PENDING
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        ordering = ["submitted_at"]
        verbose_name = _("Admin application")
        verbose_name_plural = _("Admin applications")

    def __str__(self) -> str:
        return f"{self.unit} · {self.membership.user}"


class Notification(models.Model):
    """What the system told a person (also sent by e-mail and SMS); listed in the app."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"])]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.subject


class DeliveryChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class NotificationDelivery(models.Model):
    """One notification sent by one channel: retried with backoff by a task, and kept as failed
    (for PACC to see) when every attempt failed. One row per notification and channel."""

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=10, choices=DeliveryChannel.choices)
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="one_delivery_per_channel"),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.channel} of notification #{self.notification_id}"
