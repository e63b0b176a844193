"""Rollups of citizen feedback: what every dashboard reads instead of the raw responses.

Four grains, each holding the same additive counters (COUNTERS):
- DailyRollup: a unit's department and process, per day of visit — the unit dashboard and the
  drill-down below a unit.
- UnitMonthRollup: a unit per month — units ranked inside a province or district.
- AreaMonthRollup: a province, district and unit type per month — a province and its districts.
- ProvinceMonthRollup: a province and unit type per month — the nation.

The department and process keys are plain integers with 0 for "none" (a unit-wide service point,
or a citizen who chose "other") rather than nullable foreign keys, because NULLs never conflict in
a unique index, and the additive upsert in `rollups` relies on ON CONFLICT. Rows are written only
by `siang.reporting.rollups`.
"""

from __future__ import annotations

from django.db import models

from siang.feedback.models import RATING_FIELDS

# "rating_overall" → "overall", ...
DIMENSIONS: tuple[str, ...] = tuple(name.removeprefix("rating_") for name in RATING_FIELDS)

SIGNAL_COUNTERS = ("signals_benefit", "signals_overcharge", "signals_delay", "signals_comment")

COUNTERS: tuple[str, ...] = (
    "responses",
    *[f"{dimension}_{part}" for dimension in DIMENSIONS for part in ("n", "sum", "good")],
    "in_time_yes",
    "in_time_answered",
    "fee_mismatch",
    "flagged",
    *SIGNAL_COUNTERS,
)


class Counters(models.Model):
    """Per dimension: how many answered (_n), the sum of the 1–5 answers (_sum), how many gave 4 or 5
    (_good). Finished in time: "yes" of those who answered. Fee mismatch: paid more than published.
    Signals: PACC-only counts, never shown to unit staff."""

    responses = models.PositiveIntegerField(default=0)
    overall_n = models.PositiveIntegerField(default=0)
    overall_sum = models.PositiveBigIntegerField(default=0)
    overall_good = models.PositiveIntegerField(default=0)
    steps_n = models.PositiveIntegerField(default=0)
    steps_sum = models.PositiveBigIntegerField(default=0)
    steps_good = models.PositiveIntegerField(default=0)
    time_n = models.PositiveIntegerField(default=0)
    time_sum = models.PositiveBigIntegerField(default=0)
    time_good = models.PositiveIntegerField(default=0)
    information_n = models.PositiveIntegerField(default=0)
    information_sum = models.PositiveBigIntegerField(default=0)
    information_good = models.PositiveIntegerField(default=0)
    courtesy_n = models.PositiveIntegerField(default=0)
    courtesy_sum = models.PositiveBigIntegerField(default=0)
    courtesy_good = models.PositiveIntegerField(default=0)
    equal_n = models.PositiveIntegerField(default=0)
    equal_sum = models.PositiveBigIntegerField(default=0)
    equal_good = models.PositiveIntegerField(default=0)
    in_time_yes = models.PositiveIntegerField(default=0)
    in_time_answered = models.PositiveIntegerField(default=0)
    fee_mismatch = models.PositiveIntegerField(default=0)
    flagged = models.PositiveIntegerField(default=0)
    signals_benefit = models.PositiveIntegerField(default=0)
    signals_overcharge = models.PositiveIntegerField(default=0)
    signals_delay = models.PositiveIntegerField(default=0)
    signals_comment = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class DailyRollup(Counters):
    unit = models.ForeignKey("directory.Unit", on_delete=models.CASCADE, related_name="+")
    department_key = models.PositiveIntegerField(help_text="Department id, or 0 for a unit-wide point.")
    process_key = models.PositiveIntegerField(help_text="ServiceProcess id, or 0 for “other”.")
    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "day", "department_key", "process_key"], name="dailyrollup_one_per_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.department_key}/{self.process_key} {self.day}: {self.responses}"


class UnitMonthRollup(Counters):
    """The unit's province and district are copied here (as in AreaMonthRollup) so that a province's
    units are read through one index, without joining the 7,848 units first."""

    unit = models.ForeignKey("directory.Unit", on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text="The first day of the month.")
    province = models.ForeignKey("directory.Province", on_delete=models.CASCADE, null=True, related_name="+")
    district_key = models.CharField(max_length=4, default="", blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "month"], name="unitmonthrollup_one_per_key")]
        indexes = [
            models.Index(fields=["province", "month"], name="unitmonthrollup_province"),
            models.Index(fields=["district_key", "month"], name="unitmonthrollup_district"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month:%Y-%m}: {self.responses}"


class ProvinceMonthRollup(Counters):
    """The nation's grain: a province and unit type per month (about 77 × 6 × months rows)."""

    province = models.ForeignKey("directory.Province", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32)
    month = models.DateField(help_text="The first day of the month.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["province", "kind", "month"], name="provincemonthrollup_one_per_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.province_id}/{self.kind} {self.month:%Y-%m}: {self.responses}"


class AreaMonthRollup(Counters):
    """Copied from the unit when the response is rolled up (a unit rarely changes district)."""

    province = models.ForeignKey("directory.Province", on_delete=models.CASCADE, related_name="+")
    district_key = models.CharField(max_length=4, help_text="District code, or '' for a province-wide unit.")
    kind = models.CharField(max_length=32)
    month = models.DateField(help_text="The first day of the month.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["province", "district_key", "kind", "month"], name="areamonthrollup_one_per_key"
            )
        ]
        indexes = [models.Index(fields=["month", "province"], name="areamonthrollup_month")]

    def __str__(self) -> str:
        return f"{self.province_id}/{self.district_key}/{self.kind} {self.month:%Y-%m}: {self.responses}"
