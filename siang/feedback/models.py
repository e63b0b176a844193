"""What citizens tell: one Feedback row per submitted questionnaire.

No raw IP address, device identifier or account is ever stored here. Contact details, when the
citizen leaves them, are sealed (Fernet) and opened only by PACC through an audited action.
Integrity signals are salted hashes that rotate. Changes go through `services`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class FinishedInTime(models.TextChoices):
    YES = "yes", _("Yes, within the published time")
    LONGER = "longer", _("No, it took longer")
    NOT_YET = "not_yet", _("Not finished yet")


class TrackingStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    UNDER_REVIEW = "under_review", _("Under review")
    CLOSED = "closed", _("Closed")


# The satisfaction questions (1–5), modelled on the NACC ITA service-user questions.
RATING_FIELDS = (
    "rating_overall",
    "rating_steps",
    "rating_time",
    "rating_information",
    "rating_courtesy",
    "rating_equal",
)
# Whether staff asked for money, property or another benefit beyond the legal fee.
ASKED_FIELDS = ("asked_money", "asked_property", "asked_other_benefit")


def _rating(label: StrOrPromise, *, required: bool = False) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(label, null=not required, blank=not required)


class Feedback(models.Model):
    # Every index is paid for by every citizen's submission, and the table grows to millions of
    # rows: the foreign keys are indexed only where a composite index below does not already lead
    # with them, and department and process are read through the rollups, not from here.
    service_point = models.ForeignKey(
        "servicepoints.ServicePoint", on_delete=models.PROTECT, related_name="feedback", db_index=False
    )
    unit = models.ForeignKey("directory.Unit", on_delete=models.PROTECT, related_name="+", db_index=False)
    department = models.ForeignKey(
        "catalog.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    process = models.ForeignKey(
        "catalog.ServiceProcess",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        help_text=_("Blank when the citizen chose “other”."),
    )
    other_service = models.CharField(_("other service"), max_length=300, blank=True)
    visit_date = models.DateField(_("date of the visit"))

    rating_overall = _rating(_("overall satisfaction"), required=True)
    rating_steps = _rating(_("followed the published steps"))
    rating_time = _rating(_("finished within the published time"))
    rating_information = _rating(_("clear information"))
    rating_courtesy = _rating(_("courtesy"))
    rating_equal = _rating(_("equal treatment"))

    finished_in_time = models.CharField(
        _("finished within the published time?"), max_length=10, choices=FinishedInTime.choices, blank=True
    )
    published_time_days = models.DecimalField(
        _("published time (days)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    fee_paid = models.DecimalField(
        _("fee paid (baht)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    fee_published = models.DecimalField(
        _("published fee (baht)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    asked_money = models.BooleanField(_("asked for money"), default=False)
    asked_property = models.BooleanField(_("asked for property"), default=False)
    asked_other_benefit = models.BooleanField(_("asked for another benefit"), default=False)
    benefit_details = models.TextField(_("details of what was asked"), blank=True)
    comment = models.TextField(_("comment"), blank=True)

    contact_sealed = models.TextField(blank=True, editable=False)
    has_contact = models.BooleanField(_("left contact details"), default=False)

    tracking_code = models.CharField(_("tracking code"), max_length=16)
    status = models.CharField(
        _("status"), max_length=20, choices=TrackingStatus.choices, default=TrackingStatus.RECEIVED
    )
    idempotency_key = models.CharField(max_length=64, editable=False)
    language = models.CharField(max_length=8, default="th")
    network_hash = models.CharField(max_length=64, blank=True, editable=False)
    flags = models.JSONField(default=list, blank=True)
    is_flagged = models.BooleanField(_("flagged"), default=False)
    seconds_to_complete = models.PositiveIntegerField(null=True, blank=True)
    rolled_up = models.BooleanField(default=False, editable=False)
    # A digest of the answers (not of the person): near-identical responses in a burst share it.
    answers_digest = models.CharField(max_length=32, blank=True, editable=False)
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        indexes = [
            models.Index(fields=["unit", "created_at"]),
            models.Index(fields=["rolled_up"], condition=Q(rolled_up=False), name="feedback_not_rolled_up"),
            models.Index(fields=["service_point", "answers_digest", "created_at"], name="feedback_bursts"),
        ]
        constraints = [
            # Constraints rather than unique=True: PostgreSQL then gets no second, LIKE-only index.
            models.UniqueConstraint(fields=["tracking_code"], name="feedback_tracking_code_unique"),
            models.UniqueConstraint(fields=["idempotency_key"], name="feedback_idempotency_key_unique"),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                    name=f"feedback_{name}_1_to_5",
                )
                for name in RATING_FIELDS
            ],
            models.CheckConstraint(
                condition=Q(fee_paid__isnull=True) | Q(fee_paid__gte=0), name="feedback_fee_paid_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(has_contact=False) | ~Q(contact_sealed=""), name="feedback_contact_sealed"
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_code

    @property
    def asked_for_benefit(self) -> bool:
        return self.asked_money or self.asked_property or self.asked_other_benefit


class RateCounter(models.Model):
    """Rate-limit counters when there is no Redis: one row per (what is limited, time window).

    Incremented with one atomic upsert, so it is correct across processes and app servers.
    """

    key = models.CharField(max_length=120, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key}={self.count}"


class StaffNetwork(models.Model):
    """A network (hashed, as Feedback.network_hash) a unit's staff signed in from, that day.

    A response from one of these networks to the same unit is flagged as possible self-rating.
    The hash rotates daily, so a row only ever matches responses of its own day.
    """

    unit = models.ForeignKey("directory.Unit", on_delete=models.CASCADE, related_name="+")
    network_hash = models.CharField(max_length=64)
    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "network_hash", "day"], name="staffnetwork_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}:{self.network_hash[:8]}:{self.day}"
