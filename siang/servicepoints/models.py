"""Where a unit's QR codes are posted: service points, each behind an unguessable token.

A citizen who scans a poster opens `/f/<token>`. A token can be retired (a misused or stolen
poster) and replaced by a new service point; the retired one keeps its row so old posters still
get a friendly page. Changes go through `services`.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

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
