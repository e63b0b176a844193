from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from siang.directory.names import UnitKind
from siang.lib.names import DisplayName

__all__ = ["District", "Province", "Unit", "UnitKind", "UnitName"]


class Province(DisplayName, models.Model):
    code = models.CharField(_("DOPA code"), max_length=2, primary_key=True)
    name_th = models.CharField(_("name (Thai)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    sort_key = models.CharField(max_length=100, db_index=True, editable=False)

    class Meta:
        ordering = ["sort_key"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name_th


class District(DisplayName, models.Model):
    code = models.CharField(_("DOPA code"), max_length=4, primary_key=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="districts")
    name_th = models.CharField(_("name (Thai)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    sort_key = models.CharField(max_length=100, db_index=True, editable=False)

    class Meta:
        ordering = ["sort_key"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name_th


UNIT_ORDERING = ("province__sort_key", "district__sort_key", "sort_key")


class Unit(DisplayName, models.Model):
    """A service unit: one of the 7,848 local governments, or another state agency.

    The row keeps its identity when the unit is renamed or upgraded (อบต. → เทศบาลตำบล); the
    name it had before is kept in UnitName.
    """

    dla_code = models.CharField(
        _("DLA code"),
        max_length=7,
        null=True,
        blank=True,
        unique=True,
        help_text=_("The Department of Local Administration's 7-digit code; may be blank."),
    )
    source_key = models.CharField(
        max_length=32,
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text="The identifier of the row in the directory's source data, stable across renames.",
    )
    kind = models.CharField(_("type"), max_length=32, choices=UnitKind.choices)
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    short_name_th = models.CharField(max_length=200, editable=False)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="units")
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="units", null=True, blank=True
    )
    search_key = models.CharField(max_length=200, db_index=True, editable=False)
    sort_key = models.CharField(max_length=200, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = list(UNIT_ORDERING)
        verbose_name = _("service unit")
        verbose_name_plural = _("service units")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=UnitKind.PAO) | Q(kind=UnitKind.OTHER) | Q(district__isnull=False),
                name="unit_in_district_unless_province_wide",
            ),
            models.CheckConstraint(
                condition=Q(dla_code__isnull=True) | Q(dla_code__regex=r"^[0-9]{7}$"),
                name="unit_dla_code_seven_digits",
            ),
        ]

    def __str__(self) -> str:
        return self.name_th


class UnitName(models.Model):
    """A name a unit had before it was renamed or upgraded; still found by search and matching."""

    class Reason(models.TextChoices):
        RENAMED = "renamed", _("renamed")
        UPGRADED = "upgraded", _("type changed")

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="former_names")
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    kind = models.CharField(_("type"), max_length=32, choices=UnitKind.choices)
    dla_code = models.CharField(_("DLA code"), max_length=7, blank=True)
    reason = models.CharField(max_length=16, choices=Reason.choices)
    search_key = models.CharField(max_length=200, db_index=True, editable=False)
    replaced_at = models.DateTimeField(_("replaced on"), default=timezone.now)

    class Meta:
        ordering = ["-replaced_at"]
        verbose_name = _("former unit name")
        verbose_name_plural = _("former unit names")

    def __str__(self) -> str:
        return self.name_th
