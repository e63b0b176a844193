"""Corruption signals from citizen feedback, for PACC only (never shown to unit staff).

A Signal is created by `siang.casework.services.signals_from_feedback` when a response reports a
demand for money, property or another benefit, a fee above the published one, or a delay beyond
the published time. Case handling (triage, assignment, outcome) builds on these rows.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SignalKind(models.TextChoices):
    BENEFIT_DEMAND = "benefit_demand", _("Asked for money, property or another benefit")
    OVERCHARGE = "overcharge", _("Charged more than the published fee")
    DELAY = "delay", _("Took longer than the published time")


class Signal(models.Model):
    feedback = models.ForeignKey("feedback.Feedback", on_delete=models.PROTECT, related_name="signals")
    kind = models.CharField(_("kind"), max_length=20, choices=SignalKind.choices)
    unit = models.ForeignKey("directory.Unit", on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        "catalog.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    process = models.ForeignKey(
        "catalog.ServiceProcess", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        constraints = [
            models.UniqueConstraint(fields=["feedback", "kind"], name="signal_one_per_kind_per_feedback"),
        ]
        indexes = [models.Index(fields=["unit", "process", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.unit}"
